//! Unread customer activity: a sequence number per ticket when the customer wrote,
//! and per reader the number they had seen when they last opened it.

use super::{params, Conn};
use crate::error::Result;

/// Notes customer activity on ticket `id` (in the transaction that recorded it).
pub fn customer_activity(conn: &Conn, id: i64, at: i64) -> Result<()> {
    conn.execute(
        "INSERT INTO ticket_activity (ticket_id, seq, at)
         VALUES (?1, (SELECT COALESCE(max(seq), 0) + 1 FROM ticket_activity), ?2)
         ON CONFLICT (ticket_id) DO UPDATE SET seq = excluded.seq, at = excluded.at",
        params![id, at],
    )?;
    Ok(())
}

/// Records that `reader` has seen everything the customer wrote on ticket `id`.
pub fn mark_read(conn: &Conn, reader: &str, id: i64) -> Result<()> {
    conn.execute(
        "INSERT INTO ticket_reads (reader, ticket_id, seq)
         SELECT ?1, ticket_id, seq FROM ticket_activity WHERE ticket_id = ?2
         ON CONFLICT (reader, ticket_id) DO UPDATE SET seq = excluded.seq",
        params![reader, id],
    )?;
    Ok(())
}

/// Which of `ids` have customer activity `reader` has not seen (primary-key lookups
/// only, so a page of rows costs a page of lookups at any size).
pub fn unread_among(conn: &Conn, reader: &str, ids: &[i64]) -> Result<Vec<i64>> {
    let mut out = Vec::new();
    for id in ids {
        let unread: Option<bool> = conn.query_opt(
            "SELECT a.seq > COALESCE(
                    (SELECT r.seq FROM ticket_reads r WHERE r.reader = ?1 AND r.ticket_id = a.ticket_id), 0)
             FROM ticket_activity a WHERE a.ticket_id = ?2",
            params![reader, id],
            |r| r.get(0),
        )?;
        if unread == Some(true) {
            out.push(*id);
        }
    }
    Ok(out)
}
