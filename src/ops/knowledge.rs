//! The knowledge base beyond create/edit: articles linked to tickets (and how many
//! they helped solve), review dates that have passed, archiving, categories.

use super::tickets::Commented;
use super::Desk;
use crate::domain::records::Article;
use crate::domain::status::ArticleStatus;
use crate::error::{Error, Result};
use crate::store::write::{self, Entity, Event, Stamp};
use crate::store::Conn;
use crate::store::{kb, kb_links, tickets};

/// An article with what the knowledge base knows about it.
#[derive(Debug, Clone, PartialEq)]
pub struct ArticleView {
    pub article: Article,
    /// Tickets it is linked to, newest first.
    pub linked_tickets: Vec<i64>,
    /// Linked tickets that reached a resolved or closed stage.
    pub solved_count: i64,
    /// Past its review date and not archived.
    pub stale: bool,
}

/// Which articles to list.
#[derive(Debug, Clone, Default)]
pub struct ArticleFilter {
    /// Only this category, or its sub-categories (`技术支持` also lists `技术支持/打印机`).
    pub category: Option<String>,
    /// Only this status (draft, published, archived).
    pub status: Option<String>,
    /// Only articles past their review date.
    pub stale: bool,
}

/// A category with how many articles it holds (sub-categories are separated by `/`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CategoryCount {
    pub category: String,
    pub articles: i64,
}

impl Desk {
    /// Whether an article is past its review date (archived ones never are).
    pub fn is_stale(&self, a: &Article) -> bool {
        a.status != ArticleStatus::Archived && a.review_by.is_some_and(|d| d < review_today(self))
    }

    /// One article with its links and solved count.
    pub fn article_view(&self, id: i64) -> Result<ArticleView> {
        let conn = self.store.conn();
        let article = kb::get(conn, id)?;
        let counts = kb_links::link_counts(conn, &self.filter_context().done_stages)?;
        self.view(article, &counts)
    }

    /// Articles with their links, by category then title.
    pub fn article_views(&self, f: &ArticleFilter) -> Result<Vec<ArticleView>> {
        let status: Option<ArticleStatus> = match &f.status {
            None => None,
            Some(s) => Some(s.parse().map_err(|_| {
                Error::invalid(
                    format!("unknown article status '{s}'"),
                    "use draft, published or archived",
                )
            })?),
        };
        let conn = self.store.conn();
        let counts = kb_links::link_counts(conn, &self.filter_context().done_stages)?;
        let mut out = Vec::new();
        for a in kb::list(conn, None)? {
            if let Some(c) = &f.category {
                let sub = format!("{c}/");
                if a.category != *c && !a.category.starts_with(&sub) {
                    continue;
                }
            }
            if status.is_some_and(|s| s != a.status) {
                continue;
            }
            let v = self.view(a, &counts)?;
            if f.stale && !v.stale {
                continue;
            }
            out.push(v);
        }
        Ok(out)
    }

    fn view(&self, article: Article, counts: &[(i64, i64, i64)]) -> Result<ArticleView> {
        let solved_count = counts
            .iter()
            .find(|c| c.0 == article.id)
            .map(|c| c.2)
            .unwrap_or(0);
        let linked_tickets = kb_links::tickets_of(self.store.conn(), article.id)?;
        let stale = self.is_stale(&article);
        Ok(ArticleView {
            article,
            linked_tickets,
            solved_count,
            stale,
        })
    }

    /// Categories in use, with article counts (for the knowledge-base tree).
    pub fn kb_categories(&self) -> Result<Vec<CategoryCount>> {
        Ok(kb_links::categories(self.store.conn())?
            .into_iter()
            .map(|(category, articles)| CategoryCount { category, articles })
            .collect())
    }

    /// Archives an article (if still at `expected` version, when given).
    pub fn archive_article(&mut self, id: i64, expected: Option<i64>) -> Result<Article> {
        let s = self.stamp();
        self.store.write(|c| {
            let old = kb::get(c, id)?;
            let version = expected.unwrap_or(old.version);
            if old.status == ArticleStatus::Archived {
                return Ok(old);
            }
            let new = Article {
                status: ArticleStatus::Archived,
                ..old.clone()
            };
            let ev = Event::new(
                "archive",
                "status",
                Some(old.status.to_string()),
                Some("archived".into()),
            );
            write::update(c, &s, id, version, &new, vec![ev])?;
            kb::get(c, id)
        })
    }

    /// Links an article to a ticket (it helped, or should help, solve it); false
    /// when it was linked already. Recorded in the ticket's history.
    pub fn link_article(&mut self, ticket_id: i64, article_id: i64) -> Result<bool> {
        self.set_link(ticket_id, article_id, true)
    }

    /// Removes the link between a ticket and an article; false when there was none.
    pub fn unlink_article(&mut self, ticket_id: i64, article_id: i64) -> Result<bool> {
        self.set_link(ticket_id, article_id, false)
    }

    fn set_link(&mut self, ticket_id: i64, article_id: i64, on: bool) -> Result<bool> {
        let s = self.stamp();
        self.store
            .write(|c| set_link_in(c, &s, ticket_id, article_id, on))
    }

    /// The articles linked to a ticket.
    pub fn ticket_articles(&self, ticket_id: i64) -> Result<Vec<Article>> {
        let conn = self.store.conn();
        tickets::get(conn, ticket_id)?;
        kb_links::articles_of(conn, ticket_id)?
            .into_iter()
            .map(|id| kb::get(conn, id))
            .collect()
    }

    /// Replies to a ticket with an article's text (after `text`, if any), and links
    /// the article to the ticket.
    pub fn reply_with_article(
        &mut self,
        ticket_id: i64,
        article_id: i64,
        text: Option<&str>,
        internal: bool,
        expected: Option<i64>,
    ) -> Result<Commented> {
        let a = self.article(article_id)?;
        if a.status == ArticleStatus::Archived {
            return Err(Error::invalid(
                format!("article #{article_id} is archived"),
                "use a current article (aftercare kb suggest TICKET lists them)",
            ));
        }
        let reply = article_reply(text, &a);
        let body = super::tickets::comment_body(&reply)?;
        let s = self.stamp();
        let cfg = &self.config;
        // The reply and the link are one change: both or neither.
        self.store.write(|c| {
            let t = super::lookup::current(c, ticket_id, expected)?;
            let comment = super::tickets::add_comment(c, cfg, &s, &t, &body, internal)?;
            set_link_in(c, &s, ticket_id, article_id, true)?;
            Ok(Commented {
                comment,
                ticket: tickets::get(c, ticket_id)?,
            })
        })
    }
}

/// Links (`on`) or unlinks an article and a ticket inside a caller's transaction, with
/// the event on the ticket; false when nothing changed.
fn set_link_in(c: &Conn, s: &Stamp, ticket_id: i64, article_id: i64, on: bool) -> Result<bool> {
    let t = tickets::get(c, ticket_id)?;
    let a = kb::get(c, article_id)?;
    let changed = if on {
        kb_links::link(c, ticket_id, article_id, s.at, &s.actor)?
    } else {
        kb_links::unlink(c, ticket_id, article_id)?
    };
    if changed {
        let text = Some(format!("#{} {}", a.id, a.title));
        let ev = if on {
            Event::new("link-article", "article", None, text)
        } else {
            Event::new("unlink-article", "article", text, None)
        };
        write::record(c, s, Entity::Ticket, ticket_id, Some(t.version), &[ev])?;
    }
    Ok(changed)
}

/// Today in the business calendar's time zone.
fn review_today(desk: &Desk) -> chrono::NaiveDate {
    chrono::DateTime::from_timestamp(desk.now(), 0)
        .unwrap_or_default()
        .with_timezone(&desk.config.sla.calendar.tz)
        .date_naive()
}

/// The text of a reply that quotes an article: the agent's words, then the article.
pub fn article_reply(text: Option<&str>, a: &Article) -> String {
    let mut out = String::new();
    if let Some(t) = text.map(str::trim).filter(|t| !t.is_empty()) {
        out.push_str(t);
        out.push_str("\n\n");
    }
    out.push_str(a.title.trim());
    out.push_str("\n\n");
    out.push_str(a.body.trim());
    out
}
