//! Operations the console needs beyond the CLI's: totals and recent activity for
//! the status bar, and undoing a move the workflow would not allow forwards.

use super::Desk;
use crate::domain::ticket::Ticket;
use crate::domain::workflow::StageKind;
use crate::error::{Error, Result};
use crate::store::audit::{self, Change};
use crate::store::console as sc;
use crate::store::tickets::{self as st, TicketUpdate};

impl Desk {
    /// Tickets in the database, from the cached per-stage counters.
    pub fn ticket_total(&self) -> Result<i64> {
        Ok(st::stage_counts(self.store.conn())?
            .iter()
            .map(|(_, n)| n)
            .sum())
    }

    /// Other people who changed something in the last `minutes`, most recent first.
    pub fn recent_actors(&self, minutes: i64) -> Result<Vec<String>> {
        sc::recent_actors(self.store.conn(), self.now() - minutes * 60, &self.actor, 5)
    }

    /// Puts a ticket back into `stage` to undo a move, even where the workflow has
    /// no transition back; refused when the ticket is no longer at `expected`.
    pub fn undo_move(&mut self, id: i64, stage: &str, expected: i64) -> Result<Ticket> {
        let now = self.now();
        let actor = self.actor.clone();
        let wf = self.config.workflow.clone();
        let cfg = self.config.clone();
        self.store.write(|c| {
            let t = st::get(c, id)?;
            if t.version != expected {
                return Err(audit::conflict(c, "ticket", id, expected, t.version));
            }
            let Some(target) = wf.stage(&t.ty, stage) else {
                return Err(Error::msg(format!(
                    "cannot undo: stage '{stage}' is not in the workflow of ticket #{id}"
                )));
            };
            let done = matches!(target.kind, StageKind::Resolved | StageKind::Closed);
            let u = TicketUpdate {
                stage: Some(target.id.clone()),
                resolved_at: Some(if done {
                    t.resolved_at.or(Some(now))
                } else {
                    None
                }),
                closed_at: Some(if target.kind == StageKind::Closed {
                    t.closed_at.or(Some(now))
                } else {
                    None
                }),
                ..Default::default()
            };
            let v = st::update(c, id, t.version, &u, now, &actor)?;
            audit::record(
                c,
                now,
                &actor,
                &Change {
                    entity: "ticket",
                    entity_id: id,
                    action: "move",
                    field: Some("stage"),
                    old: Some(t.stage.clone()),
                    new: Some(target.id.clone()),
                    version: Some(v),
                },
            )?;
            // Due times follow the stage history, in the same transaction.
            super::service::after_change(c, &cfg, id, now, &actor, None)
        })?;
        self.ticket(id)
    }
}
