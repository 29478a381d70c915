//! Keeping the word index's segments few without making a writer wait.
//!
//! FTS5 adds a segment (b-tree) per write transaction and, by default, merges
//! segments inside the writing transaction (`automerge`): most writes pay a
//! little, a few pay seconds. Migration 010 turns that off for the ticket index
//! (`automerge = 0`); merging happens in small steps instead, when the console is
//! idle (`step`) and in `aftercare db optimize` (`optimize`). `crisismerge = 64`
//! stays as the safety valve when nobody runs either: a level that collects 64
//! segments is merged at once, inside the write that added the 64th.
//!
//! A crisis merge takes *every* segment of the level that filled up, whatever its
//! size. A bulk load (demo, `db reindex`) wrote the whole index as large segments
//! on level 0, where each later write adds its small one: the 64th segment there
//! made one `ticket comment` rewrite the whole index (27.5 s at a million tickets,
//! 3.4 s wall / 1.0 s CPU at 100,000; docs/PERFORMANCE.md). So a load now ends by
//! merging its segments into one that sits well above level 0 (`lift_during_load`,
//! `finish_load`), out of reach of the small merges that writes cause (64 writes
//! fill level 0, 64² level 1, 64³ level 2).
//!
//! Neither the idle steps nor the writers' steps start a merge whose input is
//! large (`IDLE_INPUT_PAGES`, `LONE_INPUT_PAGES`): FTS5 writes a term's doclist
//! whole, so one step of such a merge held the write lock for up to 300 ms. A
//! load's segment, the large input there normally is, is first lifted to a level
//! of its own (`lift`, `record`), where only `optimize` reaches it.
//!
//! PostgreSQL's GIN index has no segments: new entries wait in its pending list,
//! which `optimize` folds in (`gin_clean_pending_list`) and autovacuum otherwise
//! does; `step`, `lift_during_load` and `finish_load` have nothing to do there.

use super::{table, Kind};
use crate::error::Result;
use crate::store::{params, Store};
use rusqlite::{Connection, OptionalExtension};

mod record;

/// FTS5's defaults for `automerge` and `hashsize` (bytes).
const FTS_AUTOMERGE: i64 = 4;
const FTS_HASHSIZE: i64 = 1024 * 1024;
/// Pending index data held in memory before it is written as a segment, while loading.
/// 16 MiB, not 64: each token's insert walks the pending terms' hash, a cache miss
/// per token in a larger one (`sqlite3Fts5HashWrite` was 14% of the loading thread
/// at a million tickets). With 16 MiB the loading thread took 7% less CPU at 200,000
/// tickets (10.8 → 10.0 s) and 6% less at 1M, the peak fell 256 → 200 MB at
/// 200,000, and the closing merge of the more, smaller segments took as long
/// (docs/PERFORMANCE.md, "Demo load", session 10). The index ends the same: one
/// segment, same terms and pages (only its segment number differs).
const LOAD_HASHSIZE: i64 = 16 * 1024 * 1024;

/// Leaf pages (about 4 KB each) written by one idle merge step: a few milliseconds.
pub const STEP_PAGES: i64 = 64;

/// Leaf pages written per transaction by `optimize`, so other writers get in between.
const OPTIMIZE_PAGES: i64 = 2_000;

/// An FTS5 setting of the ticket index (as stored in its config table).
fn config(conn: &Connection, key: &str, default: i64) -> Result<i64> {
    config_of(conn, Kind::Ticket, key, default)
}

/// An FTS5 setting of one index (as stored in its config table).
fn config_of(conn: &Connection, kind: Kind, key: &str, default: i64) -> Result<i64> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT v FROM {}_config WHERE k = ?1",
            table(kind)
        ))?
        .query_row([key], |r| r.get(0))
        .optional()?
        .unwrap_or(default))
}

fn set_config(conn: &Connection, key: &str, value: i64) -> Result<()> {
    conn.execute(
        "INSERT INTO search_tickets (search_tickets, rank) VALUES (?1, ?2)",
        rusqlite::params![key, value],
    )?;
    Ok(())
}

/// Sets the ticket index's `crisismerge`: tests that need a level of many segments.
#[cfg(test)]
pub(crate) fn set_crisismerge(store: &Store, segments: i64) -> Result<()> {
    match store.conn().as_sqlite() {
        Some(c) => set_config(c, "crisismerge", segments),
        None => Ok(()),
    }
}

/// The ticket index's settings before `tune_for_load`.
#[derive(Debug, Clone, Copy)]
pub struct LoadTuning {
    automerge: i64,
    hashsize: i64,
}

/// Lets the ticket index take a bulk load in large segments without merging as it
/// goes (the settings are stored in the database: restore them with
/// `restore_after_load` in the same transaction).
pub fn tune_for_load(conn: &Connection) -> Result<LoadTuning> {
    let old = LoadTuning {
        automerge: config(conn, "automerge", FTS_AUTOMERGE)?,
        hashsize: config(conn, "hashsize", FTS_HASHSIZE)?,
    };
    set_config(conn, "automerge", 0)?;
    set_config(conn, "hashsize", LOAD_HASHSIZE)?;
    Ok(old)
}

/// Ends the load (`finish_load`) and puts back the settings `tune_for_load` changed.
pub fn restore_after_load(conn: &Connection, old: LoadTuning) -> Result<()> {
    finish_load(conn)?;
    set_config(conn, "automerge", old.automerge)?;
    set_config(conn, "hashsize", old.hashsize)
}

/// During a bulk load, after each batch of ticket index rows: the first time the
/// load has written two segments (all on level 0), merges them into one on the
/// level above. Later segments are smaller than that one, so FTS5 leaves it
/// there, and the `finish_load` merge then lands on level 3 instead of level 1:
/// writes' crisis merges reach it after 64⁴ writes instead of 64². Costs a merge
/// of the first two or three segments only.
pub fn lift_during_load(conn: &Connection) -> Result<()> {
    if let [n] = levels_of(conn, Kind::Ticket)?[..] {
        if n >= 2 {
            conn.execute(
                "INSERT INTO search_tickets (search_tickets) VALUES ('optimize')",
                [],
            )?;
        }
    }
    Ok(())
}

/// The end of a bulk load: merges the ticket index's segments into one above level
/// 0, so that no large segment stays on the level that the writes' own small
/// segments fill up.
pub fn finish_load(conn: &Connection) -> Result<()> {
    let optimize = "INSERT INTO search_tickets (search_tickets) VALUES ('optimize')";
    // FTS5 flushes what is pending first; only then is the shape known.
    conn.execute(optimize, [])?;
    if levels_of(conn, Kind::Ticket)?.first() == Some(&1) {
        // One segment, still on level 0 (a load small enough for one): `optimize`
        // leaves a lone segment where it is, so a placeholder document (a rowid no
        // ticket or comment maps to) gives it a partner, and is deleted again.
        conn.execute(
            "INSERT INTO search_tickets (rowid, title, body) VALUES (?1, NULL, 'x')",
            [PLACEHOLDER_DOC],
        )?;
        conn.execute(optimize, [])?;
        conn.execute(
            "DELETE FROM search_tickets WHERE rowid = ?1",
            [PLACEHOLDER_DOC],
        )?;
    }
    Ok(())
}

/// The rowid of `finish_load`'s short-lived placeholder: above every document id.
const PLACEHOLDER_DOC: i64 = i64::MAX;

/// Segments per level of the ticket index, lowest level first (empty levels
/// included): what a crisis merge would take next.
/// None on PostgreSQL (a GIN index has no segments).
pub fn levels(store: &Store) -> Result<Vec<i64>> {
    match store.conn().as_sqlite() {
        Some(c) => levels_of(c, Kind::Ticket),
        None => Ok(Vec::new()),
    }
}

fn levels_of(conn: &Connection, kind: Kind) -> Result<Vec<i64>> {
    Ok(structure_of(conn, kind)?
        .iter()
        .map(|l| l.segments.len() as i64)
        .collect())
}

/// One segment (b-tree) of an FTS5 index, as its structure record describes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Segment {
    pub id: i64,
    /// Leaf pages not yet consumed by an unfinished merge.
    pub pages: i64,
    /// Entries, and entries deleted by tombstones (0 in a version-1 record).
    pub entries: i64,
    pub tombstones: i64,
}

/// One level of an FTS5 index: its segments, oldest first, and how many of the
/// first ones an unfinished merge into the level above is taking (FTS5's `nMerge`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Level {
    pub merging: usize,
    pub segments: Vec<Segment>,
}

impl Level {
    /// The leaf pages a merge from this level reads: the unfinished merge's inputs,
    /// or the whole level.
    fn input_pages(&self) -> i64 {
        let n = match self.merging {
            0 => self.segments.len(),
            m => m,
        };
        self.segments.iter().take(n).map(|s| s.pages).sum()
    }
}

/// The ticket index's levels, lowest first (empty ones included); empty on
/// PostgreSQL.
pub fn structure(store: &Store) -> Result<Vec<Level>> {
    match store.conn().as_sqlite() {
        Some(c) => structure_of(c, Kind::Ticket),
        None => Ok(Vec::new()),
    }
}

/// Decodes FTS5's structure record (rowid 10 of `%_data`, `fts5StructureDecode`):
/// a 4-byte cookie, an optional 4-byte version-2 marker, then varints: levels,
/// segments, write counter, and per level: merging, segments, and per segment: id,
/// first page, last page (version 2 adds two origins, tombstone pages, tombstone
/// entries, entries).
fn structure_of(conn: &Connection, kind: Kind) -> Result<Vec<Level>> {
    let blob: Option<Vec<u8>> = conn
        .prepare_cached(&format!(
            "SELECT block FROM {}_data WHERE id = 10",
            table(kind)
        ))?
        .query_row([], |r| r.get(0))
        .optional()?;
    let Some(b) = blob else {
        return Ok(Vec::new());
    };
    let v2 = b.get(4..8) == Some(&[0xff, 0, 0, 1][..]);
    let mut i = if v2 { 8 } else { 4 };
    let mut next = || {
        let (v, n) = varint(&b, i);
        i += n.max(1);
        v
    };
    let nlevels = next();
    let _segments = next();
    let _writes = next();
    let mut out = Vec::new();
    for _ in 0..nlevels.clamp(0, 64) {
        let merging = next().max(0) as usize;
        let n = next();
        let mut segments = Vec::new();
        for _ in 0..n.clamp(0, 2000) {
            let (id, first, last) = (next(), next(), next());
            let (mut entries, mut tombstones) = (0, 0);
            if v2 {
                let (_origin1, _origin2, _tomb_pages) = (next(), next(), next());
                tombstones = next();
                entries = next();
            }
            segments.push(Segment {
                id,
                pages: 1 + last - first,
                entries,
                tombstones,
            });
        }
        out.push(Level { merging, segments });
    }
    Ok(out)
}

/// The level FTS5's `merge` command takes its input from next, as
/// `fts5IndexMerge` chooses it: the lowest level with an unfinished merge unless a
/// level below holds more segments, else the level holding the most (the lowest of
/// equals), if that is at least `usermerge`; failing that, on a `contentless_delete`
/// table, the level whose tombstones reach `deletemerge` percent of its entries
/// (`fts5IndexFindDeleteMerge`). None: `merge` would do nothing.
fn next_merge(levels: &[Level], usermerge: usize, deletemerge: i64) -> Option<usize> {
    let (mut best, mut n_best) = (0, 0);
    for (i, l) in levels.iter().enumerate() {
        if l.merging > 0 {
            if l.merging > n_best {
                best = i;
                n_best = usermerge;
            }
            break;
        }
        if l.segments.len() > n_best {
            n_best = l.segments.len();
            best = i;
        }
    }
    if n_best >= usermerge && !levels.is_empty() {
        return Some(best);
    }
    if deletemerge <= 0 {
        return None;
    }
    let (mut found, mut pct_best) = (None, 0);
    for (i, l) in levels.iter().enumerate() {
        let entries: i64 = l.segments.iter().map(|s| s.entries).sum();
        let tombs: i64 = l.segments.iter().map(|s| s.tombstones).sum();
        if entries > 0 {
            let pct = tombs * 100 / entries;
            if pct >= deletemerge && pct > pct_best {
                found = Some(i);
                pct_best = pct;
            }
        }
        if l.merging > 0 {
            break;
        }
    }
    found
}

/// A merge whose input is larger than this many leaf pages (about 4 KB each) is
/// left to `db optimize`: one `merge` call writes its
/// pages only at term boundaries, and a term's doclist in a big segment (the
/// load's, of a million tickets) is thousands of pages.
pub const LONE_INPUT_PAGES: i64 = 2_048;

/// `merge` calls at most after one write (each writes two leaf pages or so).
const LONE_CALLS: usize = 8;

/// FTS5's defaults for `usermerge` and `deletemerge` (percent).
const FTS_USERMERGE: i64 = 4;
const FTS_DELETEMERGE: i64 = 10;

/// The merge step of a write that nobody else merges after (a CLI process, mail
/// intake): inside the write's transaction, before it commits, merges the ticket
/// index's small segments a couple of pages at a time, so that no level collects
/// the 64 segments that make one write merge them all at once (FTS5's crisis
/// merge: 0.6–0.8 s at a million tickets every ~2,000 comments). Merges whose
/// input is larger than `LONE_INPUT_PAGES` are left alone. Returns the `merge`
/// calls made.
pub fn after_write(conn: &Connection) -> Result<usize> {
    after_write_within(conn, LONE_INPUT_PAGES)
}

fn after_write_within(conn: &Connection, max_input_pages: i64) -> Result<usize> {
    // What the write added is still in FTS5's memory: written out now (as COMMIT
    // would), the structure record shows it.
    conn.prepare_cached("INSERT INTO search_tickets (search_tickets) VALUES ('flush')")?
        .execute([])?;
    // A load's segment first goes where these merges never reach it.
    lift(conn, Kind::Ticket, max_input_pages)?;
    let usermerge = config(conn, "usermerge", FTS_USERMERGE)?.max(2) as usize;
    let deletemerge = config(conn, "deletemerge", FTS_DELETEMERGE)?;
    let mut calls = 0;
    while calls < LONE_CALLS {
        let levels = structure_of(conn, Kind::Ticket)?;
        match next_merge(&levels, usermerge, deletemerge) {
            Some(l) if levels[l].input_pages() <= max_input_pages => {}
            _ => break,
        }
        // One page asked for: FTS5 stops at the first term boundary after two, and
        // (having used its budget) never goes on to the next level in this call,
        // which could be one this check would refuse.
        conn.prepare_cached(
            "INSERT INTO search_tickets (search_tickets, rank) VALUES ('merge', 1)",
        )?
        .execute([])?;
        calls += 1;
    }
    Ok(calls)
}

/// The merge settings of the ticket index: (automerge, crisismerge, usermerge).
pub fn settings(store: &Store) -> Result<(i64, i64, i64)> {
    let Some(c) = store.conn().as_sqlite() else {
        return Ok((0, 0, 0));
    };
    Ok((
        config(c, "automerge", FTS_AUTOMERGE)?,
        config(c, "crisismerge", 16)?,
        config(c, "usermerge", 4)?,
    ))
}

/// How many segments (b-trees) the ticket index is made of: what each query reads
/// through, and what merging reduces.
/// A GIN index is one tree: 1 on PostgreSQL.
pub fn segments(store: &Store) -> Result<i64> {
    match store.conn().as_sqlite() {
        Some(c) => segments_of(c, Kind::Ticket),
        None => Ok(1),
    }
}

/// How many segments the word index of `kind` is made of (SQLite).
pub fn segments_of(conn: &Connection, kind: Kind) -> Result<i64> {
    // FTS5's structure record (rowid 10): a 4-byte cookie, an optional 4-byte
    // version-2 marker, then varints: levels, segments.
    let blob: Option<Vec<u8>> = conn
        .query_row(
            &format!("SELECT block FROM {}_data WHERE id = 10", table(kind)),
            [],
            |r| r.get(0),
        )
        .optional()?;
    let Some(b) = blob else { return Ok(0) };
    let mut i = 4;
    if b.get(4..8) == Some(&[0xff, 0, 0, 1][..]) {
        i = 8;
    }
    let (_levels, n) = varint(&b, i);
    let (segments, _) = varint(&b, i + n);
    Ok(segments)
}

/// SQLite's variable-length integer at `b[i..]`: (value, bytes used); a record cut
/// short reads as 0 using no bytes (the callers stop at the structure's counts).
fn varint(b: &[u8], i: usize) -> (i64, usize) {
    record::get_varint(b, i).map_or((0, 0), |(v, n)| (v as i64, n))
}

/// One merge command on every index table; whether any did work.
fn merge_all(conn: &Connection, pages: i64) -> Result<bool> {
    let mut worked = false;
    for kind in Kind::ALL {
        let tbl = table(kind);
        let before = conn.total_changes();
        conn.execute(
            &format!("INSERT INTO {tbl} ({tbl}, rank) VALUES ('merge', ?1)"),
            [pages],
        )?;
        // FTS5's documented test: two or more changes mean the merge did work.
        worked |= conn.total_changes() - before >= 2;
    }
    Ok(worked)
}

/// A merge whose input is larger than this many leaf pages (about 4 KB each) is
/// never started by an idle step: FTS5 writes a term's whole doclist at once, and
/// in a large input one doclist is hundreds or thousands of pages (a step of up to
/// 300 ms holding the write lock, session 7). Such merges are left to
/// `db optimize`. The load's segment, the one large input there normally is, is
/// first lifted out of the small merges' way (`lift`), so this limit is reached
/// only after a great many writes.
pub const IDLE_INPUT_PAGES: i64 = 2_048;

/// One small step of merging (about `pages` leaf pages written), in its own short
/// write transaction; call it when nothing else is going on. Merges whose input is
/// larger than `IDLE_INPUT_PAGES` are left alone. Returns whether there was
/// anything to merge: when false, further steps are pointless until the index is
/// written again.
pub fn step(store: &mut Store, pages: i64) -> Result<bool> {
    step_unless(store, pages, &|| false)
}

/// `step`, ended early (what it merged so far committed) as soon as `stop` says
/// so: the console's worker stops its step when a key may lead to a write, so the
/// write never waits for the step. `stop` is asked before each `merge` call (each
/// writes about two pages).
pub fn step_unless(store: &mut Store, pages: i64, stop: &dyn Fn() -> bool) -> Result<bool> {
    step_within(store, pages, IDLE_INPUT_PAGES, stop)
}

fn step_within(
    store: &mut Store,
    pages: i64,
    max_input_pages: i64,
    stop: &dyn Fn() -> bool,
) -> Result<bool> {
    if store.conn().as_sqlite().is_none() || stop() {
        return Ok(false);
    }
    store.write(|c| match c.as_sqlite() {
        Some(s) => merge_bounded(s, pages.abs().max(1), max_input_pages, stop),
        None => Ok(false),
    })
}

/// Merges on every index table until about `pages` leaf pages are written or
/// `stop` says so, each `merge` call checked first: only a merge whose input is at
/// most `max_input_pages` is started or continued. Whether any merge did work.
fn merge_bounded(
    conn: &Connection,
    pages: i64,
    max_input_pages: i64,
    stop: &dyn Fn() -> bool,
) -> Result<bool> {
    let mut worked = false;
    for kind in Kind::ALL {
        let tbl = table(kind);
        lift(conn, kind, max_input_pages)?;
        let usermerge = config_of(conn, kind, "usermerge", FTS_USERMERGE)?.max(2) as usize;
        let deletemerge = config_of(conn, kind, "deletemerge", FTS_DELETEMERGE)?;
        // Each call asks for one page: FTS5 stops at the first term boundary after
        // two, and never goes on to another level (one this check did not see).
        let mut calls = 0;
        while calls * 2 < pages {
            if stop() {
                return Ok(worked);
            }
            let levels = structure_of(conn, kind)?;
            match next_merge(&levels, usermerge, deletemerge) {
                Some(l) if levels[l].input_pages() <= max_input_pages => {}
                _ => break,
            }
            let before = conn.total_changes();
            conn.prepare_cached(&format!(
                "INSERT INTO {tbl} ({tbl}, rank) VALUES ('merge', 1)"
            ))?
            .execute([])?;
            if conn.total_changes() - before < 2 {
                break;
            }
            worked = true;
            calls += 1;
        }
    }
    Ok(worked)
}

/// Whether an index's oldest segment is one `lift` would move: larger than
/// `min_pages`, below `record::LIFT_LEVEL`, no merge unfinished.
fn liftable(levels: &[Level], min_pages: i64) -> bool {
    if levels.iter().any(|l| l.merging > 0) {
        return false;
    }
    match levels.iter().rposition(|l| !l.segments.is_empty()) {
        Some(top) => top < record::LIFT_LEVEL && levels[top].segments[0].pages > min_pages,
        None => false,
    }
}

/// Moves an index's oldest segment, if it is larger than `min_pages` (a bulk
/// load's), to a level of its own high above the others (`record`), so that the
/// small segments' merges never take it in; inside the caller's write
/// transaction. Returns whether it moved.
fn lift(conn: &Connection, kind: Kind, min_pages: i64) -> Result<bool> {
    if !liftable(&structure_of(conn, kind)?, min_pages) {
        return Ok(false);
    }
    let tbl = table(kind);
    // FTS5 keeps the structure it last read in memory (per connection; other
    // connections notice a commit by `PRAGMA data_version`). A `merge` command
    // drops it, and one of no pages merges nothing: the next statement on the
    // index reads the record written here.
    conn.prepare_cached(&format!(
        "INSERT INTO {tbl} ({tbl}, rank) VALUES ('merge', 0)"
    ))?
    .execute([])?;
    let blob: Option<Vec<u8>> = conn
        .prepare_cached(&format!("SELECT block FROM {tbl}_data WHERE id = 10"))?
        .query_row([], |r| r.get(0))
        .optional()?;
    let Some(mut rec) = blob.as_deref().and_then(record::Record::decode) else {
        return Ok(false);
    };
    if !rec.lift_oldest(min_pages) {
        return Ok(false);
    }
    conn.prepare_cached(&format!("UPDATE {tbl}_data SET block = ?1 WHERE id = 10"))?
        .execute([rec.encode()])?;
    tracing::debug!(
        index = tbl,
        "the oldest segment lifted above the small merges"
    );
    Ok(true)
}

/// What `optimize` did.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct Optimized {
    pub segments_before: i64,
    pub segments_after: i64,
    pub steps: u64,
    pub seconds: f64,
}

/// Merges the whole index down to one segment per table, in transactions of a few
/// thousand pages each (other writers get in between); `progress(steps)` after
/// each.
pub fn optimize(store: &mut Store, progress: &mut dyn FnMut(u64)) -> Result<Optimized> {
    let started = std::time::Instant::now();
    let segments_before = segments(store)?;
    let mut steps = 0;
    if store.conn().as_sqlite().is_none() {
        // Each GIN index's pending entries folded into the tree, one index at a time.
        for kind in Kind::ALL {
            store.write(|c| {
                c.one::<i64>(
                    "SELECT gin_clean_pending_list(CAST(?1 AS TEXT)::regclass)",
                    params![format!("{}_doc", table(kind))],
                )
            })?;
            steps += 1;
            progress(steps);
        }
    }
    // A negative count merges across levels, down to one segment.
    while store.write(|c| match c.as_sqlite() {
        Some(s) => merge_all(s, -OPTIMIZE_PAGES),
        None => Ok(false),
    })? {
        steps += 1;
        progress(steps);
    }
    // One segment now: lifted out of reach of the merges later writes make.
    if store.conn().as_sqlite().is_some() {
        store.write(|c| {
            for kind in Kind::ALL {
                if let Some(s) = c.as_sqlite() {
                    lift(s, kind, IDLE_INPUT_PAGES)?;
                }
            }
            Ok(())
        })?;
    }
    Ok(Optimized {
        segments_before,
        segments_after: segments(store)?,
        steps,
        seconds: started.elapsed().as_secs_f64(),
    })
}

#[cfg(test)]
mod tests;
