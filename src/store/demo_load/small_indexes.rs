//! The end of a demo on SQLite: every word index in one segment.
//!
//! The customers', articles' and projects' indexes are written by their triggers
//! during the demo's setup and later phases, and FTS5 writes what a statement added
//! as a segment of its own: a fresh demo of a million tickets had 6 customer, 11
//! article and 6 project segments, which every search reads through one by one.
//! They are small (a few hundred pages at a million tickets), so each is merged
//! whole. The ticket index is left as the load made it, one segment
//! (`search::merge::finish_load`): merging anything into it would rewrite it whole.

use crate::domain::search::Kind;
use crate::error::Result;
use crate::store::search::merge::segments_of;
use crate::store::Conn;

/// The word indexes merged at the end of a demo: all but the tickets'.
const SMALL: [&str; 3] = ["search_customers", "search_articles", "search_projects"];

/// Merges the small word indexes into one segment each (nothing to do on
/// PostgreSQL, whose GIN indexes have no segments). Run inside a write.
pub fn merge_small_word_indexes(conn: &Conn) -> Result<()> {
    let Some(c) = conn.as_sqlite() else {
        return Ok(());
    };
    for t in SMALL {
        // FTS5's `optimize`: every segment of the table merged into one.
        c.execute(&format!("INSERT INTO {t} ({t}) VALUES ('optimize')"), [])?;
    }
    Ok(())
}

/// Segments of each word index (SQLite; empty on PostgreSQL).
pub fn word_index_segments(conn: &Conn) -> Result<Vec<(Kind, i64)>> {
    let Some(c) = conn.as_sqlite() else {
        return Ok(Vec::new());
    };
    Kind::ALL
        .into_iter()
        .map(|k| Ok((k, segments_of(c, k)?)))
        .collect()
}
