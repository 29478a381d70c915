//! Bulk inserts for generated data (`aftercare demo`): many rows per INSERT statement,
//! ids given by the caller, and the ticket word index written with its tickets. Run
//! inside `Store::write`, with the index triggers off on the connection
//! (`search::set_auto_index(conn, false)`) since the index rows come from here.

use super::customers::CustomerText;
use super::dashboard_facts::{encode_moves, encode_tags, Fact};
use super::service::SlaColumns;
use super::{params, Arg, Cell, Conn, Param};
use crate::domain::records::{Customer, Product};
use crate::domain::ticket::Ticket;
use crate::error::Result;

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

/// The next free ids of tickets and comments (one past the largest).
pub fn next_ids(conn: &Conn) -> Result<(i64, i64)> {
    let t: i64 = conn.one("SELECT COALESCE(max(id), 0) + 1 FROM tickets", params![])?;
    let c: i64 = conn.one("SELECT COALESCE(max(id), 0) + 1 FROM comments", params![])?;
    Ok((t, c))
}

mod beside;
mod index_row;
mod pause;
mod raw_insert;
mod small_indexes;
pub use beside::{
    start as start_beside, Beside, BesideSession, BesideWriter, TABLES as WRITTEN_BESIDE,
};
pub use index_row::IndexRow;
pub use pause::*;
use raw_insert::{Bound, Prepared, RawInsert};
pub use small_indexes::{merge_small_word_indexes, word_index_segments};
pub mod pg;

/// `INSERT INTO table (cols) VALUES (?, …), (?, …) …` with `rows` rows.
fn insert_sql(head: &str, per_row: usize, rows: usize) -> String {
    let one = format!("({})", vec!["?"; per_row].join(", "));
    format!("{head} VALUES {}", vec![one.as_str(); rows].join(", "))
}

/// `INSERT OR FAIL INTO table (cols)`. OR FAIL, not the default ABORT: a statement
/// that cannot abort halfway needs no statement journal (a copy of every page it
/// changes). A failure still fails the load, whose transaction is rolled back whole.
fn insert_head(table: &str, cols: &[&str]) -> String {
    format!("INSERT OR FAIL INTO {table} ({})", cols.join(", "))
}

/// Inserts `rows`: on SQLite `CHUNK` at a time by multi-row INSERT, then the rest
/// one by one; on PostgreSQL through one COPY. `cols` names the columns, `row`
/// gives one row's values in that order.
fn insert_many<T, const N: usize>(
    conn: &Conn,
    st: &mut Statements<'_>,
    table: &str,
    cols: &[&str; N],
    rows: &[T],
    row: impl Fn(&T) -> [Arg<'_>; N],
) -> Result<()> {
    if let Some(pg) = conn.as_pg() {
        let names: Vec<String> = cols.iter().map(|c| c.to_string()).collect();
        pg.copy_in(table, &names, &mut |put| {
            for r in rows {
                put(&row(r))?;
            }
            Ok(())
        })?;
        return Ok(());
    }
    let prepared = st.sqlite()?;
    let head = insert_head(table, cols);
    let per_row = cols.len();
    let mut chunks = rows.chunks_exact(CHUNK);
    // One flat list of values, reused for every statement; bound in place.
    let mut args: Vec<Arg<'_>> = Vec::with_capacity(per_row * CHUNK);
    if rows.len() >= CHUNK {
        let insert = prepared.get(&insert_sql(&head, per_row, CHUNK))?;
        for chunk in &mut chunks {
            args.clear();
            chunk.iter().for_each(|r| args.extend(row(r)));
            insert.run_args(&args)?;
        }
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let insert = prepared.get(&insert_sql(&head, per_row, 1))?;
        for r in rest {
            insert.run_args(&row(r))?;
        }
    }
    Ok(())
}

/// The statements of a run of bulk inserts into one connection's database, prepared
/// once for the run (SQLite; nothing to keep on PostgreSQL). Create one per load and
/// pass it to the `*_in` inserts, on the thread that owns the connection.
pub struct Statements<'c>(Option<Prepared<'c>>);

impl<'c> Statements<'c> {
    /// None prepared yet.
    pub fn new(conn: &'c Conn) -> Statements<'c> {
        Statements(conn.as_sqlite().map(Prepared::new))
    }

    fn sqlite(&mut self) -> Result<&mut Prepared<'c>> {
        self.0
            .as_mut()
            .ok_or_else(|| crate::error::Error::msg("SQLite statements for another engine"))
    }
}

fn opt(v: Option<i64>) -> Arg<'static> {
    v.map(Arg::Int).unwrap_or(Arg::Null)
}

fn opt_text(v: Option<&str>) -> Arg<'_> {
    v.map(Arg::Text).unwrap_or(Arg::Null)
}

/// The next free ids of customers and products (one past the largest).
pub fn next_customer_ids(conn: &Conn) -> Result<(i64, i64)> {
    let c: i64 = conn.one("SELECT COALESCE(max(id), 0) + 1 FROM customers", params![])?;
    let p: i64 = conn.one("SELECT COALESCE(max(id), 0) + 1 FROM products", params![])?;
    Ok((c, p))
}

/// Whether the database has no customers and no agents yet (then every name the
/// demo writes gets its sort key from this build: see `name_keys_current`).
pub fn no_names(conn: &Conn) -> Result<bool> {
    conn.one(
        "SELECT NOT EXISTS (SELECT 1 FROM customers) AND NOT EXISTS (SELECT 1 FROM agents)",
        params![],
    )
}

/// Records the names' sort keys as current. Call it after a demo's setup wrote
/// every customer and agent of a database that had none (`no_names`): before, the
/// first open after a demo recomputed every key (`name_keys::refresh`), one UPDATE
/// per customer, each re-indexing the customer's word-index document.
pub fn name_keys_current(conn: &Conn) -> Result<()> {
    super::name_keys::mark_current(conn)
}

/// Inserts customers with the ids they carry (`id` must be set), cleaned and with
/// their name's sort key, as `customers::insert` writes one.
pub fn customers(conn: &Conn, rows: &[&Customer]) -> Result<()> {
    let rows: Vec<(&Customer, CustomerText, Vec<u8>)> = rows
        .iter()
        .map(|c| {
            let t = CustomerText::of(c);
            let key = crate::domain::collate::name_key(t.name.as_str());
            (*c, t, key)
        })
        .collect();
    insert_many(
        conn,
        &mut Statements::new(conn),
        "customers",
        &[
            "id",
            "name",
            "organization",
            "email",
            "phone",
            "chat",
            "notes",
            "created_at",
            "updated_at",
            "version",
            "merged_into",
            "sort_key",
        ],
        &rows,
        |(c, t, key)| {
            [
                Arg::Int(c.id),
                Arg::Text(t.name.as_str()),
                opt_text(t.organization.as_deref()),
                opt_text(t.email.as_deref()),
                opt_text(t.phone.as_deref()),
                opt_text(t.chat.as_deref()),
                Arg::Text(t.notes.as_str()),
                Arg::Int(c.created_at),
                Arg::Int(c.updated_at),
                Arg::Int(c.version.max(1)),
                opt(c.merged_into),
                Arg::Blob(key),
            ]
        },
    )
}

/// Inserts products with the ids they carry, each with its creation time.
pub fn products(conn: &Conn, rows: &[(&Product, i64)]) -> Result<()> {
    insert_many(
        conn,
        &mut Statements::new(conn),
        "products",
        &[
            "id",
            "customer_id",
            "model",
            "serial",
            "purchased_on",
            "warranty_end",
            "created_at",
        ],
        rows,
        |(p, at)| {
            [
                Arg::Int(p.id),
                Arg::Int(p.customer_id),
                Arg::Text(&p.model),
                opt_text(p.serial.as_deref()),
                p.purchased_on.map_or(Arg::Null, Arg::Date),
                p.warranty_end.map_or(Arg::Null, Arg::Date),
                Arg::Int(*at),
            ]
        },
    )
}

/// Inserts tickets with the ids they carry (`id` must be set), each with its stored
/// SLA columns (the due times there replace the ticket's own).
pub fn tickets(conn: &Conn, rows: &[(&Ticket, &SlaColumns)]) -> Result<()> {
    tickets_in(conn, &mut Statements::new(conn), rows)
}

/// `tickets` with statements kept for the run.
pub fn tickets_in(
    conn: &Conn,
    st: &mut Statements<'_>,
    rows: &[(&Ticket, &SlaColumns)],
) -> Result<()> {
    insert_many(
        conn,
        st,
        "tickets",
        &[
            "id",
            "title",
            "body",
            "stage",
            "type",
            "priority",
            "channel",
            "customer_id",
            "assignee_id",
            "created_at",
            "updated_at",
            "updated_by",
            "first_response_at",
            "resolved_at",
            "closed_at",
            "first_response_due",
            "resolution_due",
            "version",
            "sla_outcome",
            "stage_entered_at",
            "stage_due",
            "sla_due_at",
            "sla_warn_at",
        ],
        rows,
        |&(t, sla)| {
            [
                Arg::Int(t.id),
                Arg::Text(&t.title),
                Arg::Text(&t.body),
                Arg::Text(&t.stage),
                Arg::Text(&t.ty),
                Arg::Int(t.priority.rank()),
                Arg::Text(t.channel.as_str()),
                opt(t.customer_id),
                opt(t.assignee_id),
                Arg::Int(t.created_at),
                Arg::Int(t.updated_at),
                Arg::Text(&t.updated_by),
                opt(t.first_response_at),
                opt(t.resolved_at),
                opt(t.closed_at),
                opt(sla.first_response_due),
                opt(sla.resolution_due),
                Arg::Int(t.version),
                opt(sla.outcome),
                opt(sla.stage_entered_at),
                opt(sla.stage_due),
                opt(sla.sla_due_at),
                opt(sla.sla_warn_at),
            ]
        },
    )
}

/// Inserts comments with the ids they carry.
pub fn comments(conn: &Conn, rows: &[CommentRow<'_>]) -> Result<()> {
    comments_in(conn, &mut Statements::new(conn), rows)
}

/// `comments` with statements kept for the run.
pub fn comments_in(conn: &Conn, st: &mut Statements<'_>, rows: &[CommentRow<'_>]) -> Result<()> {
    insert_many(
        conn,
        st,
        "comments",
        &[
            "id",
            "ticket_id",
            "author",
            "body",
            "internal",
            "created_at",
        ],
        rows,
        |c| {
            [
                Arg::Int(c.id),
                Arg::Int(c.ticket_id),
                Arg::Text(c.author),
                Arg::Text(c.body),
                Arg::Int(i64::from(c.internal)),
                Arg::Int(c.created_at),
            ]
        },
    )
}

/// Appends audit events, in order, numbered from one past the largest id (given
/// here: on PostgreSQL the server's per-row numbering would look the largest up for
/// every row of the COPY).
pub fn audit(conn: &Conn, rows: &[AuditRow<'_>]) -> Result<()> {
    audit_in(conn, &mut Statements::new(conn), rows)
}

/// `audit` with statements kept for the run.
pub fn audit_in(conn: &Conn, st: &mut Statements<'_>, rows: &[AuditRow<'_>]) -> Result<()> {
    let first: i64 = conn.one("SELECT COALESCE(max(id), 0) + 1 FROM audit", params![])?;
    audit_from(conn, st, first, rows)
}

/// Inserts audit events numbered `first`, `first + 1`, … in the order given.
fn audit_from(
    conn: &Conn,
    st: &mut Statements<'_>,
    first: i64,
    rows: &[AuditRow<'_>],
) -> Result<()> {
    let numbered: Vec<(i64, &AuditRow<'_>)> = rows
        .iter()
        .enumerate()
        .map(|(i, r)| (first + i as i64, r))
        .collect();
    insert_many(
        conn,
        st,
        "audit",
        &[
            "id",
            "at",
            "actor",
            "entity",
            "entity_id",
            "action",
            "field",
            "old",
            "new",
            "version",
        ],
        &numbered,
        |(id, e)| {
            [
                Arg::Int(*id),
                Arg::Int(e.at),
                Arg::Text(e.actor),
                Arg::Text(e.entity),
                Arg::Int(e.entity_id),
                Arg::Text(e.action),
                opt_text(e.field),
                e.old.arg(),
                e.new.arg(),
                opt(e.version),
            ]
        },
    )
}

/// One logged time entry; `id` is given.
#[derive(Debug, Clone, Copy)]
pub struct TimeRow<'a> {
    pub id: i64,
    pub agent_id: i64,
    pub ticket_id: Option<i64>,
    pub task_id: Option<i64>,
    pub started_at: i64,
    pub minutes: i64,
    pub note: &'a str,
    /// When it was logged.
    pub at: i64,
}

/// The next free id of time entries (one past the largest).
pub fn next_time_entry_id(conn: &Conn) -> Result<i64> {
    conn.one(
        "SELECT COALESCE(max(id), 0) + 1 FROM time_entries",
        params![],
    )
}

/// Inserts time entries with the ids they carry, as `time::insert` writes one (one
/// COPY on PostgreSQL instead of a round trip each).
pub fn time_entries(conn: &Conn, rows: &[TimeRow<'_>]) -> Result<()> {
    insert_many(
        conn,
        &mut Statements::new(conn),
        "time_entries",
        &[
            "id",
            "agent_id",
            "ticket_id",
            "task_id",
            "started_at",
            "ended_at",
            "minutes",
            "note",
            "created_at",
            "updated_at",
        ],
        rows,
        |r| {
            [
                Arg::Int(r.id),
                Arg::Int(r.agent_id),
                opt(r.ticket_id),
                opt(r.task_id),
                Arg::Int(r.started_at),
                Arg::Int(r.started_at + r.minutes * 60),
                Arg::Int(r.minutes),
                Arg::Text(r.note),
                Arg::Int(r.at),
                Arg::Int(r.at),
            ]
        },
    )
}

/// Inserts dashboard facts (`ticket_facts`) of new tickets.
pub fn facts(conn: &Conn, rows: &[Fact]) -> Result<()> {
    facts_in(conn, &mut Statements::new(conn), rows)
}

/// `facts` with statements kept for the run.
pub fn facts_in(conn: &Conn, st: &mut Statements<'_>, rows: &[Fact]) -> Result<()> {
    let encoded: Vec<(&Fact, Option<String>, Option<String>)> = rows
        .iter()
        .map(|f| (f, encode_tags(&f.tags), encode_moves(&f.moves)))
        .collect();
    insert_many(
        conn,
        st,
        "ticket_facts",
        &[
            "ticket_id",
            "created_at",
            "type",
            "channel",
            "group_id",
            "stage",
            "category",
            "assignee_id",
            "first_response_at",
            "first_response_due",
            "resolved_at",
            "resolution_due",
            "score",
            "tags",
            "moves",
        ],
        &encoded,
        |(f, tags, moves)| {
            [
                Arg::Int(f.id),
                Arg::Int(f.created_at),
                Arg::Text(&f.ty),
                Arg::Text(&f.channel),
                opt_text(f.group.as_deref()),
                Arg::Text(&f.stage),
                opt(f.category),
                opt(f.assignee_id),
                opt(f.first_response_at),
                opt(f.first_response_due),
                opt(f.resolved_at),
                opt(f.resolution_due),
                opt(f.score),
                opt_text(tags.as_deref()),
                opt_text(moves.as_deref()),
            ]
        },
    )
}

/// Copies the satisfaction scores of rated tickets into their dashboard facts (the
/// demo rates tickets after writing their facts). SQLite walks the scores and finds
/// each ticket's facts by key: its planner, without statistics, read the whole
/// facts table for the join instead (a million rows for a fifth as many scores).
pub fn facts_scores(conn: &Conn) -> Result<()> {
    conn.execute(
        conn.pick(
            "UPDATE ticket_facts SET score = (SELECT s.score FROM csat s
                                              WHERE s.ticket_id = ticket_facts.ticket_id)
             WHERE ticket_id IN (SELECT ticket_id FROM csat)",
            "UPDATE ticket_facts SET score = s.score FROM csat s
             WHERE s.ticket_id = ticket_facts.ticket_id",
        ),
        params![],
    )?;
    Ok(())
}

/// Adds tickets to the word index. Call it once per transaction, after the other
/// inserts: FTS5 writes its pending terms out as a new segment whenever a statement
/// opens a savepoint (every multi-row or triggered insert does), so index rows added
/// early would be flushed in many small segments, each to be merged again later.
/// For the same reason the rows go in one at a time (a single-row insert needs no
/// statement savepoint). PostgreSQL takes them in one COPY.
pub fn ticket_index(conn: &Conn, rows: &[IndexRow<'_>]) -> Result<()> {
    if let Some(pg) = conn.as_pg() {
        let mut words = std::collections::HashSet::new();
        let clean: Vec<IndexRow<'_>> = rows.iter().map(|r| r.clean()).collect();
        pg::copy_rows(pg, &mut words, &mut |put| put(&clean))?;
        // The load runs with the word list's triggers off (`set_auto_index`).
        return super::search::add_words(conn, &words);
    }
    let Some(raw) = conn.as_sqlite() else {
        return Err(crate::error::Error::msg("neither SQLite nor PostgreSQL"));
    };
    let mut insert = RawInsert::prepare(
        raw,
        "INSERT INTO search_tickets (rowid, title, body) VALUES (?1, ?2, ?3)",
    )?;
    for r in rows {
        insert.run(&[
            Bound::Arg(Arg::Int(r.doc)),
            // An empty title is stored as NULL, as the triggers store it.
            Bound::Terminated {
                text: r.title,
                empty_is_null: true,
            },
            Bound::Terminated {
                text: r.body,
                empty_is_null: false,
            },
        ])?;
    }
    // Keeps the load's first segments off level 0 (see `merge::lift_during_load`).
    super::search::merge::lift_during_load(raw)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What makes SQLite keep a statement journal for a multi-row INSERT: a way to
    /// abort halfway (an ABORT constraint check, an immediate foreign key count, a
    /// trigger program, a function call — in an indexed expression too). After the
    /// load's pause, the bulk tables' inserts have none of them (before: 1.3 GB of
    /// journal written to a temp file for a 70 MB demo of 20,000 tickets).
    #[test]
    fn after_the_pause_bulk_inserts_need_no_statement_journal() {
        use crate::config::StorageConfig;
        use crate::store::Store;
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("j.db"), &StorageConfig::default()).unwrap();
        let settings = begin_load(store.conn(), 1024).unwrap();
        let tables = ["tickets", "comments", "audit", "ticket_facts"];
        store
            .write(|c| {
                drop_indexes(c, &tables)?;
                pause_row_checks(c, &tables)?;
                let raw = c.as_sqlite().expect("sqlite");
                for t in tables {
                    let cols: Vec<String> =
                        c.query_map("SELECT name FROM pragma_table_info(?1)", params![t], |r| {
                            r.get(0)
                        })?;
                    let cols: Vec<&str> = cols.iter().map(String::as_str).collect();
                    let sql = insert_sql(&insert_head(t, &cols), cols.len(), 2);
                    let mut st = raw.prepare(&format!("EXPLAIN {sql}"))?;
                    let mut rows = st.raw_query();
                    while let Some(r) = rows.next()? {
                        let (op, p1, p2): (String, i64, i64) = (r.get(1)?, r.get(2)?, r.get(3)?);
                        let aborts =
                            matches!(op.as_str(), "Halt" | "HaltIfNull") && p1 != 0 && p2 == 2;
                        assert!(
                            !aborts
                                && !matches!(
                                    op.as_str(),
                                    "Function" | "PureFunc" | "Program" | "FkCounter"
                                ),
                            "{t}: {op} ({p1}, {p2}) makes the insert keep a statement journal"
                        );
                    }
                }
                Ok(())
            })
            .unwrap();
        end_load(store.conn(), settings).unwrap();
    }

    #[test]
    fn multi_row_sql() {
        assert_eq!(
            insert_sql("INSERT INTO t (a, b)", 2, 3),
            "INSERT INTO t (a, b) VALUES (?, ?), (?, ?), (?, ?)"
        );
    }
}
