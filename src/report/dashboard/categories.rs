//! Top problem categories: tickets by type, by problem category (the first
//! `[[problem_categories]]` entry with a keyword in the title) and by tag, in the
//! period and in the period before, with the change.

use super::counted::{quoted, Counted};
use super::data::Data;
use serde::Serialize;

/// Tags listed at most (the most frequent).
const TOP_TAGS: usize = 10;

/// One category line.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CategoryLine {
    /// `type`, `category` or `tag`.
    pub dimension: &'static str,
    pub key: String,
    pub label: String,
    pub current: Counted,
    pub previous: Counted,
    /// `(current − previous) / previous`; `None` when there were none before.
    pub change: Option<f64>,
}

/// `(current − previous) / previous`.
fn change(cur: i64, prev: i64) -> Option<f64> {
    (prev > 0).then(|| (cur - prev) as f64 / prev as f64)
}

/// Computes the category lines.
pub fn compute(d: &Data<'_>) -> Vec<CategoryLine> {
    let lang = d.lang();
    let cats = &d.cfg.service.categories;
    let (now_f, before_f) = (d.period.created(), d.period.previous().created());
    let scope = d.scope.terms();
    // (current, previous) per type number, category index (last: other), tag.
    let mut types = vec![(0i64, 0i64); d.types.len()];
    let mut by_cat = vec![(0i64, 0i64); cats.len() + 1];
    let mut tags = vec![(0i64, 0i64); d.tag_names.len()];
    for (tickets, now) in [(&d.current, true), (&d.previous, false)] {
        let bump = |e: &mut (i64, i64)| {
            if now {
                e.0 += 1
            } else {
                e.1 += 1
            }
        };
        for t in tickets {
            bump(&mut types[t.ty as usize]);
            bump(&mut by_cat[t.category.map_or(cats.len(), usize::from)]);
            for tag in d.tags_of(t) {
                bump(&mut tags[usize::from(*tag)]);
            }
        }
    }
    let line = |dimension: &'static str, key: String, label: String, (cur, prev): (i64, i64)| {
        let term = format!("{dimension}:{}", quoted(&key));
        CategoryLine {
            dimension,
            current: Counted::new(cur, &[&now_f, &term, &scope]),
            previous: Counted::new(prev, &[&before_f, &term, &scope]),
            change: change(cur, prev),
            key,
            label,
        }
    };
    let ranked = |mut v: Vec<(String, (i64, i64))>| {
        v.retain(|(_, (c, p))| c + p > 0);
        v.sort_by(|a, b| (b.1 .0, b.1 .1).cmp(&(a.1 .0, a.1 .1)).then(a.0.cmp(&b.0)));
        v
    };
    let mut out = Vec::new();
    let type_counts = types
        .iter()
        .enumerate()
        .map(|(i, n)| (d.types.name(i as u16).to_string(), *n))
        .collect();
    for (ty, n) in ranked(type_counts) {
        let label = d
            .cfg
            .workflow
            .ticket_type(&ty)
            .map_or_else(|| ty.clone(), |t| t.label(lang).to_string());
        out.push(line("type", ty, label, n));
    }
    let cat_counts = by_cat
        .iter()
        .enumerate()
        .map(|(i, n)| {
            (
                cats.get(i)
                    .map_or_else(|| "other".to_string(), |c| c.id.clone()),
                *n,
            )
        })
        .collect();
    for (id, n) in ranked(cat_counts) {
        let label = match cats.iter().find(|c| c.id == id) {
            Some(c) if lang == "zh" => c.zh.clone(),
            Some(c) => c.en.clone(),
            None if lang == "zh" => "其他".into(),
            None => "Other".into(),
        };
        out.push(line("category", id, label, n));
    }
    let tag_counts = tags
        .iter()
        .enumerate()
        .map(|(i, n)| (d.tag_names.name(i as u16).to_string(), *n))
        .collect();
    for (tag, n) in ranked(tag_counts).into_iter().take(TOP_TAGS) {
        out.push(line("tag", tag.clone(), tag, n));
    }
    out
}
