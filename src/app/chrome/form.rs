//! The new-ticket form: a title and a body typed in place; the customer, type,
//! priority and channel picked, never typed. A picked field opens a picker inside
//! the form (the customer's asks the database as the user types, and creating a
//! customer is one explicit item of it); the choice fills the field.

use super::input::LineInput;
use super::overlay::Picker;
use crate::app::command::{ArgKind, Choice, Command};
use crate::app::msg::{EditorFor, Effect, NewTicketFields, Note, TicketsFx, TicketsNote};
use crate::app::outcome::{Outcome, Request};

/// The value of the customer item that creates a customer: `new:NAME`.
pub const NEW_CUSTOMER: &str = super::overlay::NEW;

/// A field of the form, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormField {
    Title,
    Customer,
    Type,
    Priority,
    Channel,
    Body,
}

impl FormField {
    /// Every field, in the order of the form.
    pub const ALL: [FormField; 6] = [
        FormField::Title,
        FormField::Customer,
        FormField::Type,
        FormField::Priority,
        FormField::Channel,
        FormField::Body,
    ];

    /// What a picked field picks; None for the typed ones.
    pub fn picks(self) -> Option<ArgKind> {
        match self {
            FormField::Customer => Some(ArgKind::Customer),
            FormField::Type => Some(ArgKind::TicketType),
            FormField::Priority => Some(ArgKind::PriorityLevel),
            FormField::Channel => Some(ArgKind::ChannelName),
            FormField::Title | FormField::Body => None,
        }
    }
}

/// The new-ticket form.
#[derive(Debug, Clone, Default)]
pub struct Form {
    pub title: LineInput,
    pub body: LineInput,
    /// `#ID` of an existing customer, `new:NAME` to create one, or "" for none.
    pub customer: Option<Choice>,
    pub ty: Option<Choice>,
    pub priority: Option<Choice>,
    pub channel: Option<Choice>,
    /// Index into `FormField::ALL`.
    pub focus: usize,
    pub error: Option<Note>,
    /// The picker of the focused field, when open.
    pub picker: Option<Picker>,
}

impl Form {
    /// The focused field.
    pub fn field(&self) -> FormField {
        FormField::ALL[self.focus % FormField::ALL.len()]
    }

    /// The chosen value of a picked field.
    pub fn choice(&self, f: FormField) -> Option<&Choice> {
        match f {
            FormField::Customer => self.customer.as_ref(),
            FormField::Type => self.ty.as_ref(),
            FormField::Priority => self.priority.as_ref(),
            FormField::Channel => self.channel.as_ref(),
            FormField::Title | FormField::Body => None,
        }
    }

    fn choice_mut(&mut self, f: FormField) -> Option<&mut Option<Choice>> {
        match f {
            FormField::Customer => Some(&mut self.customer),
            FormField::Type => Some(&mut self.ty),
            FormField::Priority => Some(&mut self.priority),
            FormField::Channel => Some(&mut self.channel),
            FormField::Title | FormField::Body => None,
        }
    }

    /// The typed field in focus, if the focus is on one.
    pub fn text_mut(&mut self) -> Option<&mut LineInput> {
        match self.field() {
            FormField::Title => Some(&mut self.title),
            FormField::Body => Some(&mut self.body),
            _ => None,
        }
    }

    /// The typed field in focus, if the focus is on one.
    pub fn text(&self) -> Option<&LineInput> {
        match self.field() {
            FormField::Title => Some(&self.title),
            FormField::Body => Some(&self.body),
            _ => None,
        }
    }

    fn step(&mut self, delta: isize) {
        let n = FormField::ALL.len() as isize;
        self.focus = (self.focus as isize + delta).rem_euclid(n) as usize;
    }

    /// What the form creates; None for an empty title (the form stays open, saying so).
    fn fields(&self) -> Option<NewTicketFields> {
        if self.title.text.trim().is_empty() {
            return None;
        }
        let value = |c: &Option<Choice>| c.as_ref().map(|c| c.value.clone()).unwrap_or_default();
        let customer = value(&self.customer);
        let (customer, new_customer) = match customer.strip_prefix(NEW_CUSTOMER) {
            Some(name) => (name.to_string(), true),
            None => (customer, false),
        };
        Some(NewTicketFields {
            title: self.title.text.clone(),
            customer,
            new_customer,
            ty: value(&self.ty),
            priority: value(&self.priority),
            channel: value(&self.channel),
            body: self.body.text.clone(),
        })
    }

    /// Opens the picker of the focused field with `query` typed; `items` are the
    /// values known without the database (the customer's come from it).
    fn open_picker(&mut self, query: &str, items: Vec<Choice>) -> Outcome {
        let Some(kind) = self.field().picks() else {
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
            if let Some(cur) = self.choice(self.field()) {
                if let Some(i) = p.items.iter().position(|i| i.value == cur.value) {
                    p.selected = i;
                }
            }
            if !query.is_empty() {
                p.refilter();
            }
            Outcome::none()
        };
        self.picker = Some(p);
        out
    }
}

/// The items of the customer picker beyond the database's: none (empty query), or
/// creating a customer named as typed.
pub fn customer_extras(query: &str) -> Vec<Choice> {
    let q = query.trim();
    if q.is_empty() {
        vec![Choice::plain("", "")]
    } else {
        vec![Choice {
            value: format!("{NEW_CUSTOMER}{q}"),
            label: q.to_string(),
            hint: String::new(),
        }]
    }
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
            Some(kind) => f.open_picker("", fixed(kind)),
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
        Some(kind) if !c.is_whitespace() => f.open_picker(&c.to_string(), fixed(kind)),
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
