//! A ticket's history as the engine reads it: its facts and stage entries, built one
//! way from whichever row and stage events the caller has.

use crate::domain::ticket::{AuditEvent, Priority, Ticket};

/// What the engine needs to know about one ticket.
#[derive(Debug, Clone, PartialEq)]
pub struct History {
    pub created_at: i64,
    pub ty: String,
    pub priority: Priority,
    pub first_response_at: Option<i64>,
    /// Stage entries, oldest first: (when, stage id); the first is the stage at creation.
    pub stages: Vec<(i64, String)>,
}

/// A stage change as the audit log records it, oldest first in a history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StageChange {
    pub at: i64,
    /// The stage left; none for the creation event.
    pub from: Option<String>,
    pub to: String,
}

/// What the engine reads of a ticket, from whichever row holds it (a full ticket, a
/// report row, the rows the SLA recompute walks).
pub trait SlaFacts {
    fn created_at(&self) -> i64;
    fn ty(&self) -> &str;
    fn priority(&self) -> Priority;
    /// The stage it is in now.
    fn stage(&self) -> &str;
    fn first_response_at(&self) -> Option<i64>;
}

impl SlaFacts for Ticket {
    fn created_at(&self) -> i64 {
        self.created_at
    }
    fn ty(&self) -> &str {
        &self.ty
    }
    fn priority(&self) -> Priority {
        self.priority
    }
    fn stage(&self) -> &str {
        &self.stage
    }
    fn first_response_at(&self) -> Option<i64> {
        self.first_response_at
    }
}

impl History {
    /// The history of ticket `t` from its audit events (oldest first; only stage
    /// changes count).
    pub fn from_audit(t: &Ticket, events: &[AuditEvent]) -> History {
        let changes: Vec<StageChange> = events
            .iter()
            .filter(|e| e.field.as_deref() == Some("stage"))
            .filter_map(|e| {
                Some(StageChange {
                    at: e.at,
                    from: e.old.clone(),
                    to: e.new.clone()?,
                })
            })
            .collect();
        History::of(t, &changes)
    }

    /// The one builder of a history: a ticket's facts and its stage changes, oldest
    /// first (the creation event has no `from`). The current stage closes any gap left
    /// by incomplete history.
    pub fn of(t: &impl SlaFacts, changes: &[StageChange]) -> History {
        let created_at = t.created_at();
        let current_stage = t.stage();
        let mut stages: Vec<(i64, String)> = Vec::new();
        for (i, c) in changes.iter().enumerate() {
            if i == 0 {
                // Without a creation event the first move tells where the ticket began.
                let first = c.from.as_deref().unwrap_or(&c.to);
                stages.push((created_at, first.to_string()));
                if c.from.is_none() {
                    continue;
                }
            }
            if stages.last().map(|s| s.1.as_str()) != Some(c.to.as_str()) {
                stages.push((c.at.max(created_at), c.to.clone()));
            }
        }
        if stages.is_empty() {
            stages.push((created_at, current_stage.to_string()));
        }
        if stages.last().map(|s| s.1.as_str()) != Some(current_stage) {
            let at = stages.last().map(|s| s.0).unwrap_or(created_at);
            stages.push((at, current_stage.to_string()));
        }
        History {
            created_at,
            ty: t.ty().to_string(),
            priority: t.priority(),
            first_response_at: t.first_response_at(),
            stages,
        }
    }
}
