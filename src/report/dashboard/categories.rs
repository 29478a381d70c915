//! Top problem categories: tickets by type, by problem category (the first
//! `[[problem_categories]]` entry with a keyword in the title) and by tag, in the
//! period and in the period before, with the change.

use super::data::Data;
use super::{quoted, Counted};
use crate::domain::service::ProblemCategory;
use aho_corasick::AhoCorasick;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

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

/// Finds the problem category of many titles at once: the same answer as
/// `ServiceRules::category_of`, in one pass over each title.
pub struct Categorizer {
    ac: Option<AhoCorasick>,
    /// Pattern number → category index.
    owner: Vec<usize>,
}

impl Categorizer {
    /// A matcher for `cats` (config order decides between categories).
    pub fn new(cats: &[ProblemCategory]) -> Categorizer {
        let mut words = Vec::new();
        let mut owner = Vec::new();
        for (i, c) in cats.iter().enumerate() {
            for k in &c.keywords {
                words.push(k.as_str());
                owner.push(i);
            }
        }
        Categorizer {
            ac: AhoCorasick::new(&words).ok(),
            owner,
        }
    }

    /// The index of the category of `title`, if any keyword is in it.
    pub fn of(&self, title: &str) -> Option<usize> {
        let ac = self.ac.as_ref()?;
        let lower = title.to_lowercase();
        ac.find_overlapping_iter(&lower)
            .map(|m| self.owner[m.pattern().as_usize()])
            .min()
    }
}

/// `(current − previous) / previous`.
fn change(cur: i64, prev: i64) -> Option<f64> {
    (prev > 0).then(|| (cur - prev) as f64 / prev as f64)
}

/// Computes the category lines.
pub fn compute(d: &Data<'_>) -> Vec<CategoryLine> {
    let lang = d.lang();
    let cats = &d.cfg.service.categories;
    let matcher = Categorizer::new(cats);
    let (now_f, before_f) = (d.period.created(), d.period.previous().created());
    let scope = d.scope.terms();
    // key → (current, previous), per dimension
    let mut types: BTreeMap<String, (i64, i64)> = BTreeMap::new();
    let mut by_cat: BTreeMap<String, (i64, i64)> = BTreeMap::new();
    let mut tags: HashMap<String, (i64, i64)> = HashMap::new();
    let periods = [(&d.current, 0usize), (&d.previous, 1usize)];
    for (tickets, which) in periods {
        for t in tickets {
            let bump = |e: &mut (i64, i64)| {
                if which == 0 {
                    e.0 += 1
                } else {
                    e.1 += 1
                }
            };
            bump(types.entry(t.ty.clone()).or_default());
            let cat = matcher
                .of(&t.title)
                .map_or_else(|| "other".to_string(), |i| cats[i].id.clone());
            bump(by_cat.entry(cat).or_default());
            for tag in d.tags.get(&t.id).into_iter().flatten() {
                bump(tags.entry(tag.clone()).or_default());
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
    let ranked = |m: Vec<(String, (i64, i64))>| {
        let mut v = m;
        v.sort_by(|a, b| (b.1 .0, b.1 .1).cmp(&(a.1 .0, a.1 .1)).then(a.0.cmp(&b.0)));
        v
    };
    let mut out = Vec::new();
    for (ty, n) in ranked(types.into_iter().collect()) {
        let label = d
            .cfg
            .workflow
            .ticket_type(&ty)
            .map_or_else(|| ty.clone(), |t| t.label(lang).to_string());
        out.push(line("type", ty, label, n));
    }
    for (id, n) in ranked(by_cat.into_iter().collect()) {
        let label = match cats.iter().find(|c| c.id == id) {
            Some(c) if lang == "zh" => c.zh.clone(),
            Some(c) => c.en.clone(),
            None if lang == "zh" => "其他".into(),
            None => "Other".into(),
        };
        out.push(line("category", id, label, n));
    }
    for (tag, n) in ranked(tags.into_iter().collect())
        .into_iter()
        .take(TOP_TAGS)
    {
        out.push(line("tag", tag.clone(), tag, n));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    #[test]
    fn the_matcher_agrees_with_category_of() {
        let cfg = Config::builtin();
        let m = Categorizer::new(&cfg.service.categories);
        for title in [
            "HP 打印机卡纸",
            "VPN 连不上公司内网",
            "发票抬头如何修改",
            "Refund for the printer I returned",
            "Cannot LOG IN after password reset",
            "退款",
            "nothing to see",
            "",
        ] {
            let want = cfg.service.category_of(title).map(|c| c.id.clone());
            let got = m.of(title).map(|i| cfg.service.categories[i].id.clone());
            assert_eq!(got, want, "{title}");
        }
        assert_eq!(Categorizer::new(&[]).of("打印"), None);
    }
}
