//! The Knowledge base pane's pure helpers: the category tree built from the
//! categories in use, and an article as text for $EDITOR and back.

use crate::domain::records::Article;
use crate::ops::CategoryCount;

/// One node of the category tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TreeNode {
    /// The full path (`技术支持/打印机`); empty for "all".
    pub path: String,
    pub depth: usize,
    /// Articles in it and below.
    pub count: i64,
}

/// The category tree: "all", then every category and parent path in order.
pub fn tree(categories: &[CategoryCount]) -> Vec<TreeNode> {
    let total = categories.iter().map(|c| c.articles).sum();
    let mut paths: Vec<String> = Vec::new();
    for c in categories {
        let parts: Vec<&str> = c.category.split('/').collect();
        for i in 1..=parts.len() {
            let p = parts[..i].join("/");
            if !paths.contains(&p) {
                paths.push(p);
            }
        }
    }
    paths.sort();
    let mut out = vec![TreeNode {
        path: String::new(),
        depth: 0,
        count: total,
    }];
    for p in paths {
        let sub = format!("{p}/");
        let count = categories
            .iter()
            .filter(|c| c.category == p || c.category.starts_with(&sub))
            .map(|c| c.articles)
            .sum();
        out.push(TreeNode {
            depth: p.matches('/').count() + 1,
            path: p,
            count,
        });
    }
    out
}

/// What $EDITOR shows: a header of fields, a `---` line, then the Markdown body.
pub fn article_text(a: &Article) -> String {
    format!(
        "title: {}\ncategory: {}\nstatus: {}\nreview_by: {}\n---\n{}\n",
        a.title,
        a.category,
        a.status,
        a.review_by.map(|d| d.to_string()).unwrap_or_default(),
        a.body.trim_end()
    )
}

/// Reads back the editor's text; without a header the whole text is the body.
pub fn parse_article_text(text: &str, old: &Article) -> crate::ops::ArticleInput {
    let mut input = crate::ops::ArticleInput {
        title: old.title.clone(),
        category: old.category.clone(),
        body: text.to_string(),
        owner: None,
        status: Some(old.status.to_string()),
        review_by: old.review_by.map(|d| d.to_string()),
    };
    if let Some((head, body)) = text.split_once("\n---\n") {
        let mut known = false;
        for line in head.lines() {
            let Some((k, v)) = line.split_once(':') else {
                continue;
            };
            let v = v.trim().to_string();
            known = true;
            match k.trim() {
                "title" => input.title = v,
                "category" => input.category = v,
                "status" => input.status = Some(v).filter(|v| !v.is_empty()),
                "review_by" => input.review_by = Some(v).filter(|v| !v.is_empty()),
                _ => known = false,
            }
        }
        if known {
            input.body = body.trim_end().to_string();
        }
    }
    input
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cat(c: &str, n: i64) -> CategoryCount {
        CategoryCount {
            category: c.into(),
            articles: n,
        }
    }

    #[test]
    fn tree_adds_parents_and_sums_counts() {
        let t = tree(&[
            cat("售后", 2),
            cat("技术支持/打印机", 3),
            cat("技术支持", 1),
        ]);
        let got: Vec<_> = t
            .iter()
            .map(|n| (n.path.as_str(), n.depth, n.count))
            .collect();
        assert_eq!(
            got,
            vec![
                ("", 0, 6),
                ("售后", 1, 2),
                ("技术支持", 1, 4),
                ("技术支持/打印机", 2, 3)
            ]
        );
    }

    #[test]
    fn article_text_round_trips_and_plain_text_is_the_body() {
        let a = Article {
            id: 1,
            title: "退款流程".into(),
            category: "售后".into(),
            body: "# 步骤\n- 核对订单".into(),
            status: "published".parse().unwrap(),
            review_by: Some("2026-01-01".parse().unwrap()),
            ..Default::default()
        };
        let text = article_text(&a).replace("退款流程", "退款流程（新）");
        let i = parse_article_text(&text, &a);
        assert_eq!(i.title, "退款流程（新）");
        assert_eq!(i.body, "# 步骤\n- 核对订单");
        assert_eq!(
            i.review_by.map(|d| d.to_string()).as_deref(),
            Some("2026-01-01")
        );
        let j = parse_article_text("just text\n---\nmore", &a);
        assert_eq!(j.title, "退款流程");
        assert_eq!(j.body, "just text\n---\nmore");
    }
}
