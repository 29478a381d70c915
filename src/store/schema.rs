//! Numbered migrations over `PRAGMA user_version`, applied in one IMMEDIATE transaction.

use crate::error::Result;
use rusqlite::{Connection, TransactionBehavior};

/// The migrations, in order; migration N brings the schema to version N.
const MIGRATIONS: &[&str] = &[
    include_str!("migrations/001_init.sql"),
    include_str!("migrations/002_search.sql"),
    include_str!("migrations/003_service.sql"),
    include_str!("migrations/004_intake.sql"),
    include_str!("migrations/005_projects.sql"),
    include_str!("migrations/006_team.sql"),
    include_str!("migrations/007_open_due.sql"),
    include_str!("migrations/008_customer_merge.sql"),
    include_str!("migrations/009_mail.sql"),
    include_str!("migrations/010_search_docs.sql"),
    include_str!("migrations/011_report_indexes.sql"),
    include_str!("migrations/012_sort_indexes.sql"),
    include_str!("migrations/013_queue.sql"),
    include_str!("migrations/014_dashboard.sql"),
    include_str!("migrations/015_sort_title_channel.sql"),
    include_str!("migrations/016_name_sort_keys.sql"),
];

/// The schema version this build writes.
pub const LATEST_VERSION: i64 = MIGRATIONS.len() as i64;

/// The schema version of an open database.
pub fn user_version(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row("PRAGMA user_version", [], |r| r.get(0))
}

/// Whether a version-0 database already holds tables (someone else's database).
pub fn has_foreign_tables(conn: &Connection) -> Result<bool> {
    let n: i64 = conn.query_row(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
        [],
        |r| r.get(0),
    )?;
    Ok(n > 0)
}

/// Brings the database to `LATEST_VERSION`. Safe when several processes open a new
/// file at once: the version is read again under the write lock. A migration that
/// changes the word index's shape marks it stale; it is rebuilt (in Rust, which
/// segments the text) before the migration commits.
pub fn migrate(conn: &mut Connection) -> Result<()> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let current = user_version(&tx)?;
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(current.max(0) as usize) {
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", (i + 1) as i64)?;
    }
    if super::search::stale_on(&tx)? {
        super::search::rebuild_on(&tx, &mut |_, _| {})?;
    }
    tx.commit()?;
    Ok(())
}
