//! The newest matching tickets on PostgreSQL, read block by block of ticket ids.
//!
//! A GIN index has no order: the newest 2,000 matches of a common word were found by
//! walking the primary key backwards and testing every row's tsvector (18,000 wide
//! rows for `退款` at a million tickets), and a rare phrase was rechecked on every
//! match in the table (7,000 rows for `增值税发票`). Migration 018 gives each index row
//! marks for the blocks of ids it falls in (`ac_id_marks`: 4,096, 65,536 and 1,048,576
//! ids a block) in the same GIN index as the words, so one index scan intersects the
//! words with a block of ids and only that block's matches are read from the table.
//!
//! One statement walks the blocks newest first (a `LATERAL` scan per block, its
//! matches sorted) under one LIMIT, so the server stops in the block that completes
//! the newest `limit`: it reads at most one block's matches more than it keeps. The
//! blocks are fine near the newest id and coarser further back (`blocks_newest_first`),
//! so a common word stops after a few small blocks and a rare phrase crosses the
//! table in a few dozen index scans. (Session 6 sized windows of ids from the density
//! seen so far, a statement each: a rare phrase read 2.5 times the matches it kept,
//! each rechecked on the heap for adjacency.)

use super::pg::{literal, match_query};
use super::{candidate, Candidate};
use crate::domain::filter::Filter;
use crate::domain::search::{Kind, TextQuery};
use crate::error::Result;
use crate::store::tickets::{where_clauses, FilterContext};
use crate::store::{params, Conn, Row, Value};

/// The blocks of migration 018's `ac_id_marks`, finest first: (bits, mark letter).
const LEVELS: [(u32, char); 3] = [(12, 'a'), (16, 'b'), (20, 'c')];

/// The marks of disjoint aligned blocks covering ids `0..=hi`, newest first: blocks
/// of each level from where the last level stopped down to the start of the parent
/// block *before* the current one (so a level always spans at least one whole parent
/// block), then the next coarser level, the coarsest down to id 0. At a million ids:
/// 21 blocks of 4,096, then 14 of 65,536. A search that stops in a coarse block reads
/// at most that block's matches more than it keeps, and it only gets there after a
/// finer level held too few: the extra is bounded by what was read before it.
pub(super) fn blocks_newest_first(hi: i64) -> Vec<String> {
    let mut out = Vec::new();
    let mut next = hi.max(0);
    for (i, (bits, mark)) in LEVELS.iter().copied().enumerate() {
        let lower = match LEVELS.get(i + 1) {
            Some((parent, _)) => (((next >> parent) - 1).max(0)) << parent,
            None => 0,
        };
        let mut n = next >> bits;
        while n >= lower >> bits {
            out.push(format!("'~{mark}{n}'"));
            n -= 1;
        }
        if lower == 0 {
            break;
        }
        next = lower - 1;
    }
    out
}

/// `search::candidates` for tickets on PostgreSQL: the newest `limit` tickets that
/// match `q` and the filter's other terms, newest first (the same set as SQLite's
/// walk), in one statement after the newest id is read.
pub(super) fn ticket_candidates(
    conn: &Conn,
    q: &TextQuery,
    filter: &Filter,
    ctx: &FilterContext,
    limit: usize,
) -> Result<Vec<Candidate>> {
    let Some(tsq) = match_query(q)? else {
        return Ok(Vec::new());
    };
    let lit = literal(&tsq);
    let mut params: Vec<Value> = Vec::new();
    let wheres = where_clauses(conn, filter, ctx, &mut params)?;
    let want = limit.max(1);
    // A prefix (every Latin word is one) is a partial match for GIN, which reads
    // every posting of every word with that prefix on each scan, whatever the
    // block: such a query is one scan over all ids, newest first, and the planner
    // picks between walking the primary key and the index (as before migration 018).
    let hi: i64 = conn.one("SELECT COALESCE(max(id), 0) FROM search_tickets", params![])?;
    if hi <= 0 {
        return Ok(Vec::new());
    }
    let sql = if tsq.contains(":*") {
        whole_sql(&lit, hi, &wheres, want)
    } else {
        blocks_sql(&lit, &blocks_newest_first(hi), &wheres, want)
    };
    let mut out: Vec<Candidate> = Vec::with_capacity(want);
    // The statement is new each time (its words and blocks are constants in it):
    // unprepared it is one round trip, not two.
    conn.query_each_once(&sql, &crate::store::dyn_params(&params), |r: &Row<'_>| {
        // A ticket deleted since (no row) is skipped.
        if r.get::<Option<i64>>(4)?.is_some() {
            out.push(candidate(Kind::Ticket, r)?);
        }
        Ok(())
    })?;
    out.truncate(limit);
    Ok(out)
}

/// The block walk: for each block, newest first, the block's matches from the
/// index (words and mark in one GIN scan), sorted; the LIMIT stops the walk in
/// the block that completes it. Without filter terms the tickets are joined to
/// the `want` ids kept; with them each block's matches are joined and filtered in
/// the block, so only tickets kept come back.
///
/// The LIMIT keeps the newest because the walk's rows come in block order: the
/// blocks are a constant array read in order, and each block's `LATERAL` scan
/// (which depends on the block, so it is the inner side of a nested loop) is sorted
/// in itself. `windows_find_the_newest_matches_of_the_whole_index` checks it.
fn blocks_sql(lit: &str, blocks: &[String], wheres: &[String], want: usize) -> String {
    let array = format!("$m${{\"{}\"}}$m$::tsquery[]", blocks.join("\",\""));
    if wheres.is_empty() {
        format!(
            "SELECT m.id, t.title, t.body, t.stage, t.updated_at
             FROM (SELECT w.id FROM unnest({array}) AS b(mark)
                   CROSS JOIN LATERAL (SELECT s.id FROM search_tickets s
                                       WHERE s.doc @@ {lit} AND s.marks @@ b.mark
                                       ORDER BY s.id DESC) w
                   LIMIT {want}) m
             LEFT JOIN tickets t ON t.id = m.id ORDER BY m.id DESC"
        )
    } else {
        format!(
            "SELECT w.id, w.title, w.body, w.stage, w.updated_at
             FROM unnest({array}) AS b(mark)
             CROSS JOIN LATERAL (SELECT s.id, t.title, t.body, t.stage, t.updated_at
                                 FROM search_tickets s JOIN tickets t ON t.id = s.id
                                 WHERE s.doc @@ {lit} AND s.marks @@ b.mark AND {}
                                 ORDER BY s.id DESC) w
             LIMIT {want}",
            wheres.join(" AND ")
        )
    }
}

/// One scan over the ids up to `hi`, newest first (prefix queries). The bound
/// stays although nothing is above it: without it the planner walks the primary
/// key for `printer` with a LIMIT of 500 (measured: server CPU 19–22 → 70–77 ms).
fn whole_sql(lit: &str, hi: i64, wheres: &[String], want: usize) -> String {
    if wheres.is_empty() {
        format!(
            "SELECT s.id, t.title, t.body, t.stage, t.updated_at
             FROM (SELECT s.id FROM search_tickets s WHERE s.doc @@ {lit} AND s.id <= {hi}
                   ORDER BY s.id DESC LIMIT {want}) s
             LEFT JOIN tickets t ON t.id = s.id ORDER BY s.id DESC"
        )
    } else {
        format!(
            "SELECT s.id, t.title, t.body, t.stage, t.updated_at
             FROM search_tickets s JOIN tickets t ON t.id = s.id
             WHERE s.doc @@ {lit} AND s.id <= {hi} AND {}
             ORDER BY s.id DESC LIMIT {want}",
            wheres.join(" AND ")
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The ids a cover's marks stand for.
    fn blocks(cover: &str) -> Vec<(i64, i64)> {
        cover
            .split(" | ")
            .map(|m| {
                let m = m.trim_matches('\'');
                let bits = match &m[..2] {
                    "~a" => 12,
                    "~b" => 16,
                    "~c" => 20,
                    other => panic!("unknown mark {other}"),
                };
                let n: i64 = m[2..].parse().unwrap();
                (n << bits, ((n + 1) << bits) - 1)
            })
            .collect()
    }

    #[test]
    fn blocks_cover_every_id_newest_first_without_gaps_or_overlaps() {
        for hi in [
            1, 4095, 4096, 65_535, 65_536, 131_072, 1_000_000, 1_048_576, 2_500_000, 3_000_000,
        ] {
            let marks = blocks_newest_first(hi);
            let b = blocks(&marks.join(" | "));
            // Newest first: the first block holds `hi`, the last starts at id 0.
            assert!(b[0].0 <= hi && b[0].1 >= hi, "{hi}: {b:?}");
            assert_eq!(b[b.len() - 1].0, 0, "{hi}: {b:?}");
            for w in b.windows(2) {
                assert_eq!(w[1].1 + 1, w[0].0, "{hi}: contiguous, descending {b:?}");
                // Never finer further back.
                assert!(w[1].1 - w[1].0 >= w[0].1 - w[0].0, "{hi}: {b:?}");
            }
            // A coarse block comes only after at least one whole block of its size
            // in finer ones (what the walk read before it bounds what it over-reads).
            for (i, blk) in b.iter().enumerate() {
                let size = blk.1 - blk.0 + 1;
                let newer: i64 = b[..i].iter().map(|x| x.1 - x.0 + 1).sum();
                if i > 0 && size > b[i - 1].1 - b[i - 1].0 + 1 {
                    assert!(newer >= size, "{hi}: block {blk:?} after only {newer} ids");
                }
            }
            assert!(b.len() <= 64, "{hi}: {} blocks", b.len());
        }
        // At a million: 21 blocks of 4,096 (down to 917,504), then 14 of 65,536.
        let m = blocks_newest_first(1_000_000);
        assert_eq!(m.len(), 35);
        assert_eq!((m[0].as_str(), m[20].as_str()), ("'~a244'", "'~a224'"));
        assert_eq!((m[21].as_str(), m[34].as_str()), ("'~b13'", "'~b0'"));
        assert_eq!(blocks_newest_first(5000), ["'~a1'", "'~a0'"]);
    }

    /// The block walk finds the same newest matches as the whole index, on a
    /// server: ids spread over blocks of every level, phrases (rechecked), prefixes
    /// (one scan), exclusions and a filter that leaves most out, for limits that
    /// stop in the first block, in a coarse one and never.
    #[test]
    fn windows_find_the_newest_matches_of_the_whole_index() {
        use crate::config::StorageConfig;
        use crate::store::test_db::TestDb;
        use crate::store::Store;
        let Some(db) = TestDb::postgres() else {
            return;
        };
        let mut store = Store::open(&db.path, &StorageConfig::default()).unwrap();
        let mut ids: Vec<i64> = (1..=120).collect();
        ids.extend([
            4095, 4096, 4097, 65_535, 65_536, 70_000, 1_048_575, 1_048_576, 1_100_000, 3_000_000,
        ]);
        store
            .write(|c| {
                for id in &ids {
                    let title = match id % 3 {
                        0 => "退款申请",
                        1 => "打印机卡纸 printer jam",
                        // Both bigrams of 机卡纸, apart: the index finds it, the recheck drops it.
                        _ => "发票 机卡 说明 卡纸",
                    };
                    let kind = if id % 5 == 0 {
                        "complaint"
                    } else {
                        "technical"
                    };
                    c.execute(
                        "INSERT INTO tickets (id, title, body, stage, type, priority, channel,
                                              created_at, updated_at, updated_by)
                         VALUES (?1, ?2, '', 'new', ?3, 2, 'email', 0, ?1, 't')",
                        params![*id, title, kind],
                    )?;
                }
                Ok(())
            })
            .unwrap();
        let conn = store.conn();
        let ctx = FilterContext::default();
        let complaints: std::collections::BTreeSet<i64> = conn
            .query_map(
                "SELECT id FROM tickets WHERE type = 'complaint'",
                params![],
                |r| r.get(0),
            )
            .unwrap()
            .into_iter()
            .collect();
        for (words, filter) in [
            ("退款", ""),
            ("机卡纸", ""),
            ("printer", ""),
            ("打印机 jam", ""),
            ("发票 -退款", ""),
            ("退款", "type:complaint"),
            ("机卡纸", "type:complaint"),
            ("nothing", ""),
        ] {
            let q = TextQuery::parse(words);
            let f = Filter::parse(filter).unwrap();
            // Every match, newest first, by the match walk (another path).
            let mut every = crate::store::search::ticket_ids(conn, &q).unwrap();
            every.reverse();
            if !filter.is_empty() {
                every.retain(|id| complaints.contains(id));
            }
            for limit in [1, 2, 7, 40, 110, 1000] {
                let got: Vec<i64> = ticket_candidates(conn, &q, &f, &ctx, limit)
                    .unwrap()
                    .iter()
                    .map(|c| c.id)
                    .collect();
                let newest: Vec<i64> = every.iter().copied().take(limit).collect();
                assert_eq!(got, newest, "{words} {filter}, limit {limit}");
            }
        }
        // Matches spread over three million ids are one statement after the newest
        // id, whatever their density (session 6's windows took one per window: 5
        // for the newest 1,000 `发票 -退款` here).
        let pg = conn.as_pg().expect("a server");
        let q = TextQuery::parse("发票 -退款");
        let before = pg.round_trips();
        let found = ticket_candidates(conn, &q, &Filter::default(), &ctx, 1000).unwrap();
        assert!(found.len() > 40, "{}", found.len());
        assert_eq!(pg.round_trips() - before, 2, "max(id), then the block walk");
    }
}
