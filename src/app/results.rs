//! Results of writes: update what is shown, remember the undo, open the conflict
//! dialog, keep drafts of anything that was not saved.

use super::actions::inverse;
use super::effect::{Change, EditorFor, Effect, Outcome, Why, Write};
use super::note::Note;
use super::overlay::{Conflict, Overlay};
use super::state::{Detail, State, UndoEntry};
use crate::ops::TicketView;

/// Applies the outcome of a batch of writes.
pub fn written(s: &mut State, why: Why, results: Vec<(Write, Outcome)>) -> Vec<Effect> {
    let mut fx = vec![Effect::LoadStatus];
    let mut inverses = Vec::new();
    let mut undoable = true;
    let mut done: Vec<(i64, Change)> = Vec::new();
    let mut conflicts: Vec<(Write, Box<crate::domain::ticket::Ticket>, String)> = Vec::new();
    let mut reload_agents = false;
    for (w, outcome) in results {
        match outcome {
            Outcome::Done { before, after } => {
                show(s, &after);
                if let Some(d) = &s.detail {
                    if d.id == w.id {
                        fx.push(Effect::LoadDetail { id: w.id });
                    }
                }
                match inverse(&w.change, &before, w.id, after.ticket.version) {
                    Some(inv) => inverses.push(inv),
                    None => undoable = false,
                }
                if let Change::Comment { internal, .. } = &w.change {
                    s.drafts.remove(&(w.id, *internal));
                }
                reload_agents |= matches!(w.change, Change::Assign(_) | Change::Move(_));
                done.push((w.id, w.change.clone()));
            }
            Outcome::Conflict { theirs, message } => conflicts.push((w, theirs, message)),
            Outcome::Failed { message, hint } => {
                if let Change::Comment { .. } = &w.change {
                    s.toast(Note::DraftKept { id: w.id });
                }
                s.toast(Note::Failed { message, hint });
            }
        }
    }
    if reload_agents {
        fx.push(Effect::LoadAgents);
    }
    if !done.is_empty() {
        if why == Why::Undo {
            s.undo = None;
            s.toast(Note::Undone);
        } else {
            // Undo takes back the newest change; one that cannot be undone clears it.
            inverses.reverse();
            s.undo = Some(UndoEntry {
                writes: if undoable { inverses } else { Vec::new() },
            });
            let note = summary(s, &done);
            s.toast(note);
        }
        s.tickets.marked.clear();
    }
    match conflicts.len() {
        0 => {}
        1 if done.is_empty() => {
            let (write, theirs, message) = conflicts.remove(0);
            let mine = s.targets().into_iter().find(|t| t.id == write.id);
            s.overlay = Overlay::Conflict(Box::new(Conflict {
                write,
                mine,
                theirs: *theirs,
                message,
            }));
        }
        _ => {
            let ids = conflicts.iter().map(|c| c.0.id).collect();
            s.toast(Note::SkippedConflicts { ids });
            fx.extend(super::update::refresh(s));
        }
    }
    fx
}

/// Puts a fresh version of a ticket everywhere it is on screen.
fn show(s: &mut State, view: &TicketView) {
    s.tickets.update_ticket(view);
    if let Some(d) = s.detail.as_mut().filter(|d| d.id == view.ticket.id) {
        d.view = Some(view.clone());
    }
}

fn summary(s: &State, done: &[(i64, Change)]) -> Note {
    let n = done.len();
    let (id, change) = &done[0];
    let id = *id;
    match change {
        // The stage as the user reads it, in the language of the moment.
        Change::Move(stage) => Note::Moved {
            n,
            stage: s
                .workflow
                .flows
                .values()
                .find_map(|f| f.stage(stage))
                .map(|st| st.label(s.lang.code()).to_string())
                .unwrap_or_else(|| stage.clone()),
        },
        Change::Assign(agent) => Note::Assigned {
            n,
            agent: agent.clone(),
        },
        Change::Priority(p) => Note::PrioritySet {
            n,
            priority: p.clone(),
        },
        Change::Type(ty) => Note::TypeSet { n, ty: ty.clone() },
        Change::Comment {
            internal: false, ..
        } => Note::Replied { id },
        Change::Comment { internal: true, .. } => Note::Noted { id },
    }
}

/// A new ticket was created (or not): close the form and show it, or say why.
pub fn created(s: &mut State, r: Result<Box<TicketView>, (String, Option<String>)>) -> Vec<Effect> {
    match r {
        Ok(view) => {
            let id = view.ticket.id;
            if matches!(s.overlay, Overlay::Form(_)) {
                s.overlay = Overlay::None;
            }
            s.toast(Note::Created { id });
            s.undo = Some(UndoEntry { writes: Vec::new() });
            s.pane = super::state::Pane::Tickets;
            s.detail = Some(Detail {
                id,
                view: Some(*view),
                ..Default::default()
            });
            let mut fx = vec![Effect::LoadDetail { id }, Effect::LoadStatus];
            fx.extend(s.tickets.reset());
            fx
        }
        Err((message, hint)) => {
            let note = Note::Failed { message, hint };
            if let Overlay::Form(f) = &mut s.overlay {
                f.error = Some(note);
            } else {
                s.toast(note);
            }
            Vec::new()
        }
    }
}

/// Text came back from $EDITOR.
pub fn editor_done(s: &mut State, purpose: EditorFor, text: Result<String, String>) -> Vec<Effect> {
    let text = match text {
        Ok(t) => t,
        Err(message) => {
            s.toast(Note::Failed {
                message,
                hint: None,
            });
            return Vec::new();
        }
    };
    match purpose {
        EditorFor::Article { id, expected } => super::kb::edited(s, id, expected, text),
        EditorFor::Field => {
            super::modal::put_field(s, &text);
            Vec::new()
        }
        EditorFor::Comment {
            id,
            internal,
            expected,
        } => {
            if text.trim().is_empty() {
                s.toast(Note::EditorEmpty);
                return Vec::new();
            }
            if matches!(s.overlay, Overlay::Prompt(_)) {
                s.overlay = Overlay::None;
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
    }
}
