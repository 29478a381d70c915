//! Turns the raw TOML model into a validated `Config`, collecting every problem.

use super::raw::{RawConfig, RawFlow, RawSla, RawWorkflow};
use super::{Config, ConfigError, JournalMode, KeyBinding, Source, StorageConfig, UiConfig};
use crate::domain::sla::{Calendar, SlaPolicy, Target};
use crate::domain::ticket::Priority;
use crate::domain::workflow::{Flow, Stage, StageKind, TicketType, Workflow};
use chrono::NaiveTime;
use std::collections::{BTreeMap, BTreeSet};
use toml::Spanned;

type Errors = Vec<ConfigError>;

/// Builds the config: each section from the user's file, or the default when absent;
/// `[keys]` merges key by key over the defaults.
pub fn build(
    user: RawConfig,
    user_src: &Source,
    default: RawConfig,
    default_src: &Source,
) -> Result<Config, Errors> {
    let mut errs = Vec::new();
    let pick = |u: bool| if u { user_src } else { default_src };

    let wf_src = pick(user.workflow.is_some());
    let workflow = user
        .workflow
        .or(default.workflow)
        .map(|w| build_workflow(w, wf_src, &mut errs));
    let sla_strict = user.sla.is_some();
    let sla_src = pick(sla_strict);
    let raw_sla = user.sla.or(default.sla);
    let escalations = raw_sla
        .as_ref()
        .map(|s| s.escalations.clone())
        .unwrap_or_default();
    let sla = raw_sla.map(|s| build_sla(s, sla_src, &mut errs));
    let ui_src = pick(user.ui.is_some());
    let ui = build_ui(user.ui.or(default.ui), ui_src, &mut errs);
    let st_src = pick(user.storage.is_some());
    let storage = build_storage(user.storage.or(default.storage), st_src, &mut errs);

    let rt_strict = user.routing.is_some();
    let routing = super::routing::build(
        user.routing.or(default.routing),
        pick(rt_strict),
        workflow.as_ref().and_then(|w| w.as_ref()),
        rt_strict,
        &mut errs,
    );
    let team_src = pick(user.team.is_some());
    let team = super::team::build(user.team.or(default.team), team_src, &routing, &mut errs);
    let pb_src = pick(user.playbooks.is_some());
    let playbooks =
        super::playbooks::build(user.playbooks.or(default.playbooks), pb_src, &mut errs);

    let section = |x: bool| (pick(x), x);
    let service = {
        let (es, e) = section(sla_strict);
        let (rs, r) = section(user.replies.is_some());
        let (ms, m) = section(user.macros.is_some());
        let (us, up) = section(user.updates.is_some());
        let (cs, c) = section(user.problem_categories.is_some());
        super::service::build(
            super::service::Sections {
                escalations: (escalations, es, e),
                replies: (user.replies.or(default.replies), rs, r),
                macros: (user.macros.or(default.macros), ms, m),
                updates: (user.updates.or(default.updates), us, up),
                categories: (
                    user.problem_categories.or(default.problem_categories),
                    cs,
                    c,
                ),
            },
            workflow.as_ref().and_then(|w| w.as_ref()),
            &routing,
            &mut errs,
        )
    };

    let mail_src = pick(user.mail.is_some());
    let mail = super::mail::build(
        user.mail.or(default.mail),
        mail_src,
        &service.replies,
        &mut errs,
    );

    // Views merge like keys: the user's replace a default of the same name.
    let mut views: Vec<(String, String)> = Vec::new();
    for (src, raw) in [(default_src, default.views), (user_src, user.views)] {
        for (name, query) in raw.unwrap_or_default() {
            if let Err(e) = crate::domain::filter::Filter::parse(query.get_ref()) {
                errs.push(src.error(
                    query.span().start,
                    format!("view '{}': {e}", name.get_ref()),
                    Some("a view is a filter, e.g. \"assignee:me priority:>=high is:open\"".into()),
                ));
                continue;
            }
            views.retain(|(n, _)| n != name.get_ref());
            views.push((name.get_ref().clone(), query.get_ref().clone()));
        }
    }

    let mut keys = Vec::new();
    for (src, raw) in [(default_src, default.keys), (user_src, user.keys)] {
        for (ctx, table) in raw.unwrap_or_default() {
            for (k, cmd) in table {
                let pos = src.error(k.span().start, "", None);
                keys.push(KeyBinding {
                    context: ctx.get_ref().clone(),
                    keys: k.get_ref().clone(),
                    command: cmd.get_ref().clone(),
                    file: src.name.clone(),
                    line: pos.line,
                    column: pos.column,
                });
            }
        }
    }

    match (workflow, sla) {
        (Some(Some(workflow)), Some(Some(sla))) if errs.is_empty() => Ok(Config {
            workflow,
            sla,
            keys,
            ui,
            storage,
            routing,
            team,
            playbooks,
            service,
            views,
            mail,
            source: user_src.name.clone(),
        }),
        _ => {
            if errs.is_empty() {
                errs.push(user_src.error(
                    0,
                    "the [workflow] and [sla] sections are required",
                    None,
                ));
            }
            Err(errs)
        }
    }
}

fn build_workflow(w: RawWorkflow, src: &Source, errs: &mut Errors) -> Option<Workflow> {
    let before = errs.len();
    let mut flows = BTreeMap::new();
    for (name, raw) in &w.flows {
        if let Some(flow) = build_flow(name, raw, src, errs) {
            flows.insert(name.get_ref().clone(), flow);
        }
    }
    let flow_names: Vec<String> = w.flows.keys().map(|k| k.get_ref().clone()).collect();
    if !flow_names.contains(w.default_flow.get_ref()) {
        errs.push(src.error(
            w.default_flow.span().start,
            format!("default_flow '{}' is not a flow", w.default_flow.get_ref()),
            Some(format!("defined flows: {}", flow_names.join(", "))),
        ));
    }
    let mut types = Vec::new();
    let mut seen = BTreeSet::new();
    for t in &w.types {
        if !seen.insert(t.id.get_ref().clone()) {
            errs.push(src.error(
                t.id.span().start,
                format!("ticket type '{}' is defined twice", t.id.get_ref()),
                None,
            ));
        }
        let flow = match &t.flow {
            Some(f) if !flow_names.contains(f.get_ref()) => {
                errs.push(src.error(
                    f.span().start,
                    format!(
                        "type '{}' names an unknown flow '{}'",
                        t.id.get_ref(),
                        f.get_ref()
                    ),
                    Some(format!("defined flows: {}", flow_names.join(", "))),
                ));
                continue;
            }
            Some(f) => f.get_ref().clone(),
            None => w.default_flow.get_ref().clone(),
        };
        types.push(TicketType {
            id: t.id.get_ref().clone(),
            en: t.en.clone(),
            zh: t.zh.clone().unwrap_or_else(|| t.en.clone()),
            flow,
        });
    }
    if types.is_empty() {
        errs.push(src.error(
            0,
            "[workflow] needs at least one [[workflow.types]] entry",
            None,
        ));
    }
    let default_type = match &w.default_type {
        Some(dt) if !seen.contains(dt.get_ref()) => {
            errs.push(src.error(
                dt.span().start,
                format!("default_type '{}' is not a ticket type", dt.get_ref()),
                Some(format!(
                    "types: {}",
                    seen.iter().cloned().collect::<Vec<_>>().join(", ")
                )),
            ));
            String::new()
        }
        Some(dt) => dt.get_ref().clone(),
        None => types.first().map(|t| t.id.clone()).unwrap_or_default(),
    };
    (errs.len() == before).then(|| Workflow {
        flows,
        types,
        default_flow: w.default_flow.get_ref().clone(),
        default_type,
    })
}

fn build_flow(
    name: &Spanned<String>,
    raw: &RawFlow,
    src: &Source,
    errs: &mut Errors,
) -> Option<Flow> {
    let before = errs.len();
    let fname = name.get_ref();
    let mut ids: BTreeSet<String> = BTreeSet::new();
    let mut stages = Vec::new();
    for s in &raw.stages {
        let id = s.id.get_ref();
        if !valid_id(id) {
            errs.push(src.error(
                s.id.span().start,
                format!("stage id '{id}' must be lowercase letters, digits, '_' or '-'"),
                None,
            ));
        }
        if !ids.insert(id.clone()) {
            errs.push(src.error(
                s.id.span().start,
                format!("duplicate stage '{id}' in flow '{fname}'"),
                Some("each stage id must be unique within its flow".into()),
            ));
        }
        let Some(kind) = StageKind::parse(s.kind.get_ref()) else {
            errs.push(src.error(
                s.kind.span().start,
                format!("unknown stage kind '{}'", s.kind.get_ref()),
                Some("use open, waiting, resolved or closed".into()),
            ));
            continue;
        };
        let limit = s.limit_hours.as_ref().map(|l| *l.get_ref()).unwrap_or(0.0);
        if limit < 0.0 {
            let at = s.limit_hours.as_ref().map(|l| l.span().start).unwrap_or(0);
            errs.push(src.error(at, "limit_hours cannot be negative", None));
        }
        stages.push(Stage {
            id: id.clone(),
            en: s.en.clone(),
            zh: s.zh.clone().unwrap_or_else(|| s.en.clone()),
            kind,
            clock: s.clock.unwrap_or(kind == StageKind::Open),
            limit_hours: limit,
            next: s.next.iter().map(|n| n.get_ref().clone()).collect(),
        });
    }
    let known = ids.iter().cloned().collect::<Vec<_>>().join(", ");
    for s in &raw.stages {
        for n in &s.next {
            if !ids.contains(n.get_ref()) {
                errs.push(src.error(
                    n.span().start,
                    format!(
                        "stage '{}' moves to unknown stage '{}' in flow '{fname}'",
                        s.id.get_ref(),
                        n.get_ref()
                    ),
                    Some(format!("stages of this flow: {known}")),
                ));
            }
        }
    }
    if !ids.contains(raw.initial.get_ref()) {
        errs.push(src.error(
            raw.initial.span().start,
            format!(
                "initial stage '{}' is not a stage of flow '{fname}'",
                raw.initial.get_ref()
            ),
            Some(format!("stages of this flow: {known}")),
        ));
    }
    if errs.len() > before {
        return None;
    }
    let mut flow = Flow {
        id: fname.clone(),
        initial: raw.initial.get_ref().clone(),
        stages,
        customer_reply: Default::default(),
    };
    flow.customer_reply = super::reply_rules::build(raw, &flow, src, errs);
    let reachable = flow.reachable();
    for s in &raw.stages {
        if !reachable.contains(s.id.get_ref()) {
            errs.push(src.error(
                s.id.span().start,
                format!(
                    "stage '{}' cannot be reached from '{}' in flow '{fname}'",
                    s.id.get_ref(),
                    flow.initial
                ),
                Some("add it to the `next` list of an earlier stage, or remove it".into()),
            ));
        }
    }
    if !flow.stages.iter().any(|s| s.kind == StageKind::Closed) {
        errs.push(src.error(
            name.span().start,
            format!("flow '{fname}' has no stage of kind \"closed\""),
            Some("every ticket must be able to end: add a stage with kind = \"closed\"".into()),
        ));
    } else {
        for dead in flow.dead_ends() {
            if let Some(s) = raw.stages.iter().find(|s| s.id.get_ref() == &dead) {
                errs.push(
                    src.error(
                        s.id.span().start,
                        format!("no path from stage '{dead}' to a closed stage in flow '{fname}'"),
                        Some(
                            "give it (or a stage after it) a `next` that leads to a closed stage"
                                .into(),
                        ),
                    ),
                );
            }
        }
    }
    (errs.len() == before).then_some(flow)
}

fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-')
}

fn build_sla(s: RawSla, src: &Source, errs: &mut Errors) -> Option<SlaPolicy> {
    let before = errs.len();
    let tz = match s.timezone.get_ref().parse::<chrono_tz::Tz>() {
        Ok(tz) => Some(tz),
        Err(_) => {
            errs.push(src.error(
                s.timezone.span().start,
                format!("unknown time zone '{}'", s.timezone.get_ref()),
                Some("use an IANA name such as Asia/Shanghai or Europe/Berlin".into()),
            ));
            None
        }
    };
    let mut workdays = [false; 7];
    for d in &s.workdays {
        let idx = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
            .iter()
            .position(|n| d.get_ref().to_lowercase().starts_with(n));
        match idx {
            Some(i) => workdays[i] = true,
            None => errs.push(src.error(
                d.span().start,
                format!("unknown weekday '{}'", d.get_ref()),
                Some("use mon, tue, wed, thu, fri, sat, sun".into()),
            )),
        }
    }
    if !workdays.iter().any(|w| *w) && errs.len() == before {
        errs.push(src.error(
            0,
            "[sla] workdays is empty",
            Some("list at least one working day".into()),
        ));
    }
    let time = |t: &Spanned<String>, errs: &mut Errors| {
        NaiveTime::parse_from_str(t.get_ref(), "%H:%M")
            .map_err(|_| {
                errs.push(src.error(
                    t.span().start,
                    format!("'{}' is not a time of day", t.get_ref()),
                    Some("write hours and minutes, e.g. \"09:00\"".into()),
                ))
            })
            .ok()
    };
    let start = time(&s.day_start, errs);
    let end = time(&s.day_end, errs);
    if let (Some(a), Some(b)) = (start, end) {
        if b <= a {
            errs.push(src.error(
                s.day_end.span().start,
                "day_end must be after day_start",
                None,
            ));
        }
    }
    let dates = |list: &[Spanned<String>], errs: &mut Errors| {
        let mut out = BTreeSet::new();
        for d in list {
            match crate::domain::time::parse_day(d.get_ref()) {
                Some(date) => {
                    out.insert(date);
                }
                None => errs.push(src.error(
                    d.span().start,
                    format!("'{}' is not a date", d.get_ref()),
                    Some("write dates as YYYY-MM-DD".into()),
                )),
            }
        }
        out
    };
    let hours = super::service::weekday_hours(&s.hours, &workdays, src, errs);
    let holidays = dates(&s.holidays, errs);
    let extra_workdays = dates(&s.extra_workdays, errs);
    let warn_at = match &s.warn_at {
        Some(w) if !(0.0..=1.0).contains(w.get_ref()) => {
            errs.push(src.error(w.span().start, "warn_at must be between 0.0 and 1.0", None));
            0.75
        }
        Some(w) => *w.get_ref(),
        None => 0.75,
    };
    let goal = match &s.goal {
        Some(g) if !(0.0..=1.0).contains(g.get_ref()) => {
            errs.push(src.error(
                g.span().start,
                "goal must be between 0.0 and 1.0",
                Some("the share of tickets that should meet their targets, e.g. goal = 0.9".into()),
            ));
            0.9
        }
        Some(g) => *g.get_ref(),
        None => 0.9,
    };
    let mut targets = BTreeMap::new();
    for (p, t) in &s.targets {
        match p.get_ref().parse::<Priority>() {
            Ok(pr) => {
                for v in [&t.first_response_hours, &t.resolution_hours] {
                    if *v.get_ref() < 0.0 {
                        errs.push(src.error(
                            v.span().start,
                            "target hours cannot be negative",
                            None,
                        ));
                    }
                }
                targets.insert(
                    pr,
                    Target {
                        first_response_hours: *t.first_response_hours.get_ref(),
                        resolution_hours: *t.resolution_hours.get_ref(),
                    },
                );
            }
            Err(_) => errs.push(src.error(
                p.span().start,
                format!("unknown priority '{}' in [sla.targets]", p.get_ref()),
                Some("use low, normal, high or urgent".into()),
            )),
        }
    }
    if errs.len() > before {
        return None;
    }
    Some(SlaPolicy {
        calendar: Calendar {
            tz: tz?,
            workdays,
            day_start: start?,
            day_end: end?,
            holidays,
            extra_workdays,
            hours,
        },
        targets,
        warn_at,
        goal,
    })
}

fn build_ui(raw: Option<super::raw::RawUi>, src: &Source, errs: &mut Errors) -> UiConfig {
    let mut ui = UiConfig {
        language: "en".into(),
        theme: "dark".into(),
        refresh_ms: 1000,
        agent: None,
    };
    let Some(raw) = raw else { return ui };
    if let Some(l) = raw.language {
        // Locale spellings (zh-CN, zh_Hans, en-GB) name the same two languages.
        let base = l
            .get_ref()
            .split(['-', '_'])
            .next()
            .unwrap_or("")
            .to_lowercase();
        match base.as_str() {
            "en" | "zh" => ui.language = base,
            _ => errs.push(src.error(
                l.span().start,
                format!("unknown language '{}'", l.get_ref()),
                Some("use \"en\" or \"zh\" (zh-CN and en-US work too)".into()),
            )),
        }
    }
    if let Some(t) = raw.theme {
        match t.get_ref().as_str() {
            "dark" | "light" => ui.theme = t.get_ref().clone(),
            other => errs.push(src.error(
                t.span().start,
                format!("unknown theme '{other}'"),
                Some("use \"dark\" or \"light\"".into()),
            )),
        }
    }
    if let Some(r) = raw.refresh_ms {
        ui.refresh_ms = r.clamp(100, 60_000);
    }
    if let Some(a) = raw.agent {
        let name = a.get_ref().trim();
        if name.is_empty() {
            errs.push(src.error(
                a.span().start,
                "agent cannot be empty",
                Some(
                    "give your name as an agent (aftercare agent list), or remove the line".into(),
                ),
            ));
        } else {
            ui.agent = Some(name.to_string());
        }
    }
    ui
}

fn build_storage(
    raw: Option<super::raw::RawStorage>,
    src: &Source,
    errs: &mut Errors,
) -> StorageConfig {
    let mut st = StorageConfig::default();
    let Some(raw) = raw else { return st };
    if let Some(j) = raw.journal_mode {
        st.journal_mode = match j.get_ref().as_str() {
            "auto" => JournalMode::Auto,
            "wal" => JournalMode::Wal,
            "delete" => JournalMode::Delete,
            other => {
                errs.push(src.error(
                    j.span().start,
                    format!("unknown journal_mode '{other}'"),
                    Some("use \"auto\", \"wal\" or \"delete\"".into()),
                ));
                JournalMode::Auto
            }
        };
    }
    if let Some(b) = raw.busy_timeout_ms {
        st.busy_timeout_ms = b;
    }
    if let Some(u) = raw.url {
        let url = u.get_ref().trim();
        if url.is_empty() {
        } else if !crate::store::server::is_url(url) {
            errs.push(src.error(
                u.span().start,
                format!("[storage] url '{url}' is not a PostgreSQL URL"),
                Some(
                    "write postgres://USER@HOST:PORT/DATABASE, or leave url out for a file".into(),
                ),
            ));
        } else if crate::store::server::without_password(url) != url {
            errs.push(src.error(
                u.span().start,
                "[storage] url holds a password",
                Some(
                    "remove it: give the password in PGPASSWORD, ~/.pgpass or [storage] password_cmd"
                        .into(),
                ),
            ));
        } else {
            st.url = Some(url.to_string());
        }
    }
    st.password_cmd = raw.password_cmd.filter(|c| !c.trim().is_empty());
    if let Some(b) = raw.query_budget_ms {
        st.query_budget_ms = b.clamp(100, 600_000);
    }
    st
}
