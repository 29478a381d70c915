//! Queueing customer-visible mail inside the transaction of the change that causes
//! it: the message (subject, body, threading, Message-ID) is fixed here, so what the
//! sender delivers later, and on every retry, is exactly what was decided now.

use crate::config::{Config, MailConfig};
use crate::domain::mail::{self, Delivery, MailKind, NewOutbox};
use crate::domain::service::{fill, Fill};
use crate::domain::text::sanitize;
use crate::error::Result;
use crate::store::write::{self, Entity, Event, Stamp};
use crate::store::Conn;
use crate::store::{customers, outbox, tickets as st};
use std::sync::atomic::{AtomicU64, Ordering};

/// The mail settings when mail can leave (a `[mail]` with SMTP or sendmail).
pub(crate) fn outgoing(cfg: &Config) -> Option<&MailConfig> {
    cfg.mail.as_ref().filter(|m| m.outgoing.is_some())
}

/// Queues `body` for the customer of ticket `ticket_id`, or says why nothing was
/// queued. Runs inside the caller's transaction.
#[allow(clippy::too_many_arguments)]
pub(crate) fn queue(
    c: &Conn,
    cfg: &Config,
    ticket_id: i64,
    kind: MailKind,
    comment_id: Option<i64>,
    body: &str,
    now: i64,
    actor: &str,
) -> Result<Delivery> {
    let Some(m) = outgoing(cfg) else {
        return Ok(Delivery::NotConfigured);
    };
    let t = st::get(c, ticket_id)?;
    let Some(cid) = t.customer_id else {
        return Ok(Delivery::NoCustomer);
    };
    let cu = customers::get(c, cid)?;
    let Some(to) = cu
        .email
        .as_deref()
        .map(str::trim)
        .filter(|e| crate::config::valid_address(e))
    else {
        return Ok(Delivery::NoAddress { customer: cu.name });
    };
    let lang = ticket_language(&t);
    let thread = outbox::thread(c, ticket_id)?;
    let last_inbound = thread.iter().rev().find(|(_, inbound)| *inbound);
    let ids: Vec<String> = thread.iter().map(|(id, _)| id.clone()).collect();
    let (in_reply_to, references) = mail::threading(&ids, last_inbound.map(|(id, _)| id.as_str()));
    let new = NewOutbox {
        ticket_id,
        comment_id,
        kind,
        message_id: mail::message_id(ticket_id, nonce(), m.domain()),
        in_reply_to,
        references,
        to_addr: to.to_lowercase(),
        to_name: Some(mail::header_text(&cu.name)).filter(|n| !n.is_empty()),
        subject: mail::subject(kind, ticket_id, &t.title, lang, last_inbound.is_some()),
        body: sanitize(body.trim()),
        lang: lang.to_string(),
    };
    let id = outbox::insert(c, &new, now, actor)?;
    let ev = Event::set(
        "mail",
        "outbox",
        format!("#{id} {} queued to {}", kind.as_str(), new.to_addr),
    );
    let s = Stamp::new(now, actor);
    write::record(c, &s, Entity::Ticket, ticket_id, Some(t.version), &[ev])?;
    Ok(Delivery::Queued {
        outbox_id: id,
        to: new.to_addr,
    })
}

/// The language a ticket's mail is written in: Chinese when its title or first
/// message is, else English.
pub(crate) fn ticket_language(t: &crate::domain::ticket::Ticket) -> &'static str {
    let head: String = t.body.chars().take(2000).collect();
    mail::language_of(&format!("{} {head}", t.title))
}

/// Queues a stage update in the ticket's language (the other one when that is empty).
#[allow(clippy::too_many_arguments)]
pub(crate) fn queue_update(
    c: &Conn,
    cfg: &Config,
    ticket_id: i64,
    comment_id: i64,
    zh: &str,
    en: &str,
    now: i64,
    actor: &str,
) -> Result<Delivery> {
    if outgoing(cfg).is_none() {
        return Ok(Delivery::NotConfigured);
    }
    let t = st::get(c, ticket_id)?;
    let (own, other) = if ticket_language(&t) == "zh" {
        (zh, en)
    } else {
        (en, zh)
    };
    let text = if own.trim().is_empty() { other } else { own };
    queue(
        c,
        cfg,
        ticket_id,
        MailKind::Update,
        Some(comment_id),
        text,
        now,
        actor,
    )
}

/// Queues the canned reply `template` (in the ticket's language, placeholders
/// filled) with `extra` appended, e.g. the day of a return visit.
#[allow(clippy::too_many_arguments)]
pub(crate) fn queue_template(
    c: &Conn,
    cfg: &Config,
    ticket_id: i64,
    kind: MailKind,
    template: &str,
    extra: Option<&str>,
    now: i64,
    actor: &str,
) -> Result<Delivery> {
    if outgoing(cfg).is_none() {
        return Ok(Delivery::NotConfigured);
    }
    let Some(r) = cfg.service.reply(template) else {
        return Ok(Delivery::NotConfigured);
    };
    let t = st::get(c, ticket_id)?;
    let lang = ticket_language(&t);
    let stage = cfg
        .workflow
        .stage(&t.ty, &t.stage)
        .map(|s| s.label(lang).to_string())
        .unwrap_or_else(|| t.stage.clone());
    let (no_customer, no_assignee, team) = if lang == "zh" {
        ("客户", "待定", "客服团队")
    } else {
        ("customer", "to be assigned", "our support team")
    };
    // An acknowledgement goes out before any agent touched the ticket: it names the
    // assignee routing chose, else the sender's display name, else the team.
    let agent = match kind {
        MailKind::Ack => t
            .assignee
            .as_deref()
            .or(outgoing(cfg).and_then(|m| m.name.as_deref()))
            .unwrap_or(team),
        _ => actor,
    };
    let mut text = fill(
        r.text_in(lang),
        &Fill {
            customer: t.customer.as_deref().unwrap_or(no_customer),
            ticket: t.id,
            agent,
            title: &t.title,
            stage: &stage,
            assignee: t.assignee.as_deref().unwrap_or(no_assignee),
        },
    );
    if let Some(x) = extra {
        text.push_str("\n\n");
        text.push_str(x);
    }
    queue(c, cfg, ticket_id, kind, None, &text, now, actor)
}

/// 128 bits that make a Message-ID unique: the time in nanoseconds and a random
/// per-process hash of a counter.
fn nonce() -> u128 {
    use std::hash::BuildHasher;
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let h = std::collections::hash_map::RandomState::new().hash_one((n, std::process::id()));
    ((nanos & u128::from(u64::MAX)) << 64) | u128::from(h)
}
