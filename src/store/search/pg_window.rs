//! The newest matching tickets on PostgreSQL, read window by window of ticket ids.
//!
//! A GIN index has no order: the newest 2,000 matches of a common word were found by
//! walking the primary key backwards and testing every row's tsvector (18,000 wide
//! rows for `退款` at a million tickets), and a rare phrase was rechecked on every
//! match in the table (7,000 rows for `增值税发票`). Migration 018 gives each index row
//! marks for the blocks of ids it falls in (`ac_id_marks`: 4,096, 65,536 and 1,048,576
//! ids a block) in the same GIN index as the words, so one index scan intersects the
//! words with a window of ids and only the window's matches are read from the table.
//! The first window is sized from the number wanted, the next ones from how dense
//! the matches were so far: two or three round trips, each reading about what it keeps.

use super::pg::{literal, match_query};
use super::{candidate, Candidate};
use crate::domain::filter::Filter;
use crate::domain::search::{Kind, TextQuery};
use crate::error::Result;
use crate::store::tickets::{where_clauses, FilterContext};
use crate::store::{params, Conn, Row, Value};

/// The blocks of migration 018's `ac_id_marks`, largest first: (bits, mark letter).
const LEVELS: [(u32, char); 3] = [(20, 'c'), (16, 'b'), (12, 'a')];

/// The smallest window read first (one block of the finest level).
const MIN_SPAN: i64 = 1 << 12;

/// The marks of whole blocks covering ids `lo..=hi`, as a tsquery (`'~a12' | '~b3'`):
/// the largest aligned blocks that fit, so a window of any size takes a few dozen
/// marks at most. The outer blocks may reach past the window: callers bound the id too.
pub(super) fn marks_covering(lo: i64, hi: i64) -> String {
    let fine = (1i64 << LEVELS[2].0) - 1;
    let end = hi | fine;
    let mut x = lo.max(0) & !fine;
    let mut parts = Vec::new();
    while x <= end {
        let (bits, mark) = LEVELS
            .iter()
            .copied()
            .find(|(b, _)| x & ((1i64 << b) - 1) == 0 && x + (1i64 << b) - 1 <= end)
            .unwrap_or(LEVELS[2]);
        parts.push(format!("'~{mark}{}'", x >> bits));
        x += 1i64 << bits;
    }
    parts.join(" | ")
}

/// How many ids the next window spans to hold about `want` more matches, given that
/// `read` matches were found in `spanned` ids so far.
fn next_span(want: usize, read: usize, spanned: i64, last: i64, min: i64) -> i64 {
    let span = if read == 0 {
        // Nothing yet: a rare word; look much further back.
        last.saturating_mul(16)
    } else {
        // A quarter more than the density so far predicts, so one more window is rare.
        (want as f64 * spanned as f64 / read as f64 * 1.25).ceil() as i64
    };
    span.max(min)
}

/// `search::candidates` for tickets on PostgreSQL: the newest `limit` tickets that
/// match `q` and the filter's other terms, newest first (the same set as SQLite's
/// walk). Each window is one statement: the window's matches from the index, each
/// joined with its ticket; without filter terms the LIMIT is inside, on the index's
/// matches alone, with them the terms filter the joined tickets in the same WHERE.
pub(super) fn ticket_candidates(
    conn: &Conn,
    q: &TextQuery,
    filter: &Filter,
    ctx: &FilterContext,
    limit: usize,
) -> Result<Vec<Candidate>> {
    let first = (limit.max(1) as i64).saturating_mul(4).max(MIN_SPAN);
    let spans = Spans {
        first,
        min: MIN_SPAN,
    };
    in_windows(conn, q, filter, ctx, limit, spans)
}

/// The first window's span and the smallest span (tests make them tiny, to cross
/// many windows and blocks in a small database).
#[derive(Clone, Copy)]
struct Spans {
    first: i64,
    min: i64,
}

/// `ticket_candidates` with the windows' spans given.
fn in_windows(
    conn: &Conn,
    q: &TextQuery,
    filter: &Filter,
    ctx: &FilterContext,
    limit: usize,
    spans: Spans,
) -> Result<Vec<Candidate>> {
    let Spans { first, min } = spans;
    let Some(tsq) = match_query(q)? else {
        return Ok(Vec::new());
    };
    let lit = literal(&tsq);
    let mut params: Vec<Value> = Vec::new();
    let wheres = where_clauses(conn, filter, ctx, &mut params)?;
    let limit = limit.max(1);
    let mut hi: i64 = conn.one("SELECT COALESCE(max(id), 0) FROM search_tickets", params![])?;
    let mut out: Vec<Candidate> = Vec::new();
    let mut want = limit;
    let mut span = first.max(1);
    let (mut read_so_far, mut spanned) = (0usize, 0i64);
    // A prefix (every Latin word is one) is a partial match for GIN, which reads
    // every posting of every word with that prefix on each scan, whatever the
    // window: such a query is one window over all ids, newest first, and the planner
    // picks between walking the primary key and the index (as before migration 018).
    let whole = tsq.contains(":*");
    while hi > 0 {
        let lo = match whole {
            true => 1,
            false => hi.saturating_sub(span - 1).max(1),
        };
        // `id + 0`: the window is the marks' job; the primary key must not be
        // scanned for it (a BitmapAnd with every id of the window).
        let within = match whole {
            true => format!("s.id <= {hi}"),
            false => format!(
                "s.marks @@ {} AND s.id + 0 BETWEEN {lo} AND {hi}",
                literal(&marks_covering(lo, hi))
            ),
        };
        // Without filter terms the LIMIT goes inside, on the index's matches alone;
        // with them the tickets are filtered in the same statement, so only those
        // kept come back (it sent every match of the window, with its text, to
        // keep one in ten for `type:complaint 退款`).
        let sql = if wheres.is_empty() {
            format!(
                "SELECT s.id, t.title, t.body, t.stage, t.updated_at
                 FROM (SELECT s.id FROM search_tickets s WHERE s.doc @@ {lit} AND {within}
                       ORDER BY s.id DESC LIMIT {want}) s
                 LEFT JOIN tickets t ON t.id = s.id ORDER BY s.id DESC"
            )
        } else {
            format!(
                "SELECT s.id, t.title, t.body, t.stage, t.updated_at
                 FROM search_tickets s JOIN tickets t ON t.id = s.id
                 WHERE s.doc @@ {lit} AND {within} AND {}
                 ORDER BY s.id DESC LIMIT {want}",
                wheres.join(" AND ")
            )
        };
        let mut read = 0usize;
        let mut last = lo;
        let mut each = |r: &Row<'_>| -> Result<()> {
            read += 1;
            last = r.get::<i64>(0)?;
            // A ticket deleted since (no row) is skipped.
            if r.get::<Option<i64>>(4)?.is_some() {
                out.push(candidate(Kind::Ticket, r)?);
            }
            Ok(())
        };
        // Each window's statement is new (its words and ids are constants in it):
        // unprepared it is one round trip, not two.
        conn.query_each_once(&sql, &crate::store::dyn_params(&params), &mut each)?;
        if out.len() >= limit {
            break;
        }
        // A full batch stops inside the window: the rest of it is read next time.
        let down_to = if read == want { last } else { lo };
        read_so_far += read;
        spanned += hi - down_to + 1;
        hi = down_to - 1;
        want = limit - out.len();
        // At most eight times the ids read so far: a density measured on a few
        // matches can be far off, and a window too large reads all of its matches.
        span = next_span(want, read_so_far, spanned, span, min.max(1))
            .min(spanned.saturating_mul(8).max(min.max(1)));
    }
    out.truncate(limit);
    Ok(out)
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
    fn marks_cover_the_window_without_gaps_or_overlaps() {
        for (lo, hi) in [
            (1, 1),
            (1, 4096),
            (4095, 4097),
            (983_040, 1_000_000),
            (1, 1_000_000),
            (700_001, 2_500_000),
            (65_536, 131_071),
        ] {
            let b = blocks(&marks_covering(lo, hi));
            assert!(b[0].0 <= lo && b[b.len() - 1].1 >= hi, "{lo}..{hi}: {b:?}");
            for w in b.windows(2) {
                assert_eq!(w[0].1 + 1, w[1].0, "{lo}..{hi}: contiguous {b:?}");
            }
            // Never more than one finest block of slack on either side.
            assert!(lo - b[0].0 < 4096 && b[b.len() - 1].1 - hi < 4096);
            assert!(b.len() <= 64, "{lo}..{hi}: {} marks", b.len());
        }
        assert_eq!(marks_covering(65_536, 131_071), "'~b1'");
        assert_eq!(marks_covering(1, 5000), "'~a0' | '~a1'");
        assert_eq!(marks_covering(1, 1_048_575), "'~c0'");
    }

    #[test]
    fn windows_grow_with_sparse_matches() {
        // 10 matches in 8,192 ids: 1,990 more need about 1.6 million ids.
        assert_eq!(next_span(1990, 10, 8192, 8192, MIN_SPAN), 2_037_760);
        // Nothing found: sixteen times as far.
        assert_eq!(next_span(2000, 0, 8192, 8192, MIN_SPAN), 131_072);
        // Dense matches: never below one block.
        assert_eq!(next_span(1, 1000, 1000, 1000, MIN_SPAN), MIN_SPAN);
    }

    /// Every window size finds the same newest matches as the whole index, on a
    /// server: ids spread over blocks of every level, filters that leave most out.
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
            4095, 4096, 4097, 65_535, 65_536, 70_000, 1_048_575, 1_048_576, 3_000_000,
        ]);
        store
            .write(|c| {
                for id in &ids {
                    let title = match id % 3 {
                        0 => "退款申请",
                        1 => "打印机卡纸 printer jam",
                        _ => "发票",
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
        for (words, filter) in [
            ("退款", ""),
            ("printer", ""),
            ("打印机 jam", ""),
            ("发票 -退款", ""),
            ("退款", "type:complaint"),
            ("nothing", ""),
        ] {
            let q = TextQuery::parse(words);
            let f = Filter::parse(filter).unwrap();
            let spans = |first, min| Spans { first, min };
            let all = in_windows(conn, &q, &f, &ctx, 1000, spans(i64::MAX / 4, 1)).unwrap();
            let every: Vec<i64> = all.iter().map(|c| c.id).collect();
            let mut want = crate::store::search::ticket_ids(conn, &q).unwrap();
            want.reverse();
            if filter.is_empty() {
                assert_eq!(every, want, "{words}: one window holds every match");
            }
            for limit in [1, 2, 7, 40, 1000] {
                for (first, min) in [(1, 1), (3, 2), (5000, 4096), (100_000, 1)] {
                    let got: Vec<i64> = in_windows(conn, &q, &f, &ctx, limit, spans(first, min))
                        .unwrap()
                        .iter()
                        .map(|c| c.id)
                        .collect();
                    let newest: Vec<i64> = every.iter().copied().take(limit).collect();
                    assert_eq!(
                        got, newest,
                        "{words} {filter}, limit {limit}, spans {first}/{min}"
                    );
                }
            }
        }
    }
}
