//! The audit log: one event per change, written in the same transaction.

use super::Conn;
use crate::domain::ticket::AuditEvent;
use crate::error::{Error, Result};
use rusqlite::{params, OptionalExtension, Row};

/// What one audit event says; `at`/`actor` come from the operation.
#[derive(Debug, Clone, Default)]
pub struct Change<'a> {
    pub entity: &'a str,
    pub entity_id: i64,
    pub action: &'a str,
    pub field: Option<&'a str>,
    pub old: Option<String>,
    pub new: Option<String>,
    pub version: Option<i64>,
}

/// Appends one event.
pub fn record(conn: &Conn, at: i64, actor: &str, c: &Change<'_>) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO audit (at, actor, entity, entity_id, action, field, old, new, version)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![
        at,
        actor,
        c.entity,
        c.entity_id,
        c.action,
        c.field,
        c.old,
        c.new,
        c.version
    ])?;
    Ok(())
}

fn from_row(r: &Row<'_>) -> rusqlite::Result<AuditEvent> {
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
    let mut st = conn.prepare_cached(&format!(
        "SELECT {COLS} FROM audit WHERE entity = ?1 AND entity_id = ?2 ORDER BY id"
    ))?;
    let rows = st.query_map(params![entity, id], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The newest event of one record.
pub fn last(conn: &Conn, entity: &str, id: i64) -> Result<Option<AuditEvent>> {
    Ok(conn
        .query_row(
            &format!(
                "SELECT {COLS} FROM audit WHERE entity = ?1 AND entity_id = ?2 ORDER BY id DESC LIMIT 1"
            ),
            params![entity, id],
            from_row,
        )
        .optional()?)
}

/// The conflict error for `entity` #`id`: who changed it last, and when.
pub fn conflict(conn: &Conn, entity: &str, id: i64, yours: i64, theirs: i64) -> Error {
    let who = last(conn, entity, id).ok().flatten();
    let by = who
        .map(|e| format!(" by {} at {}", e.actor, crate::domain::time::short(e.at)))
        .unwrap_or_default();
    Error::Conflict {
        message: format!(
            "{entity} #{id} was changed{by} (it is at version {theirs}, you had version {yours})"
        ),
        hint: format!("look at the change (aftercare {entity} show {id}) and apply yours again"),
    }
}

/// Runs `UPDATE table SET sets…, version = version + 1 WHERE id = ? AND version = ?`
/// and returns the new version; a stale version is a conflict, a missing row not-found.
/// `sets` are `column = ?N` fragments written by the store itself, never user text.
pub fn cas_update(
    conn: &Conn,
    table: &str,
    entity: &'static str,
    id: i64,
    expected: i64,
    sets: &str,
    values: &[&dyn rusqlite::ToSql],
) -> Result<i64> {
    let n = values.len();
    let sql = format!(
        "UPDATE {table} SET {sets}, version = version + 1 WHERE id = ?{} AND version = ?{}",
        n + 1,
        n + 2
    );
    let mut all: Vec<&dyn rusqlite::ToSql> = values.to_vec();
    all.push(&id);
    all.push(&expected);
    let changed = conn.prepare_cached(&sql)?.execute(all.as_slice())?;
    let current: Option<i64> = conn
        .query_row(
            &format!("SELECT version FROM {table} WHERE id = ?1"),
            [id],
            |r| r.get(0),
        )
        .optional()?;
    match (changed, current) {
        (1, Some(v)) => Ok(v),
        (_, None) => Err(Error::not_found(entity, format!("#{id}"))),
        (_, Some(v)) => Err(conflict(conn, entity, id, expected, v)),
    }
}
