//! Reading the audit log (one event per change, written by `store::write` in the
//! change's own transaction).

use super::{params, Conn, Row};
use crate::domain::ticket::AuditEvent;
use crate::error::Result;

fn from_row(r: &Row<'_>) -> Result<AuditEvent> {
    Ok(AuditEvent {
        id: r.get(0)?,
        at: r.get(1)?,
        actor: r.get(2)?,
        entity: r.get(3)?,
        entity_id: r.get(4)?,
        action: r.get(5)?,
        field: r.get(6)?,
        old: r.get(7)?,
        new: r.get(8)?,
        version: r.get(9)?,
    })
}

const COLS: &str = "id, at, actor, entity, entity_id, action, field, old, new, version";

/// Every event of one record, oldest first.
pub fn history(conn: &Conn, entity: &str, id: i64) -> Result<Vec<AuditEvent>> {
    conn.query_map(
        &format!("SELECT {COLS} FROM audit WHERE entity = ?1 AND entity_id = ?2 ORDER BY id"),
        params![entity, id],
        from_row,
    )
}

/// The newest event of one record.
pub fn last(conn: &Conn, entity: &str, id: i64) -> Result<Option<AuditEvent>> {
    conn.query_opt(
        &format!(
            "SELECT {COLS} FROM audit WHERE entity = ?1 AND entity_id = ?2 ORDER BY id DESC LIMIT 1"
        ),
        params![entity, id],
        from_row,
    )
}
