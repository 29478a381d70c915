//! `aftercare kb …` (the project commands are in project.rs)

use super::output::{self, ts, Record};
use super::{Format, KbCmd};
use crate::domain::records::Article;
use crate::error::{IoAction, IoContext, Result};
use crate::ops::{ArticleInput, Desk};
use serde_json::{json, Value};

impl Record for Article {
    fn headers() -> Vec<&'static str> {
        vec!["id", "category", "status", "review_by", "owner", "title"]
    }
    fn cells(&self) -> Vec<String> {
        vec![
            self.id.to_string(),
            self.category.clone(),
            self.status.to_string(),
            output::day(self.review_by),
            self.owner.clone().unwrap_or_default(),
            self.title.clone(),
        ]
    }
    fn json(&self) -> Value {
        json!({
            "id": self.id,
            "title": self.title,
            "category": self.category,
            "body": self.body,
            "owner": self.owner,
            "owner_id": self.owner_id,
            "status": self.status,
            "review_by": self.review_by,
            "created_at": ts(Some(self.created_at)),
            "updated_at": ts(Some(self.updated_at)),
            "version": self.version,
        })
    }
}

/// Runs a knowledge-base command.
pub fn kb(desk: &mut Desk, cmd: &KbCmd, f: Format) -> Result<()> {
    match cmd {
        KbCmd::New(n) => {
            let body = match (&n.body, &n.file) {
                (Some(b), _) => b.clone(),
                (None, Some(p)) => read_file(p)?,
                (None, None) => crate::editor::edit_text("", "md")?,
            };
            let a = desk.create_article(ArticleInput {
                title: n.title.clone(),
                category: n.category.clone(),
                body,
                owner: n.owner.clone(),
                status: n.status.clone(),
                review_by: n.review_by.clone(),
            })?;
            match f {
                Format::Table => output::emit(&format!("{}\n", a.id)),
                _ => output::one(f, &a),
            }
        }
        KbCmd::List {
            category,
            status,
            stale,
        } => super::knowledge::list(
            desk,
            crate::ops::ArticleFilter {
                category: category.clone(),
                status: status.clone(),
                stale: *stale,
            },
            f,
        ),
        KbCmd::Show { id } => super::knowledge::show(desk, *id, f),
        KbCmd::Archive { id } => super::knowledge::archive(desk, *id, f),
        KbCmd::Suggest { ticket, limit } => super::knowledge::suggest(desk, *ticket, *limit, f),
        KbCmd::Categories => super::knowledge::categories(desk, f),
        KbCmd::Edit(e) => {
            let old = desk.article(e.id)?;
            let body = match &e.file {
                Some(p) => read_file(p)?,
                None if e.title.is_none()
                    && e.category.is_none()
                    && e.status.is_none()
                    && e.review_by.is_none() =>
                {
                    crate::editor::edit_text(&old.body, "md")?
                }
                None => old.body.clone(),
            };
            let a = desk.update_article(
                e.id,
                ArticleInput {
                    title: e.title.clone().unwrap_or(old.title.clone()),
                    category: e.category.clone().unwrap_or(old.category.clone()),
                    body,
                    owner: None,
                    status: Some(e.status.clone().unwrap_or(old.status.to_string())),
                    review_by: e.review_by.clone().or(old.review_by.map(|d| d.to_string())),
                },
                old.version,
            )?;
            match f {
                Format::Table => output::emit(&format!(
                    "article #{} saved (version {})\n",
                    a.id, a.version
                )),
                _ => output::one(f, &a),
            }
        }
    }
}

fn read_file(p: &std::path::Path) -> Result<String> {
    std::fs::read_to_string(p).at(IoAction::Read, p)
}
