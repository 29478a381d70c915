//! What each mailbox (an IMAP folder of an account, a Maildir) has already handed
//! over, so fetching again imports nothing twice.

use super::{params, Conn};
use crate::error::Result;

/// Whether `item` of `source` was taken before.
pub fn seen(conn: &Conn, source: &str, item: &str) -> Result<bool> {
    Ok(conn
        .query_opt(
            "SELECT 1 FROM mail_seen WHERE source = ?1 AND item = ?2",
            params![source, item],
            |_| Ok(()),
        )?
        .is_some())
}

/// Whether `item` of `source` was taken before: None when not, Some(true) when it
/// was imported, Some(false) when it could not be read as mail (left for a person).
pub fn taken(conn: &Conn, source: &str, item: &str) -> Result<Option<bool>> {
    let key: Option<Option<String>> = conn.query_opt(
        "SELECT message_key FROM mail_seen WHERE source = ?1 AND item = ?2",
        params![source, item],
        |r| r.get(0),
    )?;
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
    conn.execute(
        "INSERT INTO mail_seen (source, item, message_key, seen_at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT DO NOTHING",
        params![source, item, message_key, at],
    )?;
    Ok(())
}

/// How many items of `source` were taken.
pub fn seen_count(conn: &Conn, source: &str) -> Result<i64> {
    conn.query_row(
        "SELECT count(*) FROM mail_seen WHERE source = ?1",
        params![source],
        |r| r.get(0),
    )
}
