//! Mail in and out. Customer-visible messages are queued in the outbox in the same
//! transaction as the change that causes them (`queue`); the sender delivers them
//! (`send`) over SMTP or sendmail (`transport`); `fetch` brings mail in from IMAP and
//! Maildir through the import path, `inbound` adds what replies and bounces do;
//! `watch` keeps doing both, and `worker` runs the sender beside the console.

mod fetch;
pub(crate) mod inbound;
pub(crate) mod queue;
mod secret;
mod send;
mod tls;
mod transport;
mod watch;
mod worker;

pub use send::{SendOutcome, SendResult, SendSummary};
pub use watch::WatchEvent;
pub use worker::{MailWorker, WorkerEvent};

use super::Desk;
use crate::config::MailConfig;
use crate::domain::mail::{Delivery, MailKind, MailState, OutboxMessage};
use crate::domain::workflow::StageKind;
use crate::error::{Error, Result};
use crate::store::outbox::{self, Which};
use crate::store::write::{self, Entity, Event};
use crate::store::Conn;
use crate::store::{customers, tickets as st};

pub use crate::store::outbox::Which as OutboxFilter;

impl Desk {
    /// The `[mail]` settings, or an error saying how to add them.
    pub fn mail_config(&self) -> Result<&MailConfig> {
        self.config.mail.as_ref().ok_or_else(|| {
            Error::invalid(
                "mail is not configured (no [mail] section in the config)",
                "add [mail] to the config file (README: Connect your mailbox; config.example.toml lists every key)",
            )
        })
    }

    /// Outbox messages, newest first: pending (queued or failed), failed, or all;
    /// `before` pages on by id.
    pub fn mail_outbox(
        &self,
        which: OutboxFilter,
        before: Option<i64>,
        limit: usize,
    ) -> Result<Vec<OutboxMessage>> {
        outbox::list(self.store.conn(), which, before, limit)
    }

    /// How many messages are queued and how many failed.
    pub fn mail_counts(&self) -> Result<(i64, i64)> {
        outbox::counts(self.store.conn())
    }

    /// One outbox message.
    pub fn mail_message(&self, id: i64) -> Result<OutboxMessage> {
        outbox::get(self.store.conn(), id)
    }

    /// The mail sent (or to be sent) about a ticket, oldest first.
    pub fn ticket_mail(&self, ticket_id: i64) -> Result<Vec<OutboxMessage>> {
        st::get(self.store.conn(), ticket_id)?;
        outbox::of_ticket(self.store.conn(), ticket_id)
    }

    /// Queues a failed message again (due now, tries counted afresh); a queued one
    /// becomes due now. A sent message is not sent again.
    pub fn retry_mail(&mut self, id: i64, expected: Option<i64>) -> Result<OutboxMessage> {
        let s = self.stamp();
        self.store.write(|c| {
            let m = outbox::get(c, id)?;
            if let Some(v) = expected.filter(|v| *v != m.version) {
                return Err(Error::Conflict {
                    message: format!(
                        "outbox message #{id} changed (it is at version {}, you had version {v})",
                        m.version
                    ),
                    hint: "look at it again with: aftercare mail outbox --all".into(),
                });
            }
            if m.state == MailState::Sent {
                return Err(Error::invalid(
                    format!(
                        "mail #{id} was already sent{}",
                        m.sent_at
                            .map(|t| format!(" at {}", crate::domain::time::short(t)))
                            .unwrap_or_default()
                    ),
                    "to send something again, reply on the ticket",
                ));
            }
            outbox::requeue(c, &s, id, m.version)?;
            let ev = Event::new(
                "retry",
                "state",
                Some(m.state.as_str().into()),
                Some("queued".into()),
            );
            write::record(c, &s, Entity::Mail, id, None, &[ev])?;
            outbox::get(c, id)
        })
    }

    /// What became of comment `comment_id` on ticket `ticket_id` as mail: queued
    /// (with the address), or why nothing was sent (no address, no customer, no mail).
    pub fn comment_delivery(&self, ticket_id: i64, comment_id: i64) -> Result<Delivery> {
        let c = self.store.conn();
        if let Some(m) = outbox::of_comment(c, comment_id)? {
            return Ok(Delivery::Queued {
                outbox_id: m.id,
                to: m.to_addr,
            });
        }
        if queue::outgoing(&self.config).is_none() {
            return Ok(Delivery::NotConfigured);
        }
        let t = st::get(c, ticket_id)?;
        match t.customer_id {
            None => Ok(Delivery::NoCustomer),
            Some(id) => Ok(Delivery::NoAddress {
                customer: customers::get(c, id)?.name,
            }),
        }
    }

    /// Sends the satisfaction survey (the `[mail] survey` reply) to the customer of a
    /// resolved or closed ticket. Without an address nothing is queued.
    pub fn ask_survey(&mut self, ticket_id: i64, expected: Option<i64>) -> Result<Delivery> {
        let m = self.mail_config()?;
        let Some(template) = m.survey.clone() else {
            return Err(Error::invalid(
                "no survey is configured",
                "set survey = \"ID\" in [mail], naming a [[replies]] entry",
            ));
        };
        let t = st::get(self.store.conn(), ticket_id)?;
        if !self.is_done(&t) {
            return Err(Error::invalid(
                format!(
                    "ticket #{ticket_id} is not resolved yet (it is in '{}')",
                    t.stage
                ),
                "ask for satisfaction once the ticket is solved",
            ));
        }
        let now = self.now();
        let actor = self.actor.clone();
        let cfg = &self.config;
        self.store.write(|c| {
            super::lookup::current(c, ticket_id, expected)?;
            queue::queue_template(
                c,
                cfg,
                ticket_id,
                MailKind::Survey,
                &template,
                None,
                now,
                &actor,
            )
        })
    }
}

/// Hook for a reply (a comment the customer sees), inside its transaction.
pub(crate) fn on_reply(
    c: &Conn,
    cfg: &crate::config::Config,
    ticket_id: i64,
    comment_id: i64,
    text: &str,
    now: i64,
    actor: &str,
) -> Result<()> {
    queue::queue(
        c,
        cfg,
        ticket_id,
        MailKind::Reply,
        Some(comment_id),
        text,
        now,
        actor,
    )
    .map(|_| ())
}

/// Hook for a ticket entering `stage`: the survey, when `survey_on_resolve` is set,
/// the stage is a resolved one and the customer has not rated the ticket yet.
pub(crate) fn on_stage(
    c: &Conn,
    cfg: &crate::config::Config,
    ticket_id: i64,
    stage: &str,
    now: i64,
    actor: &str,
) -> Result<()> {
    let Some(m) = queue::outgoing(cfg).filter(|m| m.survey_on_resolve) else {
        return Ok(());
    };
    let Some(template) = &m.survey else {
        return Ok(());
    };
    let t = st::get(c, ticket_id)?;
    let resolved = cfg
        .workflow
        .stage(&t.ty, stage)
        .is_some_and(|s| s.kind == StageKind::Resolved);
    if !resolved || crate::store::service::csat(c, ticket_id)?.is_some() {
        return Ok(());
    }
    queue::queue_template(
        c,
        cfg,
        ticket_id,
        MailKind::Survey,
        template,
        None,
        now,
        actor,
    )
    .map(|_| ())
}

/// Hook for a return visit scheduled on `day`: the `[mail] visit_notice`, if set.
pub(crate) fn on_visit(
    c: &Conn,
    cfg: &crate::config::Config,
    ticket_id: i64,
    day: chrono::NaiveDate,
    now: i64,
    actor: &str,
) -> Result<()> {
    let Some(template) = queue::outgoing(cfg).and_then(|m| m.visit_notice.clone()) else {
        return Ok(());
    };
    let t = st::get(c, ticket_id)?;
    let line = if queue::ticket_language(&t) == "zh" {
        format!("回访日期：{day}")
    } else {
        format!("Return visit on: {day}")
    };
    queue::queue_template(
        c,
        cfg,
        ticket_id,
        MailKind::Visit,
        &template,
        Some(&line),
        now,
        actor,
    )
    .map(|_| ())
}

/// Parses an outbox filter: `pending`, `failed` or `all`.
pub fn parse_filter(s: &str) -> Option<Which> {
    match s {
        "pending" => Some(Which::Pending),
        "failed" => Some(Which::Failed),
        "all" => Some(Which::All),
        _ => None,
    }
}

#[cfg(test)]
mod tests;
