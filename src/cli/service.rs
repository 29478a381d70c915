//! `aftercare sla|csat|visit|macro|reply …` and the service arms of `ticket`
//! (`csat`, `progress`, `reply`, `macro`).

use super::output::{self, short, ts, Record};
use super::{CsatCmd, Format, MacroCmd, ReplyCmd, SlaCmd, VisitCmd};
use crate::domain::service::{Csat, Escalation, Macro, Reply, Visit};
use crate::domain::sla_engine::{business_span, Clock, SlaStatus};
use crate::domain::ticket::Ticket;
use crate::error::{Error, Result};
use crate::ops::{Desk, EscalationOutcome, ProgressEntry, VisitDue};
use serde_json::{json, Value};

/// A countdown in business time: `2h10m`, or `-40m` when overdue.
fn countdown(s: &SlaStatus) -> String {
    match s.countdown_secs {
        Some(c) if c < 0 || s.state == crate::domain::sla::SlaState::Breached => {
            format!("-{}", business_span(c))
        }
        Some(c) => business_span(c),
        None => String::new(),
    }
}

fn clock_json(c: &Option<Clock>) -> Value {
    match c {
        None => Value::Null,
        Some(c) => json!({
            "state": c.state.as_str(),
            "phase": c.phase.as_str(),
            "due": ts(c.due),
            "warn_at": ts(c.warn_at),
            "target_hours": c.target_secs as f64 / 3600.0,
            "used_hours": round2(c.used_secs as f64 / 3600.0),
            "left_hours": round2(c.left_secs() as f64 / 3600.0),
            "stopped_at": ts(c.stopped_at),
            "met": c.met,
        }),
    }
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

fn clock_cell(c: &Option<Clock>) -> String {
    match c {
        None => "-".into(),
        Some(c) => {
            let mut s = format!(
                "{} {} ({} of {} used)",
                c.state.as_str(),
                c.phase.as_str(),
                business_span(c.used_secs.max(0)),
                business_span(c.target_secs)
            );
            if let Some(d) = c.due {
                s.push_str(&format!(", due {}", short(Some(d))));
            }
            s
        }
    }
}

/// One ticket's SLA status, for `sla status` and `sla next`.
struct StatusView {
    ticket: Ticket,
    status: SlaStatus,
    escalations: Vec<Escalation>,
}

impl Record for StatusView {
    fn headers() -> Vec<&'static str> {
        vec![
            "id",
            "state",
            "countdown",
            "next_due",
            "priority",
            "stage",
            "assignee",
            "title",
            "reason",
            "first_response",
            "resolution",
            "stage_limit",
            "escalations",
        ]
    }
    fn cells(&self) -> Vec<String> {
        let (t, s) = (&self.ticket, &self.status);
        vec![
            t.id.to_string(),
            s.state.as_str().into(),
            countdown(s),
            short(s.next_due),
            t.priority.to_string(),
            t.stage.clone(),
            t.assignee.clone().unwrap_or_default(),
            t.title.clone(),
            s.reason.to_string(),
            clock_cell(&s.first_response),
            clock_cell(&s.resolution),
            s.stage
                .as_ref()
                .map(|x| {
                    format!(
                        "{} {} of {}, due {}",
                        x.state.as_str(),
                        business_span(x.used_secs),
                        business_span(x.limit_secs),
                        short(Some(x.due))
                    )
                })
                .unwrap_or_else(|| "-".into()),
            self.escalations
                .iter()
                .map(|e| format!("{} ({}: {})", e.rule, e.occasion, e.detail))
                .collect::<Vec<_>>()
                .join("; "),
        ]
    }
    fn json(&self) -> Value {
        let (t, s) = (&self.ticket, &self.status);
        json!({
            "id": t.id,
            "title": t.title,
            "priority": t.priority.as_str(),
            "type": t.ty,
            "stage": t.stage,
            "assignee": t.assignee,
            "state": s.state.as_str(),
            "next_due": ts(s.next_due),
            "countdown_secs": s.countdown_secs,
            "reason": s.reason.to_string(),
            "first_response": clock_json(&s.first_response),
            "resolution": clock_json(&s.resolution),
            "stage_limit": s.stage.as_ref().map(|x| json!({
                "stage": x.stage,
                "state": x.state.as_str(),
                "entered_at": ts(Some(x.entered_at)),
                "due": ts(Some(x.due)),
                "limit_hours": x.limit_secs as f64 / 3600.0,
                "used_hours": round2(x.used_secs as f64 / 3600.0),
            })),
            "paused_since": ts(s.paused_since),
            "pauses": s.pauses.iter().map(|p| json!({
                "stage": p.stage,
                "wall_hours": round2(p.wall_secs as f64 / 3600.0),
                "business_hours": round2(p.business_secs as f64 / 3600.0),
            })).collect::<Vec<_>>(),
            "escalations": self.escalations.iter().map(|e| json!({
                "rule": e.rule,
                "occasion": e.occasion,
                "action": e.action,
                "detail": e.detail,
                "at": ts(Some(e.at)),
                "actor": e.actor,
            })).collect::<Vec<_>>(),
        })
    }
}

/// `sla next`: the short form of a status line.
struct NextView(StatusView);

impl Record for NextView {
    fn headers() -> Vec<&'static str> {
        StatusView::headers()[..9].to_vec()
    }
    fn cells(&self) -> Vec<String> {
        self.0.cells()[..9].to_vec()
    }
    fn json(&self) -> Value {
        let mut v = self.0.json();
        if let Some(o) = v.as_object_mut() {
            o.retain(|k, _| {
                [
                    "id",
                    "title",
                    "priority",
                    "type",
                    "stage",
                    "assignee",
                    "state",
                    "next_due",
                    "countdown_secs",
                    "reason",
                ]
                .contains(&k.as_str())
            });
        }
        v
    }
}

impl Record for EscalationOutcome {
    fn headers() -> Vec<&'static str> {
        vec![
            "ticket", "rule", "occasion", "action", "detail", "applied", "error", "title", "reason",
        ]
    }
    fn cells(&self) -> Vec<String> {
        vec![
            self.ticket_id.to_string(),
            self.rule.clone(),
            self.occasion.clone(),
            self.action.clone(),
            self.detail.clone(),
            self.applied.to_string(),
            self.error.clone().unwrap_or_default(),
            self.title.clone(),
            self.reason.clone(),
        ]
    }
    fn json(&self) -> Value {
        json!({
            "ticket_id": self.ticket_id,
            "title": self.title,
            "rule": self.rule,
            "occasion": self.occasion,
            "action": self.action,
            "detail": self.detail,
            "applied": self.applied,
            "error": self.error,
            "reason": self.reason,
        })
    }
}

/// Runs an `sla` command.
pub fn sla(desk: &mut Desk, cmd: &SlaCmd, f: Format) -> Result<()> {
    match cmd {
        SlaCmd::Status { id } => {
            let view = StatusView {
                ticket: desk.ticket(*id)?,
                status: desk.sla_status(*id)?,
                escalations: desk.escalations(*id)?,
            };
            output::one(f, &view)
        }
        SlaCmd::Next { limit } => {
            let rows: Vec<NextView> = desk
                .sla_next((*limit).max(1))?
                .into_iter()
                .map(|(ticket, status)| {
                    NextView(StatusView {
                        ticket,
                        status,
                        escalations: vec![],
                    })
                })
                .collect();
            output::list(f, &rows)
        }
        SlaCmd::Escalate { dry_run } => {
            let out = desk.sla_escalate(*dry_run)?;
            if f == Format::Table && out.is_empty() {
                return output::emit("nothing to escalate\n");
            }
            output::list(f, &out)?;
            let failed = out.iter().filter(|o| o.error.is_some()).count();
            if failed > 0 {
                return Err(Error::invalid(
                    format!("{failed} escalation(s) could not be applied"),
                    "see the error column; fix the [[sla.escalations]] rule or add the agent",
                ));
            }
            Ok(())
        }
        SlaCmd::Recompute => {
            let n = desk.sla_recompute(&mut |_, _| {})?;
            match f {
                Format::Json => output::json(&json!({ "tickets": n })),
                _ => output::emit(&format!("SLA due times recomputed for {n} tickets\n")),
            }
        }
    }
}

impl Record for Csat {
    fn headers() -> Vec<&'static str> {
        vec![
            "ticket", "score", "comment", "rated_at", "rated_by", "version",
        ]
    }
    fn cells(&self) -> Vec<String> {
        vec![
            self.ticket_id.to_string(),
            self.score.to_string(),
            self.comment.clone(),
            short(Some(self.rated_at)),
            self.rated_by.clone(),
            self.version.to_string(),
        ]
    }
    fn json(&self) -> Value {
        json!({
            "ticket_id": self.ticket_id,
            "score": self.score,
            "comment": self.comment,
            "rated_at": ts(Some(self.rated_at)),
            "rated_by": self.rated_by,
            "version": self.version,
        })
    }
}

/// Runs a `csat` command.
pub fn csat(desk: &mut Desk, cmd: &CsatCmd, f: Format) -> Result<()> {
    match cmd {
        CsatCmd::Due { limit } => {
            let rows: Vec<_> = desk
                .csat_due((*limit).max(1))?
                .into_iter()
                .map(|t| desk.ticket_view(t))
                .collect();
            output::list(f, &rows)
        }
        CsatCmd::Ask { id, if_version } => {
            let d = desk.ask_survey(*id, *if_version)?;
            super::mail::delivered(f, &format!("survey for ticket #{id}"), &d, None)
        }
    }
}

impl Record for Visit {
    fn headers() -> Vec<&'static str> {
        vec![
            "id", "due_on", "ticket", "customer", "assignee", "note", "done_at", "result", "title",
        ]
    }
    fn cells(&self) -> Vec<String> {
        vec![
            self.id.to_string(),
            self.due_on.to_string(),
            self.ticket_id.to_string(),
            self.customer.clone().unwrap_or_default(),
            self.assignee.clone().unwrap_or_default(),
            self.note.clone(),
            short(self.done_at),
            self.done_note.clone(),
            self.ticket_title.clone(),
        ]
    }
    fn json(&self) -> Value {
        json!({
            "id": self.id,
            "ticket_id": self.ticket_id,
            "ticket_title": self.ticket_title,
            "customer": self.customer,
            "due_on": self.due_on.to_string(),
            "assignee": self.assignee,
            "assignee_id": self.assignee_id,
            "note": self.note,
            "done_at": ts(self.done_at),
            "done_note": self.done_note,
            "created_at": ts(Some(self.created_at)),
            "created_by": self.created_by,
            "version": self.version,
        })
    }
}

/// Runs a `visit` command.
pub fn visit(desk: &mut Desk, cmd: &VisitCmd, f: Format) -> Result<()> {
    match cmd {
        VisitCmd::Schedule {
            ticket_id,
            on,
            assignee,
            note,
        } => {
            let v = desk.schedule_visit(*ticket_id, on, assignee.as_deref(), note.as_deref())?;
            match f {
                Format::Table | Format::Md | Format::Html => output::emit(&format!(
                    "return visit #{} scheduled for ticket #{} on {}{}\n",
                    v.id,
                    v.ticket_id,
                    v.due_on,
                    v.assignee
                        .as_deref()
                        .map(|a| format!(" ({a})"))
                        .unwrap_or_default()
                )),
                _ => output::one(f, &v),
            }
        }
        VisitCmd::List {
            due,
            assignee,
            limit,
        } => {
            let due = VisitDue::parse(due)?;
            output::list(f, &desk.visits(due, assignee.as_deref(), (*limit).max(1))?)
        }
        VisitCmd::Done {
            id,
            note,
            if_version,
        } => {
            let v = desk.finish_visit(*id, note.as_deref(), *if_version)?;
            match f {
                Format::Table | Format::Md | Format::Html => output::emit(&format!(
                    "return visit #{} done (ticket #{})\n",
                    v.id, v.ticket_id
                )),
                _ => output::one(f, &v),
            }
        }
    }
}

impl Record for Macro {
    fn headers() -> Vec<&'static str> {
        vec![
            "id", "key", "stage", "priority", "assignee", "reply", "title",
        ]
    }
    fn cells(&self) -> Vec<String> {
        vec![
            self.id.clone(),
            self.key.clone().unwrap_or_default(),
            self.stage.clone().unwrap_or_default(),
            self.priority.map(|p| p.to_string()).unwrap_or_default(),
            self.assignee.clone().unwrap_or_default(),
            self.reply.clone().unwrap_or_default(),
            self.title.clone(),
        ]
    }
    fn json(&self) -> Value {
        json!({
            "id": self.id,
            "title": self.title,
            "key": self.key,
            "stage": self.stage,
            "priority": self.priority.map(|p| p.as_str()),
            "assignee": self.assignee,
            "reply": self.reply,
        })
    }
}

impl Record for Reply {
    fn headers() -> Vec<&'static str> {
        vec!["id", "title", "text"]
    }
    fn cells(&self) -> Vec<String> {
        vec![self.id.clone(), self.title.clone(), self.text.clone()]
    }
    fn json(&self) -> Value {
        json!({ "id": self.id, "title": self.title, "text": self.text })
    }
}

/// Runs a `macro` command.
pub fn macros(desk: &Desk, cmd: &MacroCmd, f: Format) -> Result<()> {
    match cmd {
        MacroCmd::List => output::list(f, desk.macros()),
    }
}

/// Runs a `reply` command.
pub fn replies(desk: &Desk, cmd: &ReplyCmd, f: Format) -> Result<()> {
    match cmd {
        ReplyCmd::List => output::list(f, desk.replies()),
        ReplyCmd::Show { id, ticket } => {
            let r = desk
                .replies()
                .iter()
                .find(|r| &r.id == id)
                .cloned()
                .ok_or_else(|| {
                    Error::invalid(
                        format!("unknown reply template '{id}'"),
                        "list them with: aftercare reply list",
                    )
                })?;
            let text = match ticket {
                Some(t) => desk.render_reply(*t, id)?,
                None => r.text.clone(),
            };
            match f {
                Format::Table | Format::Md | Format::Html => output::emit(&format!("{text}\n")),
                _ => output::one(f, &Reply { text, ..r }),
            }
        }
    }
}

impl Record for ProgressEntry {
    fn headers() -> Vec<&'static str> {
        vec!["at", "stage", "kind", "author", "text"]
    }
    fn cells(&self) -> Vec<String> {
        vec![
            short(Some(self.at)),
            self.stage_label.clone(),
            self.kind.into(),
            self.author.clone(),
            self.text.clone(),
        ]
    }
    fn json(&self) -> Value {
        json!({
            "at": ts(Some(self.at)),
            "stage": self.stage,
            "stage_label": self.stage_label,
            "kind": self.kind,
            "author": self.author,
            "text": self.text,
        })
    }
}

/// `ticket csat ID SCORE [--comment]`
pub fn ticket_csat(
    desk: &mut Desk,
    id: i64,
    score: i64,
    comment: Option<&str>,
    guard: Option<i64>,
    f: Format,
) -> Result<()> {
    let s = desk.rate(id, score, comment, guard)?;
    match f {
        Format::Table | Format::Md | Format::Html => output::emit(&format!(
            "ticket #{id} rated {}/5{}\n",
            s.score,
            if s.version > 1 { " (updated)" } else { "" }
        )),
        _ => output::one(f, &s),
    }
}

/// `ticket progress ID`: what the customer has been told, with the stage now.
pub fn ticket_progress(desk: &Desk, id: i64, f: Format) -> Result<()> {
    let entries = desk.progress(id)?;
    match f {
        Format::Table | Format::Md | Format::Html => {
            let t = desk.ticket(id)?;
            let lang = desk.config.ui.language.as_str();
            let now = desk
                .config
                .workflow
                .stage(&t.ty, &t.stage)
                .map(|s| s.label(lang).to_string())
                .unwrap_or_else(|| t.stage.clone());
            let mut text = format!("#{} {} — now: {now}\n", t.id, t.title);
            for e in &entries {
                text.push_str(&format!(
                    "\n── {} · {} · {} · {}\n{}\n",
                    short(Some(e.at)),
                    e.stage_label,
                    e.kind,
                    e.author,
                    crate::domain::text::sanitize(&e.text)
                ));
            }
            if entries.is_empty() {
                text.push_str("(nothing sent to the customer yet)\n");
            }
            output::emit(&text)
        }
        _ => output::list(f, &entries),
    }
}

/// `ticket reply ID [TEXT] [--template T]`
pub fn ticket_reply(
    desk: &mut Desk,
    id: i64,
    text: Option<&str>,
    template: Option<&str>,
    guard: Option<i64>,
    f: Format,
) -> Result<()> {
    let c = match (template, text) {
        (Some(t), None) => desk.reply_with_template(id, t, guard)?,
        (None, Some(x)) => desk.comment(id, x, false, guard)?,
        (Some(_), Some(_)) => {
            return Err(Error::invalid(
                "give either a text or --template, not both",
                "aftercare ticket reply ID --template ack",
            ))
        }
        (None, None) => {
            return Err(Error::invalid(
                "nothing to send",
                "give a text, or a canned reply with --template (aftercare reply list)",
            ))
        }
    };
    let mail = desk.comment_delivery(id, c.comment.id)?;
    match f {
        Format::Table | Format::Md | Format::Html => output::emit(&format!(
            "reply added to ticket #{id}\n{}",
            super::mail::reply_note(&mail)
        )),
        Format::Json => super::mail::delivered(f, "", &mail, Some(c.json())),
        _ => output::one(f, &c),
    }
}

/// `ticket macro ID MACRO`
pub fn ticket_macro(
    desk: &mut Desk,
    id: i64,
    name: &str,
    guard: Option<i64>,
    f: Format,
) -> Result<()> {
    let t = desk.apply_macro(id, name, guard)?;
    match f {
        Format::Table | Format::Md | Format::Html => output::emit(&format!(
            "macro '{name}' applied to ticket #{id}: {} · {} · {} (version {})\n",
            t.stage,
            t.priority,
            t.assignee.as_deref().unwrap_or("unassigned"),
            t.version
        )),
        _ => output::one(f, &desk.ticket_view(t)),
    }
}
