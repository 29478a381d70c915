//! Queries the console needs beyond the ticket lists.

use super::{params, Conn};
use crate::error::Result;

/// People other than `except` who changed something since `since`, most recent first.
pub fn recent_actors(conn: &Conn, since: i64, except: &str, limit: usize) -> Result<Vec<String>> {
    conn.query_map(
        "SELECT actor FROM audit WHERE at >= ?1 AND actor <> ?2
         GROUP BY actor ORDER BY max(at) DESC LIMIT ?3",
        params![since, except, limit as i64],
        |r| r.get(0),
    )
}
