//! Commands while a dialog is open, applied to the dialog in place. What the dialog
//! decides leaves as a command to run, an effect or a request; the dialog closes by
//! asking to (`Request::CloseDialog`), never by being taken out and put back.

use super::form_edit;
use super::overlay::{Confirm, ConfirmKind, Overlay, Palette, Prompt, PromptKind};
use super::palette::{resolve, Run};
use super::picker::Picker;
use crate::app::command::{ArgKind, Choice, Command};
use crate::app::ctx::Drafts;
use crate::app::msg::{Change, EditorFor, Effect, TicketsFx, TicketsNote, Why, Write};
use crate::app::outcome::{Outcome, Request};
use crate::domain::filter::{Filter, FilterError};

/// The values of an argument kind known without the database (types, priorities,
/// channels), for pickers inside dialogs.
pub type Fixed<'a> = dyn Fn(ArgKind) -> Vec<Choice> + 'a;

/// Applies a command to the open dialog.
pub fn update(overlay: &mut Overlay, drafts: &mut Drafts, cmd: Command, fixed: &Fixed) -> Outcome {
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
        Overlay::Form(f) => form_edit::update(f, cmd, fixed),
        Overlay::Confirm(c) => confirm(c, cmd),
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

/// The confirm dialog: send goes, edit opens $EDITOR on the reply, cancel keeps
/// the reply as a draft (a change that would send an update is not made).
fn confirm(c: &Confirm, cmd: Command) -> Outcome {
    match (cmd, &c.kind) {
        (Command::Send | Command::Submit, _) => close().and_effect(c.send.clone()),
        (Command::Edit, ConfirmKind::Reply { expected }) => close().and_effect(Effect::Editor {
            text: c.text.clone(),
            purpose: EditorFor::Comment {
                id: c.id,
                internal: false,
                expected: *expected,
            },
        }),
        (Command::Cancel | Command::Close | Command::Quit, ConfirmKind::Reply { .. }) => {
            close().and_note(TicketsNote::DraftKept { id: c.id })
        }
        (Command::Cancel | Command::Close | Command::Quit, _) => {
            close().and_note(TicketsNote::NotSent { id: c.id })
        }
        _ => Outcome::none(),
    }
}

fn close() -> Outcome {
    Outcome::request(Request::CloseDialog)
}

fn palette(p: &mut Palette, cmd: Command) -> Outcome {
    match cmd {
        Command::Cancel => close(),
        Command::Submit => match resolve(p) {
            Ok(Run::Command(c)) => close().and(Request::Run(c)),
            Ok(Run::Ticket(id)) => close().and(Request::OpenTicket(id)),
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
                p.moved = true;
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
                let send = TicketsFx::Write {
                    writes: vec![Write {
                        id,
                        expected,
                        change: Change::Comment {
                            text: text.clone(),
                            internal,
                        },
                    }],
                    why: Why::User,
                };
                if internal {
                    close().and_effect(send)
                } else {
                    // The customer reads it: shown once more before it goes.
                    Outcome::dialog(Overlay::Confirm(Box::new(Confirm {
                        kind: ConfirmKind::Reply { expected },
                        id,
                        n: 1,
                        text,
                        send,
                    })))
                }
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
        Command::Submit => match (p.chosen(), &p.command) {
            (Some(item), Some(cmd)) => {
                close().and(Request::Run(cmd.with_arg(Some(item.value.clone()))))
            }
            _ => Outcome::none(),
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

fn field_editor(text: String) -> Outcome {
    Outcome::effect(Effect::Editor {
        text,
        purpose: EditorFor::Field,
    })
}

/// Types a character into the open text field (a form's picked field opens its
/// picker, which may ask the database).
pub fn type_char(overlay: &mut Overlay, drafts: &mut Drafts, c: char, fixed: &Fixed) -> Outcome {
    // Pasted text may carry escape sequences; only text gets in.
    if c.is_control() && c != '\n' && c != '\t' {
        return Outcome::none();
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
        Overlay::Form(f) => return form_edit::type_char(f, c, fixed),
        _ => {}
    }
    Outcome::none()
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
        Overlay::Form(f) => {
            if let Some(t) = f.text_mut() {
                t.set(text);
            }
        }
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
