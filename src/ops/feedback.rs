//! Satisfaction scores (满意度) per resolved ticket and scheduled return visits (回访).

use super::Desk;
use crate::domain::service::{check_score, Csat, Visit};
use crate::domain::text::sanitize;
use crate::domain::ticket::Ticket;
use crate::domain::workflow::StageKind;
use crate::error::{Error, Result};
use crate::store::audit::{self, Change};
use crate::store::service::{self as sv, VisitQuery};
use crate::store::tickets as st;
use chrono::{Duration, NaiveDate};

/// Which return visits to list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VisitDue {
    /// Not done and due today.
    Today,
    /// Not done and due before today.
    Overdue,
    /// Not done, any day.
    Open,
    /// Every visit, done or not.
    All,
}

impl VisitDue {
    /// Parses `today | overdue | open | all`.
    pub fn parse(s: &str) -> Result<VisitDue> {
        match s {
            "today" => Ok(VisitDue::Today),
            "overdue" => Ok(VisitDue::Overdue),
            "open" => Ok(VisitDue::Open),
            "all" => Ok(VisitDue::All),
            other => Err(Error::invalid(
                format!("unknown --due '{other}'"),
                "use today, overdue, open or all",
            )),
        }
    }
}

impl Desk {
    /// Records the customer's satisfaction (1–5, with an optional comment) with a
    /// resolved or closed ticket. Rating again replaces the score; both are audited.
    pub fn rate(
        &mut self,
        id: i64,
        score: i64,
        comment: Option<&str>,
        expected: Option<i64>,
    ) -> Result<Csat> {
        let score = check_score(score)
            .map_err(|e| Error::invalid(e, "1 = very dissatisfied … 5 = very satisfied"))?;
        let t = st::get(self.store.conn(), id)?;
        if !self.is_done(&t) {
            let done = self
                .config
                .workflow
                .flow_for(&t.ty)
                .stages
                .iter()
                .filter(|s| matches!(s.kind, StageKind::Resolved | StageKind::Closed))
                .map(|s| s.id.as_str())
                .collect::<Vec<_>>()
                .join(" or ");
            return Err(Error::invalid(
                format!("ticket #{id} is not resolved yet (it is in '{}')", t.stage),
                format!("satisfaction is asked once a ticket is solved: move it to {done} first"),
            ));
        }
        let comment = sanitize(comment.unwrap_or("").trim());
        let now = self.now();
        let actor = self.actor.clone();
        self.store.write(|c| {
            let t = super::tickets::current(c, id, expected)?;
            let old = sv::csat(c, id)?;
            sv::set_csat(c, id, score, &comment, now, &actor)?;
            let mut change = Change {
                entity: "ticket",
                entity_id: id,
                action: "csat",
                field: Some("score"),
                old: old.as_ref().map(|o| o.score.to_string()),
                new: Some(score.to_string()),
                version: Some(t.version),
            };
            audit::record(c, now, &actor, &change)?;
            if !comment.is_empty() && old.as_ref().map(|o| o.comment.as_str()) != Some(&comment) {
                change.field = Some("comment");
                change.old = old.map(|o| o.comment).filter(|c| !c.is_empty());
                change.new = Some(comment.clone());
                audit::record(c, now, &actor, &change)?;
            }
            Ok(())
        })?;
        sv::csat(self.store.conn(), id)?.ok_or_else(|| Error::msg("the score was not stored"))
    }

    /// The satisfaction score of a ticket, if it was rated.
    pub fn csat(&self, id: i64) -> Result<Option<Csat>> {
        st::get(self.store.conn(), id)?;
        sv::csat(self.store.conn(), id)
    }

    /// Resolved or closed tickets whose customer has not been asked yet, newest first.
    pub fn csat_due(&self, limit: usize) -> Result<Vec<Ticket>> {
        let done = self
            .config
            .workflow
            .stage_ids_of_kind(&[StageKind::Resolved, StageKind::Closed]);
        sv::csat_due(self.store.conn(), &done, limit)?
            .into_iter()
            .map(|id| st::get(self.store.conn(), id))
            .collect()
    }

    /// Parses a visit day: YYYY-MM-DD, `today`, `tomorrow`, or a number of days ahead (`3d`).
    pub fn parse_day(&self, s: &str) -> Result<NaiveDate> {
        let s = s.trim();
        let today = self.today();
        let day = match s {
            "today" => Some(today),
            "tomorrow" => Some(today + Duration::days(1)),
            _ => NaiveDate::parse_from_str(s, "%Y-%m-%d").ok().or_else(|| {
                let n: i64 = s.strip_suffix('d')?.parse().ok()?;
                (n >= 0).then(|| today + Duration::days(n))
            }),
        };
        day.ok_or_else(|| {
            Error::invalid(
                format!("'{s}' is not a day"),
                "write YYYY-MM-DD, today, tomorrow, or days ahead such as 7d",
            )
        })
    }

    /// Schedules a return visit for a ticket on `on` (not in the past); the assignee
    /// defaults to the ticket's.
    pub fn schedule_visit(
        &mut self,
        ticket_id: i64,
        on: &str,
        assignee: Option<&str>,
        note: Option<&str>,
    ) -> Result<Visit> {
        let day = self.parse_day(on)?;
        if day < self.today() {
            return Err(Error::invalid(
                format!("{day} is in the past"),
                "schedule a return visit for today or later",
            ));
        }
        let note = sanitize(note.unwrap_or("").trim());
        let now = self.now();
        let actor = self.actor.clone();
        let id = self.store.write(|c| {
            let t = st::get(c, ticket_id)?;
            let aid = match assignee {
                Some(a) => Some(super::tickets::resolve_agent(c, a)?),
                None => t.assignee_id,
            };
            let id = sv::insert_visit(c, ticket_id, day, aid, &note, now, &actor)?;
            let on_day = format!("#{id} on {day}");
            for (entity, entity_id, version) in [("visit", id, 1), ("ticket", ticket_id, t.version)]
            {
                let change = Change {
                    entity,
                    entity_id,
                    action: if entity == "visit" { "create" } else { "visit" },
                    field: Some("visit"),
                    new: Some(on_day.clone()),
                    version: Some(version),
                    ..Default::default()
                };
                audit::record(c, now, &actor, &change)?;
            }
            super::mail::on_visit(c, &self.config, ticket_id, day, now, &actor)?;
            Ok(id)
        })?;
        sv::visit(self.store.conn(), id)
    }

    /// Return visits: due today, overdue, open or all; optionally one agent's.
    pub fn visits(
        &self,
        due: VisitDue,
        assignee: Option<&str>,
        limit: usize,
    ) -> Result<Vec<Visit>> {
        let c = self.store.conn();
        let today = self.today();
        let mut q = VisitQuery {
            open_only: due != VisitDue::All,
            assignee_id: assignee
                .map(|a| super::tickets::resolve_agent(c, a))
                .transpose()?,
            limit,
            ..Default::default()
        };
        match due {
            VisitDue::Today => (q.from, q.to) = (Some(today), Some(today)),
            VisitDue::Overdue => q.to = today.pred_opt(),
            VisitDue::Open | VisitDue::All => {}
        }
        sv::visits(c, &q)
    }

    /// The return visits of one ticket, done or not.
    pub fn ticket_visits(&self, ticket_id: i64) -> Result<Vec<Visit>> {
        st::get(self.store.conn(), ticket_id)?;
        sv::visits(
            self.store.conn(),
            &VisitQuery {
                ticket_id: Some(ticket_id),
                limit: 1000,
                ..Default::default()
            },
        )
    }

    /// Marks a return visit done, with what the customer said.
    pub fn finish_visit(
        &mut self,
        id: i64,
        note: Option<&str>,
        expected: Option<i64>,
    ) -> Result<Visit> {
        let note = sanitize(note.unwrap_or("").trim());
        let now = self.now();
        let actor = self.actor.clone();
        self.store.write(|c| {
            let v = sv::visit(c, id)?;
            if let Some(at) = v.done_at {
                return Err(Error::invalid(
                    format!(
                        "return visit #{id} was already done on {}",
                        crate::domain::time::short(at)
                    ),
                    "schedule a new one with: aftercare visit schedule TICKET_ID --on DATE",
                ));
            }
            if let Some(e) = expected.filter(|e| *e != v.version) {
                return Err(audit::conflict(c, "visit", id, e, v.version));
            }
            let version = sv::finish_visit(c, id, v.version, now, &note)?;
            let t = st::get(c, v.ticket_id)?;
            for (entity, entity_id, ver) in
                [("visit", id, version), ("ticket", v.ticket_id, t.version)]
            {
                let change = Change {
                    entity,
                    entity_id,
                    action: if entity == "visit" { "done" } else { "visit" },
                    field: Some("visit"),
                    old: Some(format!("#{id} on {}", v.due_on)),
                    new: Some(if note.is_empty() {
                        "done".into()
                    } else {
                        format!("done: {note}")
                    }),
                    version: Some(ver),
                };
                audit::record(c, now, &actor, &change)?;
            }
            Ok(())
        })?;
        sv::visit(self.store.conn(), id)
    }
}
