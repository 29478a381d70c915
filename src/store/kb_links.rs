//! Articles linked to tickets, and the knowledge-base queries built on them.

use super::{dyn_params, params, Conn, Value};
use crate::error::Result;

/// Links an article to a ticket; false when it already was.
pub fn link(conn: &Conn, ticket_id: i64, article_id: i64, at: i64, by: &str) -> Result<bool> {
    let n = conn.execute(
        "INSERT INTO ticket_articles (ticket_id, article_id, linked_at, linked_by)
             VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING",
        params![ticket_id, article_id, at, by],
    )?;
    Ok(n == 1)
}

/// Removes a link; false when there was none.
pub fn unlink(conn: &Conn, ticket_id: i64, article_id: i64) -> Result<bool> {
    let n = conn.execute(
        "DELETE FROM ticket_articles WHERE ticket_id = ?1 AND article_id = ?2",
        params![ticket_id, article_id],
    )?;
    Ok(n == 1)
}

/// Ids of the tickets an article is linked to, newest first.
pub fn tickets_of(conn: &Conn, article_id: i64) -> Result<Vec<i64>> {
    conn.query_map(
        "SELECT ticket_id FROM ticket_articles WHERE article_id = ?1 ORDER BY ticket_id DESC",
        params![article_id],
        |r| r.get(0),
    )
}

/// Ids of the articles linked to a ticket, in the order they were linked.
pub fn articles_of(conn: &Conn, ticket_id: i64) -> Result<Vec<i64>> {
    conn.query_map("SELECT article_id FROM ticket_articles WHERE ticket_id = ?1 ORDER BY linked_at, article_id", params![ticket_id], |r| r.get(0))
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
        "1 = 0".to_string()
    } else {
        format!("t.stage IN ({})", marks.join(", "))
    };
    let sql = format!(
        "SELECT l.article_id, count(*), sum(CASE WHEN {in_done} OR t.resolved_at IS NOT NULL THEN 1 ELSE 0 END)
         FROM ticket_articles l JOIN tickets t ON t.id = l.ticket_id
         GROUP BY l.article_id"
    );
    conn.query_map(&sql, &dyn_params(&params), |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?))
    })
}

/// Article categories with how many articles each holds, by name.
pub fn categories(conn: &Conn) -> Result<Vec<(String, i64)>> {
    conn.query_map(
        "SELECT category, count(*) FROM kb_articles GROUP BY category ORDER BY category",
        params![],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
}
