//! SLA operations: a ticket's status and reason, what falls due next, escalation,
//! and keeping the stored due columns in step with the engine.

use super::Desk;
use crate::config::Config;
use crate::domain::escalation::{raised, Action, EscalationRule, When};
use crate::domain::service::Escalation;
use crate::domain::sla_engine::{
    evaluate, fingerprint, pack, Clock, ClockOutcome, History, SlaStatus,
};
use crate::domain::ticket::Ticket;
use crate::domain::workflow::StageKind;
use crate::error::{Error, Result};
use crate::store::agents;
use crate::store::audit;
use crate::store::reports;
use crate::store::service::{self as sv, SlaColumns, Trigger};
use crate::store::tickets::{self as st, TicketUpdate};
use crate::store::write::{self, Entity, Event};
use crate::store::Conn;

/// What an escalation run did (or would do) to one ticket.
#[derive(Debug, Clone, PartialEq)]
pub struct EscalationOutcome {
    pub ticket_id: i64,
    pub title: String,
    pub rule: String,
    pub occasion: String,
    pub action: String,
    /// What changed (or would change), e.g. `normal → high`.
    pub detail: String,
    /// False on a dry run, or when the action could not be applied.
    pub applied: bool,
    /// Why the action could not be applied.
    pub error: Option<String>,
    /// The SLA reason at the time.
    pub reason: String,
}

/// Candidates looked at per rule and run; the rest wait for the next run.
const BATCH: usize = 5000;

/// Tickets recomputed per transaction.
const RECOMPUTE_BATCH: usize = 5000;

/// The stage kinds whose tickets `sla_recompute_open` recomputes (the demo writes its
/// tickets in these stages with the columns such a recompute gives).
pub(crate) const OPEN_KINDS: [StageKind; 3] =
    [StageKind::Open, StageKind::Waiting, StageKind::Resolved];

/// The stored columns for a status.
pub(crate) fn columns(s: &SlaStatus, entered_at: Option<i64>) -> SlaColumns {
    let live: Vec<&Clock> = [&s.first_response, &s.resolution]
        .into_iter()
        .flatten()
        .filter(|c| c.is_live())
        .collect();
    SlaColumns {
        first_response_due: s.first_response.as_ref().and_then(|c| c.due),
        resolution_due: s.resolution.as_ref().and_then(|c| c.due),
        stage_entered_at: entered_at,
        stage_due: s.stage.as_ref().map(|x| x.due),
        sla_due_at: live.iter().filter_map(|c| c.due).min(),
        sla_warn_at: live.iter().filter_map(|c| c.warn_at).min(),
        outcome: Some(pack(
            ClockOutcome::of(s.first_response.as_ref()),
            ClockOutcome::of(s.resolution.as_ref()),
        )),
    }
}

/// The engine's view of ticket `t` from its audit events, at `now`.
fn status_of(c: &Conn, cfg: &Config, t: &Ticket, now: i64) -> Result<(History, SlaStatus)> {
    let events = audit::history(c, "ticket", t.id)?;
    let h = History::from_audit(t, &events);
    let s = evaluate(&cfg.sla, &cfg.workflow, &h, now);
    Ok((h, s))
}

/// Recomputes and stores the SLA columns of ticket `id`; call it inside the write
/// transaction of every change of stage, priority or type, and of the first response.
pub(crate) fn refresh_sla(c: &Conn, cfg: &Config, id: i64, now: i64) -> Result<SlaStatus> {
    let fp = fingerprint(&cfg.sla, &cfg.workflow);
    match reports::outcomes_fingerprint(c)? {
        // A new database: its outcomes are this writer's, unless tickets came in
        // some other way (a copy, an import) before its first write.
        reports::FINGERPRINT_EMPTY => {
            let fresh = reports::at_most_tickets(c, 1)?;
            reports::set_outcomes_fingerprint(c, if fresh { fp } else { 0 })?
        }
        0 => {}
        stored if stored != fp => {
            // Other settings than the stored outcomes': they no longer agree with each
            // other, so reports compute from history until `sla recompute`.
            reports::set_outcomes_fingerprint(c, 0)?
        }
        _ => {}
    }
    let t = st::get(c, id)?;
    let (h, s) = status_of(c, cfg, &t, now)?;
    sv::set_sla(c, id, &columns(&s, h.stages.last().map(|x| x.0)))?;
    Ok(s)
}

impl Desk {
    /// The SLA status of one ticket now: clocks, stage limit, pauses and the reason.
    pub fn sla_status(&self, id: i64) -> Result<SlaStatus> {
        let t = st::get(self.store.conn(), id)?;
        Ok(status_of(self.store.conn(), &self.config, &t, self.now())?.1)
    }

    /// The SLA status of several tickets at once (one query for their histories);
    /// the console calls this for the rows on screen.
    pub fn sla_statuses(&self, tickets: &[Ticket]) -> Result<Vec<SlaStatus>> {
        let ids: Vec<i64> = tickets.iter().map(|t| t.id).collect();
        let events = sv::stage_events_of(self.store.conn(), &ids)?;
        let now = self.now();
        Ok(tickets
            .iter()
            .map(|t| {
                let ev = events.get(&t.id).map(Vec::as_slice).unwrap_or(&[]);
                evaluate(
                    &self.config.sla,
                    &self.config.workflow,
                    &History::of(t, ev),
                    now,
                )
            })
            .collect())
    }

    /// Open tickets in the order they fall due (SLA clocks and stage limits), with
    /// their status; overdue ones first.
    pub fn sla_next(&self, limit: usize) -> Result<Vec<(Ticket, SlaStatus)>> {
        // A few spare candidates: a ticket whose stored columns are stale (changed by
        // something that did not recompute them) drops out when the engine disagrees.
        let due = sv::next_due(self.store.conn(), limit + limit / 2 + 5)?;
        let mut tickets = Vec::with_capacity(due.len());
        for (id, _) in &due {
            tickets.push(st::get(self.store.conn(), *id)?);
        }
        let statuses = self.sla_statuses(&tickets)?;
        let mut out: Vec<(Ticket, SlaStatus)> = tickets
            .into_iter()
            .zip(statuses)
            .filter(|(_, s)| s.next_due.is_some())
            .collect();
        out.sort_by_key(|(t, s)| (s.next_due.unwrap_or(i64::MAX), t.id));
        out.truncate(limit);
        Ok(out)
    }

    /// The escalations that fired on a ticket, oldest first.
    pub fn escalations(&self, id: i64) -> Result<Vec<Escalation>> {
        st::get(self.store.conn(), id)?;
        sv::escalations(self.store.conn(), id)
    }

    /// Which of `ids` an escalation rule flagged (for a marker in lists).
    pub fn flagged(&self, ids: &[i64]) -> Result<Vec<i64>> {
        sv::flagged(self.store.conn(), ids)
    }

    /// Applies the `[[sla.escalations]]` rules to the tickets that call for them. Each
    /// rule fires at most once per ticket and occasion; every firing is an audit event
    /// (action `escalate`). With `dry_run` nothing is written. Safe to call often: the
    /// stored due columns narrow the candidates to tickets not yet escalated.
    pub fn sla_escalate(&mut self, dry_run: bool) -> Result<Vec<EscalationOutcome>> {
        self.sla_escalate_up_to(dry_run, usize::MAX)
    }

    /// Like `sla_escalate`, but stops after `max` outcomes: the console calls this on
    /// every refresh with a small `max`, so a large backlog is worked off over a few
    /// refreshes instead of holding one up.
    pub fn sla_escalate_up_to(
        &mut self,
        dry_run: bool,
        max: usize,
    ) -> Result<Vec<EscalationOutcome>> {
        let now = self.now();
        let rules = self.config.service.escalations.clone();
        let mut out = Vec::new();
        for rule in &rules {
            let trigger = match rule.when {
                When::Warning => Trigger::Warning,
                When::Breached => Trigger::Breach,
                When::StageLimit => Trigger::StageLimit,
            };
            let ids = sv::escalation_candidates(
                self.store.conn(),
                &rule.id,
                trigger,
                &rule.priorities,
                &rule.types,
                now,
                BATCH,
            )?;
            for id in ids {
                if out.len() >= max {
                    return Ok(out);
                }
                let t = st::get(self.store.conn(), id)?;
                let (_, s) = status_of(self.store.conn(), &self.config, &t, now)?;
                let Some(occasion) = rule.occasion(&t.ty, t.priority, &s) else {
                    continue;
                };
                let mut o = EscalationOutcome {
                    ticket_id: id,
                    title: t.title.clone(),
                    rule: rule.id.clone(),
                    occasion,
                    action: rule.action.as_str().into(),
                    detail: String::new(),
                    applied: false,
                    error: None,
                    reason: s.reason.to_string(),
                };
                if dry_run {
                    o.detail = self.preview(rule, &t);
                    out.push(o);
                    continue;
                }
                match self.fire(rule, id, &o.occasion, now) {
                    Ok(Some(detail)) => {
                        o.detail = detail;
                        o.applied = true;
                        out.push(o);
                    }
                    Ok(None) => {} // someone else fired it meanwhile
                    Err(e) => {
                        o.error = Some(e.to_string());
                        out.push(o);
                    }
                }
            }
        }
        Ok(out)
    }

    /// What a rule would change on `t`.
    fn preview(&self, rule: &EscalationRule, t: &Ticket) -> String {
        match &rule.action {
            Action::RaisePriority(to) => {
                let new = to.unwrap_or_else(|| raised(t.priority)).max(t.priority);
                format!("{} → {new}", t.priority)
            }
            Action::Assign(who) => format!(
                "{} → {}",
                t.assignee.as_deref().unwrap_or("nobody"),
                self.assign_target(who).unwrap_or_else(|e| e.to_string())
            ),
            Action::Flag => format!("flagged by {}", rule.id),
        }
    }

    /// The agent name an `assign` action means (`lead:GROUP` is the group's lead).
    fn assign_target(&self, who: &str) -> Result<String> {
        match who.strip_prefix("lead:") {
            Some(g) => self
                .config
                .routing
                .groups
                .iter()
                .find(|x| x.id == g)
                .and_then(|x| x.lead.clone())
                .ok_or_else(|| {
                    Error::invalid(
                        format!("group '{g}' has no lead"),
                        "set `lead` in its [[routing.groups]] entry",
                    )
                }),
            None => Ok(who.to_string()),
        }
    }

    /// Applies one rule to one ticket in one transaction; `None` when it had fired already.
    fn fire(
        &mut self,
        rule: &EscalationRule,
        id: i64,
        occasion: &str,
        now: i64,
    ) -> Result<Option<String>> {
        let s = write::Stamp::new(now, self.actor.clone());
        let target = match &rule.action {
            Action::Assign(who) => Some(self.assign_target(who)?),
            _ => None,
        };
        let cfg = &self.config;
        self.store.write(|c| {
            let t = st::get(c, id)?;
            let mut u = TicketUpdate::default();
            let (field, old, new) = match &rule.action {
                Action::RaisePriority(to) => {
                    let p = to.unwrap_or_else(|| raised(t.priority)).max(t.priority);
                    if p != t.priority {
                        u.priority = Some(p);
                    }
                    (
                        "priority",
                        Some(t.priority.to_string()),
                        Some(p.to_string()),
                    )
                }
                Action::Assign(_) => {
                    let name = target.clone().unwrap_or_default();
                    let aid = super::lookup::resolve_agent(c, &name)?;
                    let name = agents::get(c, aid)?.name;
                    if Some(aid) != t.assignee_id {
                        u.assignee_id = Some(Some(aid));
                    }
                    ("assignee", t.assignee.clone(), Some(name))
                }
                Action::Flag => ("flag", None, Some(format!("{}: {occasion}", rule.id))),
            };
            let detail = match (&old, &new) {
                (Some(o), Some(n)) => format!("{o} → {n}"),
                (_, Some(n)) => n.clone(),
                _ => String::new(),
            };
            let fired = sv::insert_escalation(
                c,
                &Escalation {
                    ticket_id: id,
                    rule: rule.id.clone(),
                    occasion: occasion.to_string(),
                    action: rule.action.as_str().into(),
                    detail: detail.clone(),
                    at: s.at,
                    actor: s.actor.clone(),
                },
            )?;
            if !fired {
                return Ok(None);
            }
            let ev = Event::new("escalate", field, old, new);
            if u.priority.is_some() || u.assignee_id.is_some() {
                write::update(c, &s, id, t.version, &u, vec![ev])?;
            } else {
                // Only flagged: the ticket itself does not change.
                write::record(c, &s, Entity::Ticket, id, Some(t.version), &[ev])?;
            }
            if u.priority.is_some() {
                refresh_sla(c, cfg, id, s.at)?;
            }
            Ok(Some(detail))
        })
    }

    /// Recomputes the stored SLA columns of every ticket (after an import, a config
    /// change of targets or calendar, or demo data); `progress(done, total)`.
    pub fn sla_recompute(&mut self, progress: &mut dyn FnMut(u64, u64)) -> Result<u64> {
        self.recompute(None, progress)
    }

    /// Recomputes the stored SLA columns of the tickets not in a closed stage (the
    /// ones whose clocks or stage limits can still run out).
    pub fn sla_recompute_open(&mut self, progress: &mut dyn FnMut(u64, u64)) -> Result<u64> {
        let stages = self.config.workflow.stage_ids_of_kind(&OPEN_KINDS);
        self.recompute(Some(stages), progress)
    }

    fn recompute(
        &mut self,
        stages: Option<Vec<String>>,
        progress: &mut dyn FnMut(u64, u64),
    ) -> Result<u64> {
        let total = sv::count_in_stages(self.store.conn(), stages.as_deref())?;
        let now = self.now();
        let cfg = &self.config;
        let matcher = crate::report::dashboard::Categorizer::new(&cfg.service.categories);
        let mut after = 0;
        let mut done = 0u64;
        loop {
            let n = self.store.write(|c| {
                let rows = sv::sla_rows_after(c, after, RECOMPUTE_BATCH, stages.as_deref())?;
                let (Some(first), Some(last)) = (rows.first(), rows.last()) else {
                    return Ok(0);
                };
                let events = if stages.is_some() {
                    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
                    sv::stage_events_of(c, &ids)?
                } else {
                    sv::stage_events_between(c, first.id, last.id)?
                };
                let mut cols = Vec::with_capacity(rows.len());
                for r in &rows {
                    let ev = events.get(&r.id).map(Vec::as_slice).unwrap_or(&[]);
                    let h = History::of(r, ev);
                    let s = evaluate(&cfg.sla, &cfg.workflow, &h, now);
                    cols.push((r.id, columns(&s, h.stages.last().map(|x| x.0))));
                }
                // Only the tickets whose columns change are written: rewriting a
                // row rewrites its whole record and every index entry of the changed
                // columns (a demo's open tickets, written with their columns, took
                // 6–8 s to rewrite unchanged at a million tickets).
                let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
                let stored = sv::sla_columns_of(c, &ids)?;
                cols.retain(|(id, new)| stored.get(id) != Some(new));
                sv::set_sla_many(c, &cols)?;
                // The due columns changed without an audit event: the facts follow here.
                let ids: Vec<i64> = cols.iter().map(|(id, _)| *id).collect();
                super::facts_keeper::refresh_facts(c, &matcher, &ids)?;
                after = last.id;
                Ok(rows.len())
            })?;
            if n == 0 {
                if stages.is_none() {
                    // Every outcome is now the engine's under these settings.
                    let fp = fingerprint(&cfg.sla, &cfg.workflow);
                    self.store
                        .write(|c| reports::set_outcomes_fingerprint(c, fp))?;
                }
                break;
            }
            done += n as u64;
            progress(done, total);
        }
        Ok(done)
    }
}

#[cfg(test)]
mod tests;
