//! The pinyin sort keys kept next to customer and agent names (migration 016): written
//! with every name, and recomputed here after migrating when some are missing or were
//! made by another key version (`domain::collate::KEY_VERSION`).

use crate::domain::collate::{name_key, KEY_VERSION};
use crate::error::Result;
use rusqlite::{Connection, OptionalExtension, TransactionBehavior};

/// The tables whose `name` has a `sort_key`.
const TABLES: [&str; 2] = ["customers", "agents"];

/// Fills missing keys, or every key when the stored key version is not this build's,
/// in one IMMEDIATE transaction. Cheap when nothing is missing (each open of a
/// writable file): the version counter and one lookup per table at the start of the
/// sort index.
pub(crate) fn refresh(conn: &mut Connection) -> Result<()> {
    if !stale(conn)? {
        return Ok(());
    }
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    refresh_on(&tx)?;
    tx.commit()?;
    Ok(())
}

fn version(conn: &Connection) -> Result<Option<i64>> {
    Ok(conn
        .query_row(
            "SELECT value FROM counters WHERE name = 'name_keys:version'",
            [],
            |r| r.get(0),
        )
        .optional()?)
}

fn stale(conn: &Connection) -> Result<bool> {
    if version(conn)? != Some(KEY_VERSION) {
        return Ok(true);
    }
    for table in TABLES {
        let missing: Option<i64> = conn
            .query_row(
                &format!("SELECT 1 FROM {table} WHERE sort_key IS NULL LIMIT 1"),
                [],
                |r| r.get(0),
            )
            .optional()?;
        if missing.is_some() {
            return Ok(true);
        }
    }
    Ok(false)
}

/// The work of `refresh` in the caller's transaction (read again under its lock).
fn refresh_on(conn: &Connection) -> Result<()> {
    let all = version(conn)? != Some(KEY_VERSION);
    for table in TABLES {
        let which = if all { "" } else { " WHERE sort_key IS NULL" };
        let rows: Vec<(i64, String)> = conn
            .prepare(&format!("SELECT id, name FROM {table}{which}"))?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let mut st = conn.prepare(&format!("UPDATE {table} SET sort_key = ?2 WHERE id = ?1"))?;
        for (id, name) in rows {
            st.execute(rusqlite::params![id, name_key(&name)])?;
        }
    }
    if all {
        conn.execute(
            "INSERT OR REPLACE INTO counters (name, value) VALUES ('name_keys:version', ?1)",
            [KEY_VERSION],
        )?;
    }
    Ok(())
}
