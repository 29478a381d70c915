//! Articles linked to tickets, and the knowledge-base queries built on them.

use super::Conn;
use crate::error::Result;
use rusqlite::params;
use rusqlite::types::Value;

/// Links an article to a ticket; false when it already was.
pub fn link(conn: &Conn, ticket_id: i64, article_id: i64, at: i64, by: &str) -> Result<bool> {
    let n = conn
        .prepare_cached(
            "INSERT OR IGNORE INTO ticket_articles (ticket_id, article_id, linked_at, linked_by)
             VALUES (?1, ?2, ?3, ?4)",
        )?
        .execute(params![ticket_id, article_id, at, by])?;
    Ok(n == 1)
}

/// Removes a link; false when there was none.
pub fn unlink(conn: &Conn, ticket_id: i64, article_id: i64) -> Result<bool> {
    let n = conn
        .prepare_cached("DELETE FROM ticket_articles WHERE ticket_id = ?1 AND article_id = ?2")?
        .execute(params![ticket_id, article_id])?;
    Ok(n == 1)
}

/// Ids of the tickets an article is linked to, newest first.
pub fn tickets_of(conn: &Conn, article_id: i64) -> Result<Vec<i64>> {
    let mut st = conn.prepare_cached(
        "SELECT ticket_id FROM ticket_articles WHERE article_id = ?1 ORDER BY ticket_id DESC",
    )?;
    let rows = st.query_map([article_id], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Ids of the articles linked to a ticket, in the order they were linked.
pub fn articles_of(conn: &Conn, ticket_id: i64) -> Result<Vec<i64>> {
    let mut st = conn.prepare_cached(
        "SELECT article_id FROM ticket_articles WHERE ticket_id = ?1 ORDER BY linked_at, article_id",
    )?;
    let rows = st.query_map([ticket_id], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Per article: linked tickets, and how many of them are resolved or closed (in one of
/// `done_stages`, or with a resolution time). Articles without links are left out.
pub fn link_counts(conn: &Conn, done_stages: &[String]) -> Result<Vec<(i64, i64, i64)>> {
    let mut params: Vec<Value> = Vec::new();
    let marks: Vec<String> = done_stages
        .iter()
        .map(|s| {
            params.push(Value::Text(s.clone()));
            format!("?{}", params.len())
        })
        .collect();
    let in_done = if marks.is_empty() {
        "0".to_string()
    } else {
        format!("t.stage IN ({})", marks.join(", "))
    };
    let sql = format!(
        "SELECT l.article_id, count(*), sum(CASE WHEN {in_done} OR t.resolved_at IS NOT NULL THEN 1 ELSE 0 END)
         FROM ticket_articles l JOIN tickets t ON t.id = l.ticket_id
         GROUP BY l.article_id"
    );
    let mut st = conn.prepare_cached(&sql)?;
    let rows = st.query_map(rusqlite::params_from_iter(params.iter()), |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Article categories with how many articles each holds, by name.
pub fn categories(conn: &Conn) -> Result<Vec<(String, i64)>> {
    let mut st = conn.prepare_cached(
        "SELECT category, count(*) FROM kb_articles GROUP BY category ORDER BY category",
    )?;
    let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
