//! `[[playbooks]]`: emergency plans, validated with file:line:column errors.

use super::{ConfigError, Source};
use crate::domain::playbook::{Playbook, PlaybookStep};
use serde::Deserialize;
use std::collections::BTreeSet;
use toml::Spanned;

/// `[[playbooks]]`
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPlaybook {
    pub id: Spanned<String>,
    pub en: String,
    pub zh: Option<String>,
    #[serde(default)]
    pub steps: Vec<RawPlaybookStep>,
}

/// `[[playbooks.steps]]`
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPlaybookStep {
    pub en: Spanned<String>,
    pub zh: Option<String>,
    pub role: Option<String>,
    pub person: Option<String>,
    pub limit_minutes: Spanned<i64>,
}

/// Builds the playbooks; problems are added to `errs`.
pub fn build(
    raw: Option<Vec<RawPlaybook>>,
    src: &Source,
    errs: &mut Vec<ConfigError>,
) -> Vec<Playbook> {
    let mut out = Vec::new();
    let mut seen = BTreeSet::new();
    for p in raw.unwrap_or_default() {
        let id = p.id.get_ref().clone();
        let at = p.id.span().start;
        if id.is_empty()
            || !id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-')
        {
            errs.push(src.error(
                at,
                format!("playbook id '{id}' must be lowercase letters, digits, '_' or '-'"),
                Some("e.g. id = \"outage\"".into()),
            ));
        }
        if !seen.insert(id.clone()) {
            errs.push(src.error(
                at,
                format!("playbook '{id}' is defined twice"),
                Some("each playbook id must be unique".into()),
            ));
        }
        if p.steps.is_empty() {
            errs.push(src.error(
                at,
                format!("playbook '{id}' has no steps"),
                Some("add [[playbooks.steps]] entries after it".into()),
            ));
        }
        let mut steps = Vec::new();
        for s in &p.steps {
            let who = |v: &Option<String>| {
                v.as_deref()
                    .map(str::trim)
                    .filter(|v| !v.is_empty())
                    .map(str::to_string)
            };
            let (role, person) = (who(&s.role), who(&s.person));
            if role.is_none() && person.is_none() {
                errs.push(src.error(
                    s.en.span().start,
                    format!(
                        "step '{}' of playbook '{id}' says nobody does it",
                        s.en.get_ref()
                    ),
                    Some("give it a role = \"…\" or a person = \"agent name\"".into()),
                ));
            }
            let limit = *s.limit_minutes.get_ref();
            if limit <= 0 {
                errs.push(src.error(
                    s.limit_minutes.span().start,
                    "limit_minutes must be more than 0",
                    Some("minutes after the start by which the step must be done".into()),
                ));
            }
            steps.push(PlaybookStep {
                en: s.en.get_ref().clone(),
                zh: s.zh.clone().unwrap_or_else(|| s.en.get_ref().clone()),
                role,
                person,
                limit_minutes: limit,
            });
        }
        out.push(Playbook {
            id,
            zh: p.zh.clone().unwrap_or_else(|| p.en.clone()),
            en: p.en,
            steps,
        });
    }
    out
}
