//! Emergency plans (应急预案): start a playbook as an incident or a drill, tick off
//! its steps, see where it stands.

use super::Desk;
use crate::domain::playbook::{Incident, Playbook};
use crate::error::{Error, Result};
use crate::store::audit;
use crate::store::write::{self, Entity, Event};
use crate::store::{incidents, tickets};

impl Desk {
    /// The playbooks of the config.
    pub fn playbooks(&self) -> &[Playbook] {
        &self.config.playbooks
    }

    /// A playbook by id or name.
    pub fn playbook(&self, key: &str) -> Result<&Playbook> {
        Playbook::find(&self.config.playbooks, key).ok_or_else(|| Error::NotFound {
            what: "playbook",
            key: format!("'{key}'"),
            hint: Some(if self.config.playbooks.is_empty() {
                "define playbooks in the config's [[playbooks]] section".into()
            } else {
                format!(
                    "playbooks: {}",
                    self.config
                        .playbooks
                        .iter()
                        .map(|p| p.id.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            }),
        })
    }

    /// Starts a playbook: an incident (or a drill) with its steps as a checklist,
    /// due times counted from now. `ticket` names the ticket that set it off.
    pub fn start_playbook(
        &mut self,
        key: &str,
        drill: bool,
        ticket: Option<i64>,
    ) -> Result<Incident> {
        let p = self.playbook(key)?.clone();
        let s = self.stamp();
        self.store.write(|c| {
            if let Some(t) = ticket {
                tickets::get(c, t)?;
            }
            let id = incidents::insert(
                c,
                &Incident {
                    playbook: p.id.clone(),
                    name_en: p.en.clone(),
                    name_zh: p.zh.clone(),
                    drill,
                    ticket_id: ticket,
                    started_at: s.at,
                    started_by: s.actor.clone(),
                    version: 1,
                    steps: p.checklist(s.at),
                    ..Default::default()
                },
            )?;
            let action = if drill { "drill" } else { "start" };
            let ev = Event::set(action, "playbook", p.id.clone());
            write::record(c, &s, Entity::Incident, id, Some(1), &[ev])?;
            if let Some(t) = ticket {
                let v = tickets::get(c, t)?.version;
                let ev = Event::set("playbook", "incident", format!("#{id} {}", p.en));
                write::record(c, &s, Entity::Ticket, t, Some(v), &[ev])?;
            }
            incidents::get(c, id)
        })
    }

    /// One incident with its checklist.
    pub fn incident(&self, id: i64) -> Result<Incident> {
        incidents::get(self.store.conn(), id)
    }

    /// Incidents, newest first: the active ones, or all (up to `limit`).
    pub fn incidents(&self, active_only: bool, limit: usize) -> Result<Vec<Incident>> {
        incidents::list(self.store.conn(), active_only, limit)
    }

    /// Marks step `no` of an incident done (or not done again). The incident is
    /// completed when its last step is done, and active again when one is undone.
    pub fn set_incident_step(
        &mut self,
        id: i64,
        no: i64,
        done: bool,
        expected: Option<i64>,
    ) -> Result<Incident> {
        let s = self.stamp();
        let now = s.at;
        self.store.write(|c| {
            let mut inc = incidents::get(c, id)?;
            write::check_version(c, Entity::Incident, id, expected, inc.version)?;
            let count = inc.steps.len();
            let Some(step) = inc.steps.iter_mut().find(|x| x.no == no) else {
                return Err(Error::invalid(
                    format!("incident #{id} has no step {no}"),
                    format!("its steps are numbered 1 to {count}"),
                ));
            };
            if step.done_at.is_some() == done {
                return Ok(inc);
            }
            let title = step.title_en.clone();
            step.done_at = done.then_some(now);
            incidents::set_step(c, id, no, done.then_some((now, s.actor.as_str())))?;
            let all_done = inc.steps.iter().all(|x| x.done_at.is_some());
            let closed = match (all_done, inc.closed_at) {
                (true, None) => Some(now),
                (true, at) => at,
                (false, _) => None,
            };
            let action = if done { "step-done" } else { "step-undo" };
            let mut events = vec![Event::new(
                action,
                "step",
                Some(no.to_string()),
                Some(title),
            )];
            if closed.is_some() != inc.closed_at.is_some() {
                events.push(if closed.is_some() {
                    Event::set("complete", "status", "completed")
                } else {
                    Event::set("reopen", "status", "active")
                });
            }
            write::update(c, &s, id, inc.version, &incidents::Closed(closed), events)?;
            incidents::get(c, id)
        })
    }

    /// The audit trail of an incident, oldest first.
    pub fn incident_history(&self, id: i64) -> Result<Vec<crate::domain::ticket::AuditEvent>> {
        incidents::get(self.store.conn(), id)?;
        audit::history(self.store.conn(), "incident", id)
    }
}

#[cfg(test)]
mod tests;
