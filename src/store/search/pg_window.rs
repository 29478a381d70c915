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
mod tests;
