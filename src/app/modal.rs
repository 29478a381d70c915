//! Commands while a dialog is open: help, palette, prompts, pickers, the form and
//! the conflict dialog. Text typed into them arrives as `type_char`.

use super::command::Command;
use super::effect::{Change, EditorFor, Effect, NewTicketFields, Why, Write};
use super::input::LineInput;
use super::note::Note;
use super::overlay::{Overlay, PromptKind, FORM_FIELDS};
use super::palette;
use super::state::State;
use super::update as main;
use crate::domain::filter::Filter;

/// Applies a command to the open dialog.
pub fn update(s: &mut State, cmd: Command) -> Vec<Effect> {
    match std::mem::take(&mut s.overlay) {
        Overlay::None => Vec::new(),
        Overlay::Help { scroll } => {
            let scroll = match cmd {
                Command::Down => scroll.saturating_add(1),
                Command::Up => scroll.saturating_sub(1),
                Command::PageDown => scroll.saturating_add(10),
                Command::PageUp => scroll.saturating_sub(10),
                Command::Close | Command::Cancel | Command::Help => return Vec::new(),
                _ => scroll,
            };
            s.overlay = Overlay::Help { scroll };
            Vec::new()
        }
        Overlay::Palette(mut p) => match cmd {
            Command::Cancel => Vec::new(),
            Command::Submit => {
                let line = palette::line_to_run(&p);
                match Command::parse(&line) {
                    Ok(c) => main::update(s, c),
                    Err(e) => {
                        p.error = Some(e);
                        s.overlay = Overlay::Palette(p);
                        Vec::new()
                    }
                }
            }
            Command::Complete => {
                if let Some(c) = p.completions.get(p.selected) {
                    p.input = LineInput::with(&c.text);
                }
                s.overlay = Overlay::Palette(p);
                palette::refresh(s);
                Vec::new()
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
                s.overlay = Overlay::Palette(p);
                Vec::new()
            }
            Command::EditExternal => external(s, Overlay::Palette(p), |o| match o {
                Overlay::Palette(p) => p.input.text.clone(),
                _ => String::new(),
            }),
            other => {
                p.input.edit(&other);
                p.error = None;
                s.overlay = Overlay::Palette(p);
                palette::refresh(s);
                Vec::new()
            }
        },
        Overlay::Prompt(mut p) => match cmd {
            Command::Cancel => {
                if let PromptKind::Comment { id, internal, .. } = p.kind {
                    keep_draft(s, id, internal, &p.input.text);
                }
                Vec::new()
            }
            Command::Submit => match p.kind.clone() {
                PromptKind::Filter => match Filter::parse(&p.input.text) {
                    Ok(_) => main::apply_filter(s, &p.input.text),
                    Err(e) => {
                        p.error = Some((e.column, e.message));
                        s.overlay = Overlay::Prompt(p);
                        Vec::new()
                    }
                },
                PromptKind::Comment {
                    id,
                    internal,
                    expected,
                } => {
                    let text = p.input.text.clone();
                    if text.trim().is_empty() {
                        s.overlay = Overlay::Prompt(p);
                        return Vec::new();
                    }
                    s.drafts.insert((id, internal), text.clone());
                    vec![Effect::Write {
                        writes: vec![Write {
                            id,
                            expected,
                            change: Change::Comment { text, internal },
                        }],
                        why: Why::User,
                    }]
                }
            },
            Command::EditExternal => {
                let text = p.input.text.clone();
                let purpose = match p.kind {
                    PromptKind::Comment {
                        id,
                        internal,
                        expected,
                    } => {
                        keep_draft(s, id, internal, &text);
                        EditorFor::Comment {
                            id,
                            internal,
                            expected,
                        }
                    }
                    PromptKind::Filter => {
                        s.overlay = Overlay::Prompt(p);
                        EditorFor::Field
                    }
                };
                vec![Effect::Editor { text, purpose }]
            }
            other => {
                p.input.edit(&other);
                p.error = check_prompt(&p.kind, &p.input.text);
                if let PromptKind::Comment { id, internal, .. } = p.kind {
                    keep_draft(s, id, internal, &p.input.text);
                }
                s.overlay = Overlay::Prompt(p);
                Vec::new()
            }
        },
        Overlay::Picker(mut p) => match cmd {
            Command::Cancel => Vec::new(),
            Command::Submit => match p.chosen() {
                Some(item) => {
                    let c = Command::from_parts(p.kind.command(), Some(&item.value));
                    match c {
                        Ok(c) => main::update(s, c),
                        Err(_) => Vec::new(),
                    }
                }
                None => {
                    s.overlay = Overlay::Picker(p);
                    Vec::new()
                }
            },
            Command::Down | Command::Up | Command::PageDown | Command::PageUp => {
                let d = match cmd {
                    Command::Down => 1,
                    Command::Up => -1,
                    Command::PageDown => 10,
                    _ => -10,
                };
                p.step(d);
                s.overlay = Overlay::Picker(p);
                Vec::new()
            }
            other => {
                if p.query.edit(&other) {
                    p.refilter();
                }
                s.overlay = Overlay::Picker(p);
                Vec::new()
            }
        },
        Overlay::Form(mut f) => match cmd {
            Command::Cancel => Vec::new(),
            Command::FieldNext | Command::FieldPrev => {
                f.focus = if cmd == Command::FieldNext {
                    (f.focus + 1) % FORM_FIELDS
                } else {
                    (f.focus + FORM_FIELDS - 1) % FORM_FIELDS
                };
                s.overlay = Overlay::Form(f);
                Vec::new()
            }
            Command::Submit => {
                if f.fields[0].text.trim().is_empty() {
                    f.focus = 0;
                    f.error = Some(Note::TitleNeeded);
                    s.overlay = Overlay::Form(f);
                    return Vec::new();
                }
                let fields = NewTicketFields {
                    title: f.fields[0].text.clone(),
                    customer: f.fields[1].text.clone(),
                    ty: f.fields[2].text.clone(),
                    priority: f.fields[3].text.clone(),
                    body: f.fields[4].text.clone(),
                };
                // The form stays (hidden) until the ticket exists, so nothing is lost.
                s.overlay = Overlay::Form(f);
                vec![Effect::CreateTicket(fields)]
            }
            Command::EditExternal => external(s, Overlay::Form(f), |o| match o {
                Overlay::Form(f) => f.fields[f.focus].text.clone(),
                _ => String::new(),
            }),
            other => {
                let focus = f.focus;
                f.fields[focus].edit(&other);
                f.error = None;
                s.overlay = Overlay::Form(f);
                Vec::new()
            }
        },
        Overlay::TicketPanel(p) => super::ticket_extras::panel_update(s, p, cmd),
        Overlay::Conflict(c) => match cmd {
            Command::KeepMine => {
                let mut w = c.write.clone();
                w.expected = Some(c.theirs.version);
                vec![Effect::Write {
                    writes: vec![w],
                    why: Why::Retry,
                }]
            }
            Command::KeepTheirs | Command::Cancel => {
                if matches!(c.write.change, Change::Comment { .. }) {
                    s.toast(Note::DraftKept { id: c.write.id });
                }
                main::refresh(s)
            }
            _ => {
                s.overlay = Overlay::Conflict(c);
                Vec::new()
            }
        },
    }
}

/// Types a character into the open text field; false when none is open.
pub fn type_char(s: &mut State, c: char) -> bool {
    // Pasted text may carry escape sequences; only text gets in.
    if c.is_control() && c != '\n' && c != '\t' {
        return false;
    }
    match &mut s.overlay {
        Overlay::Palette(p) => {
            p.input.insert(c);
            p.error = None;
            palette::refresh(s);
        }
        Overlay::Prompt(p) => {
            p.input.insert(c);
            p.error = check_prompt(&p.kind, &p.input.text);
            if let PromptKind::Comment { id, internal, .. } = p.kind {
                let text = p.input.text.clone();
                keep_draft(s, id, internal, &text);
            }
        }
        Overlay::Picker(p) => {
            p.query.insert(c);
            p.refilter();
        }
        Overlay::Form(f) => {
            let focus = f.focus;
            f.fields[focus].insert(c);
            f.error = None;
        }
        _ => return false,
    }
    true
}

/// Puts text edited in $EDITOR back into the open field.
pub fn put_field(s: &mut State, text: &str) {
    // Editors end files with a newline; a one-line field does not want it.
    let text = text.strip_suffix('\n').unwrap_or(text);
    match &mut s.overlay {
        Overlay::Palette(p) => p.input.set(text.lines().next().unwrap_or("")),
        Overlay::Prompt(p) => {
            p.input.set(text);
            if let PromptKind::Comment { id, internal, .. } = p.kind {
                let t = p.input.text.clone();
                keep_draft(s, id, internal, &t);
            }
        }
        Overlay::Form(f) => {
            let focus = f.focus;
            f.fields[focus].set(text);
        }
        _ => {}
    }
}

fn external(s: &mut State, overlay: Overlay, text: impl Fn(&Overlay) -> String) -> Vec<Effect> {
    let t = text(&overlay);
    s.overlay = overlay;
    vec![Effect::Editor {
        text: t,
        purpose: EditorFor::Field,
    }]
}

fn keep_draft(s: &mut State, id: i64, internal: bool, text: &str) {
    if text.trim().is_empty() {
        s.drafts.remove(&(id, internal));
    } else {
        s.drafts.insert((id, internal), text.to_string());
    }
}

fn check_prompt(kind: &PromptKind, text: &str) -> Option<(usize, String)> {
    match kind {
        PromptKind::Filter => Filter::parse(text).err().map(|e| (e.column, e.message)),
        PromptKind::Comment { .. } => None,
    }
}
