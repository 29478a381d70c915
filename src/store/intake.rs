//! Imported mail (threading and idempotence), attachments and imported rows,
//! plus the rolled-back transaction behind `--dry-run`.

use super::Store;
use super::{params, Conn};
use crate::domain::intake::Attachment;
use crate::error::Result;

/// The ticket a mail with this Message-ID (or content key) was imported onto.
pub fn mail_ticket(conn: &Conn, message_id: &str) -> Result<Option<i64>> {
    conn.query_opt(
        "SELECT ticket_id FROM mail_messages WHERE message_id = ?1",
        params![message_id],
        |r| r.get(0),
    )
}

/// Records an imported mail.
pub fn insert_mail(
    conn: &Conn,
    message_id: &str,
    ticket_id: i64,
    comment_id: Option<i64>,
    at: i64,
) -> Result<()> {
    conn.execute("INSERT INTO mail_messages (message_id, ticket_id, comment_id, imported_at) VALUES (?1, ?2, ?3, ?4)", params![message_id, ticket_id, comment_id, at])?;
    Ok(())
}

/// Records an attachment (name and size only) and returns its id.
pub fn insert_attachment(conn: &Conn, a: &Attachment) -> Result<i64> {
    conn.insert(
        "INSERT INTO attachments (ticket_id, comment_id, filename, size, content_type, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            a.ticket_id,
            a.comment_id,
            a.filename,
            a.size,
            a.content_type,
            a.created_at
        ],
    )
}

/// The attachments of a ticket and its comments, oldest first.
pub fn attachments(conn: &Conn, ticket_id: i64) -> Result<Vec<Attachment>> {
    conn.query_map(
        "SELECT id, ticket_id, comment_id, filename, size, content_type, created_at
         FROM attachments WHERE ticket_id = ?1 ORDER BY id",
        params![ticket_id],
        |r| {
            Ok(Attachment {
                id: r.get(0)?,
                ticket_id: r.get(1)?,
                comment_id: r.get(2)?,
                filename: r.get(3)?,
                size: r.get(4)?,
                content_type: r.get(5)?,
                created_at: r.get(6)?,
            })
        },
    )
}

/// The ticket an imported row with this key created.
pub fn row_ticket(conn: &Conn, key: &str) -> Result<Option<i64>> {
    conn.query_opt(
        "SELECT ticket_id FROM import_rows WHERE key = ?1",
        params![key],
        |r| r.get(0),
    )
}

/// Records an imported row.
pub fn insert_row(conn: &Conn, key: &str, ticket_id: i64, at: i64) -> Result<()> {
    conn.execute(
        "INSERT INTO import_rows (key, ticket_id, imported_at) VALUES (?1, ?2, ?3)",
        params![key, ticket_id, at],
    )?;
    Ok(())
}

/// Marks a ticket being imported in a done stage as resolved (and closed) at these
/// times, without a version change (part of its creation).
pub fn set_done_times(
    conn: &Conn,
    ticket_id: i64,
    resolved: i64,
    closed: Option<i64>,
) -> Result<()> {
    conn.execute(
        "UPDATE tickets SET resolved_at = ?2, closed_at = ?3,
            first_response_at = COALESCE(first_response_at, ?2) WHERE id = ?1",
        params![ticket_id, resolved, closed],
    )?;
    Ok(())
}

/// The id and name of the agent with this email address, if any.
pub fn agent_by_email(conn: &Conn, email: &str) -> Result<Option<(i64, String)>> {
    conn.query_opt(
        &format!(
            "SELECT id, name FROM agents WHERE {} ORDER BY id LIMIT 1",
            conn.nocase_eq("email", 1)
        ),
        params![email],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
}

/// Runs `f` in one transaction that is always rolled back (`--dry-run`): the caller
/// sees exactly what a real run would do, and nothing is saved.
pub fn rolled_back<T>(store: &Store, f: impl FnOnce(&Conn) -> Result<T>) -> Result<T> {
    store.conn().in_transaction(true, false, f)
}
