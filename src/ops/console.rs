//! Operations the console needs beyond the CLI's: totals and recent activity for
//! the status bar, and undoing a move the workflow would not allow forwards.

use super::Desk;
use crate::domain::ticket::{StageTimes, Ticket};
use crate::error::{Error, Result};
use crate::store::console as sc;
use crate::store::tickets::{self as st, TicketUpdate};
use crate::store::write::{self, Event};

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
    /// no transition back; refused when the ticket is no longer at `expected`. The
    /// stage times are the ones the undone move replaced when this session made it,
    /// otherwise the stage rules of a move decide them. No customer update is sent.
    pub fn undo_move(&mut self, id: i64, stage: &str, expected: i64) -> Result<Ticket> {
        let s = self.stamp();
        let cfg = &self.config;
        let before = self.moves.before(id, expected);
        let t = self.store.write(|c| {
            let t = super::lookup::current(c, id, Some(expected))?;
            let Some(target) = cfg.workflow.stage(&t.ty, stage) else {
                return Err(Error::msg(format!(
                    "cannot undo: stage '{stage}' is not in the workflow of ticket #{id}"
                )));
            };
            let times = before.unwrap_or_else(|| StageTimes::of(&t).entering(target.kind, s.at));
            super::stages::enter_stage(c, cfg, &s, &t, target, times, false)?;
            st::get(c, id)
        })?;
        self.moves.forget(id, expected);
        Ok(t)
    }
}

impl Desk {
    /// Undoes a type change exactly: the type, and the stage (with its times) the
    /// change moved the ticket out of when the new type's flow did not have it.
    /// Refused when the ticket is no longer at `expected`. No customer update is sent.
    pub fn undo_type(
        &mut self,
        id: i64,
        ty: &str,
        stage: &str,
        times: StageTimes,
        expected: i64,
    ) -> Result<Ticket> {
        let s = self.stamp();
        let cfg = &self.config;
        self.store.write(|c| {
            let t = super::lookup::current(c, id, Some(expected))?;
            let Some(target) = cfg.workflow.stage(ty, stage) else {
                return Err(Error::msg(format!(
                    "cannot undo: stage '{stage}' is not in the workflow of type '{ty}'"
                )));
            };
            let mut u = TicketUpdate::default();
            let mut events = Vec::new();
            if t.ty != ty {
                events.push(Event::edit("type", t.ty.clone(), ty));
                u.ty = Some(ty.to_string());
            }
            if t.stage != stage {
                super::stages::set_stage(&mut u, &t, target, times);
                events.push(Event::new(
                    "move",
                    "stage",
                    Some(t.stage.clone()),
                    Some(stage.to_string()),
                ));
            }
            if events.is_empty() {
                return Ok(t);
            }
            write::update(c, &s, id, t.version, &u, events)?;
            // Due times follow the type and stage; the customer hears nothing of an undo.
            super::after_change::after_change(c, cfg, id, &s, None)?;
            st::get(c, id)
        })
    }
}
