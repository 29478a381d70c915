//! The dashboard's facts: one compact row per ticket (`ticket_facts`, migration 017)
//! with everything the dashboard counts of it — its scope columns, current stage,
//! problem category, clocks, score, tags and stage changes — so a period's charts
//! read one narrow row per ticket instead of the ticket, its audit events, its score
//! and its tags. Kept by the write transaction that changes the ticket (the store
//! calls back with the tickets a transaction's audit events name), rebuilt by
//! `db reindex`, compared with their sources by `db check`.

mod changes;

use super::{params, Arg, Conn, Param};
use crate::error::Result;
use std::collections::HashMap;

#[cfg(test)]
pub(crate) use changes::CHANGES_PG;
pub use changes::{changes, put_with_commit, Changes};

/// Separates a fact's stage changes (and tags).
const ITEM: char = '\u{1e}';
/// Separates the fields of one stage change.
const FIELD: char = '\u{1f}';

/// The counter holding the fingerprint of the settings the facts were computed under.
const FINGERPRINT: &str = "dashboard:facts";

/// A stage change as a fact keeps it: when, from (none for the creation event), to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FactMove {
    pub at: i64,
    pub old: Option<String>,
    pub new: String,
}

/// What the facts of one ticket are made from (its row, score, tags, stage changes).
#[derive(Debug, Clone, PartialEq)]
pub struct FactSource {
    pub id: i64,
    pub created_at: i64,
    pub title: String,
    pub ty: String,
    pub channel: String,
    pub group: Option<String>,
    pub stage: String,
    pub assignee_id: Option<i64>,
    pub first_response_at: Option<i64>,
    pub first_response_due: Option<i64>,
    pub resolved_at: Option<i64>,
    pub resolution_due: Option<i64>,
    pub score: Option<i64>,
    /// In tag order.
    pub tags: Vec<String>,
    /// Oldest first.
    pub moves: Vec<FactMove>,
}

/// One stored fact: the source without the title, with the title's category.
#[derive(Debug, Clone, PartialEq)]
pub struct Fact {
    pub id: i64,
    pub created_at: i64,
    pub ty: String,
    pub channel: String,
    pub group: Option<String>,
    pub stage: String,
    /// Index into `[[problem_categories]]`; None: other.
    pub category: Option<i64>,
    pub assignee_id: Option<i64>,
    pub first_response_at: Option<i64>,
    pub first_response_due: Option<i64>,
    pub resolved_at: Option<i64>,
    pub resolution_due: Option<i64>,
    pub score: Option<i64>,
    pub tags: Vec<String>,
    pub moves: Vec<FactMove>,
}

impl Fact {
    /// The fact of `s`, whose title falls in `category`.
    pub fn of(s: FactSource, category: Option<i64>) -> Fact {
        Fact {
            id: s.id,
            created_at: s.created_at,
            ty: s.ty,
            channel: s.channel,
            group: s.group,
            stage: s.stage,
            category,
            assignee_id: s.assignee_id,
            first_response_at: s.first_response_at,
            first_response_due: s.first_response_due,
            resolved_at: s.resolved_at,
            resolution_due: s.resolution_due,
            score: s.score,
            tags: s.tags,
            moves: s.moves,
        }
    }
}

fn clean(s: &str) -> String {
    s.replace([ITEM, FIELD], " ")
}

/// A fact's tags as stored (None: no tags).
pub(crate) fn encode_tags(tags: &[String]) -> Option<String> {
    (!tags.is_empty()).then(|| {
        tags.iter()
            .map(|t| clean(t))
            .collect::<Vec<_>>()
            .join(&ITEM.to_string())
    })
}

/// A fact's stage changes as stored (None: none).
pub(crate) fn encode_moves(moves: &[FactMove]) -> Option<String> {
    (!moves.is_empty()).then(|| {
        let mut out = String::new();
        for (i, m) in moves.iter().enumerate() {
            if i > 0 {
                out.push(ITEM);
            }
            out.push_str(&m.at.to_string());
            out.push(FIELD);
            if let Some(o) = &m.old {
                out.push_str(&clean(o));
            }
            out.push(FIELD);
            out.push_str(&clean(&m.new));
        }
        out
    })
}

/// Calls `f(at, old, new)` with each stage change of an encoded list, in order.
pub fn each_move<'a>(text: &'a str, f: &mut dyn FnMut(i64, Option<&'a str>, &'a str)) {
    if text.is_empty() {
        return;
    }
    for item in text.split(ITEM) {
        let mut parts = item.splitn(3, FIELD);
        let at = parts.next().and_then(|a| a.parse().ok()).unwrap_or(0);
        let old = parts.next().filter(|o| !o.is_empty());
        let new = parts.next().unwrap_or("");
        f(at, old, new);
    }
}

/// The tags of an encoded list.
pub fn each_tag(text: &str) -> impl Iterator<Item = &str> {
    text.split(ITEM).filter(|t| !t.is_empty())
}

/// The smallest audit event id a transaction starting now would write above: the
/// tickets named by events after it are the ones the transaction changed. On
/// PostgreSQL a write's BEGIN reads it in its own round trip (from the second write
/// of a connection on: the first one asks).
pub fn audit_mark(conn: &Conn) -> Result<i64> {
    if let Some(mark) = conn.as_pg().and_then(|pg| pg.take_begin_mark()) {
        return Ok(mark);
    }
    conn.one("SELECT COALESCE(max(id), 0) FROM audit", params![])
}

/// The tickets named by audit events written after `mark`, at most `cap` + 1 of them
/// (more than `cap` says "a bulk change"). On SQLite an internal note's event
/// (`note` of `comment`) names no ticket here: see `tickets_since_sql`.
pub fn tickets_since(conn: &Conn, mark: i64, cap: usize) -> Result<Vec<i64>> {
    conn.query_map(
        tickets_since_sql(conn),
        params![mark, cap as i64 + 1],
        |r| r.get(0),
    )
}

/// `tickets_since`'s statement. The events after the mark are a few rows at the end of
/// the table: SQLite must read them by id (`+entity`), not walk `audit_entity` over
/// every ticket event for the DISTINCT (685 ms per write at 1M tickets).
///
/// An internal note changes none of a fact's sources: every writer of a `note` event
/// (`ops::tickets::add_comment`, mail intake's automatic answers) sets only the
/// ticket's `updated_*` and version with it, never the first response, stage, tags or
/// score, so a ticket only noted keeps the fact it had — current, or stale under a
/// fingerprint that already says so. Its facts are not recomputed (0.3–0.4 ms of a
/// whole `ticket comment --internal` process: five statements prepared and run, the
/// categories' fingerprint formatted). Replies are kept as before: the first one sets
/// the first response. PostgreSQL's `CHANGES_PG` still names noted tickets.
///
/// A later reply is skipped the same way: a reply sets only the first response
/// besides `updated_*`, and only when the ticket had none, in which case the ticket's
/// first response is the reply's own time. So a reply event on a ticket whose first
/// response is strictly older changed no source (0.5 ms of a whole `ticket comment`).
/// Anything else the same write changed (a macro's stage move) has its own event.
pub(crate) fn tickets_since_sql(conn: &Conn) -> &'static str {
    conn.pick(
        "SELECT DISTINCT entity_id FROM audit a WHERE id > ?1 AND +entity = 'ticket'
           AND NOT (action = 'note' AND field IS 'comment')
           AND NOT (action = 'reply' AND field IS 'comment' AND EXISTS (
               SELECT 1 FROM tickets t WHERE t.id = a.entity_id AND t.first_response_at < a.at))
           LIMIT ?2",
        "SELECT DISTINCT entity_id FROM audit WHERE id > ?1 AND entity = 'ticket' LIMIT ?2",
    )
}

/// The sources of the facts of the given tickets (missing tickets are left out).
pub fn sources(conn: &Conn, ids: &[i64]) -> Result<Vec<FactSource>> {
    let mut out = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(2000) {
        let list = serde_json::to_string(chunk).unwrap_or_else(|_| "[]".into());
        let inn = conn.json_ints(1);
        let mut rows: Vec<FactSource> = conn.query_map(
            &format!(
                "SELECT t.id, t.created_at, t.title, t.type, t.channel, t.group_id, t.stage,
                        t.assignee_id, t.first_response_at, t.first_response_due,
                        t.resolved_at, t.resolution_due, s.score
                 FROM tickets t LEFT JOIN csat s ON s.ticket_id = t.id
                 WHERE t.id IN ({inn}) ORDER BY t.id"
            ),
            params![list],
            |r| {
                Ok(FactSource {
                    id: r.get(0)?,
                    created_at: r.get(1)?,
                    title: r.get(2)?,
                    ty: r.get(3)?,
                    channel: r.get(4)?,
                    group: r.get(5)?,
                    stage: r.get(6)?,
                    assignee_id: r.get(7)?,
                    first_response_at: r.get(8)?,
                    first_response_due: r.get(9)?,
                    resolved_at: r.get(10)?,
                    resolution_due: r.get(11)?,
                    score: r.get(12)?,
                    tags: Vec::new(),
                    moves: Vec::new(),
                })
            },
        )?;
        let at: HashMap<i64, usize> = rows.iter().enumerate().map(|(i, r)| (r.id, i)).collect();
        conn.query_each(
            &format!(
                "SELECT ticket_id, tag FROM ticket_tags WHERE ticket_id IN ({inn})
                 ORDER BY ticket_id, tag"
            ),
            params![list],
            |r| {
                if let Some(&i) = at.get(&r.get::<i64>(0)?) {
                    rows[i].tags.push(r.get(1)?);
                }
                Ok(())
            },
        )?;
        // SQLite is told to read the partial covering index of stage events (it would
        // take every event of each ticket through `audit_entity`); PostgreSQL finds it.
        let moves = format!(
            "SELECT entity_id, at, old, new FROM audit {}
             WHERE entity = 'ticket' AND entity_id IN ({inn}) AND field = 'stage'
               AND new IS NOT NULL ORDER BY entity_id, id",
            conn.pick("INDEXED BY audit_stage_ticket", "")
        );
        conn.query_each(&moves, params![list], |r| {
            if let Some(&i) = at.get(&r.get::<i64>(0)?) {
                rows[i].moves.push(FactMove {
                    at: r.get(1)?,
                    old: r.get(2)?,
                    new: r.get(3)?,
                });
            }
            Ok(())
        })?;
        out.extend(rows);
    }
    Ok(out)
}

const COLUMNS: &str = "ticket_id, created_at, type, channel, group_id, stage, category,
    assignee_id, first_response_at, first_response_due, resolved_at, resolution_due,
    score, tags, moves";

/// Rows written per statement.
const PER: usize = 50;

/// Writes the facts (replacing those of the same tickets).
pub fn put(conn: &Conn, facts: &[Fact]) -> Result<()> {
    for chunk in facts.chunks(PER) {
        let cells: Vec<(Option<String>, Option<String>)> = chunk
            .iter()
            .map(|f| (encode_tags(&f.tags), encode_moves(&f.moves)))
            .collect();
        let marks = vec!["(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"; chunk.len()].join(", ");
        let mut args: Vec<&dyn Param> = Vec::with_capacity(chunk.len() * 15);
        for (f, (tags, moves)) in chunk.iter().zip(&cells) {
            args.extend([
                &f.id as &dyn Param,
                &f.created_at,
                &f.ty,
                &f.channel,
                &f.group,
                &f.stage,
                &f.category,
                &f.assignee_id,
                &f.first_response_at,
                &f.first_response_due,
                &f.resolved_at,
                &f.resolution_due,
                &f.score,
                tags,
                moves,
            ]);
        }
        conn.execute(&upsert_sql(&marks), &args)?;
    }
    Ok(())
}

/// The upsert of facts, given its rows (`(?, …)` marks or constants).
fn upsert_sql(rows: &str) -> String {
    format!(
        "INSERT INTO ticket_facts ({COLUMNS}) VALUES {rows}
         ON CONFLICT (ticket_id) DO UPDATE SET created_at = excluded.created_at,
           type = excluded.type, channel = excluded.channel,
           group_id = excluded.group_id, stage = excluded.stage,
           category = excluded.category, assignee_id = excluded.assignee_id,
           first_response_at = excluded.first_response_at,
           first_response_due = excluded.first_response_due,
           resolved_at = excluded.resolved_at,
           resolution_due = excluded.resolution_due, score = excluded.score,
           tags = excluded.tags, moves = excluded.moves"
    )
}

/// Removes the facts of tickets that no longer exist among `ids`.
pub fn forget_missing(conn: &Conn, ids: &[i64]) -> Result<()> {
    let list = serde_json::to_string(ids).unwrap_or_else(|_| "[]".into());
    conn.execute(
        &format!(
            "DELETE FROM ticket_facts WHERE ticket_id IN ({})
               AND NOT EXISTS (SELECT 1 FROM tickets t WHERE t.id = ticket_facts.ticket_id)",
            conn.json_ints(1)
        ),
        params![list],
    )?;
    Ok(())
}

/// The stored facts of the tickets with ids in `[lo, hi]`, by ticket id.
pub fn stored(conn: &Conn, lo: i64, hi: i64) -> Result<HashMap<i64, Fact>> {
    let mut out = HashMap::new();
    scan(conn, (lo, hi), (i64::MIN, i64::MAX), false, &mut |r| {
        let mut moves = Vec::new();
        each_move(r.moves, &mut |at, old, new| {
            moves.push(FactMove {
                at,
                old: old.map(str::to_string),
                new: new.to_string(),
            })
        });
        out.insert(
            r.id,
            Fact {
                id: r.id,
                created_at: r.created_at,
                ty: r.ty.to_string(),
                channel: r.channel.to_string(),
                group: r.group.map(str::to_string),
                stage: r.stage.to_string(),
                category: r.category,
                assignee_id: r.assignee_id,
                first_response_at: r.first_response_at,
                first_response_due: r.first_response_due,
                resolved_at: r.resolved_at,
                resolution_due: r.resolution_due,
                score: r.score,
                tags: each_tag(r.tags).map(str::to_string).collect(),
                moves,
            },
        );
    })?;
    Ok(out)
}

/// How many tickets and facts there are.
pub fn counts(conn: &Conn) -> Result<(i64, i64)> {
    conn.query_row(
        "SELECT (SELECT count(*) FROM tickets), (SELECT count(*) FROM ticket_facts)",
        params![],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
}

/// A stored fact, borrowed for the length of the callback.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FactRow<'a> {
    pub id: i64,
    pub created_at: i64,
    pub ty: &'a str,
    pub channel: &'a str,
    pub group: Option<&'a str>,
    pub stage: &'a str,
    pub category: Option<i64>,
    pub assignee_id: Option<i64>,
    pub first_response_at: Option<i64>,
    pub first_response_due: Option<i64>,
    pub resolved_at: Option<i64>,
    pub resolution_due: Option<i64>,
    pub score: Option<i64>,
    /// Encoded: read with `each_tag`.
    pub tags: &'a str,
    /// Encoded: read with `each_move`.
    pub moves: &'a str,
}

fn text<'a>(v: Arg<'a>) -> &'a str {
    match v {
        Arg::Text(s) => s,
        _ => "",
    }
}

fn opt_int(v: Arg<'_>) -> Option<i64> {
    match v {
        Arg::Int(i) => Some(i),
        _ => None,
    }
}

/// The columns a narrow scan reads: what tickets are counted by (scope, type,
/// problem category, tags), without stage, clocks, score or stage changes.
const NARROW: &str = "ticket_id, created_at, type, channel, group_id, category, tags";

/// Calls `f` with the facts of the tickets with ids in `[lo, hi]` created in
/// `[since, until)`, in id order (a walk of the table's key range). A narrow scan
/// reads only `NARROW` (the rest comes empty): the period before the dashboard's
/// counts only types, categories and tags, and each column the engine decodes costs.
pub fn scan(
    conn: &Conn,
    (lo, hi): (i64, i64),
    (since, until): (i64, i64),
    narrow: bool,
    f: &mut dyn FnMut(&FactRow<'_>),
) -> Result<()> {
    let where_ = "WHERE ticket_id BETWEEN ?1 AND ?2 AND created_at >= ?3 AND created_at < ?4
                  ORDER BY ticket_id";
    if narrow {
        conn.query_each(
            &format!("SELECT {NARROW} FROM ticket_facts {where_}"),
            params![lo, hi, since, until],
            |r| {
                f(&FactRow {
                    id: opt_int(r.arg(0)?).unwrap_or(0),
                    created_at: opt_int(r.arg(1)?).unwrap_or(0),
                    ty: text(r.arg(2)?),
                    channel: text(r.arg(3)?),
                    group: match r.arg(4)? {
                        Arg::Text(s) => Some(s),
                        _ => None,
                    },
                    stage: "",
                    category: opt_int(r.arg(5)?),
                    assignee_id: None,
                    first_response_at: None,
                    first_response_due: None,
                    resolved_at: None,
                    resolution_due: None,
                    score: None,
                    tags: text(r.arg(6)?),
                    moves: "",
                });
                Ok(())
            },
        )?;
        return Ok(());
    }
    conn.query_each(
        &format!("SELECT {COLUMNS} FROM ticket_facts {where_}"),
        params![lo, hi, since, until],
        |r| {
            let created_at = opt_int(r.arg(1)?).unwrap_or(0);
            f(&FactRow {
                id: opt_int(r.arg(0)?).unwrap_or(0),
                created_at,
                ty: text(r.arg(2)?),
                channel: text(r.arg(3)?),
                group: match r.arg(4)? {
                    Arg::Text(s) => Some(s),
                    _ => None,
                },
                stage: text(r.arg(5)?),
                category: opt_int(r.arg(6)?),
                assignee_id: opt_int(r.arg(7)?),
                first_response_at: opt_int(r.arg(8)?),
                first_response_due: opt_int(r.arg(9)?),
                resolved_at: opt_int(r.arg(10)?),
                resolution_due: opt_int(r.arg(11)?),
                score: opt_int(r.arg(12)?),
                tags: text(r.arg(13)?),
                moves: text(r.arg(14)?),
            });
            Ok(())
        },
    )?;
    Ok(())
}

/// The smallest and largest id and the number of the tickets created in
/// `[since, until)` (through the index of creation times).
pub fn id_span(conn: &Conn, since: i64, until: i64) -> Result<Option<(i64, i64, i64)>> {
    let (lo, hi, n): (Option<i64>, Option<i64>, i64) = conn.query_row(
        conn.pick(
            "SELECT min(id), max(id), count(*) FROM tickets INDEXED BY tickets_created
             WHERE created_at >= ?1 AND created_at < ?2",
            "SELECT min(id), max(id), count(*) FROM tickets
             WHERE created_at >= ?1 AND created_at < ?2",
        ),
        params![since, until],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    Ok(lo.zip(hi).map(|(lo, hi)| (lo, hi, n)))
}

/// The fingerprint of the settings the facts were computed under (0: not all under
/// one; `reports::FINGERPRINT_EMPTY`: none yet).
pub fn fingerprint(conn: &Conn) -> Result<i64> {
    Ok(conn
        .query_opt(
            "SELECT value FROM counters WHERE name = ?1",
            params![FINGERPRINT],
            |r| r.get(0),
        )?
        .unwrap_or(super::reports::FINGERPRINT_EMPTY))
}

/// Records the fingerprint the facts were computed under.
pub fn set_fingerprint(conn: &Conn, fp: i64) -> Result<()> {
    conn.execute(
        "INSERT INTO counters (name, value) VALUES (?1, ?2)
         ON CONFLICT(name) DO UPDATE SET value = excluded.value",
        params![FINGERPRINT, fp],
    )?;
    Ok(())
}
