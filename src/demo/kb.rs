//! Demo knowledge-base articles (assets/demo/kb.toml) with Markdown bodies, owners,
//! statuses and review dates.

use super::clock::{self, DAY, HOUR};
use super::rng::Rng;
use super::words::ARTICLES;
use crate::domain::records::Article;
use crate::domain::status::ArticleStatus;
use crate::error::{Error, Result};
use chrono_tz::Tz;
use serde::Deserialize;
use std::fmt::Write;

const STREAM_ARTICLE: u64 = 30;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    article: Vec<ArticleDef>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ArticleDef {
    title: String,
    category: String,
    summary: String,
    steps: Vec<String>,
    #[serde(default)]
    notes: Vec<String>,
}

/// The group whose agents own articles of a category.
fn group_for(category: &str) -> &'static str {
    match category {
        "技术支持" => "technical",
        "售后服务" => "technical",
        "投诉处理" => "complaints",
        "物流" => "logistics",
        _ => "sales",
    }
}

fn markdown(a: &ArticleDef) -> String {
    let english = a.title.is_ascii();
    let (scope, steps, notes) = if english {
        ("## When this applies", "## Steps", "## Notes")
    } else {
        ("## 适用范围", "## 处理步骤", "## 注意事项")
    };
    let mut out = String::new();
    let _ = write!(
        out,
        "# {}\n\n{scope}\n\n{}\n\n{steps}\n\n",
        a.title, a.summary
    );
    for (i, s) in a.steps.iter().enumerate() {
        let _ = writeln!(out, "{}. {s}", i + 1);
    }
    if !a.notes.is_empty() {
        let _ = write!(out, "\n{notes}\n\n");
        for n in &a.notes {
            let _ = writeln!(out, "- {n}");
        }
    }
    out
}

/// The demo articles, each with the index of the agent who owns (and wrote) it.
/// `agents` are (id, groups).
pub fn articles(
    seed: u64,
    anchor: i64,
    tz: Tz,
    agents: &[(i64, &[String])],
) -> Result<Vec<(Article, usize)>> {
    let file: File = toml::from_str(ARTICLES)
        .map_err(|e| Error::msg(format!("demo kb.toml: {}", e.message())))?;
    let mut out = Vec::new();
    for (i, def) in file.article.iter().enumerate() {
        let mut rng = Rng::derive(seed, STREAM_ARTICLE, i as u64);
        let group = group_for(&def.category);
        let owners: Vec<usize> = (0..agents.len())
            .filter(|&a| agents[a].1.iter().any(|g| g == group))
            .collect();
        let owner = if owners.is_empty() {
            rng.index(agents.len().max(1))
        } else {
            *rng.pick(&owners)
        };
        // Withdrawn articles say so in their title; a few others are still drafts.
        let status = if def.title.contains("已停用") {
            ArticleStatus::Archived
        } else if rng.chance(0.15) {
            ArticleStatus::Draft
        } else {
            ArticleStatus::Published
        };
        let review = if rng.chance(0.22) {
            -rng.range(1, 90)
        } else {
            rng.range(14, 270)
        };
        let created = anchor - rng.range(30, 600) * DAY + rng.range(9, 17) * HOUR;
        let updated = (created + rng.range(0, 120) * DAY).min(anchor - HOUR);
        out.push((
            Article {
                title: def.title.clone(),
                category: def.category.clone(),
                body: markdown(def),
                owner_id: agents.get(owner).map(|a| a.0),
                status,
                review_by: Some(clock::date(anchor, tz, review)),
                created_at: created,
                updated_at: updated,
                version: 1,
                ..Default::default()
            },
            owner,
        ));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn articles_cover_every_category_with_markdown() {
        let groups = [
            vec!["technical".to_string()],
            vec!["complaints".to_string()],
            vec!["logistics".to_string()],
            vec!["sales".to_string()],
        ];
        let agents: Vec<(i64, &[String])> = groups
            .iter()
            .enumerate()
            .map(|(i, g)| (i as i64 + 1, g.as_slice()))
            .collect();
        let list = articles(1, 1_800_000_000, chrono_tz::Asia::Shanghai, &agents).unwrap();
        assert!((38..=45).contains(&list.len()), "{}", list.len());
        for cat in ["技术支持", "售后服务", "投诉处理", "物流", "账户与发票"] {
            assert!(list.iter().any(|(a, _)| a.category == cat), "{cat}");
        }
        assert!(list
            .iter()
            .all(|(a, _)| a.body.starts_with("# ") && a.body.contains("\n1. ")));
        assert_eq!(
            list.iter()
                .filter(|(a, _)| a.status.as_str() == "archived")
                .count(),
            2
        );
        assert!(
            list.iter()
                .filter(|(a, _)| a.status.as_str() == "published")
                .count()
                > 25
        );
    }
}
