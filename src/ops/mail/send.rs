//! Delivering the outbox: take a due message (a lease, so two senders never take the
//! same one), hand it to the server, record what the server said. A crash between the
//! server's acceptance and the record sends it again after the lease, with the same
//! Message-ID: at least once, never zero times.

use super::super::intake_run::Ctx;
use super::inbound::mail_event;
use super::transport::{self, Transport, TryError};
use crate::domain::mail::backoff;
use crate::error::Result;
use crate::ops::Desk;
use crate::store::outbox::{self, Outcome};

/// How one message's try ended.
#[derive(Debug, Clone, PartialEq)]
pub enum SendOutcome {
    /// Accepted, with the server's answer.
    Sent(String),
    /// Not accepted; tried again at `next_at`.
    Retrying { error: String, next_at: i64 },
    /// Given up with this reason (`mail retry ID` queues it again).
    Failed(String),
}

/// One message tried.
#[derive(Debug, Clone, PartialEq)]
pub struct SendResult {
    pub id: i64,
    pub ticket_id: i64,
    pub to: String,
    /// The try this was (1 = first).
    pub attempt: i64,
    pub outcome: SendOutcome,
}

/// What one run of the sender did.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SendSummary {
    pub results: Vec<SendResult>,
    /// Why the run stopped early (server unreachable, login refused), if it did.
    pub stopped: Option<String>,
    /// Still queued afterwards (waiting for a retry or not due yet).
    pub queued: i64,
    /// Failed in the outbox afterwards (all time).
    pub failed: i64,
}

impl SendSummary {
    /// How many were accepted by the server.
    pub fn sent(&self) -> usize {
        self.results
            .iter()
            .filter(|r| matches!(r.outcome, SendOutcome::Sent(_)))
            .count()
    }
}

impl Desk {
    /// Sends up to `limit` due messages of the outbox over the configured way out.
    pub fn send_mail(&mut self, limit: usize) -> Result<SendSummary> {
        let m = self.mail_config()?.clone();
        if m.outgoing.is_none() {
            return Err(transport::not_configured());
        }
        let mut summary = SendSummary::default();
        // Set up before taking any message, so a missing password leaves all queued.
        let way = Transport::new(&m)?;
        for _ in 0..limit {
            let now = self.now();
            let timeout = match &m.outgoing {
                Some(crate::config::Outgoing::Smtp(s)) => s.timeout_seconds as i64,
                _ => 60,
            };
            // Long enough for a slow server's every step; short enough to retry soon
            // after a crash.
            let lease = now + 4 * timeout + 60;
            let Some(msg) = self.store.write(|c| outbox::claim_due(c, now, lease))? else {
                break;
            };
            let result = match transport::build(&m, &msg) {
                Err(e) => Err(TryError::Permanent(e)),
                Ok(mime) => way.send(&mime),
            };
            let now = self.now();
            let outcome = match &result {
                Ok(answer) => SendOutcome::Sent(answer.clone()),
                Err(TryError::Permanent(e)) => SendOutcome::Failed(e.clone()),
                Err(TryError::Transient(e) | TryError::Session(e)) => {
                    // The tries are counted on the message; the error stays the server's own words.
                    if msg.attempts >= i64::from(m.max_attempts) {
                        SendOutcome::Failed(e.clone())
                    } else {
                        SendOutcome::Retrying {
                            error: e.clone(),
                            next_at: now + backoff(msg.attempts, m.retry_seconds),
                        }
                    }
                }
            };
            let ctx = Ctx {
                desk_now: now,
                actor: &self.actor,
                config: &self.config,
            };
            self.store.write(|c| {
                let (rec, action, shown) = match &outcome {
                    SendOutcome::Sent(a) => (Outcome::Sent(a), "sent", a.clone()),
                    SendOutcome::Retrying { error, next_at } => (
                        Outcome::Retry {
                            error,
                            at: *next_at,
                        },
                        "retry",
                        format!(
                            "try {} failed: {error}; next at {}",
                            msg.attempts,
                            crate::domain::time::short(*next_at)
                        ),
                    ),
                    SendOutcome::Failed(e) => (Outcome::Failed(e), "failed", e.clone()),
                };
                let s = crate::store::write::Stamp::new(now, ctx.actor);
                outbox::record(c, &s, msg.id, msg.version, &rec)?;
                mail_event(c, &ctx, msg.id, action, Some("queued"), &shown)
            })?;
            summary.results.push(SendResult {
                id: msg.id,
                ticket_id: msg.ticket_id,
                to: msg.to_addr.clone(),
                attempt: msg.attempts,
                outcome,
            });
            if let Err(TryError::Session(e)) = result {
                summary.stopped = Some(e);
                break;
            }
        }
        (summary.queued, summary.failed) = outbox::counts(self.store.conn())?;
        Ok(summary)
    }
}
