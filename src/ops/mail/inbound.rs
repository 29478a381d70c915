//! What incoming mail does beyond landing on a ticket: a bounce marks our message
//! failed, mail from our own address is ignored (no loops), a customer's reply moves
//! the ticket out of waiting or reopens it, a late one starts a linked ticket, and a
//! survey answer records the score. Every function runs in the import's transaction.

use super::super::intake_run::{Ctx, Outcome};
use crate::domain::mail::{survey_score, MailKind};
use crate::domain::relations::link;
use crate::domain::ticket::StageTimes;
use crate::domain::workflow::StageKind;
use crate::error::Result;
use crate::import::mail::MailItem;
use crate::store::outbox::{self, Outcome as Try};
use crate::store::tickets::{self as st, TicketUpdate};
use crate::store::write::{self, Entity, Event, Stamp};
use crate::store::Conn;
use crate::store::{intake, relations, service as sv};

/// Why mail from the support address itself is not imported.
pub const OWN_ADDRESS: &str = "from our own support address (not imported, to avoid loops)";

/// Stops mail that is not a message for a ticket: a bounce of our own mail (marks it
/// failed and notes it on the ticket), or mail from the support address.
pub(crate) fn intercept(c: &Conn, ctx: &Ctx<'_>, item: &MailItem) -> Result<Option<Outcome>> {
    if let Some(b) = &item.bounce {
        let ours = match &b.original_id {
            Some(id) => outbox::by_message_id(c, id)?,
            None => None,
        };
        if let Some(m) = ours {
            let reason = format!(
                "bounced{}: {}",
                b.recipient
                    .as_deref()
                    .map(|r| format!(" by {r}"))
                    .unwrap_or_default(),
                b.reason
            );
            let s = stamp(ctx);
            outbox::record(c, &s, m.id, m.version, &Try::Failed(&reason))?;
            mail_event(c, ctx, m.id, "bounce", Some(m.state.as_str()), &reason)?;
            let t = st::get(c, m.ticket_id)?;
            let note = format!(
                "Mail #{} to {} could not be delivered ({}): {}",
                m.id, m.to_addr, m.subject, reason
            );
            // The bounce quotes the remote server: cleaned like any text from outside.
            let note = crate::domain::text::CleanText::new(&note);
            let cid = st::insert_comment(c, t.id, ctx.actor, &note, true, ctx.desk_now)?;
            let ev = Event::new(
                "mail",
                "outbox",
                Some(m.state.as_str().into()),
                Some(format!("#{} bounced: {}", m.id, b.reason)),
            );
            write::update(c, &s, t.id, t.version, &TicketUpdate::default(), vec![ev])?;
            // The report itself is remembered, so fetching it again changes nothing.
            intake::insert_mail(c, &item.key, t.id, Some(cid), ctx.desk_now)?;
            return Ok(Some(Outcome::Bounce));
        }
    }
    let own = ctx.config.mail.as_ref().map(|m| m.address.as_str());
    if own.is_some_and(|a| a.eq_ignore_ascii_case(&item.from_email)) {
        return Ok(Some(Outcome::Ignored(OWN_ADDRESS)));
    }
    Ok(None)
}

/// Whether a mail threaded onto ticket `tid` continues it (`Ok(tid)`) or, written by
/// the customer after the flow's `reopen_days`, starts a new ticket (`Err(tid)`, the
/// old one to link). Automatic mail, agents and survey answers always continue.
pub(crate) fn continues(
    c: &Conn,
    ctx: &Ctx<'_>,
    tid: i64,
    item: &MailItem,
) -> Result<std::result::Result<i64, i64>> {
    if item.automatic.is_some() || intake::agent_by_email(c, &item.from_email)?.is_some() {
        return Ok(Ok(tid));
    }
    let t = st::get(c, tid)?;
    let flow = ctx.config.workflow.flow_for(&t.ty);
    let done = flow
        .stage(&t.stage)
        .is_some_and(|s| matches!(s.kind, StageKind::Resolved | StageKind::Closed));
    let Some(days) = flow.customer_reply.reopen_days.filter(|_| done) else {
        return Ok(Ok(tid));
    };
    if is_survey_answer(c, tid, &item.body)? {
        return Ok(Ok(tid));
    }
    let since = t.resolved_at.or(t.closed_at).unwrap_or(t.updated_at);
    let late = ctx.desk_now - since > i64::from(days) * 86_400;
    Ok(if late { Err(tid) } else { Ok(tid) })
}

/// Links a ticket started by a late reply to the old ticket it answered.
pub(crate) fn link_followup(c: &Conn, ctx: &Ctx<'_>, old: i64, new: i64) -> Result<()> {
    relations::insert_link(c, old.min(new), old.max(new), link::RELATED, ctx.desk_now)?;
    for (id, other) in [(old, new), (new, old)] {
        let t = st::get(c, id)?;
        let ev = Event::set("relate", "related", other.to_string());
        write::record(c, &stamp(ctx), Entity::Ticket, id, Some(t.version), &[ev])?;
    }
    Ok(())
}

/// After the customer's reply `text` landed on ticket `tid`: a survey answer records
/// the score; otherwise the ticket moves as its flow says (out of a waiting stage,
/// or reopened), with the usual stage bookkeeping.
pub(crate) fn after_customer_reply(c: &Conn, ctx: &Ctx<'_>, tid: i64, text: &str) -> Result<()> {
    let t = st::get(c, tid)?;
    let now = ctx.desk_now;
    if is_survey_answer(c, tid, text)? {
        if let Some(score) = survey_score(text) {
            let comment = crate::domain::text::CleanText::trimmed(
                &text.chars().take(500).collect::<String>(),
            );
            let by = t.customer.clone().unwrap_or_else(|| ctx.actor.to_string());
            let old = sv::csat(c, tid)?;
            sv::set_csat(c, tid, score, &comment, now, &by)?;
            let ev = Event::new(
                "csat",
                "score",
                old.map(|o| o.score.to_string()),
                Some(score.to_string()),
            );
            write::record(c, &stamp(ctx), Entity::Ticket, tid, Some(t.version), &[ev])?;
            return Ok(());
        }
    }
    let flow = ctx.config.workflow.flow_for(&t.ty);
    let Some(target) = flow.after_customer_reply(&t.stage) else {
        return Ok(());
    };
    // The same path as a move: stage times, the move event, due times, the update.
    let times = StageTimes::of(&t).entering(target.kind, now);
    super::super::stages::enter_stage(c, ctx.config, &stamp(ctx), &t, target, times, true)?;
    Ok(())
}

/// Whether `text` answers the survey that is the latest mail we queued for a solved
/// ticket (it starts with a score).
fn is_survey_answer(c: &Conn, tid: i64, text: &str) -> Result<bool> {
    Ok(survey_score(text).is_some() && outbox::last_kind(c, tid)? == Some(MailKind::Survey))
}

/// An audit event of an outbox message (entity `mail`).
pub(crate) fn mail_event(
    c: &Conn,
    ctx: &Ctx<'_>,
    id: i64,
    action: &'static str,
    old: Option<&str>,
    new: &str,
) -> Result<()> {
    let ev = Event::new(
        action,
        "state",
        old.map(str::to_string),
        Some(new.to_string()),
    );
    write::record(c, &stamp(ctx), Entity::Mail, id, None, &[ev])
}

/// The import's actor and time, for its writes.
fn stamp(ctx: &Ctx<'_>) -> Stamp {
    Stamp::new(ctx.desk_now, ctx.actor)
}
