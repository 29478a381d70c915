//! Knowledge-base articles.

use super::projects::check_date;
use super::{fields, lookup, Desk};
use crate::domain::records::Article;
use crate::domain::status::ArticleStatus;
use crate::domain::text::sanitize;
use crate::error::{Error, Result};
use crate::store::kb;
use crate::store::write::{self, Entity, Event, Stamp};
use crate::store::Conn;

/// What a user gives to create or change an article.
#[derive(Debug, Clone, Default)]
pub struct ArticleInput {
    pub title: String,
    pub category: String,
    pub body: String,
    pub owner: Option<String>,
    pub status: Option<String>,
    /// YYYY-MM-DD
    pub review_by: Option<String>,
}

/// An article status a user gave (none: a draft), with a clear error.
pub(crate) fn check_status(s: Option<&str>) -> Result<ArticleStatus> {
    let Some(s) = s else {
        return Ok(ArticleStatus::Draft);
    };
    s.parse().map_err(|_| {
        Error::invalid(
            format!("unknown article status '{s}'"),
            format!("use {}", ArticleStatus::names()),
        )
    })
}

/// Inserts a checked article with its create event (inside a caller's transaction).
pub(crate) fn insert_article(c: &Conn, s: &Stamp, a: Article) -> Result<i64> {
    let title = a.title.clone();
    let id = kb::insert(
        c,
        &Article {
            created_at: s.at,
            updated_at: s.at,
            version: 1,
            ..a
        },
    )?;
    write::record(
        c,
        s,
        Entity::Article,
        id,
        Some(1),
        &[Event::set("create", "title", title)],
    )?;
    Ok(id)
}

impl Desk {
    /// Creates an article.
    pub fn create_article(&mut self, input: ArticleInput) -> Result<Article> {
        let title = fields::required(&input.title, "an article", "title")?;
        let status = check_status(input.status.as_deref())?;
        let review_by = input.review_by.as_deref().map(check_date).transpose()?;
        let s = self.stamp();
        self.store.write(|c| {
            let owner_id = lookup::agent_opt(c, input.owner.as_deref())?;
            let a = Article {
                title: title.clone(),
                category: sanitize(input.category.trim()),
                body: sanitize(&input.body),
                owner_id,
                status,
                review_by,
                ..Default::default()
            };
            let id = insert_article(c, &s, a)?;
            kb::get(c, id)
        })
    }

    /// Articles, optionally of one category.
    pub fn articles(&self, category: Option<&str>) -> Result<Vec<Article>> {
        kb::list(self.store.conn(), category)
    }

    /// One article.
    pub fn article(&self, id: i64) -> Result<Article> {
        kb::get(self.store.conn(), id)
    }

    /// Replaces an article's text fields if it is still at `expected` version.
    pub fn update_article(
        &mut self,
        id: i64,
        input: ArticleInput,
        expected: i64,
    ) -> Result<Article> {
        let status = check_status(input.status.as_deref())?;
        let review_by = input.review_by.as_deref().map(check_date).transpose()?;
        let title = sanitize(input.title.trim());
        if title.is_empty() {
            return Err(Error::msg("an article's title cannot be empty"));
        }
        let s = self.stamp();
        self.store.write(|c| {
            let old = kb::get(c, id)?;
            let new = Article {
                title: title.clone(),
                category: sanitize(input.category.trim()),
                body: sanitize(&input.body),
                status,
                review_by,
                ..old.clone()
            };
            let ev = Event::new("edit", "article", Some(old.title), Some(title.clone()));
            write::update(c, &s, id, expected, &new, vec![ev])?;
            kb::get(c, id)
        })
    }
}
