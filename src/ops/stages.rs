//! Changing a ticket's stage: the one path for moves, macros and undo, and what this
//! session's moves replaced so an undo can put it back exactly.

use crate::config::Config;
use crate::domain::ticket::{StageTimes, Ticket};
use crate::domain::workflow::Stage;
use crate::error::Result;
use crate::store::tickets::TicketUpdate;
use crate::store::write::{self, Event, Stamp, Written};
use crate::store::Conn;
use std::collections::{HashMap, VecDeque};

/// Puts ticket `t` into stage `target` with the given stage times: one compare-and-swap
/// with its `move` event, then the due times (and, with `notify`, the customer update of
/// the stage). Moves and undos both come through here.
pub(crate) fn enter_stage(
    c: &Conn,
    cfg: &Config,
    s: &Stamp,
    t: &Ticket,
    target: &Stage,
    times: StageTimes,
    notify: bool,
) -> Result<Written> {
    let mut u = TicketUpdate::default();
    set_stage(&mut u, t, target, times);
    let ev = Event::new(
        "move",
        "stage",
        Some(t.stage.clone()),
        Some(target.id.clone()),
    );
    let w = write::update(c, s, t.id, t.version, &u, vec![ev])?;
    let entered = notify.then_some(target.id.as_str());
    super::service::after_change(c, cfg, t.id, s, entered)?;
    Ok(w)
}

/// Sets stage `target` with its times on `u` (the first response only when it changes).
pub(crate) fn set_stage(u: &mut TicketUpdate, t: &Ticket, target: &Stage, times: StageTimes) {
    u.stage = Some(target.id.clone());
    u.resolved_at = Some(times.resolved_at);
    u.closed_at = Some(times.closed_at);
    if times.first_response_at != t.first_response_at {
        u.first_response_at = Some(times.first_response_at);
    }
}

/// The stage times this session's moves replaced, by ticket and the version each move
/// wrote: an undo at that version puts them back exactly (a first response implied by
/// the move is taken back too). Bounded; the oldest are forgotten first.
#[derive(Debug, Default)]
pub(crate) struct MoveMemory {
    before: HashMap<(i64, i64), StageTimes>,
    order: VecDeque<(i64, i64)>,
}

impl MoveMemory {
    const LIMIT: usize = 10_000;

    /// Keeps the times the move that wrote `version` of ticket `id` replaced.
    pub(crate) fn remember(&mut self, id: i64, version: i64, before: StageTimes) {
        if self.before.insert((id, version), before).is_none() {
            self.order.push_back((id, version));
        }
        while self.order.len() > Self::LIMIT {
            if let Some(k) = self.order.pop_front() {
                self.before.remove(&k);
            }
        }
    }

    /// The times before the move that wrote `version` of ticket `id`, if it was ours.
    pub(crate) fn before(&self, id: i64, version: i64) -> Option<StageTimes> {
        self.before.get(&(id, version)).copied()
    }

    /// Forgets a move once it was undone.
    pub(crate) fn forget(&mut self, id: i64, version: i64) {
        self.before.remove(&(id, version));
    }
}

#[cfg(test)]
mod tests;
