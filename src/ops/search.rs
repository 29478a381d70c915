//! Search over tickets, customers, articles and projects: the filter language's
//! free text through the word index, its other terms as ticket filters; the newest
//! matches ranked in Rust (exact phrase in the title, title, recency) and listed by
//! kind, articles first.

use super::Desk;
use crate::domain::filter::{Clause, Filter, Term};
use crate::domain::records::Article;
use crate::domain::search::{any_of, find_matches, score, snippet, Kind, Snippet, TextQuery};
use crate::error::{Error, Result};
use crate::store::search::{self as idx, Candidate, Rebuilt};
use crate::store::tickets::SortKey;
use crate::store::{kb, kb_links};

/// How many of the newest matches of each kind are ranked. Ranking every match
/// costs time in proportion to the matches (200 ms for 退款 at a million tickets);
/// the newest few thousand hold what a person is looking for.
pub const CANDIDATES: usize = 2_000;

/// With ticket filters each match costs a ticket row read before it counts, so
/// fewer newest matches are ranked (measured: 2,000 took 31 ms at a million).
pub const FILTERED_CANDIDATES: usize = 500;

/// Characters of context in a snippet.
pub const SNIPPET_CHARS: usize = 60;

/// What to search.
#[derive(Debug, Clone)]
pub struct SearchOptions {
    /// At most this many results.
    pub limit: usize,
    /// Only these kinds (empty: every kind).
    pub kinds: Vec<Kind>,
    /// How many newest matches per kind are ranked.
    pub candidates: usize,
}

impl Default for SearchOptions {
    fn default() -> Self {
        SearchOptions {
            limit: 20,
            kinds: Vec::new(),
            candidates: CANDIDATES,
        }
    }
}

/// One result.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchHit {
    pub kind: Kind,
    pub id: i64,
    pub title: String,
    /// Character ranges of matches in `title`.
    pub title_marks: Vec<(usize, usize)>,
    /// An excerpt of the body (or comments) around the first match.
    pub snippet: Snippet,
    /// Higher is better; comparable across kinds.
    pub score: f64,
    /// Ticket stage, article category, customer organisation, project status.
    pub context: Option<String>,
    pub updated_at: i64,
}

/// An article suggested for a ticket.
#[derive(Debug, Clone, PartialEq)]
pub struct Suggestion {
    pub article: Article,
    /// bm25 relevance; higher is better.
    pub score: f64,
    /// Already linked to the ticket.
    pub linked: bool,
}

/// Splits a search into its free text, the kinds it names (`kind:article`) and its
/// other (ticket filter) terms.
pub fn split_query(query: &str) -> Result<(TextQuery, Vec<Kind>, Filter)> {
    let parsed = Filter::parse(query).map_err(|e| {
        Error::invalid(
            format!("search: {e}"),
            if e.problem.too_big() {
                crate::domain::filter::TOO_BIG_HINT
            } else {
                "write words to find, optionally with filters, e.g. 'type:complaint 退款'"
            },
        )
    })?;
    let mut texts = Vec::new();
    let mut kinds = Vec::new();
    let mut rest: Vec<Clause> = Vec::new();
    for c in parsed.clauses {
        match c.term {
            Term::Text(t) => texts.push(t),
            Term::Kind(k) if !c.negated => kinds.extend(k),
            Term::Kind(k) => kinds.extend(Kind::ALL.into_iter().filter(|x| !k.contains(x))),
            _ => rest.push(c),
        }
    }
    Ok((
        TextQuery::from_parts(&texts),
        kinds,
        Filter { clauses: rest },
    ))
}

impl Desk {
    /// Searches every kind of record (or `opts.kinds`), best first. Filter terms
    /// (`type:complaint`, `is:open` …) restrict the search to tickets.
    pub fn search(&self, query: &str, opts: &SearchOptions) -> Result<Vec<SearchHit>> {
        let (text, named, filter) = split_query(query)?;
        self.check_filter(&filter)?;
        let limit = opts.limit.max(1);
        let kinds: Vec<Kind> = Kind::ALL
            .into_iter()
            .filter(|k| opts.kinds.is_empty() || opts.kinds.contains(k))
            .filter(|k| named.is_empty() || named.contains(k))
            .filter(|k| filter.is_empty() || *k == Kind::Ticket)
            .collect();
        if kinds.is_empty() {
            return Err(Error::invalid(
                "filters such as type: or stage: apply to tickets only",
                "search tickets (--kind ticket), or leave the filter out",
            ));
        }
        let now = self.now();
        if text.fts().is_none() {
            if filter.is_empty() {
                return Err(Error::invalid(
                    "nothing to search for",
                    "give a word to find, e.g. aftercare search 退款 (-word only leaves words out)",
                ));
            }
            // Filters (and -exclusions) alone: the newest matching tickets.
            let mut f = filter.clone();
            f.clauses.extend(
                Filter::parse(query)
                    .unwrap_or_default()
                    .clauses
                    .into_iter()
                    .filter(|c| matches!(&c.term, Term::Text(t) if t.starts_with('-'))),
            );
            return self.filtered_only(&f, limit);
        }
        // Only filter terms use the context (who "me" is: a query to the server).
        let ctx = match filter.is_empty() {
            true => crate::store::tickets::FilterContext::default(),
            false => self.filter_context(),
        };
        let conn = self.store.conn();
        let mut scored: Vec<(f64, Candidate)> = Vec::new();
        let n = if filter.is_empty() {
            opts.candidates
        } else {
            opts.candidates.min(FILTERED_CANDIDATES)
        };
        conn.within(self.query_budget(), |conn| {
            let mut found = Vec::new();
            if kinds.contains(&Kind::Ticket) {
                found = idx::candidates(conn, Kind::Ticket, &text, &filter, &ctx, n.max(limit))?;
            }
            // The other kinds together (one statement on a server).
            found.extend(idx::other_candidates(conn, &kinds, &text, n.max(limit))?);
            for c in found {
                let s = score(&text, &c.title, &c.body, now - c.updated_at);
                scored.push((s, c));
            }
            Ok(())
        })?;
        // Grouped by kind (articles first), best first within each kind.
        scored.sort_by(|a, b| {
            (a.1.kind.group_rank().cmp(&b.1.kind.group_rank()))
                .then(b.0.total_cmp(&a.0))
                .then(b.1.updated_at.cmp(&a.1.updated_at))
                .then(a.1.kind.cmp(&b.1.kind))
                .then(b.1.id.cmp(&a.1.id))
        });
        scored.truncate(limit);
        let snips: Vec<Snippet> = scored
            .iter()
            .map(|(_, c)| snippet(&c.body, &text, SNIPPET_CHARS))
            .collect();
        // A ticket whose body holds no match was found in a comment: the comments of
        // all of them in one query (one round trip to a server, not one per hit).
        let in_comments: Vec<i64> = scored
            .iter()
            .zip(&snips)
            .filter(|((_, c), s)| s.marks.is_empty() && c.kind == Kind::Ticket)
            .map(|((_, c), _)| c.id)
            .collect();
        let comments = idx::comment_texts(self.store.conn(), &in_comments)?;
        Ok(scored
            .into_iter()
            .zip(snips)
            .map(|((s, c), snip)| {
                let found = comments
                    .iter()
                    .find(|(id, _)| *id == c.id && c.kind == Kind::Ticket);
                let snip = match found {
                    Some((_, text_of)) => {
                        let s = snippet(text_of, &text, SNIPPET_CHARS);
                        if s.marks.is_empty() {
                            snip
                        } else {
                            s
                        }
                    }
                    None => snip,
                };
                Self::hit(c, s, &text, snip)
            })
            .collect())
    }

    fn hit(c: Candidate, score: f64, q: &TextQuery, snip: Snippet) -> SearchHit {
        SearchHit {
            kind: c.kind,
            id: c.id,
            title_marks: find_matches(&c.title, q),
            title: c.title,
            snippet: snip,
            score: (score * 1000.0).round() / 1000.0,
            context: c.context,
            updated_at: c.updated_at,
        }
    }

    /// A search with filters and no words: the newest matching tickets.
    fn filtered_only(&self, filter: &Filter, limit: usize) -> Result<Vec<SearchHit>> {
        let page = self.list_tickets(filter, SortKey::Id, true, None, limit)?;
        let q = TextQuery::default();
        Ok(page
            .rows
            .into_iter()
            .map(|t| SearchHit {
                kind: Kind::Ticket,
                id: t.id,
                title: t.title,
                title_marks: Vec::new(),
                snippet: snippet(&t.body, &q, SNIPPET_CHARS),
                score: 0.0,
                context: Some(t.stage),
                updated_at: t.updated_at,
            })
            .collect())
    }

    /// Refills the whole word index in one transaction; `progress(done, total)`.
    pub fn reindex(&mut self, progress: &mut dyn FnMut(u64, u64)) -> Result<Rebuilt> {
        self.store.write(|c| idx::rebuild(c, progress))
    }

    /// Whether a bulk load left the index behind (`db reindex` brings it up to date).
    pub fn search_index_stale(&self) -> Result<bool> {
        idx::is_stale(self.store.conn())
    }

    /// Articles that may answer a ticket, best first: those sharing the most
    /// telling words with its title and body (archived ones left out).
    pub fn suggest_articles(&self, ticket_id: i64, limit: usize) -> Result<Vec<Suggestion>> {
        let t = self.ticket(ticket_id)?;
        let conn = self.store.conn();
        // Title words come first, so they are kept when the body is long.
        let Some(q) = any_of(&format!("{}\n{}", t.title, t.body), 64) else {
            return Ok(Vec::new());
        };
        let linked = kb_links::articles_of(conn, ticket_id)?;
        idx::ranked_articles(conn, &q, limit.max(1))?
            .into_iter()
            .map(|(id, score)| {
                Ok(Suggestion {
                    article: kb::get(conn, id)?,
                    score: (score * 1000.0).round() / 1000.0,
                    linked: linked.contains(&id),
                })
            })
            .collect()
    }
}
