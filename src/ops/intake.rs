//! Mail intake: each message becomes a ticket, or a reply on the ticket of its thread.
//! Importing the same mail again finds its Message-ID (or content key) and does nothing.

use super::intake_run::{Ctx, Outcome};
use super::Desk;
use crate::domain::intake::{Attachment, ImportSummary, Skipped};
use crate::domain::records::Customer;
use crate::domain::relations::link;
use crate::domain::text::CleanText;
use crate::domain::ticket::{Channel, NewTicket, Priority};
use crate::error::{Error, Result};
use crate::import::mail::{self, MailItem};
use crate::import::{eml, maildir, mbox, thread, Read};
use crate::store::tickets::{self as st, TicketUpdate};
use crate::store::write::{self, Entity, Event, Stamp};
use crate::store::Conn;
use crate::store::{customers, intake, relations};
use std::path::Path;

/// The kinds of mail source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MailSource {
    Eml,
    Mbox,
    Maildir,
}

impl MailSource {
    /// The name used by commands and summaries.
    pub fn as_str(self) -> &'static str {
        match self {
            MailSource::Eml => "eml",
            MailSource::Mbox => "mbox",
            MailSource::Maildir => "maildir",
        }
    }
}

/// Counts what importing `item` did.
pub(crate) fn count(outcome: Outcome, item: &MailItem, summary: &mut ImportSummary) {
    match outcome {
        Outcome::Ticket(id) => summary.tickets.push(id),
        Outcome::Reply => summary.replies += 1,
        Outcome::Duplicate => summary.duplicates += 1,
        Outcome::Bounce => summary.bounces += 1,
        Outcome::Ignored(reason) => summary.skipped.push(skipped(&item.origin, reason, "")),
    }
}

impl Desk {
    /// Imports mail from an `.eml` file (or folder of them), an mbox file or a Maildir.
    /// Malformed messages are skipped and counted with their reason; the run goes on.
    /// With `dry_run`, everything is done in a transaction that is rolled back.
    pub fn import_mail(
        &mut self,
        source: MailSource,
        path: &Path,
        dry_run: bool,
    ) -> Result<ImportSummary> {
        let reads: Vec<Read> = match source {
            MailSource::Eml => eml::read(path)?,
            MailSource::Mbox => mbox::read(path)?,
            MailSource::Maildir => maildir::read(path)?,
        };
        let mut summary = ImportSummary {
            kind: source.as_str().into(),
            source: path.display().to_string(),
            read: reads.len(),
            dry_run,
            ..Default::default()
        };
        let mut items: Vec<MailItem> = Vec::new();
        for r in reads {
            match r.and_then(|raw| mail::parse(&raw)) {
                Ok(item) => items.push(item),
                Err(s) => summary.skipped.push(s),
            }
        }
        // Oldest first, so a thread's first mail makes the ticket its replies join.
        items.sort_by_key(|m| m.date.unwrap_or(i64::MAX));
        let ctx = Ctx {
            desk_now: self.now(),
            actor: &self.actor,
            config: &self.config,
        };
        let run = |c: &Conn, item: &MailItem, summary: &mut ImportSummary| -> Result<()> {
            let outcome = import_one(c, &ctx, item, summary)?;
            count(outcome, item, summary);
            Ok(())
        };
        if dry_run {
            intake::rolled_back(&self.store, |c| {
                for item in &items {
                    run(c, item, &mut summary)?;
                }
                Ok(())
            })?;
        } else {
            for item in &items {
                self.store.write(|c| run(c, item, &mut summary))?;
            }
        }
        Ok(summary)
    }

    /// The attachments recorded for a ticket (names and sizes of imported mail's files).
    pub fn attachments(&self, ticket_id: i64) -> Result<Vec<Attachment>> {
        st::get(self.store.conn(), ticket_id)?;
        intake::attachments(self.store.conn(), ticket_id)
    }
}

/// The ticket a mail continues: a known Message-ID in In-Reply-To/References, else
/// a `[#id]` tag in the subject naming an existing ticket; merged tickets lead on.
fn thread_ticket(c: &Conn, item: &MailItem) -> Result<Option<i64>> {
    let mut found = None;
    for id in &item.thread_ids {
        if let Some(t) = known_message(c, id)? {
            found = Some(t);
            break;
        }
    }
    if found.is_none() {
        if let Some(n) = thread::ticket_tag(&item.subject) {
            found = st::find(c, n)?.map(|t| t.id);
        }
    }
    let mut hops = 0;
    while let Some(t) = found {
        match relations::target_of(c, t, link::DUPLICATE_OF)? {
            Some(next) if hops < 100 => {
                found = Some(next);
                hops += 1;
            }
            _ => break,
        }
    }
    Ok(found)
}

/// The customer with the sender's address, created when new.
pub(crate) fn sender_customer(
    c: &Conn,
    email: &str,
    name: Option<&str>,
    at: i64,
    actor: &str,
    summary: &mut ImportSummary,
) -> Result<Customer> {
    if let Some(cu) = customers::by_email(c, email)? {
        return Ok(cu);
    }
    let local = email.split('@').next().unwrap_or(email);
    let input = super::CustomerInput {
        name: name.unwrap_or(local).to_string(),
        email: Some(email.to_string()),
        ..Default::default()
    };
    let id = super::people::insert_customer(c, &input, &Stamp::new(at, actor))?;
    summary.customers_created += 1;
    customers::get(c, id)
}

/// The ticket of a message we imported or sent (our outbox) with this Message-ID.
fn known_message(c: &Conn, id: &str) -> Result<Option<i64>> {
    match intake::mail_ticket(c, id)? {
        Some(t) => Ok(Some(t)),
        None => crate::store::outbox::ticket_of(c, id),
    }
}

/// Imports one parsed mail in the caller's transaction.
pub(crate) fn import_one(
    c: &Conn,
    ctx: &Ctx<'_>,
    item: &MailItem,
    summary: &mut ImportSummary,
) -> Result<Outcome> {
    if known_message(c, &item.key)?.is_some() {
        return Ok(Outcome::Duplicate);
    }
    // Bounces of our mail and mail from our own address (loops) stop here.
    if let Some(o) = super::mail::inbound::intercept(c, ctx, item)? {
        return Ok(o);
    }
    // A mail dated in the future (a wrong clock) counts as arriving now.
    let at = item.date.unwrap_or(ctx.desk_now).min(ctx.desk_now);
    let thread = match thread_ticket(c, item)? {
        Some(tid) => Some(super::mail::inbound::continues(c, ctx, tid, item)?),
        None => None,
    };
    let (ticket_id, comment_id) = match thread {
        Some(Ok(tid)) => {
            let cid = add_reply(c, ctx, tid, item, at, summary)?;
            (tid, Some(cid))
        }
        Some(Err(old)) => {
            let id = new_ticket(c, ctx, item, at, summary)?;
            super::mail::inbound::link_followup(c, ctx, old, id)?;
            (id, None)
        }
        None => (new_ticket(c, ctx, item, at, summary)?, None),
    };
    intake::insert_mail(c, &item.key, ticket_id, comment_id, ctx.desk_now)?;
    for a in &item.attachments {
        intake::insert_attachment(
            c,
            &Attachment {
                ticket_id,
                comment_id,
                filename: a.filename.clone(),
                size: a.size,
                content_type: a.content_type.clone(),
                created_at: at,
                ..Default::default()
            },
        )?;
        summary.attachments += 1;
    }
    Ok(match comment_id {
        Some(_) => Outcome::Reply,
        None => Outcome::Ticket(ticket_id),
    })
}

fn attachment_note(item: &MailItem) -> String {
    if item.attachments.is_empty() {
        return String::new();
    }
    let names: Vec<String> = item
        .attachments
        .iter()
        .map(|a| format!("{} ({} bytes)", a.filename, a.size))
        .collect();
    format!("\n\n[attachments: {}]", names.join(", "))
}

fn new_ticket(
    c: &Conn,
    ctx: &Ctx<'_>,
    item: &MailItem,
    at: i64,
    summary: &mut ImportSummary,
) -> Result<i64> {
    let cu = sender_customer(
        c,
        &item.from_email,
        item.from_name.as_deref(),
        at,
        ctx.actor,
        summary,
    )?;
    let mut title = thread::clean_subject(&item.subject);
    if title.is_empty() {
        title = item
            .body
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty())
            .map(|l| l.chars().take(80).collect())
            .unwrap_or_else(|| "(no subject)".to_string());
    }
    let fields = NewFields {
        title,
        body: format!("{}{}", item.body, attachment_note(item)),
        ty: ctx.config.workflow.default_type.clone(),
        priority: Priority::Normal,
        channel: Channel::Email,
        customer_id: Some(cu.id),
        assignee_id: None,
        stage: None,
        tags: Vec::new(),
        created_at: at,
        done_at: None,
    };
    let id = insert_ticket(c, ctx, &fields)?;
    // A customer wrote: unread for every agent until they open it.
    crate::store::reads::customer_activity(c, id, at)?;
    Ok(id)
}

/// A ticket to create from imported data, at its own time.
#[derive(Debug, Clone)]
pub(crate) struct NewFields {
    pub title: String,
    pub body: String,
    pub ty: String,
    pub priority: Priority,
    pub channel: Channel,
    pub customer_id: Option<i64>,
    pub assignee_id: Option<i64>,
    /// A stage of the type's flow (checked by the caller); None: the initial stage.
    pub stage: Option<String>,
    pub tags: Vec<String>,
    pub created_at: i64,
    /// When a ticket imported in a resolved/closed stage was resolved.
    pub done_at: Option<i64>,
}

/// Creates an imported ticket as `create_ticket` does, but at `created_at`: SLA due
/// times from then, its create event, tags and routing.
pub(crate) fn insert_ticket(c: &Conn, ctx: &Ctx<'_>, f: &NewFields) -> Result<i64> {
    let wf = &ctx.config.workflow;
    let flow = wf.flow_for(&f.ty);
    let stage = f.stage.clone().unwrap_or_else(|| flow.initial.clone());
    let kind = flow
        .stage(&stage)
        .map(|s| s.kind)
        .ok_or_else(|| Error::msg(format!("unknown stage '{stage}'")))?;
    let (fr_due, res_due) = ctx.config.sla.due_times(f.priority, f.created_at);
    let nt = NewTicket {
        title: CleanText::new(&f.title),
        body: CleanText::new(&f.body),
        ty: f.ty.clone(),
        priority: f.priority,
        channel: f.channel,
        customer_id: f.customer_id,
        assignee_id: f.assignee_id,
    };
    let id = st::insert(c, &nt, &stage, f.created_at, ctx.actor, fr_due, res_due)?;
    let created = Stamp::new(f.created_at, ctx.actor);
    let ev = Event::set("create", "stage", stage.clone());
    write::record(c, &created, Entity::Ticket, id, Some(1), &[ev])?;
    if !kind.is_active() {
        // Imported as already done: keep it at version 1 (part of its creation).
        let done = f.done_at.unwrap_or(f.created_at);
        let closed = (kind == crate::domain::workflow::StageKind::Closed).then_some(done);
        intake::set_done_times(c, id, done, closed)?;
    }
    let tags = super::relations::add_initial_tags(c, id, &f.tags)?;
    super::routing::route_new(c, &ctx.config.routing, id, &nt.ty, nt.channel, &tags)?;
    let now = Stamp::new(ctx.desk_now, ctx.actor);
    super::after_change::after_change(c, ctx.config, id, &now, None)?;
    Ok(id)
}

fn add_reply(
    c: &Conn,
    ctx: &Ctx<'_>,
    ticket_id: i64,
    item: &MailItem,
    at: i64,
    summary: &mut ImportSummary,
) -> Result<i64> {
    let t = st::get(c, ticket_id)?;
    // A reply from an agent's address is the team answering; anyone else is the customer.
    let (author, from_agent) = match intake::agent_by_email(c, &item.from_email)? {
        Some((_, name)) => (name, true),
        None => {
            let cu = sender_customer(
                c,
                &item.from_email,
                item.from_name.as_deref(),
                at,
                ctx.actor,
                summary,
            )?;
            (cu.name, false)
        }
    };
    let mut text = thread::strip_quoted(&item.body);
    if text.is_empty() {
        text = thread::clean_subject(&item.subject);
    }
    text.push_str(&attachment_note(item));
    // Mail no person wrote (an out-of-office answer …) is kept as an internal note.
    let auto = item.automatic.as_deref();
    if let Some(why) = auto {
        text = format!("[{why}] {text}");
    }
    let mut u = TicketUpdate {
        // A mail older than the last change does not move `updated_at` back.
        updated_at: Some(at.max(t.updated_at)),
        ..Default::default()
    };
    if from_agent && auto.is_none() && t.first_response_at.is_none() {
        u.first_response_at = Some(Some(at));
    }
    let body = CleanText::trimmed(&text);
    let cid = st::insert_comment(c, ticket_id, &author, &body, auto.is_some(), at)?;
    let action = if auto.is_some() {
        "note"
    } else if from_agent {
        "reply"
    } else {
        "customer_reply"
    };
    let ev = Event::set(action, "comment", cid.to_string());
    let stamp = Stamp::new(at, ctx.actor);
    write::update(c, &stamp, ticket_id, t.version, &u, vec![ev])?;
    if u.first_response_at.is_some() {
        // The first response stops a clock: the stored SLA columns follow.
        super::sla::refresh_sla(c, ctx.config, ticket_id, at)?;
    }
    if !from_agent && auto.is_none() {
        crate::store::reads::customer_activity(c, ticket_id, at)?;
        super::mail::inbound::after_customer_reply(c, ctx, ticket_id, &body)?;
    }
    Ok(cid)
}

/// Skips recorded for items that could not be read at all.
pub(crate) fn skipped(origin: &str, reason: &str, detail: impl Into<String>) -> Skipped {
    Skipped {
        origin: origin.to_string(),
        reason: reason.to_string(),
        detail: detail.into(),
    }
}
