//! Changing a ticket's stage: the one path for moves, macros and undo, and what this
//! session's moves replaced so an undo can put it back exactly.

use crate::config::Config;
use crate::domain::ticket::{StageTimes, Ticket};
use crate::domain::workflow::Stage;
use crate::error::Result;
use crate::store::tickets::TicketUpdate;
use crate::store::write::{self, Event, Stamp, Written};
use crate::store::Conn;

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
    super::after_change::after_change(c, cfg, t.id, s, entered)?;
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

mod memory;
pub(crate) use memory::MoveMemory;

#[cfg(test)]
mod tests;
