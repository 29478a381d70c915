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

/// Which of `ids` have customer activity `reader` has not seen, in the order given:
/// one statement for the page (primary-key lookups only, so a page of rows costs a
/// page of lookups at any size, and one round trip to a server).
pub fn unread_among(conn: &Conn, reader: &str, ids: &[i64]) -> Result<Vec<i64>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let unread: Vec<i64> = conn.query_map(
        &format!(
            "SELECT a.ticket_id FROM ticket_activity a
             WHERE a.ticket_id IN ({}) AND a.seq > COALESCE(
                 (SELECT r.seq FROM ticket_reads r WHERE r.reader = ?1 AND r.ticket_id = a.ticket_id), 0)",
            conn.json_ints(2)
        ),
        params![reader, super::search::json_ids(ids)],
        |r| r.get(0),
    )?;
    Ok(ids
        .iter()
        .copied()
        .filter(|id| unread.contains(id))
        .collect())
}
