//! Tickets matching a text query, in ticket order, without collecting every match
//! first. Each term is a stream of document rowids read from the index in small
//! batches (`rowid <= bound ORDER BY rowid DESC LIMIT n`); the streams are joined
//! by leapfrogging: each skips ahead to the ticket the others have reached, so a
//! rare term is never read further than the common one needs. A ticket matches
//! when every term is in one of its documents and no exclusion group has all its
//! terms in them.
//!
//! PostgreSQL keeps one index row per ticket (its comments included), so there the
//! whole query is one tsquery and the walk is a single stream: no leapfrogging, one
//! statement per batch.

use super::docs::{last_doc, ticket_doc, ticket_of, MAX_TICKET_ID, SLOT_BITS, SLOT_MASK};
use crate::domain::search::TextQuery;
use crate::error::Result;
use crate::store::{params, Conn, Engine};
use std::collections::VecDeque;

/// Documents read by a stream's first query: enough for a page in the common case.
const FIRST_BATCH: i64 = 32;
/// The largest batch a stream reads while it keeps reading on sequentially.
const MAX_BATCH: i64 = 2048;

/// Walk order as a key that always decreases: the ticket id, or minus the id.
#[derive(Debug, Clone, Copy)]
struct Dir {
    desc: bool,
}

impl Dir {
    fn key(self, ticket: i64) -> i64 {
        if self.desc {
            ticket
        } else {
            -ticket
        }
    }
    fn ticket(self, key: i64) -> i64 {
        self.key(key)
    }
}

/// The documents of one term, as ticket keys in walk order.
struct Stream {
    expr: String,
    /// Ticket keys read and not yet passed (decreasing, no repeats).
    buf: VecDeque<i64>,
    /// The last document rowid read: the next query starts after it.
    last: Option<i64>,
    end: bool,
    batch: i64,
    /// The term as a tsquery (PostgreSQL), made on the first read.
    tsquery: Option<String>,
}

impl Stream {
    fn new(expr: String) -> Stream {
        // A prefix (`printer*`) costs FTS5 a merge of every matching word's list on
        // each query, whatever the LIMIT: read it in large batches from the start.
        let batch = if expr.ends_with('*') {
            MAX_BATCH
        } else {
            FIRST_BATCH
        };
        Stream {
            expr,
            buf: VecDeque::new(),
            last: None,
            end: false,
            batch,
            tsquery: None,
        }
    }

    /// A stream of the tickets matching a whole tsquery (PostgreSQL).
    fn pg(tsquery: String) -> Stream {
        Stream {
            expr: String::new(),
            buf: VecDeque::new(),
            last: None,
            end: false,
            // A list page (50 rows and one more for the cursor) in one statement.
            batch: 64,
            tsquery: Some(tsquery),
        }
    }

    /// The first ticket key at or below `k` that has a document with the term.
    fn seek(&mut self, conn: &Conn, dir: Dir, k: i64) -> Result<Option<i64>> {
        loop {
            while let Some(&front) = self.buf.front() {
                if front > k {
                    self.buf.pop_front();
                } else {
                    return Ok(Some(front));
                }
            }
            if self.end {
                return Ok(None);
            }
            self.fetch(conn, dir, k)?;
        }
    }

    /// Reads the next batch of documents of tickets at or below key `k`.
    fn fetch(&mut self, conn: &Conn, dir: Dir, k: i64) -> Result<()> {
        let target = dir.ticket(k);
        if conn.engine() == Engine::Postgres {
            return self.fetch_pg(conn, dir, target);
        }
        let (sql, bound) = if dir.desc {
            let by_key = last_doc(target.min(MAX_TICKET_ID));
            (DESC, self.last.map_or(by_key, |l| (l - 1).min(by_key)))
        } else {
            let by_key = ticket_doc(target.max(0));
            (ASC, self.last.map_or(by_key, |l| (l + 1).max(by_key)))
        };
        let mut n = 0;
        let (buf, last) = (&mut self.buf, &mut self.last);
        conn.query_each(sql, params![self.expr, bound, self.batch], |r| {
            let doc: i64 = r.get(0)?;
            n += 1;
            *last = Some(doc);
            let key = dir.key(ticket_of(doc));
            if buf.back() != Some(&key) {
                buf.push_back(key);
            }
            Ok(())
        })?;
        self.done_batch(n);
        Ok(())
    }

    /// `fetch` on PostgreSQL: one index row per ticket, so the rows are ticket ids.
    /// The query, bound and batch are constants in the SQL (see `pg::literal`).
    fn fetch_pg(&mut self, conn: &Conn, dir: Dir, target: i64) -> Result<()> {
        let tsquery = match self.tsquery.take() {
            Some(t) => t,
            None => super::engine_query(conn, &self.expr)?,
        };
        let lit = super::pg::literal(&tsquery);
        self.tsquery = Some(tsquery);
        let sql = if dir.desc {
            let by_key = target.min(MAX_TICKET_ID);
            let bound = self.last.map_or(by_key, |l| (l - 1).min(by_key));
            format!(
                "SELECT id FROM search_tickets WHERE doc @@ {lit} AND id <= {bound}
                 ORDER BY id DESC LIMIT {}",
                self.batch
            )
        } else {
            let by_key = target.max(0);
            let bound = self.last.map_or(by_key, |l| (l + 1).max(by_key));
            format!(
                "SELECT id FROM search_tickets WHERE doc @@ {lit} AND id >= {bound}
                 ORDER BY id ASC LIMIT {}",
                self.batch
            )
        };
        let mut n = 0;
        let (buf, last) = (&mut self.buf, &mut self.last);
        conn.query_each(&sql, params![], |r| {
            let id: i64 = r.get(0)?;
            n += 1;
            *last = Some(id);
            buf.push_back(dir.key(id));
            Ok(())
        })?;
        self.done_batch(n);
        Ok(())
    }

    fn done_batch(&mut self, n: i64) {
        if n < self.batch {
            self.end = true;
        }
        // A stream read again is read further: each query costs more than its rows.
        self.batch = (self.batch * 4).min(MAX_BATCH);
    }
}

/// The statement a stream reads its next batch with.
pub fn walk_sql(descending: bool) -> &'static str {
    if descending {
        DESC
    } else {
        ASC
    }
}

const DESC: &str = "SELECT rowid FROM search_tickets WHERE search_tickets MATCH ?1 AND rowid <= ?2
     ORDER BY rowid DESC LIMIT ?3";
const ASC: &str = "SELECT rowid FROM search_tickets WHERE search_tickets MATCH ?1 AND rowid >= ?2
     ORDER BY rowid ASC LIMIT ?3";

/// A condition on `tickets t`, true when one of the ticket's documents matches the
/// FTS5 expression in parameter `?n`: one index seek per row tested (a few µs), for
/// lists that walk another index (a sort key's) and test each row they meet, where
/// `t.id IN (SELECT … MATCH ?)` would collect every match before the first row.
pub fn probe_sql(n: usize) -> String {
    format!(
        "EXISTS (SELECT 1 FROM search_tickets WHERE search_tickets MATCH ?{n} \
         AND rowid BETWEEN t.id << {SLOT_BITS} AND (t.id << {SLOT_BITS}) + {SLOT_MASK})"
    )
}

/// Ticket ids matching a text query, one at a time in the order asked for.
pub struct TicketMatch<'c> {
    conn: &'c Conn,
    dir: Dir,
    terms: Vec<Stream>,
    /// Exclusion groups: a ticket with every stream of a group is left out.
    groups: Vec<Vec<Stream>>,
    /// The largest key still to come; None when the walk is over.
    limit: Option<i64>,
}

impl<'c> TicketMatch<'c> {
    /// A walk over the tickets matching `q` (None when `q` has no positive term),
    /// descending or ascending by id, starting after ticket `after` if given.
    pub fn new(
        conn: &'c Conn,
        q: &TextQuery,
        descending: bool,
        after: Option<i64>,
    ) -> Option<TicketMatch<'c>> {
        // A query PostgreSQL cannot take falls back to a stream per term, whose first
        // read reports why.
        let whole = match conn.engine() {
            Engine::Postgres => super::pg::match_query(q).ok(),
            Engine::Sqlite => None,
        };
        let (terms, groups) = if let Some(all) = whole {
            // `all` is None without a positive term: nothing to walk.
            (vec![Stream::pg(all?)], Vec::new())
        } else {
            let terms: Vec<Stream> = q.term_exprs().into_iter().map(Stream::new).collect();
            if terms.is_empty() {
                return None;
            }
            let groups = q
                .exclusion_exprs()
                .into_iter()
                .map(|g| g.into_iter().map(Stream::new).collect())
                .collect();
            (terms, groups)
        };
        let dir = Dir { desc: descending };
        let first = match (after, descending) {
            (Some(a), true) => a - 1,
            (Some(a), false) => a + 1,
            (None, true) => MAX_TICKET_ID,
            (None, false) => 0,
        };
        Some(TicketMatch {
            conn,
            dir,
            terms,
            groups,
            limit: Some(dir.key(first)),
        })
    }

    /// The next matching ticket id.
    pub fn next_id(&mut self) -> Result<Option<i64>> {
        while let Some(mut cand) = self.limit {
            let n = self.terms.len();
            let (mut i, mut agreed) = (0, 0);
            while agreed < n {
                match self.terms[i].seek(self.conn, self.dir, cand)? {
                    None => {
                        self.limit = None;
                        return Ok(None);
                    }
                    Some(k) if k == cand => agreed += 1,
                    Some(k) => {
                        cand = k;
                        agreed = 1;
                    }
                }
                i = (i + 1) % n;
            }
            self.limit = Some(cand - 1);
            if !self.excluded(cand)? {
                return Ok(Some(self.dir.ticket(cand)));
            }
        }
        Ok(None)
    }

    /// Up to `n` next matching ticket ids (fewer only at the end).
    pub fn next_ids(&mut self, n: usize) -> Result<Vec<i64>> {
        let mut out = Vec::with_capacity(n.min(4096));
        while out.len() < n {
            match self.next_id()? {
                Some(id) => out.push(id),
                None => break,
            }
        }
        Ok(out)
    }

    /// How many matching tickets are left to walk (all of them for a new walk).
    pub fn count(&mut self) -> Result<i64> {
        self.count_upto(i64::MAX)
    }

    /// Counts the matching tickets, stopping at `cap` (the walk costs one step per
    /// match: 133,000 for `退款` at a million tickets).
    pub fn count_upto(&mut self, cap: i64) -> Result<i64> {
        let mut n = 0;
        while n < cap && self.next_id()?.is_some() {
            n += 1;
        }
        Ok(n)
    }

    fn excluded(&mut self, key: i64) -> Result<bool> {
        for g in &mut self.groups {
            let mut all = true;
            for s in g.iter_mut() {
                if s.seek(self.conn, self.dir, key)? != Some(key) {
                    all = false;
                    break;
                }
            }
            if all {
                return Ok(true);
            }
        }
        Ok(false)
    }
}
