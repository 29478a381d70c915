//! The knowledge-base commands beyond new/edit (`kb list|show|archive|suggest|
//! categories`) and the ticket side of articles (`ticket link-article`,
//! `ticket comment --article`).

use super::output::{self, Record};
use super::Format;
use crate::domain::records::Article;
use crate::error::{Error, Result};
use crate::ops::Commented;
use crate::ops::{ArticleFilter, ArticleView, CategoryCount, Desk, Suggestion};
use serde_json::{json, Value};

impl Record for ArticleView {
    fn headers() -> Vec<&'static str> {
        vec![
            "id",
            "category",
            "status",
            "review_by",
            "stale",
            "owner",
            "solved",
            "title",
        ]
    }
    fn cells(&self) -> Vec<String> {
        let a = &self.article;
        vec![
            a.id.to_string(),
            a.category.clone(),
            a.status.to_string(),
            output::day(a.review_by),
            if self.stale { "stale" } else { "" }.into(),
            a.owner.clone().unwrap_or_default(),
            self.solved_count.to_string(),
            a.title.clone(),
        ]
    }
    fn json(&self) -> Value {
        let mut v = self.article.json();
        v["linked_tickets"] = json!(self.linked_tickets);
        v["solved_count"] = json!(self.solved_count);
        v["stale"] = json!(self.stale);
        v
    }
}

impl Record for Suggestion {
    fn headers() -> Vec<&'static str> {
        vec!["id", "score", "linked", "category", "status", "title"]
    }
    fn cells(&self) -> Vec<String> {
        vec![
            self.article.id.to_string(),
            format!("{:.2}", self.score),
            if self.linked { "linked" } else { "" }.into(),
            self.article.category.clone(),
            self.article.status.to_string(),
            self.article.title.clone(),
        ]
    }
    fn json(&self) -> Value {
        json!({
            "id": self.article.id,
            "title": self.article.title,
            "category": self.article.category,
            "status": self.article.status,
            "score": self.score,
            "linked": self.linked,
        })
    }
}

impl Record for CategoryCount {
    fn headers() -> Vec<&'static str> {
        vec!["category", "articles"]
    }
    fn cells(&self) -> Vec<String> {
        vec![self.category.clone(), self.articles.to_string()]
    }
    fn json(&self) -> Value {
        json!({"category": self.category, "articles": self.articles})
    }
}

/// `kb list [--category C] [--status S] [--stale]`
pub fn list(desk: &Desk, filter: ArticleFilter, f: Format) -> Result<()> {
    output::list(f, &desk.article_views(&filter)?)
}

/// `kb show ID`: the fields, a stale warning, the body, the linked tickets.
pub fn show(desk: &Desk, id: i64, f: Format) -> Result<()> {
    let v = desk.article_view(id)?;
    if f != Format::Table {
        return output::one(f, &v);
    }
    output::one(f, &v)?;
    let mut text = String::new();
    if v.stale {
        text.push_str(&format!(
            "\n! stale: the review was due on {}; review it and set a new date (kb edit {id} --review-by YYYY-MM-DD)\n",
            output::day(v.article.review_by)
        ));
    }
    text.push_str(&format!(
        "\n{}\n",
        crate::domain::text::sanitize(&v.article.body)
    ));
    if !v.linked_tickets.is_empty() {
        let ids: Vec<String> = v.linked_tickets.iter().map(|t| format!("#{t}")).collect();
        text.push_str(&format!(
            "\nLinked tickets ({} solved): {}\n",
            v.solved_count,
            ids.join(" ")
        ));
    }
    output::emit(&text)
}

/// `kb archive ID`
pub fn archive(desk: &mut Desk, id: i64, f: Format) -> Result<()> {
    let a = desk.archive_article(id, None)?;
    match f {
        Format::Table => output::emit(&format!("article #{id} archived (version {})\n", a.version)),
        _ => output::one(f, &desk.article_view(id)?),
    }
}

/// `kb suggest TICKET`
pub fn suggest(desk: &Desk, ticket: i64, limit: usize, f: Format) -> Result<()> {
    let s = desk.suggest_articles(ticket, limit)?;
    if f == Format::Table && s.is_empty() {
        eprintln!("no article shares words with ticket #{ticket}");
        return Ok(());
    }
    output::list(f, &s)
}

/// `kb categories`
pub fn categories(desk: &Desk, f: Format) -> Result<()> {
    output::list(f, &desk.kb_categories()?)
}

/// `ticket link-article` / `ticket unlink-article`
pub fn link(desk: &mut Desk, ticket: i64, article: i64, on: bool, f: Format) -> Result<()> {
    let changed = if on {
        desk.link_article(ticket, article)?
    } else {
        desk.unlink_article(ticket, article)?
    };
    let articles: Vec<Value> = desk
        .ticket_articles(ticket)?
        .iter()
        .map(|a: &Article| json!({"id": a.id, "title": a.title}))
        .collect();
    match f {
        Format::Json => output::json(&json!({
            "ticket_id": ticket,
            "article_id": article,
            "changed": changed,
            "articles": articles,
        })),
        _ => output::emit(&match (on, changed) {
            (true, true) => format!("article #{article} linked to ticket #{ticket}\n"),
            (true, false) => format!("article #{article} was already linked to ticket #{ticket}\n"),
            (false, true) => format!("article #{article} unlinked from ticket #{ticket}\n"),
            (false, false) => format!("article #{article} was not linked to ticket #{ticket}\n"),
        }),
    }
}

/// `ticket comment ID [TEXT] [--article A]`
pub fn comment(
    desk: &mut Desk,
    id: i64,
    text: Option<&str>,
    article: Option<i64>,
    internal: bool,
    if_version: Option<i64>,
    f: Format,
) -> Result<()> {
    let c: Commented = match (article, text) {
        (Some(a), t) => desk.reply_with_article(id, a, t, internal, if_version)?,
        (None, Some(t)) => desk.comment(id, t, internal, if_version)?,
        (None, None) => {
            return Err(Error::invalid(
                "the comment is empty",
                "give the text, or --article ID to reply with an article",
            ))
        }
    };
    let mail = match internal {
        true => None,
        false => Some(desk.comment_delivery(id, c.comment.id)?),
    };
    match (f, &mail) {
        (Format::Table, _) => output::emit(&format!(
            "{} added to ticket #{id}{}\n{}",
            if internal { "note" } else { "reply" },
            article
                .map(|a| format!(" (article #{a} linked)"))
                .unwrap_or_default(),
            mail.as_ref()
                .map(super::mail::reply_note)
                .unwrap_or_default()
        )),
        (Format::Json, Some(d)) => super::mail::delivered(f, "", d, Some(c.json())),
        _ => output::one(f, &c),
    }
}
