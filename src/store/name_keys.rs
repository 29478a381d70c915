//! The pinyin sort keys kept next to customer and agent names (migration 016): written
//! with every name, and recomputed here after migrating when some are missing or were
//! made by another key version (`domain::collate::KEY_VERSION`).

use super::conn::Conn;
use super::value::params;
use crate::domain::collate::{name_key, KEY_VERSION};
use crate::error::Result;

/// The tables whose `name` has a `sort_key`.
const TABLES: [&str; 2] = ["customers", "agents"];

/// Fills missing keys, or every key when the stored key version is not this build's,
/// in one write transaction (BEGIN IMMEDIATE on SQLite). Cheap when nothing is
/// missing (each writable open): the version counter and one lookup per table at
/// the start of the sort index.
pub(crate) fn refresh(conn: &Conn) -> Result<()> {
    if !stale(conn)? {
        return Ok(());
    }
    conn.in_transaction(true, true, refresh_on)
}

fn version(conn: &Conn) -> Result<Option<i64>> {
    conn.query_opt(
        "SELECT value FROM counters WHERE name = 'name_keys:version'",
        params![],
        |r| r.get(0),
    )
}

/// Whether the keys need work: one statement (one round trip to a server) for the
/// version counter and a lookup per table at the start of the sort index. A
/// database without customers and agents has nothing to fill (and opening a new,
/// empty one writes nothing: `db migrate` wants its target empty).
fn stale(conn: &Conn) -> Result<bool> {
    let exists = |cond: &str| -> String {
        TABLES
            .iter()
            .map(|t| format!("CASE WHEN EXISTS (SELECT 1 FROM {t}{cond}) THEN 1 ELSE 0 END"))
            .collect::<Vec<_>>()
            .join(" + ")
    };
    let (v, missing, rows): (Option<i64>, i64, i64) = conn.query_row(
        &format!(
            "SELECT (SELECT value FROM counters WHERE name = 'name_keys:version'), {}, {}",
            exists(" WHERE sort_key IS NULL"),
            exists("")
        ),
        params![],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    Ok(rows > 0 && (v != Some(KEY_VERSION) || missing > 0))
}

/// The work of `refresh` in the caller's transaction (read again under its lock).
fn refresh_on(conn: &Conn) -> Result<()> {
    let all = version(conn)? != Some(KEY_VERSION);
    for table in TABLES {
        let which = if all { "" } else { " WHERE sort_key IS NULL" };
        let rows: Vec<(i64, String)> = conn.query_map(
            &format!("SELECT id, name FROM {table}{which}"),
            params![],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let update = format!("UPDATE {table} SET sort_key = ?2 WHERE id = ?1");
        for (id, name) in rows {
            conn.execute(&update, params![id, name_key(&name)])?;
        }
    }
    if all {
        mark_current(conn)?;
    }
    Ok(())
}

/// Records that every stored key is of this build's version (a writer that gave
/// every name its key, as the demo's bulk load does, saves the next open from
/// recomputing them all).
pub(crate) fn mark_current(conn: &Conn) -> Result<()> {
    conn.execute(
        "INSERT INTO counters (name, value) VALUES ('name_keys:version', ?1)
         ON CONFLICT (name) DO UPDATE SET value = excluded.value",
        params![KEY_VERSION],
    )?;
    Ok(())
}
