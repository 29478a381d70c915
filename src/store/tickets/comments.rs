//! A ticket's comments: adding one, reading them all.

use crate::domain::text::CleanText;
use crate::domain::ticket::Comment;
use crate::error::Result;
use crate::store::{params, Conn};

/// Adds a comment and returns its id.
pub fn insert_comment(
    conn: &Conn,
    ticket_id: i64,
    author: &str,
    body: &CleanText,
    internal: bool,
    at: i64,
) -> Result<i64> {
    conn.insert("INSERT INTO comments (ticket_id, author, body, internal, created_at) VALUES (?1, ?2, ?3, ?4, ?5)", params![ticket_id, author, body.as_str(), internal, at])
}

/// The comments of a ticket, oldest first.
pub fn comments(conn: &Conn, ticket_id: i64) -> Result<Vec<Comment>> {
    conn.query_map(
        "SELECT id, ticket_id, author, body, internal, created_at FROM comments
         WHERE ticket_id = ?1 ORDER BY id",
        params![ticket_id],
        |r| {
            Ok(Comment {
                id: r.get(0)?,
                ticket_id: r.get(1)?,
                author: r.get(2)?,
                body: r.get(3)?,
                internal: r.get(4)?,
                created_at: r.get(5)?,
            })
        },
    )
}
