//! What each mailbox (an IMAP folder of an account, a Maildir) has already handed
//! over, so fetching again imports nothing twice.

use super::Conn;
use crate::error::Result;
use rusqlite::{params, OptionalExtension};

/// Whether `item` of `source` was taken before.
pub fn seen(conn: &Conn, source: &str, item: &str) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM mail_seen WHERE source = ?1 AND item = ?2")?
        .query_row([source, item], |_| Ok(()))
        .optional()?
        .is_some())
}

/// Whether `item` of `source` was taken before: None when not, Some(true) when it
/// was imported, Some(false) when it could not be read as mail (left for a person).
pub fn taken(conn: &Conn, source: &str, item: &str) -> Result<Option<bool>> {
    let key: Option<Option<String>> = conn
        .prepare_cached("SELECT message_key FROM mail_seen WHERE source = ?1 AND item = ?2")?
        .query_row([source, item], |r| r.get(0))
        .optional()?;
    Ok(key.map(|k| k.is_some()))
}

/// Records `item` of `source` as taken (in the transaction that imported it), with
/// the key of the mail it held.
pub fn mark_seen(
    conn: &Conn,
    source: &str,
    item: &str,
    message_key: Option<&str>,
    at: i64,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT OR IGNORE INTO mail_seen (source, item, message_key, seen_at) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![source, item, message_key, at])?;
    Ok(())
}

/// How many items of `source` were taken.
pub fn seen_count(conn: &Conn, source: &str) -> Result<i64> {
    Ok(conn
        .prepare_cached("SELECT count(*) FROM mail_seen WHERE source = ?1")?
        .query_row([source], |r| r.get(0))?)
}
