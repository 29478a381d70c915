//! The mail outbox: queueing in the caller's transaction, claiming due messages with a
//! lease, recording each try; and the Message-IDs of a ticket's mail thread.

use super::write::{self, Columns, Entity, Stamp};
use super::{params, Conn, Row, Value};
use crate::domain::mail::{MailKind, MailState, NewOutbox, OutboxMessage};
use crate::error::{Error, Result};

const COLUMNS: &str = "id, ticket_id, comment_id, kind, message_id, in_reply_to, refs, to_addr,
    to_name, subject, body, lang, state, attempts, next_at, last_error, response, created_at,
    created_by, sent_at, updated_at, version";

fn row(r: &Row<'_>) -> Result<OutboxMessage> {
    let kind: String = r.get(3)?;
    let state: String = r.get(12)?;
    let refs: String = r.get(6)?;
    Ok(OutboxMessage {
        id: r.get(0)?,
        ticket_id: r.get(1)?,
        comment_id: r.get(2)?,
        kind: MailKind::parse(&kind).unwrap_or(MailKind::Reply),
        message_id: r.get(4)?,
        in_reply_to: r.get(5)?,
        references: refs.split_whitespace().map(str::to_string).collect(),
        to_addr: r.get(7)?,
        to_name: r.get(8)?,
        subject: r.get(9)?,
        body: r.get(10)?,
        lang: r.get(11)?,
        state: MailState::parse(&state).unwrap_or(MailState::Failed),
        attempts: r.get(13)?,
        next_at: r.get(14)?,
        last_error: r.get(15)?,
        response: r.get(16)?,
        created_at: r.get(17)?,
        created_by: r.get(18)?,
        sent_at: r.get(19)?,
        updated_at: r.get(20)?,
        version: r.get(21)?,
    })
}

/// Queues a message, due at once; returns its id.
pub fn insert(conn: &Conn, m: &NewOutbox, at: i64, actor: &str) -> Result<i64> {
    conn.insert(
        "INSERT INTO outbox (ticket_id, comment_id, kind, message_id, in_reply_to, refs, to_addr,
            to_name, subject, body, lang, next_at, created_at, created_by, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12, ?13, ?12)",
        params![
            m.ticket_id,
            m.comment_id,
            m.kind.as_str(),
            m.message_id,
            m.in_reply_to,
            m.references.join(" "),
            m.to_addr,
            m.to_name,
            m.subject,
            m.body,
            m.lang,
            at,
            actor,
        ],
    )
}

/// One message.
pub fn get(conn: &Conn, id: i64) -> Result<OutboxMessage> {
    find(conn, id)?.ok_or_else(|| Error::NotFound {
        what: "outbox message",
        key: format!("#{id}"),
        hint: Some("list them with: aftercare mail outbox --all".into()),
    })
}

/// One message, if it exists.
pub fn find(conn: &Conn, id: i64) -> Result<Option<OutboxMessage>> {
    conn.query_opt(
        &format!("SELECT {COLUMNS} FROM outbox WHERE id = ?1"),
        params![id],
        row,
    )
}

/// The message with this Message-ID (without brackets), if we sent it.
pub fn by_message_id(conn: &Conn, message_id: &str) -> Result<Option<OutboxMessage>> {
    conn.query_opt(
        &format!("SELECT {COLUMNS} FROM outbox WHERE message_id = ?1"),
        params![message_id],
        row,
    )
}

/// The messages of a ticket, oldest first.
pub fn of_ticket(conn: &Conn, ticket_id: i64) -> Result<Vec<OutboxMessage>> {
    conn.query_map(
        &format!("SELECT {COLUMNS} FROM outbox WHERE ticket_id = ?1 ORDER BY id"),
        params![ticket_id],
        row,
    )
}

/// The message that carries a comment, if one was queued.
pub fn of_comment(conn: &Conn, comment_id: i64) -> Result<Option<OutboxMessage>> {
    conn.query_opt(
        &format!("SELECT {COLUMNS} FROM outbox WHERE comment_id = ?1 ORDER BY id DESC LIMIT 1"),
        params![comment_id],
        row,
    )
}

/// Which messages `list` returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Which {
    /// Queued or failed: what still needs someone's attention.
    Pending,
    Failed,
    All,
}

/// Messages newest first, at most `limit`, before id `before` (keyset paging).
pub fn list(
    conn: &Conn,
    which: Which,
    before: Option<i64>,
    limit: usize,
) -> Result<Vec<OutboxMessage>> {
    let cond = match which {
        Which::Pending => "state IN ('queued', 'failed')",
        Which::Failed => "state = 'failed'",
        Which::All => "1 = 1",
    };
    conn.query_map(
        &format!("SELECT {COLUMNS} FROM outbox WHERE {cond} AND id < ?1 ORDER BY id DESC LIMIT ?2"),
        params![before.unwrap_or(i64::MAX), limit as i64],
        row,
    )
}

/// How many messages are queued and how many failed.
pub fn counts(conn: &Conn) -> Result<(i64, i64)> {
    conn.query_row(
        "SELECT (SELECT count(*) FROM outbox WHERE state = 'queued'),
                (SELECT count(*) FROM outbox WHERE state = 'failed')",
        params![],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
}

/// Takes the next due queued message for one try: counts the try and moves `next_at`
/// to `lease_until`, so no other sender takes it meanwhile and, should this process
/// die before recording the outcome, it is tried again after the lease.
pub fn claim_due(conn: &Conn, now: i64, lease_until: i64) -> Result<Option<OutboxMessage>> {
    let next: Option<i64> = conn.query_opt(
        "SELECT id FROM outbox WHERE state = 'queued' AND next_at <= ?1
             ORDER BY next_at, id LIMIT 1",
        params![now],
        |r| r.get(0),
    )?;
    let Some(id) = next else { return Ok(None) };
    conn.execute(
        "UPDATE outbox SET attempts = attempts + 1, next_at = ?2, updated_at = ?3,
            version = version + 1 WHERE id = ?1",
        params![id, lease_until, now],
    )?;
    find(conn, id)
}

/// How a try ended.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome<'a> {
    /// Accepted, with the server's answer.
    Sent(&'a str),
    /// Not accepted; try again at this time.
    Retry { error: &'a str, at: i64 },
    /// Given up (or bounced) with this reason.
    Failed(&'a str),
}

/// A try's outcome is an update of the message (see `store::write`).
impl Columns for Outcome<'_> {
    const ENTITY: Entity = Entity::Mail;

    fn columns(&self, stamp: &Stamp) -> Vec<(&'static str, Value)> {
        let mut out: Vec<(&'static str, Value)> = match self {
            Outcome::Sent(response) => vec![
                ("state", "sent".into()),
                ("sent_at", stamp.at.into()),
                ("response", (*response).into()),
                ("last_error", Value::Null),
            ],
            Outcome::Retry { error, at } => {
                vec![("next_at", (*at).into()), ("last_error", (*error).into())]
            }
            Outcome::Failed(error) => {
                vec![("state", "failed".into()), ("last_error", (*error).into())]
            }
        };
        out.push(("updated_at", stamp.at.into()));
        out
    }
}

/// Records the outcome of a try of message `id` claimed at `version` (or a bounce);
/// a message changed meanwhile is a conflict. Returns the new version.
pub fn record(conn: &Conn, s: &Stamp, id: i64, version: i64, outcome: &Outcome<'_>) -> Result<i64> {
    write::update(conn, s, id, version, outcome, Vec::new())
        .map(|w| w.version)
        .map_err(|e| {
            let message = format!("outbox message #{id} changed while it was being sent");
            changed(e, message, "look at it with: aftercare mail outbox --all")
        })
}

/// Queues a failed (or queued) message again: due now, its tries counted from zero.
struct Requeue;

impl Columns for Requeue {
    const ENTITY: Entity = Entity::Mail;

    fn columns(&self, stamp: &Stamp) -> Vec<(&'static str, Value)> {
        vec![
            ("state", "queued".into()),
            ("attempts", 0.into()),
            ("next_at", stamp.at.into()),
            ("updated_at", stamp.at.into()),
        ]
    }
}

/// Queues a failed (or queued) message again, due now with its tries counted from
/// zero. Returns the new version.
pub fn requeue(conn: &Conn, s: &Stamp, id: i64, version: i64) -> Result<i64> {
    write::update(conn, s, id, version, &Requeue, Vec::new())
        .map(|w| w.version)
        .map_err(|e| {
            let message = format!("outbox message #{id} changed meanwhile");
            changed(
                e,
                message,
                "look at it again with: aftercare mail outbox --all",
            )
        })
}

/// A conflict on an outbox message, pointing at the outbox.
fn changed(e: Error, message: String, hint: &str) -> Error {
    match e {
        Error::Conflict { .. } => Error::Conflict {
            message,
            hint: hint.into(),
        },
        other => other,
    }
}

/// The Message-IDs of a ticket's mail thread, oldest first, each with whether it came
/// from outside (imported mail) rather than from our outbox. Content keys of mail
/// without a Message-ID (`hash:…`) are left out.
pub fn thread(conn: &Conn, ticket_id: i64) -> Result<Vec<(String, bool)>> {
    conn.query_map(
        "SELECT message_id, 1, imported_at AS at, id FROM mail_messages
           WHERE ticket_id = ?1 AND message_id NOT LIKE 'hash:%'
         UNION ALL
         SELECT message_id, 0, created_at AS at, id FROM outbox WHERE ticket_id = ?1
         ORDER BY at, id",
        params![ticket_id],
        |r| Ok((r.get(0)?, r.get::<i64>(1)? == 1)),
    )
}

/// The ticket a Message-ID of our own outbox belongs to (a customer answering it).
pub fn ticket_of(conn: &Conn, message_id: &str) -> Result<Option<i64>> {
    conn.query_opt(
        "SELECT ticket_id FROM outbox WHERE message_id = ?1",
        params![message_id],
        |r| r.get(0),
    )
}

/// The kind of the latest message queued for a ticket.
pub fn last_kind(conn: &Conn, ticket_id: i64) -> Result<Option<MailKind>> {
    let k: Option<String> = conn.query_opt(
        "SELECT kind FROM outbox WHERE ticket_id = ?1 ORDER BY id DESC LIMIT 1",
        params![ticket_id],
        |r| r.get(0),
    )?;
    Ok(k.as_deref().and_then(MailKind::parse))
}

/// Makes every later outbox insert fail (tests of the all-or-nothing transaction).
#[cfg(test)]
pub fn tests_block_inserts(conn: &Conn) {
    conn.execute_batch(
        "CREATE TEMP TRIGGER block_outbox BEFORE INSERT ON outbox
         BEGIN SELECT RAISE(ABORT, 'outbox refuses rows (test)'); END;",
    )
    .expect("trigger");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::ops::{Desk, TicketInput};

    fn desk() -> (Desk, tempfile::TempDir, i64) {
        let dir = tempfile::tempdir().unwrap();
        let mut d = Desk::open(&dir.path().join("t.db"), Config::builtin(), "t").unwrap();
        let id = d
            .create_ticket(TicketInput {
                title: "x".into(),
                ..Default::default()
            })
            .unwrap()
            .id;
        (d, dir, id)
    }

    fn new(ticket: i64, mid: &str) -> NewOutbox {
        NewOutbox {
            ticket_id: ticket,
            comment_id: None,
            kind: MailKind::Reply,
            message_id: mid.into(),
            in_reply_to: None,
            references: vec!["a@x".into(), "b@x".into()],
            to_addr: "c@x".into(),
            to_name: None,
            subject: "s".into(),
            body: "b".into(),
            lang: "en".into(),
        }
    }

    #[test]
    fn claims_go_oldest_first_and_a_lease_hides_a_message() {
        let (mut d, _dir, t) = desk();
        d.store
            .write(|c| {
                insert(c, &new(t, "m1@x"), 100, "t")?;
                insert(c, &new(t, "m2@x"), 100, "t")?;
                let a = claim_due(c, 100, 200)?.unwrap();
                assert_eq!((a.message_id.as_str(), a.attempts), ("m1@x", 1));
                assert_eq!(a.references, vec!["a@x", "b@x"]);
                let b = claim_due(c, 100, 200)?.unwrap();
                assert_eq!(b.message_id, "m2@x");
                assert!(claim_due(c, 150, 300)?.is_none(), "both leased");
                assert_eq!(claim_due(c, 200, 300)?.unwrap().id, a.id, "lease over");
                Ok(())
            })
            .unwrap();
    }

    #[test]
    fn a_stale_version_is_a_conflict_and_changes_nothing() {
        let (mut d, _dir, t) = desk();
        d.store
            .write(|c| insert(c, &new(t, "m1@x"), 100, "t"))
            .unwrap();
        let e = d
            .store
            .write(|c| {
                let m = claim_due(c, 100, 200)?.unwrap();
                let retry = Outcome::Retry {
                    error: "450",
                    at: 160,
                };
                let v = record(c, &Stamp::new(100, "t"), m.id, m.version, &retry)?;
                assert_eq!(v, m.version + 1);
                let sent = Outcome::Sent("250");
                record(c, &Stamp::new(101, "t"), m.id, m.version, &sent).map(|_| ())
            })
            .unwrap_err();
        assert!(e.is_conflict(), "{e}");
        // The failed transaction (claim and all) left the message as it was queued.
        let m = get(d.store.conn(), 1).unwrap();
        assert_eq!((m.state, m.attempts), (MailState::Queued, 0));
        let s = Stamp::new(5, "t");
        assert!(requeue(d.store.conn(), &s, 1, 99)
            .unwrap_err()
            .is_conflict());
    }

    #[test]
    fn the_same_message_id_cannot_be_queued_twice() {
        let (mut d, _dir, t) = desk();
        let e = d
            .store
            .write(|c| {
                insert(c, &new(t, "m1@x"), 100, "t")?;
                insert(c, &new(t, "m1@x"), 100, "t")
            })
            .unwrap_err();
        assert!(e.to_string().contains("UNIQUE"), "{e}");
        assert!(list(d.store.conn(), Which::All, None, 10)
            .unwrap()
            .is_empty());
        assert!(matches!(
            get(d.store.conn(), 1),
            Err(Error::NotFound { .. })
        ));
    }

    #[test]
    fn the_thread_interleaves_imported_and_sent_mail_by_time() {
        let (mut d, _dir, t) = desk();
        d.store
            .write(|c| {
                crate::store::intake::insert_mail(c, "in1@x", t, None, 10)?;
                crate::store::intake::insert_mail(c, "hash:abc", t, None, 11)?;
                insert(c, &new(t, "out1@x"), 20, "t")?;
                crate::store::intake::insert_mail(c, "in2@x", t, None, 30)?;
                Ok(())
            })
            .unwrap();
        let th = thread(d.store.conn(), t).unwrap();
        let ids: Vec<(&str, bool)> = th.iter().map(|(m, i)| (m.as_str(), *i)).collect();
        assert_eq!(ids, [("in1@x", true), ("out1@x", false), ("in2@x", true)]);
        assert_eq!(ticket_of(d.store.conn(), "out1@x").unwrap(), Some(t));
        assert_eq!(last_kind(d.store.conn(), t).unwrap(), Some(MailKind::Reply));
        assert_eq!(counts(d.store.conn()).unwrap(), (1, 0));
    }
}
