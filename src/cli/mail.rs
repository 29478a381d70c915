//! `aftercare mail …`, and how mail shows in `ticket show` and after a reply.

use super::output::{self, short, ts, Record};
use super::{Format, MailCmd};
use crate::domain::intake::ImportSummary;
use crate::domain::mail::{Delivery, MailState, OutboxMessage};
use crate::error::{Error, Result};
use crate::ops::mail::{OutboxFilter, SendOutcome, SendSummary, WatchEvent};
use crate::ops::Desk;
use serde_json::{json, Value};

impl Record for OutboxMessage {
    fn headers() -> Vec<&'static str> {
        vec![
            "id", "state", "kind", "ticket", "to", "tries", "when", "subject", "error",
        ]
    }
    fn cells(&self) -> Vec<String> {
        let when = match self.state {
            MailState::Sent => short(self.sent_at),
            MailState::Queued => short(Some(self.next_at)),
            MailState::Failed => short(Some(self.updated_at)),
        };
        vec![
            self.id.to_string(),
            self.state.as_str().into(),
            self.kind.as_str().into(),
            self.ticket_id.to_string(),
            self.to_addr.clone(),
            self.attempts.to_string(),
            when,
            self.subject.clone(),
            self.last_error.clone().unwrap_or_default(),
        ]
    }
    fn json(&self) -> Value {
        json!({
            "id": self.id,
            "ticket_id": self.ticket_id,
            "comment_id": self.comment_id,
            "kind": self.kind.as_str(),
            "state": self.state.as_str(),
            "to": self.to_addr,
            "to_name": self.to_name,
            "subject": self.subject,
            "body": self.body,
            "lang": self.lang,
            "message_id": self.message_id,
            "in_reply_to": self.in_reply_to,
            "references": self.references,
            "attempts": self.attempts,
            "next_at": (self.state == MailState::Queued).then(|| ts(Some(self.next_at))),
            "last_error": self.last_error,
            "response": self.response,
            "created_at": ts(Some(self.created_at)),
            "created_by": self.created_by,
            "sent_at": ts(self.sent_at),
            "updated_at": ts(Some(self.updated_at)),
            "version": self.version,
        })
    }
}

/// Runs a `mail` command.
pub fn run(desk: &mut Desk, cmd: &MailCmd, f: Format) -> Result<()> {
    match cmd {
        MailCmd::Fetch => {
            let sums = desk.fetch_mail()?;
            match f {
                Format::Json => {
                    output::json(&Value::Array(sums.iter().map(Record::json).collect()))
                }
                Format::Csv => output::list(f, &sums),
                _ => output::emit(
                    &sums
                        .iter()
                        .map(|s| {
                            super::intake::summary_text(s).replacen(" import of ", " fetch of ", 1)
                        })
                        .collect::<Vec<_>>()
                        .join(""),
                ),
            }
        }
        MailCmd::Send { limit } => {
            let s = desk.send_mail((*limit).max(1))?;
            match f {
                Format::Json | Format::Csv => output::json(&send_json(&s))?,
                _ => output::emit(&send_text(&s))?,
            }
            match s.stopped {
                Some(why) => Err(Error::invalid(
                    format!("sending stopped: {why}"),
                    format!(
                        "{} message(s) stay queued and go with the next `aftercare mail send`; check [mail] and the server",
                        s.queued
                    ),
                )),
                None => Ok(()),
            }
        }
        MailCmd::Outbox {
            all,
            failed,
            limit,
            before,
        } => {
            let which = if *all {
                OutboxFilter::All
            } else if *failed {
                OutboxFilter::Failed
            } else {
                OutboxFilter::Pending
            };
            let rows = desk.mail_outbox(which, *before, (*limit).max(1))?;
            if rows.is_empty() && matches!(f, Format::Table | Format::Md) {
                let (queued, failed) = desk.mail_counts()?;
                return output::emit(&format!(
                    "nothing {} ({queued} queued, {failed} failed)\n",
                    match which {
                        OutboxFilter::All => "in the outbox",
                        OutboxFilter::Failed => "failed",
                        OutboxFilter::Pending => "waiting or failed",
                    }
                ));
            }
            output::list(f, &rows)
        }
        MailCmd::Retry { id, if_version } => {
            let m = desk.retry_mail(*id, *if_version)?;
            match f {
                Format::Table | Format::Md => output::emit(&format!(
                    "mail #{} to {} queued again (version {}); it goes with the next `aftercare mail send`\n",
                    m.id, m.to_addr, m.version
                )),
                _ => output::one(f, &m),
            }
        }
        MailCmd::Watch => watch(desk, f),
    }
}

fn watch(desk: &mut Desk, f: Format) -> Result<()> {
    let mut said_waiting = false;
    desk.watch_mail(|e| {
        let now = crate::domain::time::short(crate::domain::time::now());
        let line = match (e, f) {
            (WatchEvent::Fetched(s), Format::Json) => {
                Some(json!({"event": "fetched", "summary": s.json()}).to_string())
            }
            (WatchEvent::Fetched(s), _) if s.read > 0 || !s.skipped.is_empty() => {
                Some(format!("{now} fetched {}", fetch_line(s)))
            }
            (WatchEvent::Sent(s), Format::Json) if !s.results.is_empty() || s.stopped.is_some() => {
                Some(json!({"event": "sent", "summary": send_json(s)}).to_string())
            }
            (WatchEvent::Sent(s), _) if !s.results.is_empty() || s.stopped.is_some() => Some(
                send_text(s)
                    .lines()
                    .map(|l| format!("{now} {l}"))
                    .collect::<Vec<_>>()
                    .join("\n"),
            ),
            (WatchEvent::Error(e), Format::Json) => {
                Some(json!({"event": "error", "error": e}).to_string())
            }
            (WatchEvent::Error(e), _) => Some(format!("{now} error: {e}")),
            (WatchEvent::Waiting { idle, seconds }, _) if !said_waiting => {
                said_waiting = true;
                Some(match f {
                    Format::Json => {
                        json!({"event": "watching", "idle": idle, "poll_seconds": seconds})
                            .to_string()
                    }
                    _ => format!(
                        "{now} watching: {} (Ctrl-C stops)",
                        if *idle {
                            format!("IMAP IDLE, at least every {seconds} s")
                        } else {
                            format!("every {seconds} s")
                        }
                    ),
                })
            }
            _ => None,
        };
        match line {
            Some(l) => output::emit(&format!("{l}\n")).is_ok(),
            None => true,
        }
    })
}

fn fetch_line(s: &ImportSummary) -> String {
    let ids: Vec<String> = s.tickets.iter().map(|t| format!("#{t}")).collect();
    format!(
        "{}: {} new ticket(s){}, {} repl(ies), {} bounce(s), {} duplicate(s), {} skipped",
        s.source,
        s.tickets.len(),
        if ids.is_empty() {
            String::new()
        } else {
            format!(" ({})", ids.join(" "))
        },
        s.replies,
        s.bounces,
        s.duplicates,
        s.skipped.len()
    )
}

fn send_text(s: &SendSummary) -> String {
    let mut out = String::new();
    for r in &s.results {
        let head = format!(
            "#{} → {} (ticket #{}, try {})",
            r.id, r.to, r.ticket_id, r.attempt
        );
        out.push_str(&match &r.outcome {
            SendOutcome::Sent(a) => format!("sent    {head}: {a}\n"),
            SendOutcome::Retrying { error, next_at } => format!(
                "retry   {head}: {error}; next try {}\n",
                short(Some(*next_at))
            ),
            SendOutcome::Failed(e) => format!("failed  {head}: {e}\n"),
        });
    }
    let retrying = s
        .results
        .iter()
        .filter(|r| matches!(r.outcome, SendOutcome::Retrying { .. }))
        .count();
    let failed = s
        .results
        .iter()
        .filter(|r| matches!(r.outcome, SendOutcome::Failed(_)))
        .count();
    out.push_str(&format!(
        "{} sent, {retrying} to retry, {failed} failed; outbox: {} queued, {} failed\n",
        s.sent(),
        s.queued,
        s.failed
    ));
    out
}

fn send_json(s: &SendSummary) -> Value {
    json!({
        "results": s.results.iter().map(|r| {
            let (state, detail, next) = match &r.outcome {
                SendOutcome::Sent(a) => ("sent", a.clone(), None),
                SendOutcome::Retrying { error, next_at } => ("queued", error.clone(), Some(*next_at)),
                SendOutcome::Failed(e) => ("failed", e.clone(), None),
            };
            json!({
                "id": r.id,
                "ticket_id": r.ticket_id,
                "to": r.to,
                "attempt": r.attempt,
                "state": state,
                "response": (state == "sent").then(|| detail.clone()),
                "error": (state != "sent").then_some(detail),
                "next_at": ts(next),
            })
        }).collect::<Vec<_>>(),
        "sent": s.sent(),
        "stopped": s.stopped,
        "queued": s.queued,
        "failed": s.failed,
    })
}

/// How a delivery is shown: JSON, or one line for people.
pub fn delivery_json(d: &Delivery) -> Value {
    match d {
        Delivery::Queued { outbox_id, to } => {
            json!({"state": "queued", "outbox_id": outbox_id, "to": to})
        }
        Delivery::NoAddress { customer } => {
            json!({"state": "not_sent", "reason": "no_address", "customer": customer})
        }
        Delivery::NoCustomer => json!({"state": "not_sent", "reason": "no_customer"}),
        Delivery::NotConfigured => json!({"state": "not_sent", "reason": "mail_not_configured"}),
    }
}

fn delivery_line(d: &Delivery) -> Option<String> {
    match d {
        Delivery::Queued { outbox_id, to } => Some(format!(
            "mail #{outbox_id} to {to} queued (sent by `aftercare mail send`, `mail watch` or the console)"
        )),
        Delivery::NoAddress { customer } => Some(format!(
            "not sent by mail: customer {customer} has no email address (add one with: aftercare customer edit)"
        )),
        Delivery::NoCustomer => Some("not sent by mail: the ticket has no customer".into()),
        // Without [mail] nothing changes from before: no line.
        Delivery::NotConfigured => None,
    }
}

/// After something was (maybe) queued: `what` and the delivery, or the record's JSON
/// (`base`, the written record) with a `mail` key.
pub fn delivered(f: Format, what: &str, d: &Delivery, base: Option<Value>) -> Result<()> {
    match f {
        // Without [mail] a record prints as it always did.
        Format::Json if *d == Delivery::NotConfigured && base.is_some() => {
            output::json(&base.unwrap_or_default())
        }
        Format::Json => {
            let mut v = base.unwrap_or_else(|| json!({}));
            v["mail"] = delivery_json(d);
            output::json(&v)
        }
        _ => output::emit(&format!(
            "{what}: {}\n",
            delivery_line(d).unwrap_or_else(|| "mail is not configured; nothing sent".into())
        )),
    }
}

/// The line a reply adds on the terminal, if mail is involved.
pub fn reply_note(d: &Delivery) -> String {
    delivery_line(d)
        .map(|l| format!("{l}\n"))
        .unwrap_or_default()
}

/// The ticket's mail for `ticket show` (table), empty when there is none.
pub fn show_text(desk: &Desk, id: i64) -> Result<String> {
    let mail = desk.ticket_mail(id)?;
    let mut out = String::new();
    for m in &mail {
        let state = match m.state {
            MailState::Sent => format!("sent {}", short(m.sent_at)),
            MailState::Queued if m.attempts == 0 => "queued".to_string(),
            MailState::Queued => format!(
                "queued, try {} failed ({}), next {}",
                m.attempts,
                m.last_error.as_deref().unwrap_or(""),
                short(Some(m.next_at))
            ),
            MailState::Failed => format!(
                "FAILED: {}",
                m.last_error.as_deref().unwrap_or("unknown reason")
            ),
        };
        out.push_str(&format!(
            "  mail #{} · {} · to {} · {} · {}\n",
            m.id,
            m.kind.as_str(),
            m.to_addr,
            crate::domain::text::one_line(&m.subject),
            crate::domain::text::one_line(&state)
        ));
    }
    if !out.is_empty() {
        out.insert_str(0, "\nmail:\n");
    }
    Ok(out)
}

/// The ticket's mail as a `mail` array in `ticket show --format json`.
pub fn show_json(desk: &Desk, id: i64, v: &mut Value) -> Result<()> {
    v["mail"] = Value::Array(desk.ticket_mail(id)?.iter().map(Record::json).collect());
    Ok(())
}
