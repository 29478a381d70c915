//! The load's session around the bulk inserts: cache and durability settings, the
//! indexes dropped and built again after the load, and the row checks (triggers,
//! foreign keys, constraints) paused while the loader does their work itself.

use crate::error::Result;
use crate::store::search::merge::LoadTuning;
use crate::store::{params, Conn, Engine};

/// The page cache size setting (`PRAGMA cache_size`: pages, or KiB when negative);
/// 0 on PostgreSQL, whose cache is the server's.
pub fn cache_size(conn: &Conn) -> Result<i64> {
    match conn.engine() {
        Engine::Sqlite => conn.one("PRAGMA cache_size", params![]),
        Engine::Postgres => Ok(0),
    }
}

/// Sets the page cache size of this connection (a bigger cache speeds up a bulk load).
pub fn set_cache_size(conn: &Conn, value: i64) -> Result<()> {
    if conn.engine() == Engine::Sqlite {
        conn.execute_batch(&format!("PRAGMA cache_size = {value}"))?;
    }
    Ok(())
}

/// Conn settings changed for a bulk load, to restore with `end_load`.
#[derive(Debug, Clone)]
pub struct LoadSettings {
    /// `PRAGMA foreign_keys` before the load (SQLite).
    foreign_keys: i64,
    cache_size: i64,
    threads: i64,
    /// The journal mode to go back to, when it was changed.
    journal: Option<String>,
}

/// Prepares this connection for a bulk load. SQLite: a page cache of `cache_kib`
/// KiB, worker threads for building indexes, and a rollback journal instead of WAL
/// when no other connection has the file open (new pages then go straight into the
/// file, instead of into the WAL and again into the file at the checkpoint).
/// PostgreSQL: memory for building indexes and no wait for the WAL flush at commit.
/// Undo with `end_load`, also when the load fails; it also turns the word-index
/// upkeep back on, should the loader have turned it off.
pub fn begin_load(conn: &Conn, cache_kib: i64) -> Result<LoadSettings> {
    if conn.engine() == Engine::Postgres {
        conn.execute_batch(
            "SET maintenance_work_mem = '512MB'; SET max_parallel_maintenance_workers = 2;
             SET synchronous_commit = off",
        )?;
        return Ok(LoadSettings {
            foreign_keys: 0,
            cache_size: 0,
            threads: 0,
            journal: None,
        });
    }
    let mode: String = conn.one("PRAGMA journal_mode", params![])?;
    let mut journal = None;
    if mode.eq_ignore_ascii_case("wal") {
        // Fails (and changes nothing) while another connection uses the file.
        let now: String = conn
            .one("PRAGMA journal_mode = delete", params![])
            .unwrap_or_else(|_| mode.clone());
        if now.eq_ignore_ascii_case("delete") {
            journal = Some(mode);
        }
    }
    let settings = LoadSettings {
        foreign_keys: conn.one("PRAGMA foreign_keys", params![])?,
        cache_size: cache_size(conn)?,
        threads: conn.one("PRAGMA threads", params![])?,
        journal,
    };
    set_cache_size(conn, -cache_kib.abs())?;
    // Foreign keys are not checked row by row: the loader numbers every row it refers
    // to, and an immediate check makes each multi-row INSERT keep a statement journal
    // (see `insert_many`). Set outside the transaction (SQLite ignores it inside).
    // (`temp_store = MEMORY` would keep a journal in memory, but it also keeps the
    // index builds' sorts in memory: 488 MB peak at 1M tickets.)
    conn.execute_batch("PRAGMA threads = 2; PRAGMA foreign_keys = OFF")?;
    Ok(settings)
}

/// Restores what `begin_load` changed.
pub fn end_load(conn: &Conn, s: LoadSettings) -> Result<()> {
    crate::store::search::set_auto_index(conn, true)?;
    if conn.engine() == Engine::Postgres {
        return conn.execute_batch(
            "RESET maintenance_work_mem; RESET max_parallel_maintenance_workers;
             RESET synchronous_commit",
        );
    }
    set_cache_size(conn, s.cache_size)?;
    conn.execute_batch(&format!(
        "PRAGMA threads = {}; PRAGMA foreign_keys = {}",
        s.threads, s.foreign_keys
    ))?;
    if let Some(mode) = s.journal {
        // Best effort: `Store::open` sets the configured mode again in any case.
        let _ = conn.one::<String>(&format!("PRAGMA journal_mode = {mode}"), params![]);
    }
    Ok(())
}

/// Lets the ticket word index take a bulk load in large segments without merging as
/// it goes (these FTS5 settings are stored in the database: restore them with
/// `restore_ticket_index` in the same transaction).
/// Nothing to tune on PostgreSQL (a GIN index has no segments).
pub fn tune_ticket_index(conn: &Conn) -> Result<Option<LoadTuning>> {
    conn.as_sqlite()
        .map(crate::store::search::merge::tune_for_load)
        .transpose()
}

/// Puts back the settings `tune_ticket_index` changed.
pub fn restore_ticket_index(conn: &Conn, old: Option<LoadTuning>) -> Result<()> {
    match (conn.as_sqlite(), old) {
        (Some(c), Some(old)) => crate::store::search::merge::restore_after_load(c, old),
        _ => Ok(()),
    }
}

/// Indexes whose keys a bulk load of tickets in creation order writes all over the
/// index (times that are not the creation time, customers): cheaper built once
/// from sorted keys at the end. The others take their keys in order, or at a few
/// places (a stage, an assignee …), so keeping them while loading costs less than
/// reading every row again and sorting to build them.
/// (SQLite; PostgreSQL builds every secondary index after the load: see `drop_indexes`.)
///
/// `tickets_next_due_sort` takes its keys in order, but it indexes `MIN(…)`: a function
/// call in any index of a table makes every multi-row INSERT into it keep a
/// statement journal (a copy of each page it changes, spilled to a temp file: 1.3 GB
/// written for a 70 MB demo of 20,000 tickets), so it is built afterwards too.
const BUILT_AFTER_LOAD: &[&str] = &[
    "tickets_next_due_sort",
    "tickets_customer",
    "tickets_updated",
    "tickets_due_sort",
    "tickets_assignee_resolved",
    "tickets_title_sort",
    "audit_at",
    "audit_stage_at",
];

/// Page cache while `create_indexes` runs, in KiB: SQLite's sorter holds up to a
/// cache-sized buffer in memory (per sorting thread), on top of the cache itself.
const INDEX_BUILD_CACHE_KIB: i64 = 32_768;

/// Helper threads of SQLite's sorter while `create_indexes` runs: one sorts and
/// writes a full buffer while the loading thread fills the next. The index builds
/// come after the rows, when the generator has stopped and the thread writing
/// beside builds only its two audit indexes, so the second core is mostly idle
/// (one more cache-sized buffer: 32 MiB).
const INDEX_BUILD_HELPERS: i64 = 1;

/// Drops the indexes of `tables` that a bulk load fills out of order and returns
/// the statements that create them again (`create_indexes`). SQLite: those in
/// `BUILT_AFTER_LOAD`. PostgreSQL: every index but the keys (a B-tree built from
/// sorted keys once is far cheaper there than one kept up row by row, and a GIN
/// index even more so).
pub fn drop_indexes(conn: &Conn, tables: &[&str]) -> Result<Vec<String>> {
    let sql = conn.pick(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name = ?1
         ORDER BY name",
        "SELECT i.indexname::text, i.indexdef FROM pg_indexes i
         WHERE i.schemaname = current_schema() AND i.tablename = ?1
           AND NOT EXISTS (SELECT 1 FROM pg_constraint c
                           WHERE c.conindid = format('%I.%I', i.schemaname, i.indexname)::regclass)
         ORDER BY 1",
    );
    let mut found: Vec<(String, String)> = Vec::new();
    for t in tables {
        for (name, sql) in conn.query_map(sql, params![t], |r| Ok((r.get(0)?, r.get(1)?)))? {
            let name: String = name;
            if conn.engine() == Engine::Postgres || BUILT_AFTER_LOAD.contains(&name.as_str()) {
                found.push((name, sql));
            }
        }
    }
    for (name, _) in &found {
        // The name comes from the catalog; quoted as an identifier.
        conn.execute_batch(&format!("DROP INDEX {}", ident(name)))?;
    }
    Ok(found.into_iter().map(|(_, sql)| sql).collect())
}

/// An identifier (a name from the catalog) quoted for SQL.
fn ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// Runs the statements `drop_indexes` returned. On SQLite with a smaller page cache
/// and `INDEX_BUILD_HELPERS` sorting threads, which bounds the memory of the sorts
/// (each thread's sort buffer is as large as the cache); the cache size is put back
/// afterwards.
pub fn create_indexes(conn: &Conn, statements: &[String]) -> Result<()> {
    let sqlite = conn.engine() == Engine::Sqlite;
    let (cache, threads) = if sqlite {
        let threads: i64 = conn.one("PRAGMA threads", params![])?;
        (cache_size(conn)?, threads)
    } else {
        (0, 0)
    };
    if sqlite {
        set_cache_size(conn, -INDEX_BUILD_CACHE_KIB)?;
        conn.execute_batch(&format!("PRAGMA threads = {INDEX_BUILD_HELPERS}"))?;
    }
    let built = statements
        .iter()
        .try_for_each(|sql| conn.execute_batch(sql));
    if sqlite {
        set_cache_size(conn, cache)?;
        conn.execute_batch(&format!("PRAGMA threads = {threads}"))?;
    }
    built
}

/// PostgreSQL: switches off, for the load's transaction, the per-row work that a
/// bulk load of `tables` makes needless, and returns the statements that switch it
/// back on (`resume_row_checks`, in the same transaction: the switches are part of
/// it, so a failed load rolls them back too). The row triggers that number new rows
/// (`ac_next_id`: the load gives every id) and note records for the word index
/// (`ac_search_dirty`: the load writes the index itself) are disabled; foreign keys
/// are dropped and added again, which checks every row once in one join instead of
/// one lookup per row. Other triggers stay on. Nothing to do on SQLite.
pub fn pause_row_checks(conn: &Conn, tables: &[&str]) -> Result<Vec<String>> {
    if conn.engine() != Engine::Postgres {
        return pause_sqlite_triggers(conn, tables);
    }
    let mut undo = Vec::new();
    for t in tables {
        let table = ident(t);
        let triggers: Vec<String> = conn.query_map(
            "SELECT tg.tgname::text FROM pg_trigger tg
             JOIN pg_proc p ON p.oid = tg.tgfoid
             WHERE tg.tgrelid = format('%I.%I', current_schema(), ?1::text)::regclass
               AND NOT tg.tgisinternal AND tg.tgenabled <> 'D'
               AND p.proname IN ('ac_next_id', 'ac_search_dirty')
             ORDER BY 1",
            params![t],
            |r| r.get(0),
        )?;
        for name in triggers {
            let name = ident(&name);
            conn.execute_batch(&format!("ALTER TABLE {table} DISABLE TRIGGER {name}"))?;
            undo.push(format!("ALTER TABLE {table} ENABLE TRIGGER {name}"));
        }
        let keys: Vec<(String, String)> = conn.query_map(
            "SELECT conname::text, pg_get_constraintdef(oid) FROM pg_constraint
             WHERE conrelid = format('%I.%I', current_schema(), ?1::text)::regclass AND contype = 'f'
             ORDER BY 1",
            params![t],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        for (name, def) in keys {
            let name = ident(&name);
            conn.execute_batch(&format!("ALTER TABLE {table} DROP CONSTRAINT {name}"))?;
            undo.push(format!("ALTER TABLE {table} ADD CONSTRAINT {name} {def}"));
        }
    }
    Ok(undo)
}

/// SQLite's insert triggers whose work a bulk load does itself: the stage counters
/// (`add_stage_counts`), the ticket id range (the loader numbers the tickets: see
/// `check_ticket_ids`) and the word index (written by `ticket_index`).
const LOADER_DOES: &[&str] = &[
    "tickets_count_insert",
    "tickets_id_range",
    "search_tickets_insert",
    "search_comments_insert",
];

/// SQLite: drops, for the load's transaction, the insert triggers in `LOADER_DOES`
/// on `tables` and returns the statements that create them again. A table with a
/// trigger makes every INSERT into it keep a statement journal: a copy of each page
/// the statement changes, before it changes it (at 20,000 tickets 1.3 GB written to
/// a temp file for a 70 MB database). Other triggers stay.
fn pause_sqlite_triggers(conn: &Conn, tables: &[&str]) -> Result<Vec<String>> {
    let mut undo = Vec::new();
    for t in tables {
        let found: Vec<(String, String)> = conn.query_map(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?1
             ORDER BY name",
            params![t],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        for (name, sql) in found {
            if LOADER_DOES.contains(&name.as_str()) {
                conn.execute_batch(&format!("DROP TRIGGER {}", ident(&name)))?;
                undo.push(sql);
            }
        }
    }
    Ok(undo)
}

/// Adds tickets written with the stage-counting trigger paused (SQLite; PostgreSQL
/// counts once per statement, COPY included) to the stage counters: `counts` holds
/// (stage, tickets).
pub fn add_stage_counts(conn: &Conn, counts: &[(&str, i64)]) -> Result<()> {
    if conn.engine() != Engine::Sqlite {
        return Ok(());
    }
    for (stage, n) in counts {
        conn.execute(
            "INSERT INTO counters (name, value) VALUES ('stage:' || ?1, ?2)
             ON CONFLICT (name) DO UPDATE SET value = value + excluded.value",
            params![*stage, *n],
        )?;
    }
    Ok(())
}

/// The largest ticket id the word index's rowids can hold (`tickets_id_range`).
const MAX_TICKET_ID: i64 = 2_147_483_647;

/// Refuses ticket ids the word index cannot hold, as the paused
/// `tickets_id_range` trigger would.
pub fn check_ticket_ids(last: i64) -> Result<()> {
    if last > MAX_TICKET_ID {
        return Err(crate::error::Error::msg(
            "ticket ids above 2147483647 are not supported",
        ));
    }
    Ok(())
}

/// Runs the statements `pause_row_checks` returned; on PostgreSQL it then updates
/// the planner's statistics of `tables`, which a load changes from nothing to
/// millions of rows (autovacuum would get there later; queries right after the
/// load would be planned for empty tables meanwhile).
pub fn resume_row_checks(conn: &Conn, undo: &[String], tables: &[&str]) -> Result<()> {
    for sql in undo {
        conn.execute_batch(sql)?;
    }
    if conn.engine() == Engine::Postgres {
        let names: Vec<String> = tables.iter().map(|t| ident(t)).collect();
        conn.execute_batch(&format!("ANALYZE {}", names.join(", ")))?;
    }
    Ok(())
}
