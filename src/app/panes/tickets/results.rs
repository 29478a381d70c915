//! Results for the Tickets pane: pages of the list, the detail, writes (undo entry,
//! conflict dialog, drafts kept when nothing was saved), new tickets, the ranking,
//! the extras' panels and writes.

use super::state::{Detail, TicketsState, UndoEntry};
use super::triage::inverse;
use crate::app::chrome::{Confirm, ConfirmKind, Conflict, Overlay, Prompt, PromptKind};
use crate::app::command::Choice;
use crate::app::command::Command;
use crate::app::ctx::{Ctx, Pane};
use crate::app::msg::{
    Change, Effect, Failure, Note, Panel, TicketsFx, TicketsMsg, TicketsNote, Why, Write,
    WriteResult,
};
use crate::app::outcome::{Outcome, Request};
use crate::domain::records::Customer;
use crate::domain::ticket::Ticket;
use crate::ops::TicketView;

/// Applies a result.
pub fn handle(s: &mut TicketsState, ctx: &Ctx, msg: TicketsMsg) -> Outcome {
    let h = ctx.list_height();
    match msg {
        TicketsMsg::Page {
            gen,
            slot,
            rows,
            more,
            unread,
        } => {
            if gen != s.list.gen {
                return Outcome::none();
            }
            let ids: Vec<i64> = rows.iter().map(|r| r.ticket.id).collect();
            s.list.apply_page(slot, rows, more, h);
            s.list.set_unread(ids, &unread);
            fx(s.list.prefetch(h))
        }
        TicketsMsg::New {
            gen,
            rows,
            more,
            newest,
            unread,
        } => {
            if gen != s.list.gen {
                return Outcome::none();
            }
            let ids: Vec<i64> = rows.iter().map(|r| r.ticket.id).collect();
            s.list.set_unread(ids, &unread);
            fx(s.list.take_new(rows, more, newest, h))
        }
        TicketsMsg::Count { gen, total } => {
            if gen == s.list.gen {
                s.list.total = Some(total);
            }
            Outcome::none()
        }
        TicketsMsg::Detail {
            view,
            comments,
            history,
            mail,
        } => {
            let id = view.ticket.id;
            s.list.update_ticket(&view);
            if let Some(d) = s.detail.as_mut().filter(|d| d.id == id) {
                // Shown is read (the effect recorded it).
                s.list.unread.remove(&id);
                let info = d.info.take();
                *d = Detail {
                    id,
                    view: Some(*view),
                    comments,
                    history,
                    mail,
                    scroll: d.scroll,
                    max_scroll: d.max_scroll.clone(),
                    info,
                };
            }
            Outcome::none()
        }
        TicketsMsg::DetailFailed { id, failure } => {
            // A ticket that never showed closes again; a shown one stays as it was.
            if s.detail
                .as_ref()
                .is_some_and(|d| d.id == id && d.view.is_none())
            {
                s.detail = None;
            }
            Outcome::note(Note::Failed(failure))
        }
        TicketsMsg::Info(info) => {
            if let Some(d) = s.detail.as_mut().filter(|d| d.id == info.id) {
                d.info = Some(info);
            }
            Outcome::none()
        }
        TicketsMsg::Written { why, results } => written(s, ctx, why, results),
        TicketsMsg::Created(r) => created(s, r),
        TicketsMsg::Customers { query, found } => Outcome::request(Request::CustomersFound {
            found: customer_choices(&query, &found),
            query,
        }),
        TicketsMsg::Ranking(r) => {
            let single = s.targets(ctx.place);
            let out = match single.as_slice() {
                [t] if t.id == r.ticket_id => Outcome::request(Request::PickerItems(
                    Command::Assign(None),
                    super::assign::ranked_items(ctx, &r),
                )),
                _ => Outcome::none(),
            };
            s.ranking = Some(*r);
            out
        }
        TicketsMsg::Customer { ticket, view } => match view {
            Some(view) if !ctx.dialog => Outcome::dialog(Overlay::Panel {
                panel: Box::new(Panel::Customer(view)),
                scroll: 0,
            }),
            Some(_) => Outcome::none(),
            None => Outcome::note(TicketsNote::NoCustomer { id: ticket }),
        },
        TicketsMsg::Visits(rows) if !ctx.dialog => Outcome::dialog(Overlay::Panel {
            panel: Box::new(Panel::Visits(rows)),
            scroll: 0,
        }),
        TicketsMsg::Visits(_) => Outcome::none(),
        TicketsMsg::Reply { id, text } => {
            let draft = match ctx.drafts.get(&(id, false)) {
                Some(d) if !d.trim().is_empty() => format!("{d}\n{text}"),
                _ => text,
            };
            let mut out = Outcome::request(Request::Draft {
                ticket: id,
                internal: false,
                text: Some(draft.clone()),
            });
            // The filled reply opens for review at once when the ticket is in front.
            if let Some(t) = s.current(ctx.place).filter(|t| t.id == id && !ctx.dialog) {
                out.overlay = Some(Overlay::Prompt(Prompt::new(
                    PromptKind::Comment {
                        id,
                        internal: false,
                        expected: Some(t.version),
                    },
                    &draft,
                )));
            }
            out
        }
        m @ (TicketsMsg::Delivery { .. }
        | TicketsMsg::Mail(_)
        | TicketsMsg::MailRetried { .. }
        | TicketsMsg::MailSent { .. }
        | TicketsMsg::Outbox(_)) => super::mail::handle(s, ctx, m),
        TicketsMsg::Done { after, note } => {
            let id = after.ticket.id;
            s.list.update_ticket(&after);
            let out = Outcome::note(note);
            match s.detail.as_mut().filter(|d| d.id == id) {
                Some(d) => {
                    d.view = Some(*after);
                    out.and_effect(TicketsFx::LoadDetail { id })
                }
                None => out,
            }
        }
    }
}

fn fx(effects: Vec<TicketsFx>) -> Outcome {
    Outcome::effects(effects.into_iter().map(Effect::Tickets).collect())
}

/// Applies the outcome of a batch of writes.
fn written(
    s: &mut TicketsState,
    ctx: &Ctx,
    why: Why,
    results: Vec<(Write, WriteResult)>,
) -> Outcome {
    let mut out = Outcome::effect(Effect::LoadStatus);
    let mut inverses = Vec::new();
    let mut from = Vec::new();
    let mut undoable = true;
    let mut done: Vec<(i64, Change)> = Vec::new();
    let mut conflicts: Vec<(Write, Box<Ticket>, String)> = Vec::new();
    let mut reload_agents = false;
    for (w, result) in results {
        match result {
            WriteResult::Done { before, after } => {
                show(s, &after);
                if s.detail.as_ref().is_some_and(|d| d.id == w.id) {
                    out = out.and_effect(TicketsFx::LoadDetail { id: w.id });
                }
                match inverse(&w.change, &before, w.id, after.ticket.version) {
                    Some(inv) => inverses.push(inv),
                    None => undoable = false,
                }
                from.push((w.id, before.version));
                if why == Why::Undo {
                    s.undone(w.id, after.ticket.version);
                }
                if let Change::Comment { internal, .. } = &w.change {
                    out = out.and(Request::Draft {
                        ticket: w.id,
                        internal: *internal,
                        text: None,
                    });
                }
                reload_agents |= matches!(w.change, Change::Assign(_) | Change::Move(_));
                done.push((w.id, w.change.clone()));
            }
            WriteResult::Conflict { theirs, message } => conflicts.push((w, theirs, message)),
            WriteResult::Failed(f) => {
                if let Change::Comment { .. } = &w.change {
                    out = out.and_note(TicketsNote::DraftKept { id: w.id });
                }
                out = out.and_note(Note::Failed(f));
            }
        }
    }
    if why == Why::Undo {
        s.undoing = None;
    }
    if reload_agents {
        out = out.and_effect(Effect::LoadAgents);
    }
    if !done.is_empty() {
        if why == Why::Undo {
            out = out.and_note(TicketsNote::Undone);
        } else {
            // Undo takes back the newest change; one that cannot be undone clears it.
            inverses.reverse();
            s.push_undo(UndoEntry {
                writes: if undoable { inverses } else { Vec::new() },
                from,
            });
            out = out.and_note(summary(ctx, &done));
        }
        s.list.marked.clear();
    }
    match conflicts.len() {
        0 => {}
        1 if done.is_empty() => {
            let (write, theirs, message) = conflicts.remove(0);
            // The row as I saw it, unless it was refreshed since the change was made.
            let mine = s
                .targets(ctx.place)
                .into_iter()
                .find(|t| t.id == write.id && write.expected.is_none_or(|v| v == t.version));
            out.overlay = Some(Overlay::Conflict(Box::new(Conflict {
                write,
                mine,
                theirs: *theirs,
                message,
            })));
        }
        _ => {
            let ids = conflicts.iter().map(|c| c.0.id).collect();
            out = out
                .and_note(TicketsNote::SkippedConflicts { ids })
                .and(Request::Refresh);
        }
    }
    out
}

/// Puts a fresh version of a ticket everywhere it is on screen.
fn show(s: &mut TicketsState, view: &TicketView) {
    s.list.update_ticket(view);
    if let Some(d) = s.detail.as_mut().filter(|d| d.id == view.ticket.id) {
        d.view = Some(view.clone());
    }
}

fn summary(ctx: &Ctx, done: &[(i64, Change)]) -> TicketsNote {
    let n = done.len();
    let (id, change) = &done[0];
    let id = *id;
    match change {
        // The stage as the user reads it, in the language of the moment.
        Change::Move(stage) => TicketsNote::Moved {
            n,
            stage: ctx
                .workflow
                .flows
                .values()
                .find_map(|f| f.stage(stage))
                .map(|st| st.label(ctx.lang.code()).to_string())
                .unwrap_or_else(|| stage.clone()),
        },
        Change::Assign(agent) => TicketsNote::Assigned {
            n,
            agent: agent.clone(),
        },
        Change::Priority(p) => TicketsNote::PrioritySet {
            n,
            priority: p.clone(),
        },
        Change::Type(ty) | Change::Retype { ty, .. } => TicketsNote::TypeSet { n, ty: ty.clone() },
        Change::Comment {
            internal: false, ..
        } => TicketsNote::Replied { id },
        Change::Comment { internal: true, .. } => TicketsNote::Noted { id },
    }
}

/// A new ticket was created (or not): close the form and show it, or say why.
fn created(s: &mut TicketsState, r: Result<Box<TicketView>, Failure>) -> Outcome {
    match r {
        Ok(view) => {
            let id = view.ticket.id;
            s.push_undo(UndoEntry {
                writes: Vec::new(),
                from: Vec::new(),
            });
            s.detail = Some(Detail::of(id, Some(*view)));
            let mut out = Outcome::request(Request::CloseForm)
                .and(Request::Show(Pane::Tickets))
                .and_note(TicketsNote::Created { id })
                .and_effect(TicketsFx::LoadDetail { id })
                .and_effect(Effect::LoadStatus);
            out.effects
                .extend(s.list.reset().into_iter().map(Effect::Tickets));
            out
        }
        Err(f) => Outcome::request(Request::FormError(Note::Failed(f))),
    }
}

/// Most customers the form's picker lists.
const CUSTOMER_CHOICES: usize = 30;

/// The customers the database found, ranked fuzzily over name, organisation, email
/// and phone (the database matched one word; the ranking weighs all of them).
fn customer_choices(query: &str, found: &[Customer]) -> Vec<Choice> {
    let hay: Vec<String> = found
        .iter()
        .map(|c| {
            let parts = [&c.organization, &c.email, &c.phone];
            let rest: Vec<&str> = parts.iter().filter_map(|p| p.as_deref()).collect();
            format!("{} {}", c.name, rest.join(" "))
        })
        .collect();
    let mut order = crate::app::chrome::fuzzy::rank(query, &hay);
    // Words the matcher cannot place still matched in the database: keep them after.
    for i in 0..found.len() {
        if !order.contains(&i) {
            order.push(i);
        }
    }
    order
        .into_iter()
        .take(CUSTOMER_CHOICES)
        .map(|i| {
            let c = &found[i];
            let hint: Vec<&str> = [&c.organization, &c.email, &c.phone]
                .iter()
                .filter_map(|p| p.as_deref())
                .filter(|p| *p != c.name)
                .collect();
            Choice {
                value: format!("#{}", c.id),
                label: crate::domain::text::one_line(&c.name),
                hint: crate::domain::text::one_line(&hint.join(" · ")),
            }
        })
        .collect()
}

/// Text came back from $EDITOR for a reply or note.
pub fn edited((id, internal, expected): (i64, bool, Option<i64>), text: String) -> Outcome {
    if text.trim().is_empty() {
        return Outcome::note(Note::EditorEmpty);
    }
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
    let draft = Request::Draft {
        ticket: id,
        internal,
        text: Some(text.clone()),
    };
    if internal {
        return Outcome::request(Request::CloseDialog)
            .and(draft)
            .and_effect(send);
    }
    // A reply is previewed: send, edit again or cancel (the draft stays). The
    // preview takes the place of whatever dialog was open.
    let mut out = Outcome::request(draft);
    out.overlay = Some(Overlay::Confirm(Box::new(Confirm {
        kind: ConfirmKind::Reply { expected },
        id,
        n: 1,
        text,
        send,
    })));
    out
}
