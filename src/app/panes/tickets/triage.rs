//! Triage: move, assign, priority, type, reply, note, new ticket, selection. Each
//! change becomes writes that carry the version the user saw.

use super::choices::open_picker;
use super::state::TicketsState;
use crate::app::chrome::{Confirm, ConfirmKind, Form, LineInput, Overlay, Prompt, PromptKind};
use crate::app::command::{ArgKind, Choice, Command, Completer};
use crate::app::ctx::{Ctx, Pane};
use crate::app::msg::{Change, EditorFor, Effect, Note, TicketsFx, TicketsNote, Why, Write};
use crate::app::outcome::{Outcome, Request};
use crate::domain::ticket::{Priority, Ticket};

/// Applies a triage command.
pub fn update(s: &mut TicketsState, ctx: &Ctx, cmd: Command) -> Outcome {
    match cmd {
        Command::Select => toggle_mark(s, ctx),
        Command::SelectAll => {
            if ctx.place == crate::app::ctx::Place::Pane(Pane::Tickets) && s.detail.is_none() {
                for r in &s.list.rows {
                    s.list.marked.insert(r.ticket.id, r.ticket.clone());
                }
            }
            Outcome::none()
        }
        Command::SelectClear => {
            s.list.marked.clear();
            Outcome::none()
        }
        Command::Move(None) => open_picker(s, ctx, Command::Move(None)),
        Command::Move(Some(stage)) => {
            change_all(s, ctx, |t| Some(Change::Move(stage_id(ctx, t, &stage))))
        }
        Command::Assign(None) => {
            let out = open_picker(s, ctx, Command::Assign(None));
            match (&out.overlay, s.targets(ctx.place).as_slice()) {
                // One ticket: ask for the ranking, and show one at hand at once.
                (Some(Overlay::Picker(_)), [t]) => {
                    let mut out = out;
                    if let Some(r) = s.ranking.as_ref().filter(|r| r.ticket_id == t.id) {
                        let items = super::assign::ranked_items(ctx, r);
                        if let Some(Overlay::Picker(p)) = &mut out.overlay {
                            p.replace_items(items);
                        }
                    }
                    out.and_effect(TicketsFx::LoadRanking { id: t.id })
                }
                _ => out,
            }
        }
        Command::Assign(Some(name)) => {
            let name = agent_name(ctx, &name);
            change_all(s, ctx, move |_| Some(Change::Assign(Some(name.clone()))))
        }
        Command::AssignAuto => {
            let targets: Vec<(i64, Option<i64>)> = s
                .targets(ctx.place)
                .iter()
                .map(|t| (t.id, Some(t.version)))
                .collect();
            if targets.is_empty() {
                return Outcome::note(Note::NoTicket);
            }
            Outcome::effect(TicketsFx::AutoAssign { targets })
        }
        Command::Unassign => change_all(s, ctx, |_| Some(Change::Assign(None))),
        Command::Priority(None) => open_picker(s, ctx, Command::Priority(None)),
        Command::Priority(Some(p)) => match p.parse::<Priority>() {
            Ok(p) => change_all(s, ctx, move |_| Some(Change::Priority(p.as_str().into()))),
            Err(_) => Outcome::note(TicketsNote::BadPriority(p)),
        },
        Command::Type(None) => open_picker(s, ctx, Command::Type(None)),
        Command::Type(Some(ty)) => {
            let ty = type_id(ctx, &ty);
            change_all(s, ctx, move |_| Some(Change::Type(ty.clone())))
        }
        Command::Reply(text) => comment(s, ctx, false, text),
        Command::Note(text) => comment(s, ctx, true, text),
        Command::ReplyEditor => editor(s, ctx, false),
        Command::NoteEditor => editor(s, ctx, true),
        Command::New(title) => {
            let form = Form {
                title: LineInput::with(title.as_deref().unwrap_or("")),
                ty: fixed_choice(ctx, ArgKind::TicketType, &ctx.workflow.default_type),
                priority: fixed_choice(ctx, ArgKind::PriorityLevel, "normal"),
                // Tickets typed in the console are mostly calls.
                channel: fixed_choice(ctx, ArgKind::ChannelName, "phone"),
                ..Default::default()
            };
            Outcome::dialog(Overlay::Form(Box::new(form)))
        }
        _ => Outcome::none(),
    }
}

/// The choice of a fixed-valued argument with this value, labelled in the UI's language.
fn fixed_choice(ctx: &Ctx, kind: ArgKind, value: &str) -> Option<Choice> {
    match kind.completer() {
        Completer::Fixed(list) => list(ctx).into_iter().find(|c| c.value == value),
        _ => None,
    }
}

fn toggle_mark(s: &mut TicketsState, ctx: &Ctx) -> Outcome {
    if ctx.place != crate::app::ctx::Place::Pane(Pane::Tickets) || s.detail.is_some() {
        return Outcome::none();
    }
    let Some(t) = s.list.current().map(|v| v.ticket.clone()) else {
        return Outcome::none();
    };
    if s.list.marked.remove(&t.id).is_none() {
        s.list.marked.insert(t.id, t);
    }
    let out = s.list.step(1, ctx.list_height());
    Outcome::effects(out.into_iter().map(Effect::Tickets).collect())
}

/// One write per target ticket; `make` gives each one's change (None skips it).
fn change_all(s: &TicketsState, ctx: &Ctx, make: impl Fn(&Ticket) -> Option<Change>) -> Outcome {
    let targets = s.targets(ctx.place);
    if targets.is_empty() {
        return Outcome::note(Note::NoTicket);
    }
    let writes: Vec<Write> = targets
        .iter()
        .filter_map(|t| {
            make(t).map(|change| Write {
                id: t.id,
                expected: Some(t.version),
                change,
            })
        })
        .collect();
    if writes.is_empty() {
        return Outcome::note(TicketsNote::NoCommonStage);
    }
    let preview = super::confirm::writes(s, ctx, &targets, &writes);
    super::confirm::ask_or_run(
        preview,
        TicketsFx::Write {
            writes,
            why: Why::User,
        },
    )
}

/// The stage id for `arg` (an id or a label in either language) in `t`'s flow.
fn stage_id(ctx: &Ctx, t: &Ticket, arg: &str) -> String {
    let arg = arg.trim();
    let flow = ctx.workflow.flow_for(&t.ty);
    flow.stages
        .iter()
        .find(|st| st.id == arg || st.en.eq_ignore_ascii_case(arg) || st.zh == arg)
        .map(|st| st.id.clone())
        .unwrap_or_else(|| arg.to_string())
}

/// The type id for `arg` (an id or a label).
fn type_id(ctx: &Ctx, arg: &str) -> String {
    let arg = arg.trim();
    ctx.workflow
        .types
        .iter()
        .find(|t| t.id == arg || t.en.eq_ignore_ascii_case(arg) || t.zh == arg)
        .map(|t| t.id.clone())
        .unwrap_or_else(|| arg.to_string())
}

/// An agent's full name for `arg`: exact, else the single best fuzzy match.
fn agent_name(ctx: &Ctx, arg: &str) -> String {
    let arg = arg.trim();
    if ctx.agents.iter().any(|a| a.name == arg) || arg.starts_with('#') {
        return arg.to_string();
    }
    let names: Vec<&str> = ctx.agents.iter().map(|a| a.name.as_str()).collect();
    match crate::app::chrome::fuzzy::rank(arg, &names).first() {
        Some(i) => names[*i].to_string(),
        None => arg.to_string(),
    }
}

fn comment(s: &TicketsState, ctx: &Ctx, internal: bool, text: Option<String>) -> Outcome {
    let Some(t) = s.current(ctx.place) else {
        return Outcome::note(Note::NoTicket);
    };
    match text {
        // Kept as a draft until the write succeeds; a reply is shown before it goes.
        Some(text) => {
            let send = TicketsFx::Write {
                writes: vec![Write {
                    id: t.id,
                    expected: Some(t.version),
                    change: Change::Comment {
                        text: text.clone(),
                        internal,
                    },
                }],
                why: Why::User,
            };
            let preview = (!internal).then(|| Confirm {
                kind: ConfirmKind::Reply {
                    expected: Some(t.version),
                },
                id: t.id,
                n: 1,
                text: text.clone(),
                send: send.clone(),
            });
            super::confirm::ask_or_run(preview, send)
        }
        .and(Request::Draft {
            ticket: t.id,
            internal,
            text: Some(text),
        }),
        None => {
            let draft = ctx
                .drafts
                .get(&(t.id, internal))
                .cloned()
                .unwrap_or_default();
            Outcome::dialog(Overlay::Prompt(Prompt::new(
                PromptKind::Comment {
                    id: t.id,
                    internal,
                    expected: Some(t.version),
                },
                &draft,
            )))
        }
    }
}

fn editor(s: &TicketsState, ctx: &Ctx, internal: bool) -> Outcome {
    let Some(t) = s.current(ctx.place) else {
        return Outcome::note(Note::NoTicket);
    };
    let draft = ctx
        .drafts
        .get(&(t.id, internal))
        .cloned()
        .unwrap_or_default();
    Outcome::effect(Effect::Editor {
        text: draft,
        purpose: EditorFor::Comment {
            id: t.id,
            internal,
            expected: Some(t.version),
        },
    })
}

/// The write that takes `change` back, given the ticket before it and its new version.
pub fn inverse(change: &Change, before: &Ticket, id: i64, version: i64) -> Option<Write> {
    let change = match change {
        Change::Move(_) => Change::Move(before.stage.clone()),
        Change::Assign(_) => Change::Assign(before.assignee.clone()),
        Change::Priority(_) => Change::Priority(before.priority.as_str().into()),
        // A new type may have moved the ticket to its flow's first stage: back to both.
        Change::Type(_) | Change::Retype { .. } => Change::Retype {
            ty: before.ty.clone(),
            stage: before.stage.clone(),
            times: crate::domain::ticket::StageTimes::of(before),
        },
        Change::Comment { .. } => return None,
    };
    Some(Write {
        id,
        expected: Some(version),
        change,
    })
}
