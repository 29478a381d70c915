//! Service operations: customer-visible stage updates (complaints), the customer's
//! progress timeline, canned replies and macros.

use super::Desk;
use crate::domain::service::{fill, Fill, Macro, Reply};
use crate::domain::text::CleanText;
use crate::domain::ticket::{StageTimes, Ticket};
use crate::domain::workflow::StageKind;
use crate::error::{Error, Result};
use crate::store::agents;
use crate::store::audit;
use crate::store::tickets::{self as st, TicketUpdate};
use crate::store::write::{self, Entity, Event};

/// One entry of what the customer has been told about a ticket.
#[derive(Debug, Clone, PartialEq)]
pub struct ProgressEntry {
    pub at: i64,
    /// The stage the ticket was in when the message was sent.
    pub stage: String,
    pub stage_label: String,
    /// `update` (sent on a stage change) or `reply` (written by an agent).
    pub kind: &'static str,
    pub author: String,
    pub text: String,
}

impl Desk {
    /// The customer-facing timeline of a ticket: every message the customer was sent,
    /// with the stage the ticket was in at the time.
    pub fn progress(&self, id: i64) -> Result<Vec<ProgressEntry>> {
        let c = self.store.conn();
        let t = st::get(c, id)?;
        let events = audit::history(c, "ticket", id)?;
        // The stage each message was sent in, by the order of the audit log.
        let mut sent_in: std::collections::HashMap<String, (String, &'static str)> =
            Default::default();
        let mut stage = None;
        for e in &events {
            if e.field.as_deref() == Some("stage") {
                stage = e.new.clone();
            }
            if let (Some(cid), "notify" | "reply") = (&e.new, e.action.as_str()) {
                let kind = if e.action == "notify" {
                    "update"
                } else {
                    "reply"
                };
                sent_in.insert(cid.clone(), (stage.clone().unwrap_or_default(), kind));
            }
        }
        let h = crate::domain::sla_engine::History::from_audit(&t, &events);
        let lang = self.config.ui.language.as_str();
        let flow = self.config.workflow.flow_for(&t.ty);
        Ok(st::comments(c, id)?
            .into_iter()
            .filter(|m| !m.internal)
            .map(|m| {
                let logged = sent_in.get(&m.id.to_string()).filter(|s| !s.0.is_empty());
                // Without a log entry (imported), the stage by time.
                let stage = logged.map(|s| s.0.clone()).unwrap_or_else(|| {
                    h.stages
                        .iter()
                        .rev()
                        .find(|(at, _)| *at <= m.created_at)
                        .or(h.stages.first())
                        .map(|s| s.1.clone())
                        .unwrap_or_else(|| t.stage.clone())
                });
                let stage_label = flow
                    .stage(&stage)
                    .map(|s| s.label(lang).to_string())
                    .unwrap_or_else(|| stage.clone());
                ProgressEntry {
                    at: m.created_at,
                    stage,
                    stage_label,
                    kind: logged.map_or("reply", |s| s.1),
                    author: m.author,
                    text: m.body,
                }
            })
            .collect())
    }

    /// The canned replies of the config.
    pub fn replies(&self) -> &[Reply] {
        &self.config.service.replies
    }

    /// The macros of the config.
    pub fn macros(&self) -> &[Macro] {
        &self.config.service.macros
    }

    /// The macro with this id or suggested key (the console looks keys up here).
    pub fn macro_def(&self, id_or_key: &str) -> Result<&Macro> {
        self.config.service.macro_def(id_or_key).ok_or_else(|| {
            Error::invalid(
                format!("unknown macro '{id_or_key}'"),
                format!(
                    "macros: {}",
                    ids(self.macros().iter().map(|m| m.id.as_str()))
                ),
            )
        })
    }

    /// A canned reply's text with the placeholders filled for ticket `id`.
    pub fn render_reply(&self, id: i64, template: &str) -> Result<String> {
        let t = st::get(self.store.conn(), id)?;
        let r = self.reply_def(template)?;
        Ok(fill(
            &r.text,
            &Fill::of(&t, &self.actor, "客户 / customer", "-"),
        ))
    }

    fn reply_def(&self, template: &str) -> Result<&Reply> {
        self.config.service.reply(template).ok_or_else(|| {
            Error::invalid(
                format!("unknown reply template '{template}'"),
                format!(
                    "templates: {}",
                    ids(self.replies().iter().map(|r| r.id.as_str()))
                ),
            )
        })
    }

    /// Sends a canned reply to the customer.
    pub fn reply_with_template(
        &mut self,
        id: i64,
        template: &str,
        expected: Option<i64>,
    ) -> Result<super::Commented> {
        let text = self.render_reply(id, template)?;
        self.comment(id, &text, false, expected)
    }

    /// Applies a macro: stage, priority, assignee and reply in ONE transaction, with
    /// an audit event for each change; the ticket's version goes up once.
    pub fn apply_macro(
        &mut self,
        id: i64,
        macro_id: &str,
        expected: Option<i64>,
    ) -> Result<Ticket> {
        let m = self.macro_def(macro_id)?.clone();
        let reply = m
            .reply
            .as_deref()
            .map(|r| self.reply_def(r).map(|r| r.text.clone()))
            .transpose()?;
        let s = self.stamp();
        let cfg = &self.config;
        self.store.write(|c| {
            let t = super::lookup::current(c, id, expected)?;
            let mut u = TicketUpdate::default();
            let mut events: Vec<Event> = Vec::new();
            let mut entered = None;
            if let Some(stage) = m.stage.as_deref().filter(|x| *x != t.stage) {
                let target = cfg
                    .workflow
                    .check_move(&t.ty, &t.stage, stage)
                    .map_err(|e| super::lookup::move_error(&t, e))
                    .map_err(|e| macro_error(&m, e))?;
                let times = StageTimes::of(&t).entering(target.kind, s.at);
                super::stages::set_stage(&mut u, &t, target, times);
                let old = Some(t.stage.clone());
                events.push(Event::new("move", "stage", old, Some(target.id.clone())));
                entered = Some(target.id.clone());
            }
            if let Some(p) = m.priority.filter(|p| *p != t.priority) {
                u.priority = Some(p);
                events.push(Event::edit(
                    "priority",
                    t.priority.to_string(),
                    p.to_string(),
                ));
            }
            if let Some(a) = m.assignee.as_deref() {
                let who = if a == "me" { s.actor.as_str() } else { a };
                let aid = super::lookup::resolve_agent(c, who).map_err(|e| macro_error(&m, e))?;
                if Some(aid) != t.assignee_id {
                    u.assignee_id = Some(Some(aid));
                    let name = agents::get(c, aid)?.name;
                    events.push(Event::new(
                        "assign",
                        "assignee",
                        t.assignee.clone(),
                        Some(name),
                    ));
                }
            }
            if reply.is_some() && t.first_response_at.is_none() {
                u.first_response_at = Some(Some(s.at));
            }
            if events.is_empty() && reply.is_none() {
                return Ok(t);
            }
            let w = write::update(c, &s, id, t.version, &u, events)?;
            if let Some(text) = &reply {
                // Placeholders see the ticket as the macro leaves it.
                let after = st::get(c, id)?;
                let body = CleanText::new(&fill(
                    text,
                    &Fill::of(&after, &s.actor, "客户 / customer", "-"),
                ));
                let cid = st::insert_comment(c, id, &s.actor, &body, false, s.at)?;
                let ev = Event::set("reply", "comment", cid.to_string());
                write::record(c, &s, Entity::Ticket, id, Some(w.version), &[ev])?;
                super::mail::on_reply(c, cfg, id, cid, &body, s.at, &s.actor)?;
            }
            super::after_change::after_change(c, cfg, id, &s, entered.as_deref())?;
            st::get(c, id)
        })
    }

    /// Whether a ticket of this type in this stage is resolved or closed.
    pub(crate) fn is_done(&self, t: &Ticket) -> bool {
        self.config
            .workflow
            .stage(&t.ty, &t.stage)
            .is_some_and(|s| matches!(s.kind, StageKind::Resolved | StageKind::Closed))
    }
}

fn macro_error(m: &Macro, e: Error) -> Error {
    let hint = e.hint();
    Error::Invalid {
        message: format!("macro '{}': {e}", m.id),
        hint,
    }
}

/// `a, b, c` (or `none`).
pub(crate) fn ids<'a>(it: impl Iterator<Item = &'a str>) -> String {
    let v: Vec<&str> = it.collect();
    if v.is_empty() {
        "none configured".into()
    } else {
        v.join(", ")
    }
}
