//! Keeping the word index's segments few without making a writer wait.
//!
//! FTS5 adds a segment (b-tree) per write transaction and, by default, merges
//! segments inside the writing transaction (`automerge`): most writes pay a
//! little, a few pay seconds. Migration 010 turns that off for the ticket index
//! (`automerge = 0`); merging happens in small steps instead, when the console is
//! idle (`step`) and in `aftercare db optimize` (`optimize`). `crisismerge = 64`
//! stays as the safety valve when nobody runs either: a level that collects 64
//! segments is merged at once (small segments, so a short wait).
//!
//! PostgreSQL's GIN index has no segments: new entries wait in its pending list,
//! which `optimize` folds in (`gin_clean_pending_list`) and autovacuum otherwise
//! does; `step` has nothing to do there.

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

/// Puts back the settings `tune_for_load` changed.
pub fn restore_after_load(conn: &Connection, old: LoadTuning) -> Result<()> {
    set_config(conn, "automerge", old.automerge)?;
    set_config(conn, "hashsize", old.hashsize)
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
    use super::varint;

    #[test]
    fn varints_decode_as_sqlite_writes_them() {
        assert_eq!(varint(&[0x05], 0), (5, 1));
        assert_eq!(varint(&[0x81, 0x00], 0), (128, 2));
        assert_eq!(varint(&[0x00, 0x82, 0x01], 1), (257, 2));
        assert_eq!(varint(&[0xff; 9], 0), (-1, 9));
    }
}
