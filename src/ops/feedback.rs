//! Satisfaction scores (满意度) per resolved ticket and scheduled return visits (回访).

use super::Desk;
use crate::domain::service::{check_score, Csat, Visit};
use crate::domain::text::CleanText;
use crate::domain::ticket::Ticket;
use crate::domain::workflow::StageKind;
use crate::error::{Error, Result};
use crate::store::service::{self as sv, VisitDone, VisitQuery};
use crate::store::tickets as st;
use crate::store::write::{self, Entity, Event};
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
        let comment = CleanText::trimmed(comment.unwrap_or(""));
        let s = self.stamp();
        self.store.write(|c| {
            let t = super::lookup::current(c, id, expected)?;
            let old = sv::csat(c, id)?;
            sv::set_csat(c, id, score, &comment, s.at, &s.actor)?;
            let old_score = old.as_ref().map(|o| o.score.to_string());
            let mut events = vec![Event::new(
                "csat",
                "score",
                old_score,
                Some(score.to_string()),
            )];
            if !comment.is_empty() && old.as_ref().map(|o| o.comment.as_str()) != Some(&comment) {
                let was = old.map(|o| o.comment).filter(|c| !c.is_empty());
                events.push(Event::new(
                    "csat",
                    "comment",
                    was,
                    Some(comment.to_string()),
                ));
            }
            write::record(c, &s, Entity::Ticket, id, Some(t.version), &events)?;
            sv::csat(c, id)?.ok_or_else(|| Error::msg("the score was not stored"))
        })
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
            _ => crate::domain::time::parse_day(s).or_else(|| {
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
        let note = CleanText::trimmed(note.unwrap_or(""));
        let s = self.stamp();
        self.store.write(|c| {
            let t = st::get(c, ticket_id)?;
            let aid = super::lookup::agent_or(c, assignee, t.assignee_id)?;
            let id = sv::insert_visit(c, ticket_id, day, aid, &note, s.at, &s.actor)?;
            let on_day = format!("#{id} on {day}");
            let ev = Event::set("create", "visit", on_day.clone());
            write::record(c, &s, Entity::Visit, id, Some(1), &[ev])?;
            let ev = Event::set("visit", "visit", on_day);
            write::record(c, &s, Entity::Ticket, ticket_id, Some(t.version), &[ev])?;
            super::mail::on_visit(c, &self.config, ticket_id, day, s.at, &s.actor)?;
            sv::visit(c, id)
        })
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
            assignee_id: super::lookup::agent_opt(c, assignee)?,
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
        let note = CleanText::trimmed(note.unwrap_or(""));
        let s = self.stamp();
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
            write::check_version(c, Entity::Visit, id, expected, v.version)?;
            let old = Some(format!("#{id} on {}", v.due_on));
            let new = Some(if note.is_empty() {
                "done".into()
            } else {
                format!("done: {note}")
            });
            let done = VisitDone {
                at: s.at,
                note: note.clone(),
            };
            let ev = Event::new("done", "visit", old.clone(), new.clone());
            write::update(c, &s, id, v.version, &done, vec![ev])?;
            let t = st::get(c, v.ticket_id)?;
            let ev = Event::new("visit", "visit", old, new);
            write::record(c, &s, Entity::Ticket, v.ticket_id, Some(t.version), &[ev])?;
            sv::visit(c, id)
        })
    }
}
