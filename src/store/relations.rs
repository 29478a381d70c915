//! Tags, links between tickets, the routing group column, and moving a merged
//! ticket's content onto the ticket it was merged into.

use super::{params, Conn};
use crate::domain::relations::link;
use crate::error::Result;

/// The tags of a ticket, sorted.
pub fn tags(conn: &Conn, ticket_id: i64) -> Result<Vec<String>> {
    conn.query_map(
        "SELECT tag FROM ticket_tags WHERE ticket_id = ?1 ORDER BY tag",
        params![ticket_id],
        |r| r.get(0),
    )
}

/// Adds a tag; false when the ticket already had it.
pub fn add_tag(conn: &Conn, ticket_id: i64, tag: &str) -> Result<bool> {
    let n = conn.execute(
        "INSERT INTO ticket_tags (ticket_id, tag) VALUES (?1, ?2) ON CONFLICT DO NOTHING",
        params![ticket_id, tag],
    )?;
    Ok(n == 1)
}

/// Removes a tag; false when the ticket did not have it.
pub fn remove_tag(conn: &Conn, ticket_id: i64, tag: &str) -> Result<bool> {
    let n = conn.execute(
        "DELETE FROM ticket_tags WHERE ticket_id = ?1 AND tag = ?2",
        params![ticket_id, tag],
    )?;
    Ok(n == 1)
}

/// Every tag in use with its number of tickets, most used first.
pub fn tag_counts(conn: &Conn) -> Result<Vec<(String, i64)>> {
    conn.query_map(
        "SELECT tag, count(*) FROM ticket_tags GROUP BY tag ORDER BY count(*) DESC, tag",
        params![],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
}

/// The routing group of a ticket.
pub fn group_of(conn: &Conn, ticket_id: i64) -> Result<Option<String>> {
    Ok(conn
        .query_opt(
            "SELECT group_id FROM tickets WHERE id = ?1",
            params![ticket_id],
            |r| r.get(0),
        )?
        .flatten())
}

/// Sets the group of a ticket being created (no version change: part of its creation).
pub fn set_initial_group(conn: &Conn, ticket_id: i64, group: Option<&str>) -> Result<()> {
    conn.execute(
        "UPDATE tickets SET group_id = ?2 WHERE id = ?1",
        params![ticket_id, group],
    )?;
    Ok(())
}

/// A link as seen from one ticket.
#[derive(Debug, Clone, PartialEq)]
pub struct LinkRow {
    pub from_id: i64,
    pub to_id: i64,
    pub kind: String,
    pub created_at: i64,
    /// The ticket at the other end: id, title, stage.
    pub other_id: i64,
    pub other_title: String,
    pub other_stage: String,
}

/// Every link touching a ticket, oldest first.
pub fn links_of(conn: &Conn, ticket_id: i64) -> Result<Vec<LinkRow>> {
    conn.query_map(
        "SELECT l.from_id, l.to_id, l.kind, l.created_at, t.id, t.title, t.stage
         FROM ticket_links l JOIN tickets t
           ON t.id = CASE WHEN l.from_id = ?1 THEN l.to_id ELSE l.from_id END
         WHERE l.from_id = ?1 OR l.to_id = ?1
         ORDER BY l.created_at, t.id",
        params![ticket_id],
        |r| {
            Ok(LinkRow {
                from_id: r.get(0)?,
                to_id: r.get(1)?,
                kind: r.get(2)?,
                created_at: r.get(3)?,
                other_id: r.get(4)?,
                other_title: r.get(5)?,
                other_stage: r.get(6)?,
            })
        },
    )
}

/// Adds a link; false when it existed.
pub fn insert_link(conn: &Conn, from: i64, to: i64, kind: &str, at: i64) -> Result<bool> {
    let n = conn.execute("INSERT INTO ticket_links (from_id, to_id, kind, created_at) VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING", params![from, to, kind, at])?;
    Ok(n == 1)
}

/// Removes the related and parent/child links between two tickets (not merges).
pub fn delete_links_between(conn: &Conn, a: i64, b: i64) -> Result<Vec<String>> {
    conn.query_map(
        "DELETE FROM ticket_links WHERE kind IN (?3, ?4)
           AND ((from_id = ?1 AND to_id = ?2) OR (from_id = ?2 AND to_id = ?1))
         RETURNING kind",
        params![a, b, link::RELATED, link::CHILD_OF],
        |r| r.get(0),
    )
}

/// The ticket `from` points to with a link of `kind` (its parent, or what it was merged into).
pub fn target_of(conn: &Conn, from: i64, kind: &str) -> Result<Option<i64>> {
    conn.query_opt(
        "SELECT to_id FROM ticket_links WHERE from_id = ?1 AND kind = ?2 LIMIT 1",
        params![from, kind],
        |r| r.get(0),
    )
}

/// What moving a merged ticket's content changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Moved {
    pub comments: usize,
    pub attachments: usize,
    pub tags: usize,
}

/// Moves comments, attachments and mail threading of `from` onto `to`, and copies its tags.
pub fn move_content(conn: &Conn, from: i64, to: i64) -> Result<Moved> {
    let comments = conn.execute(
        "UPDATE comments SET ticket_id = ?2 WHERE ticket_id = ?1",
        params![from, to],
    )?;
    let attachments = conn.execute(
        "UPDATE attachments SET ticket_id = ?2 WHERE ticket_id = ?1",
        params![from, to],
    )?;
    // Later replies to the merged ticket's mail thread land on the surviving ticket.
    conn.execute(
        "UPDATE mail_messages SET ticket_id = ?2 WHERE ticket_id = ?1",
        params![from, to],
    )?;
    let tags = conn.execute("INSERT INTO ticket_tags (ticket_id, tag) SELECT ?2, tag FROM ticket_tags WHERE ticket_id = ?1 ON CONFLICT DO NOTHING", params![from, to])?;
    Ok(Moved {
        comments,
        attachments,
        tags,
    })
}
