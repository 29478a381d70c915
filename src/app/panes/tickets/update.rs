//! The Tickets pane's commands: moving through the list and the detail, opening
//! tickets, undo; filter, sort and views are in `view.rs`, triage and the extras in
//! `triage.rs` and `extras.rs`. No I/O: work leaves as effects.

use super::state::{Detail, TicketsState};
use super::{extras, triage, view};
use crate::app::command::Command;
use crate::app::ctx::Ctx;
use crate::app::msg::{Effect, TicketsFx, TicketsNote, Why};
use crate::app::outcome::Outcome;

/// Applies one of the pane's commands.
pub fn update(s: &mut TicketsState, ctx: &Ctx, cmd: Command) -> Outcome {
    let h = ctx.list_height();
    match cmd {
        Command::Down => step(s, ctx, 1),
        Command::Up => step(s, ctx, -1),
        Command::PageDown => step(s, ctx, h as i64),
        Command::PageUp => step(s, ctx, -(h as i64)),
        Command::Top => match &mut s.detail {
            Some(d) => {
                d.scroll_by(-i64::from(u32::MAX), h);
                Outcome::none()
            }
            None => fx(s.list.top(h)),
        },
        Command::Bottom => match &mut s.detail {
            Some(d) => {
                d.scroll_by(i64::from(u32::MAX), h);
                Outcome::none()
            }
            None => fx(s.list.bottom(h)),
        },
        Command::ShowNew => fx(s.list.show_new(h)),
        Command::Open => match s.list.current().cloned() {
            Some(v) => {
                let id = v.ticket.id;
                s.list.unread.remove(&id);
                s.detail = Some(Detail::of(id, Some(v)));
                Outcome::effect(TicketsFx::LoadDetail { id })
            }
            _ => Outcome::none(),
        },
        Command::Close => {
            s.detail = None;
            Outcome::none()
        }
        Command::NextTicket => next_ticket(s, h, 1),
        Command::PrevTicket => next_ticket(s, h, -1),
        c @ (Command::Filter(_)
        | Command::FilterClear
        | Command::Sort(_)
        | Command::SortReverse
        | Command::View(_)) => view::update(s, ctx, c),
        Command::Undo => match s.undo.pop() {
            Some(u) if !u.writes.is_empty() => {
                let writes = u.writes.clone();
                s.undoing = Some(u);
                Outcome::effect(TicketsFx::Write {
                    writes,
                    why: Why::Undo,
                })
            }
            Some(_) => Outcome::note(TicketsNote::CannotUndo),
            None => Outcome::note(TicketsNote::NothingToUndo),
        },
        c @ (Command::Mail(_) | Command::MailRetry) => super::mail::update(s, ctx, c),
        c @ (Command::BreachNext
        | Command::CustomerView
        | Command::VisitsDue
        | Command::Csat(_)
        | Command::Macro(_)
        | Command::ReplyTemplate(_)
        | Command::Tag(_)) => extras::update(s, ctx, c),
        other => triage::update(s, ctx, other),
    }
}

fn fx(effects: Vec<TicketsFx>) -> Outcome {
    Outcome::effects(effects.into_iter().map(Effect::Tickets).collect())
}

/// j/k and paging: the detail's scroll position, else the list's selection.
fn step(s: &mut TicketsState, ctx: &Ctx, delta: i64) -> Outcome {
    let h = ctx.list_height();
    match &mut s.detail {
        Some(d) => {
            d.scroll_by(delta, h);
            Outcome::none()
        }
        None => fx(s.list.step(delta, h)),
    }
}

/// The mouse wheel: scrolls the detail, else the list view.
pub fn scroll(s: &mut TicketsState, ctx: &Ctx, delta: i64) -> Outcome {
    let h = ctx.list_height();
    match &mut s.detail {
        Some(d) => {
            d.scroll_by(delta, h);
            Outcome::none()
        }
        None => fx(s.list.scroll(delta, h)),
    }
}

/// A click `line` rows below the list's top: selects the row, or opens it when it
/// was selected already.
pub fn click(s: &mut TicketsState, ctx: &Ctx, line: usize) -> Outcome {
    if s.detail.is_some() {
        return Outcome::none();
    }
    let i = s.list.offset + line;
    if i >= s.list.rows.len() {
        return Outcome::none();
    }
    if i == s.list.selected {
        return update(s, ctx, Command::Open);
    }
    let h = ctx.list_height();
    s.list.select(i, h);
    fx(s.list.prefetch(h))
}

fn next_ticket(s: &mut TicketsState, h: usize, delta: i64) -> Outcome {
    let mut out = s.list.step(delta, h);
    if let Some(v) = s.list.current().cloned() {
        let id = v.ticket.id;
        s.list.unread.remove(&id);
        s.detail = Some(Detail::of(id, Some(v)));
        out.push(TicketsFx::LoadDetail { id });
    }
    fx(out)
}

/// Effects that reload what the pane shows, keeping the selection, and look for
/// tickets that arrived (after the reload, so they go on top of the fresh rows).
pub fn refresh(s: &mut TicketsState, ctx: &Ctx) -> Vec<Effect> {
    let mut out = Vec::new();
    if !s.list.loading {
        out.extend(s.list.reload(ctx.list_height()));
    }
    if let Some(check) = s.list.check_new() {
        // Before the count, which then includes them.
        let at = out.len().saturating_sub(1);
        match out.last() {
            Some(TicketsFx::Count { .. }) => out.insert(at, check),
            _ => out.push(check),
        }
    }
    if let Some(d) = &s.detail {
        out.push(TicketsFx::LoadDetail { id: d.id });
    }
    out.into_iter().map(Effect::Tickets).collect()
}
