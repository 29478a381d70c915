//! Triage commands: move, assign, priority, type, reply, note, new ticket,
//! selection and undo. Each turns into writes that carry the version the user saw.

use super::command::Command;
use super::effect::{Change, EditorFor, Effect, Why, Write};
use super::input::LineInput;
use super::note::Note;
use super::overlay::{Form, Overlay, PickItem, PickKind, Picker, Prompt, PromptKind};
use super::state::{Pane, State};
use crate::domain::ticket::{Priority, Ticket};

/// Applies a triage command.
pub fn update(s: &mut State, cmd: Command) -> Vec<Effect> {
    match cmd {
        Command::Select => toggle_mark(s),
        Command::SelectAll => {
            if s.pane == Pane::Tickets && s.detail.is_none() {
                for r in &s.tickets.rows {
                    s.tickets.marked.insert(r.ticket.id, r.ticket.clone());
                }
            }
            Vec::new()
        }
        Command::SelectClear => {
            s.tickets.marked.clear();
            Vec::new()
        }
        Command::Move(None) => open_picker(s, PickKind::Move),
        Command::Move(Some(stage)) => {
            change_all(s, |s, t| stage_id(s, t, &stage).map(Change::Move))
        }
        Command::Assign(None) => {
            let mut fx = open_picker(s, PickKind::Assign);
            fx.extend(super::team_update::rank_for_picker(s));
            fx
        }
        Command::Assign(Some(name)) => {
            let name = agent_name(s, &name);
            change_all(s, move |_, _| Some(Change::Assign(Some(name.clone()))))
        }
        Command::Unassign => change_all(s, |_, _| Some(Change::Assign(None))),
        Command::Priority(None) => open_picker(s, PickKind::Priority),
        Command::Priority(Some(p)) => match p.parse::<Priority>() {
            Ok(p) => change_all(s, move |_, _| Some(Change::Priority(p.as_str().into()))),
            Err(e) => {
                s.toast(Note::BadCommand(e));
                Vec::new()
            }
        },
        Command::Type(None) => open_picker(s, PickKind::Type),
        Command::Type(Some(ty)) => {
            let ty = type_id(s, &ty);
            change_all(s, move |_, _| Some(Change::Type(ty.clone())))
        }
        Command::Reply(text) => comment(s, false, text),
        Command::Note(text) => comment(s, true, text),
        Command::ReplyEditor => editor(s, false),
        Command::NoteEditor => editor(s, true),
        Command::NewTicket(title) => {
            let mut form = Form::default();
            form.fields[0] = LineInput::with(title.as_deref().unwrap_or(""));
            form.fields[2] = LineInput::with(&s.workflow.default_type);
            form.fields[3] = LineInput::with("normal");
            s.overlay = Overlay::Form(form);
            Vec::new()
        }
        _ => Vec::new(),
    }
}

fn toggle_mark(s: &mut State) -> Vec<Effect> {
    if s.pane != Pane::Tickets || s.detail.is_some() {
        return Vec::new();
    }
    let Some(t) = s.tickets.current().map(|v| v.ticket.clone()) else {
        return Vec::new();
    };
    if s.tickets.marked.remove(&t.id).is_none() {
        s.tickets.marked.insert(t.id, t);
    }
    let h = s.list_height();
    s.tickets.step(1, h)
}

/// One write per target ticket; `make` gives each one's change (None skips it).
fn change_all(s: &mut State, make: impl Fn(&State, &Ticket) -> Option<Change>) -> Vec<Effect> {
    let targets = s.targets();
    if targets.is_empty() {
        s.toast(Note::NoTicket);
        return Vec::new();
    }
    let writes: Vec<Write> = targets
        .iter()
        .filter_map(|t| {
            make(s, t).map(|change| Write {
                id: t.id,
                expected: Some(t.version),
                change,
            })
        })
        .collect();
    if writes.is_empty() {
        s.toast(Note::NoCommonStage);
        return Vec::new();
    }
    vec![Effect::Write {
        writes,
        why: Why::User,
    }]
}

/// The stage id for `arg` (an id or a label in either language) in `t`'s flow.
fn stage_id(s: &State, t: &Ticket, arg: &str) -> Option<String> {
    let arg = arg.trim();
    let flow = s.workflow.flow_for(&t.ty);
    flow.stages
        .iter()
        .find(|st| st.id == arg || st.en.eq_ignore_ascii_case(arg) || st.zh == arg)
        .map(|st| st.id.clone())
        .or_else(|| Some(arg.to_string()))
}

/// The type id for `arg` (an id or a label).
fn type_id(s: &State, arg: &str) -> String {
    let arg = arg.trim();
    s.workflow
        .types
        .iter()
        .find(|t| t.id == arg || t.en.eq_ignore_ascii_case(arg) || t.zh == arg)
        .map(|t| t.id.clone())
        .unwrap_or_else(|| arg.to_string())
}

/// An agent's full name for `arg`: exact, else the single best fuzzy match.
fn agent_name(s: &State, arg: &str) -> String {
    let arg = arg.trim();
    if s.agents.iter().any(|a| a.name == arg) || arg.starts_with('#') {
        return arg.to_string();
    }
    let names: Vec<&str> = s.agents.iter().map(|a| a.name.as_str()).collect();
    match super::fuzzy::rank(arg, &names).first() {
        Some(i) => names[*i].to_string(),
        None => arg.to_string(),
    }
}

/// Stages every target may move to, in flow order.
pub fn common_stages(s: &State) -> Vec<PickItem> {
    let targets = s.targets();
    let Some(first) = targets.first() else {
        return Vec::new();
    };
    let flow = s.workflow.flow_for(&first.ty);
    let allowed = |t: &Ticket| -> Vec<String> {
        s.workflow
            .flow_for(&t.ty)
            .stage(&t.stage)
            .map(|st| st.next.clone())
            .unwrap_or_default()
    };
    let mut common = allowed(first);
    for t in &targets[1..] {
        let next = allowed(t);
        common.retain(|id| next.contains(id));
    }
    flow.stages
        .iter()
        .filter(|st| common.contains(&st.id))
        .map(|st| PickItem {
            value: st.id.clone(),
            label: st.label(s.lang.code()).to_string(),
            hint: st.id.clone(),
        })
        .collect()
}

/// The choices of a picker kind for the current targets.
pub fn pick_items(s: &State, kind: PickKind) -> Vec<PickItem> {
    let lang = s.lang.code();
    match kind {
        PickKind::Move => common_stages(s),
        PickKind::Assign => s
            .agents
            .iter()
            .filter(|a| a.active)
            .map(|a| PickItem {
                value: a.name.clone(),
                label: a.name.clone(),
                hint: format!("{} · {}", a.open_tickets, a.groups.join(",")),
            })
            .collect(),
        PickKind::Priority => Priority::ALL
            .iter()
            .rev()
            .map(|p| PickItem {
                value: p.as_str().into(),
                label: if lang == "zh" {
                    p.zh().into()
                } else {
                    p.as_str().into()
                },
                hint: p.as_str().into(),
            })
            .collect(),
        PickKind::Type => s
            .workflow
            .types
            .iter()
            .map(|t| PickItem {
                value: t.id.clone(),
                label: t.label(lang).to_string(),
                hint: t.id.clone(),
            })
            .collect(),
        PickKind::Sort | PickKind::View | PickKind::Extra(_) => Vec::new(),
    }
}

fn open_picker(s: &mut State, kind: PickKind) -> Vec<Effect> {
    if s.targets().is_empty() {
        s.toast(Note::NoTicket);
        return Vec::new();
    }
    let items = pick_items(s, kind);
    if items.is_empty() {
        s.toast(match kind {
            PickKind::Assign => Note::NoAgents,
            _ => Note::NoCommonStage,
        });
        return if kind == PickKind::Assign {
            vec![Effect::LoadAgents]
        } else {
            Vec::new()
        };
    }
    s.overlay = Overlay::Picker(Picker::new(kind, items));
    Vec::new()
}

fn comment(s: &mut State, internal: bool, text: Option<String>) -> Vec<Effect> {
    let Some(t) = s.current_ticket().cloned() else {
        s.toast(Note::NoTicket);
        return Vec::new();
    };
    match text {
        Some(text) => {
            // Kept as a draft until the write succeeds.
            s.drafts.insert((t.id, internal), text.clone());
            vec![Effect::Write {
                writes: vec![Write {
                    id: t.id,
                    expected: Some(t.version),
                    change: Change::Comment { text, internal },
                }],
                why: Why::User,
            }]
        }
        None => {
            let draft = s.drafts.get(&(t.id, internal)).cloned().unwrap_or_default();
            s.overlay = Overlay::Prompt(Prompt {
                kind: PromptKind::Comment {
                    id: t.id,
                    internal,
                    expected: Some(t.version),
                },
                input: LineInput::with(&draft),
                error: None,
            });
            Vec::new()
        }
    }
}

fn editor(s: &mut State, internal: bool) -> Vec<Effect> {
    let Some(t) = s.current_ticket().cloned() else {
        s.toast(Note::NoTicket);
        return Vec::new();
    };
    let draft = s.drafts.get(&(t.id, internal)).cloned().unwrap_or_default();
    vec![Effect::Editor {
        text: draft,
        purpose: EditorFor::Comment {
            id: t.id,
            internal,
            expected: Some(t.version),
        },
    }]
}

/// Applies the inverse of the last change, guarded by the versions it produced.
pub fn undo(s: &mut State) -> Vec<Effect> {
    match s.undo.take() {
        Some(u) if !u.writes.is_empty() => vec![Effect::Write {
            writes: u.writes,
            why: Why::Undo,
        }],
        Some(_) => {
            s.toast(Note::CannotUndo);
            Vec::new()
        }
        None => {
            s.toast(Note::NothingToUndo);
            Vec::new()
        }
    }
}

/// The write that takes `change` back, given the ticket before it and its new version.
pub fn inverse(change: &Change, before: &Ticket, id: i64, version: i64) -> Option<Write> {
    let change = match change {
        Change::Move(_) => Change::Move(before.stage.clone()),
        Change::Assign(_) => Change::Assign(before.assignee.clone()),
        Change::Priority(_) => Change::Priority(before.priority.as_str().into()),
        Change::Type(_) => Change::Type(before.ty.clone()),
        Change::Comment { .. } => return None,
    };
    Some(Write {
        id,
        expected: Some(version),
        change,
    })
}
