//! How commands change the new-ticket form: moving between fields, typing, picking
//! a field's value (the customer picker asks the database as the user types) and
//! submitting. Kept apart from the form's data so the dialogs (`Overlay`) do not
//! depend on `Outcome`, which carries them.

use super::form::{customer_extras, Form, FormField};
use super::picker::Picker;
use crate::app::command::{ArgKind, Choice, Command};
use crate::app::msg::{EditorFor, Effect, Note, TicketsFx, TicketsNote};
use crate::app::outcome::{Outcome, Request};

/// Opens the picker of the focused field with `query` typed; `items` are the
/// values known without the database (the customer's come from it).
fn open_picker(f: &mut Form, query: &str, items: Vec<Choice>) -> Outcome {
    let Some(kind) = f.field().picks() else {
        return Outcome::none();
    };
    let mut p = Picker::of_kind(kind, items);
    for c in query.chars() {
        p.query.insert(c);
    }
    let out = if kind == ArgKind::Customer {
        p.remote = true;
        p.replace_items(customer_extras(query));
        find_customers(query)
    } else {
        // Open at the current value.
        if let Some(cur) = f.choice(f.field()) {
            if let Some(i) = p.items.iter().position(|i| i.value == cur.value) {
                p.selected = i;
            }
        }
        if !query.is_empty() {
            p.refilter();
        }
        Outcome::none()
    };
    f.picker = Some(p);
    out
}

fn find_customers(query: &str) -> Outcome {
    if query.trim().is_empty() {
        return Outcome::none();
    }
    Outcome::effect(TicketsFx::FindCustomers {
        query: query.trim().to_string(),
    })
}

/// Applies a command to the open form; `fixed` lists the values of a picked field
/// known without the database.
pub fn update(f: &mut Form, cmd: Command, fixed: &dyn Fn(ArgKind) -> Vec<Choice>) -> Outcome {
    if f.picker.is_some() {
        return picking(f, cmd);
    }
    match cmd {
        Command::Cancel => Outcome::request(Request::CloseDialog),
        Command::FieldNext => {
            f.step(1);
            Outcome::none()
        }
        Command::FieldPrev => {
            f.step(-1);
            Outcome::none()
        }
        // Enter: a picked field opens its picker; a typed one goes on to the next
        // field, and the last one creates the ticket.
        Command::FieldChoose => match f.field().picks() {
            Some(kind) => open_picker(f, "", fixed(kind)),
            None if f.field() == FormField::Body => submit(f),
            None => {
                f.step(1);
                Outcome::none()
            }
        },
        Command::Submit => submit(f),
        Command::EditExternal => match f.text() {
            Some(t) => Outcome::effect(Effect::Editor {
                text: t.text.clone(),
                purpose: EditorFor::Field,
            }),
            None => Outcome::none(),
        },
        // Clearing a picked field: no customer (or the type's default stays picked).
        Command::DeleteBack | Command::ClearLine if f.field() == FormField::Customer => {
            f.customer = None;
            Outcome::none()
        }
        other => {
            if let Some(t) = f.text_mut() {
                t.edit(&other);
            }
            f.error = None;
            Outcome::none()
        }
    }
}

fn submit(f: &mut Form) -> Outcome {
    match f.fields() {
        Some(fields) => Outcome::effect(TicketsFx::Create(fields)),
        None => {
            f.focus = 0;
            f.error = Some(Note::Tickets(TicketsNote::TitleNeeded));
            Outcome::none()
        }
    }
}

/// A command while the field's picker is open.
fn picking(f: &mut Form, cmd: Command) -> Outcome {
    let Some(p) = f.picker.as_mut() else {
        return Outcome::none();
    };
    match cmd {
        Command::Cancel => {
            f.picker = None;
            Outcome::none()
        }
        Command::Submit | Command::FieldChoose => {
            let Some(item) = p.chosen().cloned() else {
                return Outcome::none();
            };
            let field = f.field();
            if let Some(slot) = f.choice_mut(field) {
                *slot = Some(item);
            }
            f.picker = None;
            f.error = None;
            f.step(1);
            Outcome::none()
        }
        Command::Down | Command::Up | Command::PageDown | Command::PageUp => {
            p.step(match cmd {
                Command::Down => 1,
                Command::Up => -1,
                Command::PageDown => 10,
                _ => -10,
            });
            Outcome::none()
        }
        other => {
            if !p.query.edit(&other) {
                return Outcome::none();
            }
            query_changed(p)
        }
    }
}

/// The picker's query changed: narrow locally, or ask the database.
fn query_changed(p: &mut Picker) -> Outcome {
    if !p.remote {
        p.refilter();
        return Outcome::none();
    }
    let q = p.query.text.clone();
    // The database's answer replaces these when it comes.
    p.replace_items(customer_extras(&q));
    find_customers(&q)
}

/// A character typed into the form: into the typed field, or opening the picked
/// field's picker with it.
pub fn type_char(f: &mut Form, c: char, fixed: &dyn Fn(ArgKind) -> Vec<Choice>) -> Outcome {
    f.error = None;
    if let Some(p) = f.picker.as_mut() {
        p.query.insert(c);
        return query_changed(p);
    }
    match f.field().picks() {
        Some(kind) if !c.is_whitespace() => open_picker(f, &c.to_string(), fixed(kind)),
        Some(_) => Outcome::none(),
        None => {
            if let Some(t) = f.text_mut() {
                t.insert(c);
            }
            Outcome::none()
        }
    }
}

/// The database's customers for `query` arrived: shown if the picker still asks it.
pub fn customers_found(f: &mut Form, query: &str, found: Vec<Choice>) {
    let Some(p) = f.picker.as_mut().filter(|p| p.remote) else {
        return;
    };
    if p.query.text.trim() != query {
        return;
    }
    let mut items = found;
    // Creating one is offered last: picking an existing customer is the default.
    items.extend(customer_extras(query));
    p.items = items;
    p.matches = (0..p.items.len()).collect();
    p.selected = 0;
}
