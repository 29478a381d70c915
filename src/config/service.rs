//! Validation of the service settings: weekday hours, escalations, replies, macros,
//! customer updates and problem categories.

use super::{ConfigError, Source};
use crate::domain::escalation::{Action, EscalationRule, When};
use crate::domain::routing::Routing;
use crate::domain::service::{
    check_template, Macro, ProblemCategory, Reply, ServiceRules, StageUpdate, PLACEHOLDERS,
};
use crate::domain::ticket::Priority;
use crate::domain::workflow::Workflow;
use chrono::NaiveTime;
use std::collections::{BTreeMap, BTreeSet};
use toml::Spanned;

type Errors = Vec<ConfigError>;

const WEEKDAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// `[sla.hours]` (weekday → "HH:MM-HH:MM"): per-weekday opening hours; each day
/// must also be a working day.
pub fn weekday_hours(
    hours: &BTreeMap<Spanned<String>, Spanned<String>>,
    workdays: &[bool; 7],
    src: &Source,
    errs: &mut Errors,
) -> [Option<(NaiveTime, NaiveTime)>; 7] {
    let mut out = [None; 7];
    for (day, span) in hours {
        let Some(i) = WEEKDAYS
            .iter()
            .position(|d| *d == day.get_ref().to_lowercase())
        else {
            errs.push(src.error(
                day.span().start,
                format!("unknown weekday '{}' in [sla.hours]", day.get_ref()),
                Some("use mon, tue, wed, thu, fri, sat, sun".into()),
            ));
            continue;
        };
        if !workdays[i] {
            errs.push(src.error(
                day.span().start,
                format!("'{}' has hours but is not in workdays", day.get_ref()),
                Some(format!(
                    "add \"{}\" to [sla] workdays, or remove this line",
                    WEEKDAYS[i]
                )),
            ));
            continue;
        }
        match parse_span(span) {
            Some(h) => out[i] = Some(h),
            None => errs.push(src.error(
                span.span().start,
                format!("'{}' is not an opening time span", span.get_ref()),
                Some("write opening and closing time, e.g. \"09:00-17:00\"".into()),
            )),
        }
    }
    out
}

/// Parses `"09:00-17:00"` (closing after opening).
fn parse_span(s: &Spanned<String>) -> Option<(NaiveTime, NaiveTime)> {
    let (a, b) = s.get_ref().split_once('-')?;
    let a = NaiveTime::parse_from_str(a.trim(), "%H:%M").ok()?;
    let b = NaiveTime::parse_from_str(b.trim(), "%H:%M").ok()?;
    (b > a).then_some((a, b))
}

/// `[[sla.escalations]]` as written.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawEscalation {
    pub id: Spanned<String>,
    pub when: Spanned<String>,
    #[serde(default)]
    pub priorities: Vec<Spanned<String>>,
    #[serde(default)]
    pub types: Vec<Spanned<String>>,
    pub action: Spanned<String>,
    /// For `assign`: an agent name, or `lead:GROUP`.
    pub assign: Option<Spanned<String>>,
    /// For `raise_priority`: the priority to raise to (default: one step).
    pub priority: Option<Spanned<String>>,
}

/// `[[replies]]` as written.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawReply {
    pub id: Spanned<String>,
    pub title: String,
    pub text: Option<Spanned<String>>,
    pub zh: Option<Spanned<String>>,
    pub en: Option<Spanned<String>>,
}

/// `[[macros]]` as written.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawMacro {
    pub id: Spanned<String>,
    pub title: Option<String>,
    pub key: Option<String>,
    pub stage: Option<Spanned<String>>,
    pub priority: Option<Spanned<String>>,
    pub assignee: Option<Spanned<String>>,
    pub reply: Option<Spanned<String>>,
}

/// One `[updates.FLOW]` entry: `STAGE = { zh = "…", en = "…" }`.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawUpdate {
    pub zh: Option<Spanned<String>>,
    pub en: Option<Spanned<String>>,
}

/// `[updates]`: flow → stage → update.
pub type RawUpdates = BTreeMap<Spanned<String>, BTreeMap<Spanned<String>, RawUpdate>>;

/// `[[problem_categories]]` as written.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCategory {
    pub id: Spanned<String>,
    pub en: String,
    pub zh: Option<String>,
    pub keywords: Vec<Spanned<String>>,
}

/// The raw service sections, each with the file it came from. `strict` is false for
/// sections taken from the built-in default: entries naming stages, types or groups
/// that a user's own workflow or routing lacks are dropped instead of reported.
pub struct Sections<'a> {
    pub escalations: (Vec<RawEscalation>, &'a Source, bool),
    pub replies: (Option<Vec<RawReply>>, &'a Source, bool),
    pub macros: (Option<Vec<RawMacro>>, &'a Source, bool),
    pub updates: (Option<RawUpdates>, &'a Source, bool),
    pub categories: (Option<Vec<RawCategory>>, &'a Source, bool),
}

/// Validates the service sections against the workflow and routing.
pub fn build(
    s: Sections<'_>,
    wf: Option<&Workflow>,
    routing: &Routing,
    errs: &mut Errors,
) -> ServiceRules {
    let replies = build_replies(s.replies, errs);
    ServiceRules {
        escalations: build_escalations(s.escalations, wf, routing, errs),
        macros: build_macros(s.macros, wf, &replies, errs),
        updates: build_updates(s.updates, wf, errs),
        categories: build_categories(s.categories, errs),
        replies,
    }
}

fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-')
}

/// Reports a bad or repeated id; returns whether it is usable.
fn check_id(
    id: &Spanned<String>,
    what: &str,
    seen: &mut BTreeSet<String>,
    src: &Source,
    errs: &mut Errors,
) -> bool {
    let name = id.get_ref();
    if !valid_id(name) {
        errs.push(src.error(
            id.span().start,
            format!("{what} id '{name}' must be lowercase letters, digits, '_' or '-'"),
            None,
        ));
        return false;
    }
    if !seen.insert(name.clone()) {
        errs.push(src.error(
            id.span().start,
            format!("{what} '{name}' is defined twice"),
            Some(format!("each {what} id must be unique")),
        ));
        return false;
    }
    true
}

fn priority(p: &Spanned<String>, src: &Source, errs: &mut Errors) -> Option<Priority> {
    match p.get_ref().parse::<Priority>() {
        Ok(p) => Some(p),
        Err(e) => {
            errs.push(src.error(
                p.span().start,
                e,
                Some("use low, normal, high or urgent".into()),
            ));
            None
        }
    }
}

/// Checks a template; the error points into the string (after its opening quote).
fn template(t: &Spanned<String>, src: &Source, errs: &mut Errors) -> bool {
    match check_template(t.get_ref()) {
        Ok(()) => true,
        Err((at, msg)) => {
            errs.push(src.error(
                string_offset(src, t.span().start, at),
                msg,
                Some(format!("placeholders: {{{}}}", PLACEHOLDERS.join("} {"))),
            ));
            false
        }
    }
}

/// Where byte `at` of a string's value lies in the file: after the opening quotes
/// (escapes can shift it a little; it never lands inside a character).
fn string_offset(src: &Source, start: usize, at: usize) -> usize {
    let rest = src.text.get(start..).unwrap_or("");
    let open = if rest.starts_with("\"\"\"") || rest.starts_with("'''") {
        3 + usize::from(rest[3..].starts_with('\n'))
    } else {
        1
    };
    let mut i = (start + open + at).min(src.text.len());
    while !src.text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn build_escalations(
    (raw, src, strict): (Vec<RawEscalation>, &Source, bool),
    wf: Option<&Workflow>,
    routing: &Routing,
    errs: &mut Errors,
) -> Vec<EscalationRule> {
    let mut out = Vec::new();
    let mut seen = BTreeSet::new();
    for r in raw {
        let before = errs.len();
        check_id(&r.id, "escalation", &mut seen, src, errs);
        let when = When::parse(r.when.get_ref());
        if when.is_none() {
            errs.push(src.error(
                r.when.span().start,
                format!("unknown escalation trigger '{}'", r.when.get_ref()),
                Some("use warning, breached or stage_limit".into()),
            ));
        }
        let priorities: Vec<Priority> = r
            .priorities
            .iter()
            .filter_map(|p| priority(p, src, errs))
            .collect();
        let mut types = Vec::new();
        for t in &r.types {
            if wf.is_none_or(|w| w.ticket_type(t.get_ref()).is_some()) {
                types.push(t.get_ref().clone());
            } else if strict {
                errs.push(src.error(
                    t.span().start,
                    format!("unknown ticket type '{}' in an escalation", t.get_ref()),
                    wf.map(|w| {
                        let ids: Vec<&str> = w.types.iter().map(|t| t.id.as_str()).collect();
                        format!("types: {}", ids.join(", "))
                    }),
                ));
            }
        }
        if !r.types.is_empty() && types.is_empty() && !strict {
            continue;
        }
        let action = match r.action.get_ref().as_str() {
            "flag" => Some(Action::Flag),
            "raise_priority" => match &r.priority {
                Some(p) => priority(p, src, errs).map(|p| Action::RaisePriority(Some(p))),
                None => Some(Action::RaisePriority(None)),
            },
            "assign" => match &r.assign {
                Some(a) => assign_target(a, routing, src, strict, errs).map(Action::Assign),
                None => {
                    errs.push(src.error(
                        r.action.span().start,
                        format!("escalation '{}' assigns but names nobody", r.id.get_ref()),
                        Some("add assign = \"AGENT NAME\" or assign = \"lead:GROUP\"".into()),
                    ));
                    None
                }
            },
            other => {
                errs.push(src.error(
                    r.action.span().start,
                    format!("unknown escalation action '{other}'"),
                    Some("use raise_priority, assign or flag".into()),
                ));
                None
            }
        };
        if let (Some(when), Some(action), true) = (when, action, errs.len() == before) {
            out.push(EscalationRule {
                id: r.id.get_ref().clone(),
                when,
                priorities,
                types,
                action,
            });
        }
    }
    out
}

fn assign_target(
    a: &Spanned<String>,
    routing: &Routing,
    src: &Source,
    strict: bool,
    errs: &mut Errors,
) -> Option<String> {
    let name = a.get_ref().trim();
    if name.is_empty() {
        errs.push(src.error(a.span().start, "assign names nobody", None));
        return None;
    }
    if let Some(group) = name.strip_prefix("lead:") {
        match routing.groups.iter().find(|g| g.id == group) {
            Some(g) if g.lead.is_some() => {}
            found => {
                if strict {
                    errs.push(src.error(
                        a.span().start,
                        match found {
                            Some(_) => format!("group '{group}' has no lead"),
                            None => format!("unknown group '{group}'"),
                        },
                        Some("set `lead` in its [[routing.groups]] entry, or name an agent".into()),
                    ));
                }
                return None;
            }
        }
    }
    Some(name.to_string())
}

fn build_replies(
    (raw, src, _): (Option<Vec<RawReply>>, &Source, bool),
    errs: &mut Errors,
) -> Vec<Reply> {
    let mut out = Vec::new();
    let mut seen = BTreeSet::new();
    for r in raw.unwrap_or_default() {
        let ok = check_id(&r.id, "reply", &mut seen, src, errs);
        let texts = [&r.text, &r.zh, &r.en];
        let mut good = true;
        for t in texts.into_iter().flatten() {
            if t.get_ref().trim().is_empty() {
                errs.push(src.error(t.span().start, "a reply needs some text", None));
                good = false;
            } else {
                good &= template(t, src, errs);
            }
        }
        let own = |t: &Option<Spanned<String>>| t.as_ref().map(|t| t.get_ref().clone());
        let (zh, en) = (own(&r.zh), own(&r.en));
        let text = own(&r.text).or_else(|| {
            let both: Vec<&str> = [&zh, &en].into_iter().flatten().map(|s| s.trim()).collect();
            (!both.is_empty()).then(|| both.join("\n"))
        });
        let Some(text) = text else {
            errs.push(src.error(
                r.id.span().start,
                format!("reply '{}' has no text", r.id.get_ref()),
                Some("give text = \"…\", or zh = \"…\" and en = \"…\"".into()),
            ));
            continue;
        };
        if good && ok {
            out.push(Reply {
                id: r.id.get_ref().clone(),
                title: r.title.clone(),
                text,
                zh,
                en,
            });
        }
    }
    out
}

fn build_macros(
    (raw, src, strict): (Option<Vec<RawMacro>>, &Source, bool),
    wf: Option<&Workflow>,
    replies: &[Reply],
    errs: &mut Errors,
) -> Vec<Macro> {
    let stages = wf.map(|w| w.all_stage_ids()).unwrap_or_default();
    let mut out = Vec::new();
    let mut seen = BTreeSet::new();
    for m in raw.unwrap_or_default() {
        let before = errs.len();
        check_id(&m.id, "macro", &mut seen, src, errs);
        if let Some(s) = &m.stage {
            if wf.is_some() && !stages.contains(s.get_ref()) {
                if !strict {
                    continue;
                }
                errs.push(src.error(
                    s.span().start,
                    format!(
                        "macro '{}' moves to unknown stage '{}'",
                        m.id.get_ref(),
                        s.get_ref()
                    ),
                    Some(format!("stages: {}", stages.join(", "))),
                ));
            }
        }
        let prio = m.priority.as_ref().and_then(|p| priority(p, src, errs));
        if let Some(r) = &m.reply {
            if !replies.iter().any(|x| &x.id == r.get_ref()) {
                let ids: Vec<&str> = replies.iter().map(|x| x.id.as_str()).collect();
                errs.push(src.error(
                    r.span().start,
                    format!(
                        "macro '{}' names unknown reply '{}'",
                        m.id.get_ref(),
                        r.get_ref()
                    ),
                    Some(format!("replies: {}", ids.join(", "))),
                ));
            }
        }
        if m.stage.is_none() && m.priority.is_none() && m.assignee.is_none() && m.reply.is_none() {
            errs.push(src.error(
                m.id.span().start,
                format!("macro '{}' does nothing", m.id.get_ref()),
                Some("give it a stage, priority, assignee or reply".into()),
            ));
        }
        if errs.len() == before {
            out.push(Macro {
                id: m.id.get_ref().clone(),
                title: m.title.clone().unwrap_or_else(|| m.id.get_ref().clone()),
                key: m.key.clone().filter(|k| !k.trim().is_empty()),
                stage: m.stage.as_ref().map(|s| s.get_ref().clone()),
                priority: prio,
                assignee: m.assignee.as_ref().map(|a| a.get_ref().trim().to_string()),
                reply: m.reply.as_ref().map(|r| r.get_ref().clone()),
            });
        }
    }
    out
}

fn build_updates(
    (raw, src, strict): (Option<RawUpdates>, &Source, bool),
    wf: Option<&Workflow>,
    errs: &mut Errors,
) -> BTreeMap<String, BTreeMap<String, StageUpdate>> {
    let mut out = BTreeMap::new();
    for (flow, stages) in raw.unwrap_or_default() {
        let def = wf.and_then(|w| w.flows.get(flow.get_ref()));
        if wf.is_some() && def.is_none() {
            if strict {
                let flows: Vec<&String> = wf.map(|w| w.flows.keys().collect()).unwrap_or_default();
                errs.push(src.error(
                    flow.span().start,
                    format!("[updates.{}] names an unknown flow", flow.get_ref()),
                    Some(format!(
                        "flows: {}",
                        flows.iter().map(|f| f.as_str()).collect::<Vec<_>>().join(", ")
                    )),
                ));
            }
            continue;
        }
        let mut per_stage = BTreeMap::new();
        for (stage, u) in stages {
            if def.is_some_and(|f| f.stage(stage.get_ref()).is_none()) {
                if strict {
                    let ids: Vec<&str> = def
                        .map(|f| f.stages.iter().map(|s| s.id.as_str()).collect())
                        .unwrap_or_default();
                    errs.push(src.error(
                        stage.span().start,
                        format!(
                            "flow '{}' has no stage '{}'",
                            flow.get_ref(),
                            stage.get_ref()
                        ),
                        Some(format!("stages: {}", ids.join(", "))),
                    ));
                }
                continue;
            }
            let mut ok = true;
            for t in [&u.zh, &u.en].into_iter().flatten() {
                ok &= template(t, src, errs);
            }
            let text = |t: &Option<Spanned<String>>| {
                t.as_ref().map(|s| s.get_ref().clone()).unwrap_or_default()
            };
            let upd = StageUpdate {
                zh: text(&u.zh),
                en: text(&u.en),
            };
            if upd.text().is_empty() {
                errs.push(src.error(
                    stage.span().start,
                    format!("the update for stage '{}' has no text", stage.get_ref()),
                    Some("write zh = \"…\" and/or en = \"…\"".into()),
                ));
                ok = false;
            }
            if ok {
                per_stage.insert(stage.get_ref().clone(), upd);
            }
        }
        out.insert(flow.get_ref().clone(), per_stage);
    }
    out
}

fn build_categories(
    (raw, src, _): (Option<Vec<RawCategory>>, &Source, bool),
    errs: &mut Errors,
) -> Vec<ProblemCategory> {
    let mut out = Vec::new();
    let mut seen = BTreeSet::new();
    for c in raw.unwrap_or_default() {
        let ok = check_id(&c.id, "problem category", &mut seen, src, errs);
        let keywords: Vec<String> = c
            .keywords
            .iter()
            .map(|k| k.get_ref().trim().to_lowercase())
            .filter(|k| !k.is_empty())
            .collect();
        if keywords.is_empty() {
            errs.push(src.error(
                c.id.span().start,
                format!("problem category '{}' has no keywords", c.id.get_ref()),
                Some("list words of ticket titles, e.g. keywords = [\"打印\", \"printer\"]".into()),
            ));
            continue;
        }
        if ok {
            out.push(ProblemCategory {
                id: c.id.get_ref().clone(),
                en: c.en.clone(),
                zh: c.zh.clone().unwrap_or_else(|| c.en.clone()),
                keywords,
            });
        }
    }
    out
}

#[cfg(test)]
#[path = "service_tests.rs"]
mod tests;
