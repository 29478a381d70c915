//! Commands while a dialog is open, applied to the dialog in place. What the dialog
//! decides leaves as a command to run, an effect or a request; the dialog closes by
//! asking to (`Request::CloseDialog`), never by being taken out and put back.

use super::overlay::{Form, Overlay, Palette, Picker, Prompt, PromptKind, FORM_FIELDS};
use super::palette::line_to_run;
use crate::app::command::Command;
use crate::app::ctx::Drafts;
use crate::app::msg::{
    Change, EditorFor, Effect, NewTicketFields, Note, TicketsFx, TicketsNote, Why, Write,
};
use crate::app::outcome::{Outcome, Request};
use crate::domain::filter::{Filter, FilterError};

/// Applies a command to the open dialog.
pub fn update(overlay: &mut Overlay, drafts: &mut Drafts, cmd: Command) -> Outcome {
    match overlay {
        Overlay::None => Outcome::none(),
        Overlay::Help { scroll } | Overlay::Panel { scroll, .. } => {
            match cmd {
                Command::Close | Command::Cancel | Command::Help | Command::Quit => return close(),
                Command::Down => *scroll = scroll.saturating_add(1),
                Command::Up => *scroll = scroll.saturating_sub(1),
                Command::PageDown => *scroll = scroll.saturating_add(10),
                Command::PageUp => *scroll = scroll.saturating_sub(10),
                Command::Top => *scroll = 0,
                _ => {}
            }
            Outcome::none()
        }
        Overlay::Palette(p) => palette(p, cmd),
        Overlay::Prompt(p) => prompt(p, drafts, cmd),
        Overlay::Picker(p) => picker(p, cmd),
        Overlay::Form(f) => form(f, cmd),
        Overlay::Conflict(c) => match cmd {
            Command::KeepMine => {
                let mut w = c.write.clone();
                w.expected = Some(c.theirs.version);
                close().and_effect(TicketsFx::Write {
                    writes: vec![w],
                    why: Why::Retry,
                })
            }
            Command::KeepTheirs | Command::Cancel => {
                let mut out = close().and(Request::Refresh);
                if matches!(c.write.change, Change::Comment { .. }) {
                    out = out.and_note(TicketsNote::DraftKept { id: c.write.id });
                }
                out
            }
            _ => Outcome::none(),
        },
    }
}

fn close() -> Outcome {
    Outcome::request(Request::CloseDialog)
}

fn palette(p: &mut Palette, cmd: Command) -> Outcome {
    match cmd {
        Command::Cancel => close(),
        Command::Submit => match Command::parse(&line_to_run(p)) {
            Ok(c) => close().and(Request::Run(c)),
            Err(e) => {
                p.error = Some(e);
                Outcome::none()
            }
        },
        Command::Complete => {
            if let Some(c) = p.completions.get(p.selected) {
                p.input.set(&c.text.clone());
            }
            Outcome::none()
        }
        Command::Down | Command::Up => {
            let n = p.completions.len();
            if n > 0 {
                p.selected = if cmd == Command::Down {
                    (p.selected + 1) % n
                } else {
                    (p.selected + n - 1) % n
                };
            }
            Outcome::none()
        }
        Command::EditExternal => field_editor(p.input.text.clone()),
        other => {
            p.input.edit(&other);
            p.error = None;
            Outcome::none()
        }
    }
}

fn prompt(p: &mut Prompt, drafts: &mut Drafts, cmd: Command) -> Outcome {
    match cmd {
        Command::Cancel => {
            keep_draft(drafts, &p.kind, &p.input.text);
            close()
        }
        Command::Submit => match p.kind {
            PromptKind::Filter => match Filter::parse(&p.input.text) {
                Ok(_) => close().and(Request::Run(Command::Filter(Some(p.input.text.clone())))),
                Err(e) => {
                    p.error = Some(e);
                    Outcome::none()
                }
            },
            PromptKind::Comment {
                id,
                internal,
                expected,
            } => {
                let text = p.input.text.clone();
                if text.trim().is_empty() {
                    return Outcome::none();
                }
                drafts.insert((id, internal), text.clone());
                close().and_effect(TicketsFx::Write {
                    writes: vec![Write {
                        id,
                        expected,
                        change: Change::Comment { text, internal },
                    }],
                    why: Why::User,
                })
            }
        },
        Command::EditExternal => match p.kind {
            PromptKind::Comment {
                id,
                internal,
                expected,
            } => {
                keep_draft(drafts, &p.kind, &p.input.text);
                close().and_effect(Effect::Editor {
                    text: p.input.text.clone(),
                    purpose: EditorFor::Comment {
                        id,
                        internal,
                        expected,
                    },
                })
            }
            PromptKind::Filter => field_editor(p.input.text.clone()),
        },
        other => {
            p.input.edit(&other);
            p.error = check(&p.kind, &p.input.text);
            keep_draft(drafts, &p.kind, &p.input.text);
            Outcome::none()
        }
    }
}

fn picker(p: &mut Picker, cmd: Command) -> Outcome {
    match cmd {
        Command::Cancel => close(),
        Command::Submit => match p.chosen() {
            Some(item) => close().and(Request::Run(p.command.with_arg(Some(item.value.clone())))),
            None => Outcome::none(),
        },
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
            if p.query.edit(&other) {
                p.refilter();
            }
            Outcome::none()
        }
    }
}

fn form(f: &mut Form, cmd: Command) -> Outcome {
    match cmd {
        Command::Cancel => close(),
        Command::FieldNext => {
            f.focus = (f.focus + 1) % FORM_FIELDS;
            Outcome::none()
        }
        Command::FieldPrev => {
            f.focus = (f.focus + FORM_FIELDS - 1) % FORM_FIELDS;
            Outcome::none()
        }
        Command::Submit => {
            if f.fields[0].text.trim().is_empty() {
                f.focus = 0;
                f.error = Some(Note::Tickets(TicketsNote::TitleNeeded));
                return Outcome::none();
            }
            let text = |i: usize| f.fields[i].text.clone();
            // The form stays (hidden behind nothing) until the ticket exists, so
            // nothing typed is lost if creating it fails.
            Outcome::effect(TicketsFx::Create(NewTicketFields {
                title: text(0),
                customer: text(1),
                ty: text(2),
                priority: text(3),
                body: text(4),
            }))
        }
        Command::EditExternal => field_editor(f.fields[f.focus].text.clone()),
        other => {
            f.fields[f.focus].edit(&other);
            f.error = None;
            Outcome::none()
        }
    }
}

fn field_editor(text: String) -> Outcome {
    Outcome::effect(Effect::Editor {
        text,
        purpose: EditorFor::Field,
    })
}

/// Types a character into the open text field; false when none is open.
pub fn type_char(overlay: &mut Overlay, drafts: &mut Drafts, c: char) -> bool {
    // Pasted text may carry escape sequences; only text gets in.
    if c.is_control() && c != '\n' && c != '\t' {
        return false;
    }
    match overlay {
        Overlay::Palette(p) => {
            p.input.insert(c);
            p.error = None;
        }
        Overlay::Prompt(p) => {
            p.input.insert(c);
            p.error = check(&p.kind, &p.input.text);
            keep_draft(drafts, &p.kind, &p.input.text);
        }
        Overlay::Picker(p) => {
            p.query.insert(c);
            p.refilter();
        }
        Overlay::Form(f) => {
            f.fields[f.focus].insert(c);
            f.error = None;
        }
        _ => return false,
    }
    true
}

/// Puts text edited in $EDITOR back into the open field.
pub fn put_field(overlay: &mut Overlay, drafts: &mut Drafts, text: &str) {
    // Editors end files with a newline; a one-line field does not want it.
    let text = text.strip_suffix('\n').unwrap_or(text);
    match overlay {
        Overlay::Palette(p) => p.input.set(text.lines().next().unwrap_or("")),
        Overlay::Prompt(p) => {
            p.input.set(text);
            keep_draft(drafts, &p.kind, &p.input.text);
        }
        Overlay::Form(f) => f.fields[f.focus].set(text),
        _ => {}
    }
}

/// Keeps the text of a reply or note prompt as the ticket's draft.
fn keep_draft(drafts: &mut Drafts, kind: &PromptKind, text: &str) {
    if let PromptKind::Comment { id, internal, .. } = *kind {
        if text.trim().is_empty() {
            drafts.remove(&(id, internal));
        } else {
            drafts.insert((id, internal), text.to_string());
        }
    }
}

fn check(kind: &PromptKind, text: &str) -> Option<FilterError> {
    match kind {
        PromptKind::Filter => Filter::parse(text).err(),
        PromptKind::Comment { .. } => None,
    }
}
