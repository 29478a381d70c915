//! What the list shows: the filter (typed, cleared, or from a saved view) and the
//! sort order. A change starts a new list generation.

use super::choices::{choices, pick};
use super::state::TicketsState;
use crate::app::chrome::{Overlay, Prompt, PromptKind};
use crate::app::command::{ArgKind, Command};
use crate::app::ctx::{Ctx, Pane};
use crate::app::msg::{Effect, TicketsFx, TicketsNote};
use crate::app::outcome::{Outcome, Request};
use crate::domain::filter::Filter;
use crate::store::tickets::SortKey;

/// Applies a filter, sort or view command.
pub fn update(s: &mut TicketsState, ctx: &Ctx, cmd: Command) -> Outcome {
    match cmd {
        Command::Filter(None) => {
            s.detail = None;
            Outcome::dialog(Overlay::Prompt(Prompt::new(
                PromptKind::Filter,
                &s.list.filter_text,
            )))
            .and(Request::Show(Pane::Tickets))
        }
        Command::Filter(Some(q)) => apply_filter(s, &q),
        Command::FilterClear => apply_filter(s, ""),
        Command::Sort(None) => pick(ctx, Command::Sort(None), Vec::new()),
        Command::Sort(Some(k)) => match SortKey::parse(k.trim()) {
            Some(key) => {
                s.list.sort = key;
                s.list.descending = default_descending(key);
                relist(s)
            }
            None => Outcome::note(TicketsNote::BadSort(k)),
        },
        Command::SortReverse => {
            s.list.descending = !s.list.descending;
            relist(s)
        }
        Command::View(None) => {
            let items = choices(s, ctx, ArgKind::ViewName);
            pick(ctx, Command::View(None), items)
        }
        Command::View(Some(name)) => match s.views.iter().find(|v| v.name == name.trim()) {
            Some(v) => {
                let q = v.query.clone();
                apply_filter(s, &q)
            }
            None => Outcome::note(TicketsNote::UnknownView(name)),
        },
        _ => Outcome::none(),
    }
}

fn fx(effects: Vec<TicketsFx>) -> Outcome {
    Outcome::effects(effects.into_iter().map(Effect::Tickets).collect())
}

/// The sort direction a column starts with: newest / most urgent first for numbers.
fn default_descending(key: SortKey) -> bool {
    matches!(
        key,
        SortKey::Id | SortKey::Created | SortKey::Updated | SortKey::Priority
    )
}

/// Parses and applies a filter; a bad one leaves the list as it is.
pub fn apply_filter(s: &mut TicketsState, q: &str) -> Outcome {
    match Filter::parse(q) {
        Ok(f) => {
            s.detail = None;
            s.list.filter = f;
            s.list.filter_text = q.trim().to_string();
            relist(s).and(Request::Show(Pane::Tickets))
        }
        Err(e) => Outcome::note(TicketsNote::BadFilter(e)),
    }
}

fn relist(s: &mut TicketsState) -> Outcome {
    s.list.marked.clear();
    fx(s.list.reset())
}
