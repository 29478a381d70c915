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
use super::pg_terms;
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
///
/// `first` skips the finer levels (index into `LEVELS`): the walk starts with blocks
/// of that size from `hi` on, for a query too rare to find many matches in finer
/// ones (`first_level`).
pub(super) fn blocks_newest_first(hi: i64, first: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut next = hi.max(0);
    for (i, (bits, mark)) in LEVELS.iter().copied().enumerate().skip(first) {
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

/// The coarsest level whose blocks hold at most half the `want` matches the walk
/// keeps, by the estimate of how many rows the query matches (`pg_terms`, from the
/// planner's per-term estimates; None: the finest level, as for a common word).
/// A common word (`退款`, 13% of tickets: 540 a block of 4,096) stays with the
/// finest blocks; a rare phrase (`增值税发票`, 0.7%: 29 a block of 4,096, 458 a
/// block of 65,536) starts with coarser ones and crosses the table in a few scans
/// instead of 25, each scan a fixed cost (its index entries, GIN's pending list).
/// Half of `want` bounds what the walk reads beyond `want` when the estimate holds;
/// an unlisted word is estimated at half the lowest listed frequency, so a block
/// holds at most `want` matches beyond them then.
fn first_level(rows: Option<f64>, hi: i64, want: usize) -> usize {
    let Some(rows) = rows else { return 0 };
    let per_id = rows.max(0.0) / hi.max(1) as f64;
    let mut level = 0;
    for (i, (bits, _)) in LEVELS.iter().enumerate() {
        if (1u64 << bits) as f64 * per_id <= want as f64 / 2.0 {
            level = i;
        } else {
            break;
        }
    }
    level
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
    let mut params: Vec<Value> = Vec::new();
    let wheres = where_clauses(conn, filter, ctx, &mut params)?;
    let want = limit.max(1);
    // A prefix (every Latin word is one) is a partial match for GIN, which reads
    // every posting of every word with that prefix on each scan, whatever the
    // block: it becomes the exact words of migration 022's list when they are few,
    // read in the same round trip as the newest id. A prefix left (too many words,
    // or not a word the list holds) makes the query one scan over all ids, newest
    // first, where the planner picks between the primary key and the index.
    let prefixes = prefixes(&tsq);
    let tree = pg_terms::parse(&tsq);
    let terms: Vec<&str> = tree.as_ref().map(|t| t.terms()).unwrap_or_default();
    let first = newest_and_words(conn, &prefixes, &terms)?;
    if first.hi <= 0 {
        return Ok(Vec::new());
    }
    let term_rows = |term: &str| {
        let at = terms.iter().position(|x| *x == term)?;
        first.term_rows.get(at).copied().flatten()
    };
    let rows = tree.as_ref().and_then(|t| t.rows(&term_rows));
    let tsq = expand(&tsq, &prefixes, &first.words);
    let lit = literal(&tsq);
    let sql = if tsq.contains(":*") {
        whole_sql(&lit, first.hi, &wheres, want)
    } else {
        let level = first_level(rows, first.hi, want);
        // The GIN scans look up the rare terms only; the rows they find are
        // tested against the whole query (a phrase was rechecked on them anyway).
        let matches = match tree.as_ref().and_then(|t| t.rare_condition(&term_rows)) {
            Some(rare) => format!("s.doc @@ {} AND ts_match_vq(s.doc, {lit})", literal(&rare)),
            None => format!("s.doc @@ {lit}"),
        };
        blocks_sql(
            &matches,
            &blocks_newest_first(first.hi, level),
            &wheres,
            want,
        )
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

/// A prefix expands to at most this many words; more keep the partial match (each
/// word is an entry every block's GIN scan looks up).
const MAX_WORDS: usize = 16;

/// A Latin prefix of a tsquery literal: where `'lexeme':*` stands (byte range) and
/// the lexeme. Only prefixes migration 022's list can hold: first character below
/// U+3000, no weight after the star.
#[derive(Debug, Clone, PartialEq)]
struct Prefix {
    at: std::ops::Range<usize>,
    lexeme: String,
}

/// The prefixes of a tsquery literal as `pg_text::tsquery` writes it (lexemes in
/// single quotes, `''` and `\\` escaped).
fn prefixes(tsq: &str) -> Vec<Prefix> {
    let b = tsq.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'\'' {
            i += 1;
            continue;
        }
        let start = i;
        let mut lexeme = String::new();
        let mut j = i + 1;
        let mut chars = tsq[j..].char_indices();
        // The lexeme up to its closing quote.
        loop {
            match chars.next() {
                Some((k, '\'')) if tsq[j + k + 1..].starts_with('\'') => {
                    lexeme.push('\'');
                    chars.next();
                }
                Some((k, '\'')) => {
                    j += k + 1;
                    break;
                }
                Some((_, '\\')) => {
                    if let Some((_, c)) = chars.next() {
                        lexeme.push(c);
                    }
                }
                Some((_, c)) => lexeme.push(c),
                None => return out,
            }
        }
        let weighted = tsq[j..].starts_with(":*")
            && tsq[j + 2..].starts_with(|c: char| c.is_ascii_uppercase());
        if tsq[j..].starts_with(":*") && !weighted {
            if lexeme.chars().next().is_some_and(|c| (c as u32) < 0x3000) {
                out.push(Prefix {
                    at: start..j + 2,
                    lexeme,
                });
            }
            j += 2;
        }
        i = j;
    }
    out
}

/// What the walk reads before its statement, in one round trip.
struct FirstLook {
    /// The newest id of the ticket index.
    hi: i64,
    /// For each prefix, the listed words that begin with it (sorted; None when more
    /// than `MAX_WORDS`).
    words: Vec<Option<Vec<String>>>,
    /// For each term asked about, the planner's estimate of the rows it matches.
    term_rows: Vec<Option<f64>>,
}

/// The newest id, the prefixes' words and the terms' row estimates (migration
/// 023's `ac_term_rows`): one round trip.
fn newest_and_words(conn: &Conn, prefixes: &[Prefix], terms: &[&str]) -> Result<FirstLook> {
    const NEWEST: &str = "SELECT COALESCE(max(id), 0) FROM search_tickets";
    // A scalar subquery: evaluated once, whatever the rows.
    const ROWS: &str = "SELECT array_to_json(ac_term_rows(ARRAY(
                            SELECT jsonb_array_elements_text(CAST(?1 AS TEXT)::jsonb))))::text";
    let json = |v: Vec<String>| serde_json::Value::from(v).to_string();
    let terms_json = json(terms.iter().map(|t| t.to_string()).collect());
    let mut first = FirstLook {
        hi: 0,
        words: Vec::new(),
        term_rows: Vec::new(),
    };
    let mut rows_json = None;
    if prefixes.is_empty() {
        conn.query_each(
            &format!("SELECT ({NEWEST}), ({ROWS})"),
            params![terms_json],
            |r| {
                first.hi = r.get(0)?;
                rows_json = r.get::<Option<String>>(1)?;
                Ok(())
            },
        )?;
    } else {
        let list = json(prefixes.iter().map(|p| p.lexeme.clone()).collect());
        // The first MAX_WORDS + 1 words from the prefix on: those that begin with it.
        let sql = format!(
            "SELECT ({NEWEST}), ({ROWS}), p.n, w.word
             FROM jsonb_array_elements_text(CAST(?2 AS TEXT)::jsonb) WITH ORDINALITY AS p(pre, n)
             LEFT JOIN LATERAL (SELECT word FROM search_words WHERE word >= p.pre COLLATE \"C\"
                                ORDER BY word LIMIT {}) w ON true
             ORDER BY p.n, w.word",
            MAX_WORDS + 1
        );
        let mut words: Vec<Vec<String>> = vec![Vec::new(); prefixes.len()];
        conn.query_each(&sql, params![terms_json, list], |r| {
            first.hi = r.get(0)?;
            rows_json = r.get::<Option<String>>(1)?;
            let n = (r.get::<i64>(2)? - 1) as usize;
            if let (Some(word), Some(p)) = (r.get::<Option<String>>(3)?, prefixes.get(n)) {
                if word.starts_with(&p.lexeme) {
                    words[n].push(word);
                }
            }
            Ok(())
        })?;
        first.words = words
            .into_iter()
            .map(|w| (w.len() <= MAX_WORDS).then_some(w))
            .collect();
    }
    // An estimate the server could not give (no statistics yet) is no estimate.
    let parsed: Vec<serde_json::Value> = rows_json
        .and_then(|j| serde_json::from_str(&j).ok())
        .unwrap_or_default();
    first.term_rows = parsed.iter().map(serde_json::Value::as_f64).collect();
    Ok(first)
}

/// The tsquery with each prefix whose words are known replaced by those words
/// (`'jam':*` → `('jam' | 'jams')`; no word: `'~'`, which no index row holds).
/// Inside a phrase an alternative matches at its position as the prefix did.
fn expand(tsq: &str, prefixes: &[Prefix], words: &[Option<Vec<String>>]) -> String {
    let mut out = String::with_capacity(tsq.len());
    let mut at = 0;
    for (p, w) in prefixes.iter().zip(words) {
        let Some(w) = w else { continue };
        out.push_str(&tsq[at..p.at.start]);
        let quoted: Vec<String> = w
            .iter()
            .map(|x| format!("'{}'", x.replace('\\', "\\\\").replace('\'', "''")))
            .collect();
        match quoted.len() {
            0 => out.push_str("'~'"),
            1 => out.push_str(&quoted[0]),
            _ => {
                out.push('(');
                out.push_str(&quoted.join(" | "));
                out.push(')');
            }
        }
        at = p.at.end;
    }
    out.push_str(&tsq[at..]);
    out
}

/// The ids of a block mark of `blocks_newest_first` (`'~a244'`): first and last.
fn bounds(mark: &str) -> (i64, i64) {
    let m = mark.trim_matches('\'');
    let bits = LEVELS
        .iter()
        .find(|(_, letter)| m[1..].starts_with(*letter))
        .map_or(0, |(bits, _)| *bits);
    let n: i64 = m[2..].parse().unwrap_or(0);
    (n << bits, ((n + 1) << bits) - 1)
}

/// The block walk: for each block, newest first, the block's matches from the
/// index (words and mark in one GIN scan), sorted; the LIMIT stops the walk in
/// the block that completes it, and the tickets are joined to the `want` ids kept.
///
/// With filter terms a block's matches are kept when their ids are among the
/// block's tickets that pass the filter (`t.id BETWEEN lo AND hi AND …`): the
/// planner can then read those from an index on (column, id) — `type:complaint`
/// 退款 takes the block's complaints from `tickets_type` and joins them by hash
/// — instead of looking up every match's ticket to test it (6,156 lookups to keep
/// 500), and it still may look them up when that is cheaper.
///
/// The LIMIT keeps the newest because the walk's rows come in block order: the
/// blocks are a constant array read in order, and each block's `LATERAL` scan
/// (which depends on the block, so it is the inner side of a nested loop) is sorted
/// in itself. `windows_find_the_newest_matches_of_the_whole_index` checks it.
///
/// `matches` is the condition on `s` (the search table) that selects a match.
fn blocks_sql(matches: &str, blocks: &[String], wheres: &[String], want: usize) -> String {
    let array = format!("$m${{\"{}\"}}$m$::tsquery[]", blocks.join("\",\""));
    if wheres.is_empty() {
        return format!(
            "SELECT m.id, t.title, t.body, t.stage, t.updated_at
             FROM (SELECT w.id FROM unnest({array}) AS b(mark)
                   CROSS JOIN LATERAL (SELECT s.id FROM search_tickets s
                                       WHERE {matches} AND s.marks @@ b.mark
                                       ORDER BY s.id DESC) w
                   LIMIT {want}) m
             LEFT JOIN tickets t ON t.id = m.id ORDER BY m.id DESC"
        );
    }
    let (mut lo, mut hi) = (Vec::new(), Vec::new());
    for (a, b) in blocks.iter().map(|m| bounds(m)) {
        lo.push(a.to_string());
        hi.push(b.to_string());
    }
    format!(
        "SELECT m.id, t.title, t.body, t.stage, t.updated_at
         FROM (SELECT w.id
               FROM unnest({array}, '{{{}}}'::bigint[], '{{{}}}'::bigint[]) AS b(mark, lo, hi)
               CROSS JOIN LATERAL (SELECT s.id FROM search_tickets s
                                   WHERE {matches} AND s.marks @@ b.mark
                                     AND s.id IN (SELECT t.id FROM tickets t
                                                  WHERE t.id BETWEEN b.lo AND b.hi AND {})
                                   ORDER BY s.id DESC) w
               LIMIT {want}) m
         LEFT JOIN tickets t ON t.id = m.id ORDER BY m.id DESC",
        lo.join(","),
        hi.join(","),
        wheres.join(" AND ")
    )
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
        cover.split(" | ").map(bounds).collect()
    }

    #[test]
    fn blocks_cover_every_id_newest_first_without_gaps_or_overlaps() {
        for hi in [
            1, 4095, 4096, 65_535, 65_536, 131_072, 1_000_000, 1_048_576, 2_500_000, 3_000_000,
        ] {
            let marks = blocks_newest_first(hi, 0);
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
        let m = blocks_newest_first(1_000_000, 0);
        assert_eq!(m.len(), 35);
        assert_eq!((m[0].as_str(), m[20].as_str()), ("'~a244'", "'~a224'"));
        assert_eq!((m[21].as_str(), m[34].as_str()), ("'~b13'", "'~b0'"));
        assert_eq!(blocks_newest_first(5000, 0), ["'~a1'", "'~a0'"]);
        // Started at a coarser level: its blocks from the newest id, then coarser.
        let m = blocks_newest_first(1_004_214, 1);
        assert_eq!(m.len(), 16);
        assert_eq!((m[0].as_str(), m[15].as_str()), ("'~b15'", "'~b0'"));
        let b = blocks(&m.join(" | "));
        assert!(b.windows(2).all(|w| w[1].1 + 1 == w[0].0) && b[15].0 == 0);
        assert_eq!(
            blocks_newest_first(3_000_000, 2),
            ["'~c2'", "'~c1'", "'~c0'"]
        );
    }

    #[test]
    fn the_first_blocks_hold_at_most_half_the_matches_kept() {
        let hi = 1_004_214;
        // `增值税发票` at a million: its unlisted bigrams are estimated at 5,014 rows,
        // 327 a block of 65,536; `退款` (132,758 rows) fills a block of 4,096 with 541.
        assert_eq!(first_level(Some(5_014.0), hi, 2000), 1);
        assert_eq!(first_level(Some(132_758.0), hi, 2000), 0);
        // Kept fewer (a filtered search ranks 500): finer.
        assert_eq!(first_level(Some(5_014.0), hi, 500), 0);
        // A hundred matches in the table: one block of 1,048,576.
        assert_eq!(first_level(Some(100.0), hi, 2000), 2);
        // No estimate: the finest, as before.
        assert_eq!(first_level(None, hi, 2000), 0);
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
            ("退款", "-type:complaint"),
            ("printer", "type:complaint"),
            ("nothing", ""),
        ] {
            let q = TextQuery::parse(words);
            let f = Filter::parse(filter).unwrap();
            // Every match, newest first, by the match walk (another path).
            let mut every = crate::store::search::ticket_ids(conn, &q).unwrap();
            every.reverse();
            match filter {
                "" => {}
                "type:complaint" => every.retain(|id| complaints.contains(id)),
                _ => every.retain(|id| !complaints.contains(id)),
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

    /// A rare phrase starts the walk with coarse blocks, from the planner's estimate
    /// of its rarest word, so it crosses the ids in a few GIN scans (each pays the
    /// index entries and GIN's pending list); a common word keeps the finest
    /// blocks. Both find the newest matches of the whole index.
    #[test]
    fn a_rare_phrase_crosses_the_ids_in_few_block_scans() {
        use crate::config::StorageConfig;
        use crate::store::test_db::TestDb;
        use crate::store::Store;
        let Some(db) = TestDb::postgres() else {
            return;
        };
        let mut store = Store::open(&db.path, &StorageConfig::default()).unwrap();
        // 3,000 tickets, one every 100 ids up to 300,000; the phrase in every tenth,
        // its words apart in every 37th (found by the rare words, not a match),
        // 发票 in all (common: left out of the GIN condition).
        store
            .write(|c| {
                c.execute(
                    "INSERT INTO tickets (id, title, body, stage, type, priority, channel,
                                          created_at, updated_at, updated_by)
                     SELECT g * 100,
                            CASE WHEN g % 10 = 0 THEN '增值税发票 退款'
                                 WHEN g % 37 = 0 THEN '增值税 说明 税发票 退款'
                                 ELSE '退款申请 发票' END,
                            '', 'new', 'technical', 2, 'email', 0, g, 't'
                     FROM generate_series(1, 3000) AS g",
                    params![],
                )?;
                Ok(())
            })
            .unwrap();
        store
            .write(|c| c.execute_batch("ANALYZE search_tickets"))
            .unwrap();
        let ctx = FilterContext::default();
        // The walk's GIN scans, counted by the server in the transaction.
        let scans = |store: &mut Store, text: &str, limit: usize| -> (Vec<i64>, i64) {
            store
                .write(|c| {
                    // The plan of a table of a million rows (on 3,000 the planner walks
                    // the primary key and tests each row), so the GIN scans can be counted.
                    c.execute_batch(
                        "SET LOCAL enable_seqscan = off; SET LOCAL enable_indexscan = off",
                    )?;
                    let q = TextQuery::parse(text);
                    let found = ticket_candidates(c, &q, &Filter::default(), &ctx, limit)?;
                    let n: i64 = c.one(
                        "SELECT pg_stat_get_xact_numscans('search_tickets_doc'::regclass)",
                        params![],
                    )?;
                    Ok((found.iter().map(|c| c.id).collect(), n))
                })
                .unwrap()
        };
        // The common word's five blocks of 4,096 may each take two scans (words and
        // marks as two bitmaps): its count is the planner's, only its rows are checked.
        for (text, limit, most) in [("增值税发票", 200, 6), ("退款", 200, i64::MAX)] {
            let (got, n) = scans(&mut store, text, limit);
            let mut every =
                crate::store::search::ticket_ids(store.conn(), &TextQuery::parse(text)).unwrap();
            every.reverse();
            every.truncate(limit);
            assert_eq!(got, every, "{text}");
            // Blocks of 4,096 ids only (the old walk): 26 of them and 2 of 65,536 for
            // the phrase's newest 200.
            assert!(n <= most, "{text}: {n} GIN scans");
        }
    }

    #[test]
    fn latin_prefixes_become_their_words() {
        let q = "'打印' <-> '印机' & 'jam':*";
        let p = prefixes(q);
        assert_eq!(p.len(), 1);
        assert_eq!(
            (p[0].lexeme.as_str(), &q[p[0].at.clone()]),
            ("jam", "'jam':*")
        );
        let words = vec![Some(vec!["jam".to_string(), "jams".to_string()])];
        assert_eq!(
            expand(q, &p, &words),
            "'打印' <-> '印机' & ('jam' | 'jams')"
        );
        // In a phrase the alternatives stand at the prefix's position; one word
        // needs no parentheses, none becomes a lexeme no row holds.
        let q = "'printer' <-> 'ja':* & !('caf':*)";
        let p = prefixes(q);
        assert_eq!(p.len(), 2);
        let words = vec![Some(vec!["jam".to_string()]), Some(Vec::new())];
        assert_eq!(expand(q, &p, &words), "'printer' <-> 'jam' & !('~')");
        // Too many words: the prefix stays a partial match.
        assert_eq!(expand(q, &p, &[None, None]), q);
        // Weighted prefixes, lexemes from U+3000 on (not in the list) and exact
        // words are left alone; quotes inside a lexeme do not end it.
        assert!(prefixes("'x':*A & '\u{3131}':* & 'jam' & '\u{E000}退'").is_empty());
        let q = "'it''s':* & 'b':*";
        let p = prefixes(q);
        assert_eq!(
            p.iter().map(|p| p.lexeme.as_str()).collect::<Vec<_>>(),
            ["it's", "b"]
        );
        assert_eq!(
            expand(q, &p, &[Some(vec!["it's".into()]), Some(vec!["by".into()])]),
            "'it''s' & 'by'"
        );
    }

    /// A load's words come from its tsvector literals: every lexeme below U+3000
    /// (the literal's byte order puts them first), none of the CJK ones.
    #[test]
    fn a_loads_words_are_the_latin_lexemes_of_its_rows() {
        use crate::domain::search::index_text;
        let (doc, _) = crate::store::search::pg_tsvector(
            &index_text("打印机 Printer jam 2024"),
            &index_text("Café 退款 zebra ÄBC 发票 printer"),
        );
        let mut words = std::collections::HashSet::new();
        crate::store::search::latin_words_into(&doc, &mut words);
        let mut got: Vec<&str> = words.iter().map(String::as_str).collect();
        got.sort();
        assert_eq!(got, ["2024", "abc", "cafe", "jam", "printer", "zebra"]);
    }

    /// Migration 022's word list is kept by every writer in the write's own
    /// transaction (ticket text, a comment, a bulk load, a rebuild), so a Latin
    /// prefix walks the blocks as its exact words and finds what the partial match
    /// finds; with more than `MAX_WORDS` words it stays a partial match.
    #[test]
    fn prefixes_walk_the_words_every_writer_lists() {
        use crate::config::StorageConfig;
        use crate::store::test_db::TestDb;
        use crate::store::Store;
        let Some(db) = TestDb::postgres() else {
            return;
        };
        let mut store = Store::open(&db.path, &StorageConfig::default()).unwrap();
        let add = |store: &mut Store, id: i64, title: &str| {
            store
                .write(|c| {
                    c.execute(
                        "INSERT INTO tickets (id, title, body, stage, type, priority, channel,
                                              created_at, updated_at, updated_by)
                         VALUES (?1, ?2, '', 'new', 'technical', 2, 'email', 0, ?1, 't')",
                        params![id, title],
                    )?;
                    Ok(())
                })
                .unwrap();
        };
        add(&mut store, 1, "printer jam");
        add(&mut store, 5000, "printers jammed again");
        add(&mut store, 70_000, "打印机 jams Café");
        for i in 0..20 {
            add(&mut store, 80_000 + i, &format!("zeta{i} report"));
        }
        // A comment is a write of the ticket's index row (an upsert).
        store
            .write(|c| {
                c.execute(
                    "INSERT INTO comments (ticket_id, author, body, internal, created_at)
                     VALUES (1, 't', 'the printerhead broke', 0, 1)",
                    params![],
                )?;
                Ok(())
            })
            .unwrap();
        let words = |store: &Store| -> Vec<String> {
            store
                .conn()
                .query_map(
                    "SELECT word FROM search_words WHERE word < 'zeta' ORDER BY word",
                    params![],
                    |r| r.get(0),
                )
                .unwrap()
        };
        let listed = [
            "again",
            "broke",
            "cafe",
            "jam",
            "jammed",
            "jams",
            "printer",
            "printerhead",
            "printers",
            "report",
            "the",
        ];
        assert_eq!(words(&store), listed);
        let check = |store: &Store, text: &str, exact: bool| {
            let conn = store.conn();
            let q = TextQuery::parse(text);
            let tsq = match_query(&q).unwrap().unwrap();
            let p = prefixes(&tsq);
            let first = newest_and_words(conn, &p, &[]).unwrap();
            assert_eq!(first.hi, 80_019);
            assert_eq!(
                !expand(&tsq, &p, &first.words).contains(":*"),
                exact,
                "{text}"
            );
            let mut every = crate::store::search::ticket_ids(conn, &q).unwrap();
            every.reverse();
            assert!(!every.is_empty(), "{text}");
            let ctx = FilterContext::default();
            let got: Vec<i64> = ticket_candidates(conn, &q, &Filter::default(), &ctx, 100)
                .unwrap()
                .iter()
                .map(|c| c.id)
                .collect();
            assert_eq!(got, every, "{text}");
        };
        for text in [
            "printer",
            "printerh",
            "jam",
            "打印机 jam",
            "caf",
            "printer -jams",
        ] {
            check(&store, text, true);
        }
        check(&store, "zeta", false);
        // A rebuild (`db reindex`) and a bulk load skip the triggers and refill
        // the list from the whole index.
        store
            .write(|c| c.execute_batch("DELETE FROM search_words"))
            .unwrap();
        store
            .write(|c| crate::store::search::rebuild(c, &mut |_, _| {}).map(|_| ()))
            .unwrap();
        assert_eq!(words(&store), listed);
        store
            .write(|c| {
                crate::store::search::begin_bulk(c)?;
                c.execute(
                    "INSERT INTO tickets (id, title, body, stage, type, priority, channel,
                                          created_at, updated_at, updated_by)
                     VALUES (90000, 'bulkword', '', 'new', 'technical', 2, 'email', 0, 1, 't')",
                    params![],
                )?;
                crate::store::search::finish_bulk(c, &mut |_, _| {}).map(|_| ())
            })
            .unwrap();
        assert!(words(&store).contains(&"bulkword".to_string()));
    }

    /// Sessions never JIT-compile: a search whose estimated cost crossed
    /// `jit_above_cost` spent longer compiling than running.
    #[test]
    fn sessions_run_without_jit() {
        use crate::config::StorageConfig;
        use crate::store::test_db::TestDb;
        use crate::store::Store;
        let Some(db) = TestDb::postgres() else {
            return;
        };
        let store = Store::open(&db.path, &StorageConfig::default()).unwrap();
        let jit: String = store.conn().one("SHOW jit", params![]).unwrap();
        assert_eq!(jit, "off");
    }
}
