//! The Tickets pane in depth: what breaches next, the customer view and today's
//! return visits (as panels), macros, canned replies, tags and satisfaction scores.

use super::choices::choices;
use super::state::TicketsState;
use super::view::apply_filter;
use crate::app::chrome::{Overlay, Palette};
use crate::app::command::{ArgKind, Command};
use crate::app::ctx::Ctx;
use crate::app::msg::{Note, TicketsFx, TicketsNote};
use crate::app::outcome::Outcome;
use crate::domain::ticket::Ticket;
use crate::store::tickets::SortKey;

/// The filter of the `breach-next` view; the list is sorted by due time, soonest first.
pub const BREACH_NEXT_FILTER: &str = "is:open";

/// Applies one of the extras' commands.
pub fn update(s: &mut TicketsState, ctx: &Ctx, cmd: Command) -> Outcome {
    match cmd {
        Command::BreachNext => {
            s.list.sort = SortKey::Due;
            s.list.descending = false;
            apply_filter(s, BREACH_NEXT_FILTER)
        }
        Command::VisitsDue => Outcome::effect(TicketsFx::LoadVisits),
        Command::CustomerView => match s.current(ctx.place) {
            Some(t) if t.customer_id.is_some() => {
                Outcome::effect(TicketsFx::LoadCustomer { ticket: t.id })
            }
            Some(t) => Outcome::note(TicketsNote::NoCustomer { id: t.id }),
            None => Outcome::note(Note::NoTicket),
        },
        Command::Macro(None) => pick(s, ctx, Command::Macro(None), TicketsNote::NoMacros),
        Command::Macro(Some(m)) => {
            let Some(t) = s.current(ctx.place) else {
                return Outcome::note(Note::NoTicket);
            };
            let id = m.trim().to_string();
            let send = TicketsFx::ApplyMacro {
                id: t.id,
                macro_id: id.clone(),
                expected: Some(t.version),
            };
            let def = s
                .macros
                .iter()
                .find(|x| x.id == id)
                .or_else(|| s.macros.iter().find(|x| x.key.as_deref() == Some(&id)));
            let preview = def.and_then(|d| super::confirm::macro_of(s, ctx, t, d, send.clone()));
            super::confirm::ask_or_run(preview, send)
        }
        Command::ReplyTemplate(None) => pick(
            s,
            ctx,
            Command::ReplyTemplate(None),
            TicketsNote::NoTemplates,
        ),
        Command::ReplyTemplate(Some(r)) => with_ticket(s, ctx, |t| TicketsFx::RenderReply {
            id: t.id,
            template: r.trim().to_string(),
        }),
        Command::Csat(None) => pick(s, ctx, Command::Csat(None), TicketsNote::NoMacros),
        Command::Csat(Some(v)) => match v.trim().parse::<i64>() {
            Ok(score) if (1..=5).contains(&score) => with_ticket(s, ctx, |t| TicketsFx::Rate {
                id: t.id,
                score,
                expected: Some(t.version),
            }),
            _ => Outcome::note(TicketsNote::BadScore(v)),
        },
        Command::Tag(None) => {
            if s.current(ctx.place).is_none() {
                return Outcome::note(Note::NoTicket);
            }
            // The palette, ready for the tags: no separate prompt to learn.
            Outcome::dialog(Overlay::Palette(Palette::with("tag ")))
        }
        Command::Tag(Some(text)) => {
            let tags: Vec<String> = text
                .split([',', ' ', '，'])
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(str::to_string)
                .collect();
            with_ticket(s, ctx, |t| TicketsFx::Tag {
                id: t.id,
                tags,
                expected: Some(t.version),
            })
        }
        _ => Outcome::none(),
    }
}

fn with_ticket(s: &TicketsState, ctx: &Ctx, make: impl FnOnce(&Ticket) -> TicketsFx) -> Outcome {
    match s.current(ctx.place) {
        Some(t) => Outcome::effect(make(t)),
        None => Outcome::note(Note::NoTicket),
    }
}

/// A picker of `cmd`'s values for the current ticket; `empty` when there are none.
fn pick(s: &TicketsState, ctx: &Ctx, cmd: Command, empty: TicketsNote) -> Outcome {
    if s.current(ctx.place).is_none() {
        return Outcome::note(Note::NoTicket);
    }
    let kind = cmd.spec().arg.unwrap_or(ArgKind::FreeText);
    let items = match kind.completer() {
        crate::app::command::Completer::Fixed(f) => f(ctx),
        _ => choices(s, ctx, kind),
    };
    if items.is_empty() {
        return Outcome::note(empty);
    }
    super::choices::pick(ctx, cmd, items)
}
