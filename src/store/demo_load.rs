//! Bulk inserts for generated data (`aftercare demo`): many rows per INSERT statement,
//! ids given by the caller, and the ticket word index written with its tickets. Run
//! inside `Store::write`, with the index triggers off on the connection
//! (`search::set_auto_index(conn, false)`) since the index rows come from here.

use super::search::merge::LoadTuning;
use super::Cell;
use super::Conn;
use crate::domain::ticket::Ticket;
use crate::error::Result;
use rusqlite::Statement;

/// Rows per multi-row INSERT: far below SQLite's limit of 32,766 parameters, and large
/// enough that statement overhead no longer matters.
const CHUNK: usize = 64;

/// One comment row; `id` is given.
#[derive(Debug, Clone, Copy)]
pub struct CommentRow<'a> {
    pub id: i64,
    pub ticket_id: i64,
    pub author: &'a str,
    pub body: &'a str,
    pub internal: bool,
    pub created_at: i64,
}

/// One audit row; `old`/`new` may be text or numbers (stored as text).
#[derive(Debug, Clone, Copy)]
pub struct AuditRow<'a> {
    pub at: i64,
    pub actor: &'a str,
    pub entity: &'a str,
    pub entity_id: i64,
    pub action: &'a str,
    pub field: Option<&'a str>,
    pub old: Cell<'a>,
    pub new: Cell<'a>,
    pub version: Option<i64>,
}

/// One document of the ticket word index: its rowid (`search::ticket_doc` or
/// `search::comment_doc`) and its already segmented title and body
/// (`domain::search::index_text_into`, as the triggers index them).
#[derive(Debug, Clone, Copy)]
pub struct IndexRow<'a> {
    pub doc: i64,
    pub title: &'a str,
    pub body: &'a str,
}

/// The next free ids of tickets and comments (one past the largest).
pub fn next_ids(conn: &Conn) -> Result<(i64, i64)> {
    let t: i64 = conn.query_row("SELECT IFNULL(max(id), 0) + 1 FROM tickets", [], |r| {
        r.get(0)
    })?;
    let c: i64 = conn.query_row("SELECT IFNULL(max(id), 0) + 1 FROM comments", [], |r| {
        r.get(0)
    })?;
    Ok((t, c))
}

/// The page cache size setting (`PRAGMA cache_size`: pages, or KiB when negative).
pub fn cache_size(conn: &Conn) -> Result<i64> {
    Ok(conn.query_row("PRAGMA cache_size", [], |r| r.get(0))?)
}

/// Sets the page cache size of this connection (a bigger cache speeds up a bulk load).
pub fn set_cache_size(conn: &Conn, value: i64) -> Result<()> {
    conn.pragma_update(None, "cache_size", value)?;
    Ok(())
}

/// Conn settings changed for a bulk load, to restore with `end_load`.
#[derive(Debug, Clone)]
pub struct LoadSettings {
    cache_size: i64,
    threads: i64,
    /// The journal mode to go back to, when it was changed.
    journal: Option<String>,
}

/// Prepares this connection for a bulk load: a page cache of `cache_kib` KiB, worker
/// threads for building indexes, and a rollback journal instead of WAL when no other
/// connection has the file open (new pages then go straight into the file, instead of
/// into the WAL and again into the file at the checkpoint). Undo with `end_load`, also
/// when the load fails; it also turns the word-index triggers back on, should the
/// loader have turned them off.
pub fn begin_load(conn: &Conn, cache_kib: i64) -> Result<LoadSettings> {
    let mode: String = conn.query_row("PRAGMA journal_mode", [], |r| r.get(0))?;
    let mut journal = None;
    if mode.eq_ignore_ascii_case("wal") {
        // Fails (and changes nothing) while another connection uses the file.
        let now: String = conn
            .query_row("PRAGMA journal_mode = delete", [], |r| r.get(0))
            .unwrap_or_else(|_| mode.clone());
        if now.eq_ignore_ascii_case("delete") {
            journal = Some(mode);
        }
    }
    let settings = LoadSettings {
        cache_size: cache_size(conn)?,
        threads: conn.query_row("PRAGMA threads", [], |r| r.get(0))?,
        journal,
    };
    set_cache_size(conn, -cache_kib.abs())?;
    conn.pragma_update(None, "threads", 2)?;
    Ok(settings)
}

/// Restores what `begin_load` changed.
pub fn end_load(conn: &Conn, s: LoadSettings) -> Result<()> {
    super::search::set_auto_index(conn, true)?;
    set_cache_size(conn, s.cache_size)?;
    conn.pragma_update(None, "threads", s.threads)?;
    if let Some(mode) = s.journal {
        // Best effort: `Store::open` sets the configured mode again in any case.
        let _ = conn.query_row(&format!("PRAGMA journal_mode = {mode}"), [], |r| {
            r.get::<_, String>(0)
        });
    }
    Ok(())
}

/// Lets the ticket word index take a bulk load in large segments without merging as
/// it goes (these FTS5 settings are stored in the database: restore them with
/// `restore_ticket_index` in the same transaction).
pub fn tune_ticket_index(conn: &Conn) -> Result<LoadTuning> {
    super::search::merge::tune_for_load(conn)
}

/// Puts back the settings `tune_ticket_index` changed.
pub fn restore_ticket_index(conn: &Conn, old: LoadTuning) -> Result<()> {
    super::search::merge::restore_after_load(conn, old)
}

/// Indexes whose keys a bulk load of tickets in creation order writes all over the
/// index (times that are not the creation time, customers): cheaper built once
/// from sorted keys at the end. The others take their keys in order, or at a few
/// places (a stage, an assignee …), so keeping them while loading costs less than
/// reading every row again and sorting to build them.
const BUILT_AFTER_LOAD: &[&str] = &[
    "tickets_customer",
    "tickets_updated",
    "tickets_due_sort",
    "tickets_assignee_resolved",
    "audit_at",
    "audit_stage_at",
];

/// Drops the indexes of `tables` that a bulk load fills out of order
/// (`BUILT_AFTER_LOAD`) and returns the statements that create them again
/// (`create_indexes`).
pub fn drop_indexes(conn: &Conn, tables: &[&str]) -> Result<Vec<String>> {
    let mut st = conn.prepare(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name = ?1
         ORDER BY name",
    )?;
    let mut found: Vec<(String, String)> = Vec::new();
    for t in tables {
        let rows = st.query_map([t], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
        })?;
        for row in rows {
            let (name, sql) = row?;
            if BUILT_AFTER_LOAD.contains(&name.as_str()) {
                found.push((name, sql));
            }
        }
    }
    for (name, _) in &found {
        // The name comes from sqlite_master; quoted as an identifier.
        conn.execute_batch(&format!("DROP INDEX \"{}\"", name.replace('"', "\"\"")))?;
    }
    Ok(found.into_iter().map(|(_, sql)| sql).collect())
}

/// Runs the statements `drop_indexes` returned.
pub fn create_indexes(conn: &Conn, statements: &[String]) -> Result<()> {
    for sql in statements {
        conn.execute_batch(sql)?;
    }
    Ok(())
}

/// `INSERT INTO table (cols) VALUES (?, …), (?, …) …` with `rows` rows.
fn insert_sql(head: &str, per_row: usize, rows: usize) -> String {
    let one = format!("({})", vec!["?"; per_row].join(", "));
    format!("{head} VALUES {}", vec![one.as_str(); rows].join(", "))
}

/// Inserts `rows`, `CHUNK` at a time, then the rest one by one; `bind` binds one row's
/// values starting at the given parameter index.
fn insert_many<T>(
    conn: &Conn,
    head: &str,
    per_row: usize,
    rows: &[T],
    bind: impl Fn(&mut Statement<'_>, usize, &T) -> rusqlite::Result<()>,
) -> Result<()> {
    let mut chunks = rows.chunks_exact(CHUNK);
    if rows.len() >= CHUNK {
        let mut st = conn.prepare_cached(&insert_sql(head, per_row, CHUNK))?;
        for chunk in &mut chunks {
            for (k, row) in chunk.iter().enumerate() {
                bind(&mut st, k * per_row + 1, row)?;
            }
            st.raw_execute()?;
        }
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let mut st = conn.prepare_cached(&insert_sql(head, per_row, 1))?;
        for row in rest {
            bind(&mut st, 1, row)?;
            st.raw_execute()?;
        }
    }
    Ok(())
}

/// Inserts tickets with the ids they carry (`id` must be set).
pub fn tickets(conn: &Conn, rows: &[&Ticket]) -> Result<()> {
    insert_many(
        conn,
        "INSERT INTO tickets (id, title, body, stage, type, priority, channel, customer_id,
            assignee_id, created_at, updated_at, updated_by, first_response_at, resolved_at,
            closed_at, first_response_due, resolution_due, version)",
        18,
        rows,
        |st, i, t| {
            st.raw_bind_parameter(i, t.id)?;
            st.raw_bind_parameter(i + 1, &t.title)?;
            st.raw_bind_parameter(i + 2, &t.body)?;
            st.raw_bind_parameter(i + 3, &t.stage)?;
            st.raw_bind_parameter(i + 4, &t.ty)?;
            st.raw_bind_parameter(i + 5, t.priority.rank())?;
            st.raw_bind_parameter(i + 6, t.channel.as_str())?;
            st.raw_bind_parameter(i + 7, t.customer_id)?;
            st.raw_bind_parameter(i + 8, t.assignee_id)?;
            st.raw_bind_parameter(i + 9, t.created_at)?;
            st.raw_bind_parameter(i + 10, t.updated_at)?;
            st.raw_bind_parameter(i + 11, &t.updated_by)?;
            st.raw_bind_parameter(i + 12, t.first_response_at)?;
            st.raw_bind_parameter(i + 13, t.resolved_at)?;
            st.raw_bind_parameter(i + 14, t.closed_at)?;
            st.raw_bind_parameter(i + 15, t.first_response_due)?;
            st.raw_bind_parameter(i + 16, t.resolution_due)?;
            st.raw_bind_parameter(i + 17, t.version)
        },
    )
}

/// Inserts comments with the ids they carry.
pub fn comments(conn: &Conn, rows: &[CommentRow<'_>]) -> Result<()> {
    insert_many(
        conn,
        "INSERT INTO comments (id, ticket_id, author, body, internal, created_at)",
        6,
        rows,
        |st, i, c| {
            st.raw_bind_parameter(i, c.id)?;
            st.raw_bind_parameter(i + 1, c.ticket_id)?;
            st.raw_bind_parameter(i + 2, c.author)?;
            st.raw_bind_parameter(i + 3, c.body)?;
            st.raw_bind_parameter(i + 4, c.internal)?;
            st.raw_bind_parameter(i + 5, c.created_at)
        },
    )
}

/// Appends audit events, in order.
pub fn audit(conn: &Conn, rows: &[AuditRow<'_>]) -> Result<()> {
    insert_many(
        conn,
        "INSERT INTO audit (at, actor, entity, entity_id, action, field, old, new, version)",
        9,
        rows,
        |st, i, e| {
            st.raw_bind_parameter(i, e.at)?;
            st.raw_bind_parameter(i + 1, e.actor)?;
            st.raw_bind_parameter(i + 2, e.entity)?;
            st.raw_bind_parameter(i + 3, e.entity_id)?;
            st.raw_bind_parameter(i + 4, e.action)?;
            st.raw_bind_parameter(i + 5, e.field)?;
            st.raw_bind_parameter(i + 6, e.old)?;
            st.raw_bind_parameter(i + 7, e.new)?;
            st.raw_bind_parameter(i + 8, e.version)
        },
    )
}

/// Adds tickets to the word index. Call it once per transaction, after the other
/// inserts: FTS5 writes its pending terms out as a new segment whenever a statement
/// opens a savepoint (every multi-row or triggered insert does), so index rows added
/// early would be flushed in many small segments, each to be merged again later.
/// For the same reason the rows go in one at a time (a single-row insert needs no
/// statement savepoint).
pub fn ticket_index(conn: &Conn, rows: &[IndexRow<'_>]) -> Result<()> {
    let mut st =
        conn.prepare_cached("INSERT INTO search_tickets (rowid, title, body) VALUES (?1, ?2, ?3)")?;
    for r in rows {
        st.raw_bind_parameter(1, r.doc)?;
        st.raw_bind_parameter(2, (!r.title.is_empty()).then_some(r.title))?;
        st.raw_bind_parameter(3, r.body)?;
        st.raw_execute()?;
    }
    // Keeps the load's first segments off level 0 (see `merge::lift_during_load`).
    super::search::merge::lift_during_load(conn)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn multi_row_sql() {
        assert_eq!(
            insert_sql("INSERT INTO t (a, b)", 2, 3),
            "INSERT INTO t (a, b) VALUES (?, ?), (?, ?), (?, ?)"
        );
    }
}
