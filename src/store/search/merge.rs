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
//! PostgreSQL's GIN index has no segments: new entries wait in its pending list,
//! which `optimize` folds in (`gin_clean_pending_list`) and autovacuum otherwise
//! does; `step`, `lift_during_load` and `finish_load` have nothing to do there.

use super::{table, Kind};
use crate::error::Result;
use crate::store::{params, Store};
use rusqlite::{Connection, OptionalExtension};

/// FTS5's defaults for `automerge` and `hashsize` (bytes).
const FTS_AUTOMERGE: i64 = 4;
const FTS_HASHSIZE: i64 = 1024 * 1024;
/// Pending index data held in memory before it is written as a segment, while loading.
const LOAD_HASHSIZE: i64 = 64 * 1024 * 1024;

/// Leaf pages (about 4 KB each) written by one idle merge step: a few milliseconds.
pub const STEP_PAGES: i64 = 64;

/// Leaf pages written per transaction by `optimize`, so other writers get in between.
const OPTIMIZE_PAGES: i64 = 2_000;

/// An FTS5 setting of the ticket index (as stored in its config table).
fn config(conn: &Connection, key: &str, default: i64) -> Result<i64> {
    Ok(conn
        .query_row(
            "SELECT v FROM search_tickets_config WHERE k = ?1",
            [key],
            |r| r.get(0),
        )
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
    // FTS5's structure record (rowid 10): a 4-byte cookie, an optional 4-byte
    // version-2 marker (its segments carry five more varints), then varints:
    // levels, segments, write counter, and per level: merging, segments, and per
    // segment: id, first page, last page.
    let blob: Option<Vec<u8>> = conn
        .query_row(
            &format!("SELECT block FROM {}_data WHERE id = 10", table(kind)),
            [],
            |r| r.get(0),
        )
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
    let per_segment = if v2 { 8 } else { 3 };
    let mut out = Vec::new();
    for _ in 0..nlevels.clamp(0, 64) {
        let _merging = next();
        let n = next();
        for _ in 0..n.clamp(0, 2000) * per_segment {
            next();
        }
        out.push(n);
    }
    Ok(out)
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

fn segments_of(conn: &Connection, kind: Kind) -> Result<i64> {
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

/// SQLite's variable-length integer at `b[i..]`: (value, bytes used).
fn varint(b: &[u8], i: usize) -> (i64, usize) {
    let mut v: u64 = 0;
    for k in 0..9 {
        let Some(&byte) = b.get(i + k) else {
            return (v as i64, k);
        };
        if k == 8 {
            return (((v << 8) | byte as u64) as i64, 9);
        }
        v = (v << 7) | (byte & 0x7f) as u64;
        if byte < 0x80 {
            return ((v) as i64, k + 1);
        }
    }
    (v as i64, 9)
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

/// One small step of merging (about `pages` leaf pages written), in its own short
/// write transaction; call it when nothing else is going on. Returns whether there
/// was anything to merge: when false, further steps are pointless until the index
/// is written again.
pub fn step(store: &mut Store, pages: i64) -> Result<bool> {
    if store.conn().as_sqlite().is_none() {
        return Ok(false);
    }
    store.write(|c| match c.as_sqlite() {
        Some(s) => merge_all(s, pages.abs().max(1)),
        None => Ok(false),
    })
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
    Ok(Optimized {
        segments_before,
        segments_after: segments(store)?,
        steps,
        seconds: started.elapsed().as_secs_f64(),
    })
}

#[cfg(test)]
mod tests {
    use super::{levels, varint};
    use crate::config::StorageConfig;
    use crate::store::search::rebuild;
    use crate::store::Store;

    /// One write transaction: one new segment, or two with the comment (FTS5
    /// flushes at the comment statement's savepoint).
    fn ticket_with_comment(store: &mut Store, id: i64, comment: bool) {
        store
            .write(|c| {
                c.execute(
                    "INSERT INTO tickets (id, title, body, stage, type, priority, channel,
                                          created_at, updated_at, updated_by)
                     VALUES (?1, '打印机卡纸', 'printer jam 退款', 'new', 'technical', 2,
                             'email', 0, 0, 't')",
                    crate::store::params![id],
                )?;
                if comment {
                    c.execute(
                        "INSERT INTO comments (ticket_id, author, body, created_at)
                         VALUES (?1, 'a', '已联系客户 called back', 0)",
                        crate::store::params![id],
                    )?;
                }
                Ok(())
            })
            .unwrap();
    }

    /// A bulk load used to leave its segments on level 0, where the 64th later write
    /// merged them all (the whole index) inside that write.
    #[test]
    fn after_a_load_writes_merge_only_their_own_segments() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("s.db"), &StorageConfig::default()).unwrap();
        for id in 1..=50 {
            ticket_with_comment(&mut store, id, true);
        }
        store.write(|c| rebuild(c, &mut |_, _| {})).unwrap();
        let after_load = levels(&store).unwrap();
        assert_eq!(
            after_load.first(),
            Some(&0),
            "level 0 is empty: {after_load:?}"
        );
        assert_eq!(
            after_load.iter().sum::<i64>(),
            1,
            "one segment: {after_load:?}"
        );
        // 70 writes: level 0 fills up once and is merged (crisismerge = 64) …
        for id in 51..=120 {
            ticket_with_comment(&mut store, id, false);
        }
        let now = levels(&store).unwrap();
        assert_eq!(now[0], 70 - 64, "level 0 was merged once: {now:?}");
        // … into a segment of its own, next to the load's (before, into the load's).
        assert_eq!(
            now[1..].iter().sum::<i64>(),
            2,
            "the load's segment is untouched: {now:?}"
        );
        // Nothing lost on the way: the placeholder is gone, every ticket is found.
        let found = crate::store::search::ticket_ids(
            store.conn(),
            &crate::domain::search::TextQuery::parse("退款"),
        )
        .unwrap();
        assert_eq!(found.len(), 120);
    }

    #[test]
    fn varints_decode_as_sqlite_writes_them() {
        assert_eq!(varint(&[0x05], 0), (5, 1));
        assert_eq!(varint(&[0x81, 0x00], 0), (128, 2));
        assert_eq!(varint(&[0x00, 0x82, 0x01], 1), (257, 2));
        assert_eq!(varint(&[0xff; 9], 0), (-1, 9));
    }
}
