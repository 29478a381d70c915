//! Knowledge-base articles.

use super::write::{Columns, Entity, Stamp};
use super::{params, Conn, Row, Value};
use crate::domain::records::Article;
use crate::error::{Error, Result};

const COLS: &str = "k.id, k.title, k.category, k.body, k.owner_id, a.name, k.status, k.review_by,
    k.created_at, k.updated_at, k.version";
const FROM: &str = "FROM kb_articles k LEFT JOIN agents a ON a.id = k.owner_id";

fn from_row(r: &Row<'_>) -> Result<Article> {
    Ok(Article {
        id: r.get(0)?,
        title: r.get(1)?,
        category: r.get(2)?,
        body: r.get(3)?,
        owner_id: r.get(4)?,
        owner: r.get(5)?,
        status: r.get(6)?,
        review_by: r.get(7)?,
        created_at: r.get(8)?,
        updated_at: r.get(9)?,
        version: r.get(10)?,
    })
}

/// Inserts an article and returns its id.
pub fn insert(conn: &Conn, k: &Article) -> Result<i64> {
    conn.insert("INSERT INTO kb_articles (id, title, category, body, owner_id, status, review_by, created_at, updated_at, version)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)", params![
        (k.id > 0).then_some(k.id),
        k.title,
        k.category,
        k.body,
        k.owner_id,
        k.status,
        k.review_by,
        k.created_at,
        k.updated_at,
        k.version.max(1)
    ])
}

/// One article by id.
pub fn get(conn: &Conn, id: i64) -> Result<Article> {
    conn.query_opt(
        &format!("SELECT {COLS} {FROM} WHERE k.id = ?1"),
        params![id],
        from_row,
    )?
    .ok_or_else(|| Error::NotFound {
        what: "article",
        key: format!("#{id}"),
        hint: Some("list articles with: aftercare kb list".into()),
    })
}

/// Articles, optionally of one category, by category then title.
pub fn list(conn: &Conn, category: Option<&str>) -> Result<Vec<Article>> {
    conn.query_map(
        &format!(
            "SELECT {COLS} {FROM} WHERE k.category = ?1 OR ?1 IS NULL ORDER BY k.category, k.title"
        ),
        params![category],
        from_row,
    )
}

impl Columns for Article {
    const ENTITY: Entity = Entity::Article;

    fn columns(&self, stamp: &Stamp) -> Vec<(&'static str, Value)> {
        vec![
            ("title", self.title.clone().into()),
            ("category", self.category.clone().into()),
            ("body", self.body.clone().into()),
            ("status", self.status.into()),
            ("review_by", self.review_by.into()),
            ("updated_at", stamp.at.into()),
        ]
    }
}
