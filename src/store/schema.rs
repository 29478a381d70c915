//! Numbered migrations, one list per engine, numbered alike: migration N brings either
//! engine to schema version N. SQLite keeps the version in `PRAGMA user_version` and
//! migrates in one IMMEDIATE transaction; PostgreSQL keeps it in `aftercare_schema`
//! and migrates in one transaction under `pg_advisory_xact_lock`. A database whose
//! version is newer than this build knows is refused and left untouched.

use super::{params, Conn, Engine};
use crate::error::{DbProblem, Error, Result};

/// The SQLite migrations, in order.
const SQLITE: &[&str] = &[
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
    include_str!("migrations/017_report_outcomes.sql"),
    include_str!("migrations/018_search_marks.sql"),
    include_str!("migrations/019_open_by_person.sql"),
    include_str!("migrations/020_open_by_sort.sql"),
    include_str!("migrations/021_write_upkeep.sql"),
    include_str!("migrations/022_search_words.sql"),
    include_str!("migrations/023_search_term_rows.sql"),
    include_str!("migrations/024_ticket_updates.sql"),
    include_str!("migrations/025_unclosed_updated.sql"),
];

/// The same schema for PostgreSQL, migration for migration.
const POSTGRES: &[&str] = &[
    include_str!("migrations/pg/001_init.sql"),
    include_str!("migrations/pg/002_search.sql"),
    include_str!("migrations/pg/003_service.sql"),
    include_str!("migrations/pg/004_intake.sql"),
    include_str!("migrations/pg/005_projects.sql"),
    include_str!("migrations/pg/006_team.sql"),
    include_str!("migrations/pg/007_open_due.sql"),
    include_str!("migrations/pg/008_customer_merge.sql"),
    include_str!("migrations/pg/009_mail.sql"),
    include_str!("migrations/pg/010_search_docs.sql"),
    include_str!("migrations/pg/011_report_indexes.sql"),
    include_str!("migrations/pg/012_sort_indexes.sql"),
    include_str!("migrations/pg/013_queue.sql"),
    include_str!("migrations/pg/014_dashboard.sql"),
    include_str!("migrations/pg/015_sort_title_channel.sql"),
    include_str!("migrations/pg/016_name_sort_keys.sql"),
    include_str!("migrations/pg/017_report_outcomes.sql"),
    include_str!("migrations/pg/018_search_marks.sql"),
    include_str!("migrations/pg/019_open_by_person.sql"),
    include_str!("migrations/pg/020_open_by_sort.sql"),
    include_str!("migrations/pg/021_write_upkeep.sql"),
    include_str!("migrations/pg/022_search_words.sql"),
    include_str!("migrations/pg/023_search_term_rows.sql"),
    include_str!("migrations/pg/024_ticket_updates.sql"),
    include_str!("migrations/pg/025_unclosed_updated.sql"),
];

const _: () = assert!(SQLITE.len() == POSTGRES.len());

/// The SQLite migrations (tests build files of older schemas with them).
#[cfg(test)]
pub(crate) fn sqlite_migrations() -> &'static [&'static str] {
    SQLITE
}

/// The schema version this build writes.
pub const LATEST_VERSION: i64 = SQLITE.len() as i64;

/// The advisory lock that serialises migrations of one PostgreSQL database.
const MIGRATION_LOCK: i64 = 0x6166_7465_7263_6172; // "aftercar"

/// A PostgreSQL migration ending with this line needs the word index rebuilt
/// (the index is written by Rust, which SQL cannot call).
const THEN_REINDEX: &str = "-- then: reindex";

/// The schema version of an SQLite file, before it is wrapped in a `Conn` (so the
/// first read's error can be diagnosed as the engine reported it).
pub fn sqlite_user_version(conn: &rusqlite::Connection) -> rusqlite::Result<i64> {
    conn.query_row("PRAGMA user_version", [], |r| r.get(0))
}

/// The schema version of an open database.
pub fn user_version(conn: &Conn) -> Result<i64> {
    match conn.engine() {
        Engine::Sqlite => conn.one("PRAGMA user_version", params![]),
        Engine::Postgres => {
            let exists: bool = conn.one(
                "SELECT to_regclass('aftercare_schema') IS NOT NULL",
                params![],
            )?;
            if !exists {
                return Ok(0);
            }
            Ok(conn
                .query_opt("SELECT version FROM aftercare_schema", params![], |r| {
                    r.get(0)
                })?
                .unwrap_or(0))
        }
    }
}

/// Whether a version-0 database already holds tables (someone else's database).
pub fn has_foreign_tables(conn: &Conn) -> Result<bool> {
    let n: i64 = conn.one(
        conn.pick(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
            "SELECT count(*) FROM information_schema.tables
             WHERE table_schema = current_schema() AND table_name <> 'aftercare_schema'",
        ),
        params![],
    )?;
    Ok(n > 0)
}

/// Brings the database to `LATEST_VERSION`. Safe when several processes open a new
/// database at once: the version is read again under the write lock. A migration
/// that changes the word index's shape marks it stale; it is rebuilt (in Rust, which
/// segments the text) before the migration commits.
pub fn migrate(conn: &Conn) -> Result<()> {
    match conn.engine() {
        Engine::Sqlite => conn.in_transaction(true, true, |c| {
            let current = user_version(c)?;
            for (i, sql) in SQLITE.iter().enumerate().skip(current.max(0) as usize) {
                c.execute_batch(sql)?;
                c.execute_batch(&format!("PRAGMA user_version = {}", i + 1))?;
            }
            if super::search::is_stale(c)? {
                super::search::rebuild(c, &mut |_, _| {})?;
            }
            Ok(())
        }),
        Engine::Postgres => {
            if user_version(conn)? == LATEST_VERSION {
                return Ok(());
            }
            let after = conn.in_transaction(false, true, migrate_pg)?;
            // VACUUM refuses a transaction block: what the migrations left for after
            // their commit runs now, one statement at a time.
            for sql in after {
                conn.execute_batch(&sql)?;
            }
            Ok(())
        }
    }
}

/// The statements a migration names with `-- after commit: …` lines: maintenance
/// that cannot run inside the migration's transaction (e.g. VACUUM, which rebuilds
/// the visibility map a CLUSTER leaves empty — without it every index-only scan of
/// the table reads the heap until autovacuum's far-off next visit).
fn after_commit(sql: &str) -> impl Iterator<Item = String> + '_ {
    sql.lines()
        .filter_map(|l| l.trim().strip_prefix(AFTER_COMMIT))
        .map(|s| s.trim().to_string())
}

/// The migrations' marker for a statement run after they commit.
const AFTER_COMMIT: &str = "-- after commit:";

/// Migrates a server database under the lock; returns what is to run after commit.
fn migrate_pg(c: &Conn) -> Result<Vec<String>> {
    c.execute("SELECT pg_advisory_xact_lock(?1)", params![MIGRATION_LOCK])?;
    let current = user_version(c)?;
    if current > LATEST_VERSION {
        return Err(Error::database(
            "",
            DbProblem::Newer {
                found: current,
                supported: LATEST_VERSION,
            },
        ));
    }
    if current == 0 && has_foreign_tables(c)? {
        return Err(super::db_other(
            "the database already holds tables that are not aftercare's",
            Some(
                "point --db at a new, empty database (createdb), or give aftercare its own schema with ?options=-csearch_path%3Daftercare"
                    .into(),
            ),
        ));
    }
    c.execute_batch("CREATE TABLE IF NOT EXISTS aftercare_schema (version BIGINT NOT NULL)")?;
    let mut reindex = false;
    let mut after = Vec::new();
    for (i, sql) in POSTGRES.iter().enumerate().skip(current.max(0) as usize) {
        c.execute_batch(sql)?;
        after.extend(after_commit(sql));
        reindex |= sql.trim_end().ends_with(THEN_REINDEX);
        c.execute("DELETE FROM aftercare_schema", params![])?;
        c.execute(
            "INSERT INTO aftercare_schema (version) VALUES (?1)",
            params![i as i64 + 1],
        )?;
    }
    if (reindex && current > 0) || super::search::is_stale(c)? {
        super::search::rebuild(c, &mut |_, _| {})?;
    }
    Ok(after)
}
