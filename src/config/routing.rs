//! `[routing]`: groups and the rules that send a ticket to one, validated with positions.

use super::{ConfigError, Source};
use crate::domain::routing::{Group, Routing, Rule};
use crate::domain::ticket::Channel;
use crate::domain::workflow::Workflow;
use serde::Deserialize;
use std::collections::BTreeSet;
use toml::Spanned;

/// `[routing]` as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRouting {
    pub default_group: Option<Spanned<String>>,
    #[serde(default)]
    pub groups: Vec<RawGroup>,
    #[serde(default)]
    pub rules: Vec<RawRule>,
}

/// `[[routing.groups]]`
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawGroup {
    pub id: Spanned<String>,
    pub en: String,
    pub zh: Option<String>,
    pub lead: Option<String>,
}

/// `[[routing.rules]]`
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRule {
    #[serde(rename = "type", default)]
    pub types: Vec<Spanned<String>>,
    #[serde(rename = "channel", default)]
    pub channels: Vec<Spanned<String>>,
    #[serde(rename = "tag", default)]
    pub tags: Vec<Spanned<String>>,
    pub group: Spanned<String>,
}

/// Builds the routing section. `strict` is false for the built-in default, whose rules
/// may name ticket types that a user's own `[workflow]` does not have: those are dropped.
pub fn build(
    raw: Option<RawRouting>,
    src: &Source,
    workflow: Option<&Workflow>,
    strict: bool,
    errs: &mut Vec<ConfigError>,
) -> Routing {
    let Some(raw) = raw else {
        return Routing::default();
    };
    let mut groups = Vec::new();
    let mut ids = BTreeSet::new();
    for g in &raw.groups {
        let id = g.id.get_ref();
        let valid = !id.is_empty()
            && id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-');
        if !valid {
            errs.push(src.error(
                g.id.span().start,
                format!("group id '{id}' must be lowercase letters, digits, '_' or '-'"),
                None,
            ));
        }
        if !ids.insert(id.clone()) {
            errs.push(src.error(
                g.id.span().start,
                format!("group '{id}' is defined twice"),
                Some("each [[routing.groups]] id must be unique".into()),
            ));
        }
        groups.push(Group {
            id: id.clone(),
            en: g.en.clone(),
            zh: g.zh.clone().unwrap_or_else(|| g.en.clone()),
            lead: g.lead.clone().filter(|l| !l.trim().is_empty()),
        });
    }
    let known = ids.iter().cloned().collect::<Vec<_>>().join(", ");
    let check_group = |g: &Spanned<String>, errs: &mut Vec<ConfigError>| {
        if !ids.contains(g.get_ref()) {
            errs.push(src.error(
                g.span().start,
                format!("unknown group '{}'", g.get_ref()),
                Some(if known.is_empty() {
                    "define it with a [[routing.groups]] entry".into()
                } else {
                    format!("groups: {known}")
                }),
            ));
        }
    };
    if let Some(d) = &raw.default_group {
        check_group(d, errs);
    }
    let mut rules = Vec::new();
    for r in &raw.rules {
        check_group(&r.group, errs);
        let mut rule = Rule {
            group: r.group.get_ref().clone(),
            tags: r.tags.iter().map(|t| t.get_ref().to_lowercase()).collect(),
            ..Default::default()
        };
        for t in &r.types {
            let exists = workflow.is_none_or(|w| w.ticket_type(t.get_ref()).is_some());
            if exists {
                rule.types.push(t.get_ref().clone());
            } else if strict {
                let types = workflow
                    .map(|w| {
                        w.types
                            .iter()
                            .map(|t| t.id.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    })
                    .unwrap_or_default();
                errs.push(src.error(
                    t.span().start,
                    format!("unknown ticket type '{}' in a routing rule", t.get_ref()),
                    Some(format!("types: {types}")),
                ));
            }
        }
        if !strict && !r.types.is_empty() && rule.types.is_empty() {
            continue; // every type this default rule names is gone
        }
        for c in &r.channels {
            match c.get_ref().parse::<Channel>() {
                Ok(ch) => rule.channels.push(ch),
                Err(e) => errs.push(src.error(
                    c.span().start,
                    e,
                    Some(format!(
                        "channels: {}",
                        Channel::ALL.map(|c| c.as_str()).join(", ")
                    )),
                )),
            }
        }
        for t in &r.tags {
            if let Err(e) = crate::domain::relations::normalize_tag(t.get_ref()) {
                errs.push(src.error(t.span().start, e, None));
            }
        }
        rules.push(rule);
    }
    Routing {
        groups,
        rules,
        default_group: raw.default_group.map(|d| d.into_inner()),
    }
}

#[cfg(test)]
mod tests {
    use crate::config::Config;

    const BASE: &str = "[routing]\n";

    fn check(extra: &str) -> Result<Config, Vec<crate::config::ConfigError>> {
        Config::check_str(&format!("{BASE}{extra}"), "t.toml")
    }

    #[test]
    fn builtin_routes_returns_to_logistics() {
        let c = Config::builtin();
        let g = c
            .routing
            .route("return", crate::domain::ticket::Channel::Email, &[])
            .expect("a group");
        assert_eq!(g.id, "logistics");
        assert!(c.routing.groups.len() >= 3);
    }

    #[test]
    fn errors_name_line_and_column() {
        let e = check(
            "default_group = \"tech\"\n[[routing.groups]]\nid = \"tech\"\nen = \"Tech\"\n\
             [[routing.rules]]\ntype = [\"nope\"]\ngroup = \"tech\"\n",
        )
        .unwrap_err();
        assert_eq!((e[0].line, e[0].column), (7, 9), "{e:?}");
        assert!(e[0].message.contains("nope"));
        let e = check("[[routing.rules]]\nchannel = [\"fax\"]\ngroup = \"ghost\"\n").unwrap_err();
        assert_eq!(e.len(), 2, "{e:?}");
        assert!(e.iter().any(|e| e.message.contains("ghost") && e.line == 4));
        assert!(e.iter().any(|e| e.message.contains("fax") && e.line == 3));
        let e = check("[[routing.groups]]\nid = \"A b\"\nen = \"x\"\n").unwrap_err();
        assert_eq!(e[0].line, 3);
        let e = check("[[routing.groups]]\nid = \"a\"\nen = \"x\"\nboss = \"y\"\n").unwrap_err();
        assert!(e[0].message.contains("boss"), "{e:?}");
    }

    #[test]
    fn a_users_routing_replaces_the_default() {
        let c = check("[[routing.groups]]\nid = \"only\"\nen = \"Only\"\n").unwrap();
        assert_eq!(c.routing.groups.len(), 1);
        assert!(c.routing.rules.is_empty());
        assert_eq!(c.routing.default_group, None);
    }
}
