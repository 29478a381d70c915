//! `aftercare playbook list|show|start|status|step|history`: emergency plans (应急预案).

use super::output::{self, short, ts, Record};
use super::{Format, PlaybookCmd};
use crate::domain::playbook::{Incident, IncidentStep, Playbook};
use crate::error::Result;
use crate::ops::Desk;
use serde_json::{json, Value};

/// A playbook as listed.
struct PlaybookRow<'a>(&'a Playbook);

impl Record for PlaybookRow<'_> {
    fn headers() -> Vec<&'static str> {
        vec!["id", "steps", "within", "name", "name_zh"]
    }
    fn cells(&self) -> Vec<String> {
        let p = self.0;
        vec![
            p.id.clone(),
            p.steps.len().to_string(),
            minutes(p.steps.iter().map(|s| s.limit_minutes).max().unwrap_or(0)),
            p.en.clone(),
            p.zh.clone(),
        ]
    }
    fn json(&self) -> Value {
        let p = self.0;
        json!({
            "id": p.id,
            "name": p.en,
            "name_zh": p.zh,
            "steps": p.steps.iter().enumerate().map(|(i, s)| json!({
                "no": i + 1,
                "title": s.en,
                "title_zh": s.zh,
                "role": s.role,
                "person": s.person,
                "limit_minutes": s.limit_minutes,
            })).collect::<Vec<_>>(),
        })
    }
}

/// An incident at a moment (for overdue flags), in a language.
struct IncidentRow<'a> {
    inc: &'a Incident,
    now: i64,
    lang: &'a str,
}

fn step_json(s: &IncidentStep, now: i64) -> Value {
    json!({
        "no": s.no,
        "title": s.title_en,
        "title_zh": s.title_zh,
        "role": s.role,
        "person": s.person,
        "limit_minutes": s.limit_minutes,
        "due_at": ts(Some(s.due_at)),
        "done_at": ts(s.done_at),
        "done_by": s.done_by,
        "state": s.state(now).as_str(),
        "overdue": s.state(now) == crate::domain::playbook::StepState::Overdue,
    })
}

impl Record for IncidentRow<'_> {
    fn headers() -> Vec<&'static str> {
        vec![
            "id", "kind", "status", "done", "overdue", "started", "next", "name",
        ]
    }
    fn cells(&self) -> Vec<String> {
        let i = self.inc;
        let (done, total) = i.progress();
        vec![
            i.id.to_string(),
            if i.drill { "drill" } else { "incident" }.into(),
            i.status().into(),
            format!("{done}/{total}"),
            i.overdue(self.now).to_string(),
            short(Some(i.started_at)),
            i.next_step()
                .map(|s| format!("{}. {}", s.no, s.title(self.lang)))
                .unwrap_or_default(),
            i.name(self.lang).into(),
        ]
    }
    fn json(&self) -> Value {
        let i = self.inc;
        let (done, total) = i.progress();
        json!({
            "id": i.id,
            "playbook": i.playbook,
            "name": i.name_en,
            "name_zh": i.name_zh,
            "drill": i.drill,
            "ticket_id": i.ticket_id,
            "status": i.status(),
            "started_at": ts(Some(i.started_at)),
            "started_by": i.started_by,
            "closed_at": ts(i.closed_at),
            "version": i.version,
            "steps_done": done,
            "steps_total": total,
            "overdue": i.overdue(self.now),
            "steps": i.steps.iter().map(|s| step_json(s, self.now)).collect::<Vec<_>>(),
        })
    }
}

/// `90` → `1 h 30 min`, `2880` → `2 d`.
fn minutes(m: i64) -> String {
    let (d, h, min) = (m / 1440, m % 1440 / 60, m % 60);
    let mut parts = Vec::new();
    if d > 0 {
        parts.push(format!("{d} d"));
    }
    if h > 0 {
        parts.push(format!("{h} h"));
    }
    if min > 0 || parts.is_empty() {
        parts.push(format!("{min} min"));
    }
    parts.join(" ")
}

/// The checklist of an incident as a table.
fn checklist(i: &Incident, now: i64, lang: &str) -> String {
    let rows: Vec<Vec<String>> = i
        .steps
        .iter()
        .map(|s| {
            let state = s.state(now).as_str();
            vec![
                s.no.to_string(),
                if state == "overdue" {
                    "OVERDUE".into()
                } else {
                    state.into()
                },
                short(Some(s.due_at)),
                s.who().into(),
                match (&s.done_by, s.done_at) {
                    (Some(by), Some(at)) => format!("{by} {}", short(Some(at))),
                    _ => String::new(),
                },
                s.title(lang).into(),
            ]
        })
        .collect();
    output::table(&["no", "state", "due", "who", "done", "step"], &rows)
}

fn show_incident(desk: &Desk, i: &Incident, f: Format) -> Result<()> {
    let now = desk.now();
    let lang = desk.config.ui.language.as_str();
    let row = IncidentRow { inc: i, now, lang };
    if f != Format::Table {
        return output::one(f, &row);
    }
    let (done, total) = i.progress();
    let mut text = format!(
        "{} #{} · {} ({}) · {} · {done}/{total} done",
        if i.drill { "drill" } else { "incident" },
        i.id,
        i.name(lang),
        i.playbook,
        i.status(),
    );
    let overdue = i.overdue(now);
    if overdue > 0 {
        text.push_str(&format!(" · {overdue} overdue"));
    }
    text.push_str(&format!(
        "\nstarted {} by {}{}\n\n",
        short(Some(i.started_at)),
        i.started_by,
        i.ticket_id
            .map(|t| format!(" · ticket #{t}"))
            .unwrap_or_default()
    ));
    text.push_str(&checklist(i, now, lang));
    output::emit(&text)
}

/// Runs a playbook command.
pub fn run(desk: &mut Desk, cmd: &PlaybookCmd, f: Format) -> Result<()> {
    match cmd {
        PlaybookCmd::List => {
            let rows: Vec<PlaybookRow> = desk.playbooks().iter().map(PlaybookRow).collect();
            output::list(f, &rows)
        }
        PlaybookCmd::Show { name } => {
            let p = desk.playbook(name)?;
            if f != Format::Table {
                return output::one(f, &PlaybookRow(p));
            }
            let lang = desk.config.ui.language.as_str();
            let rows: Vec<Vec<String>> = p
                .steps
                .iter()
                .enumerate()
                .map(|(i, s)| {
                    vec![
                        (i + 1).to_string(),
                        minutes(s.limit_minutes),
                        s.person.clone().or(s.role.clone()).unwrap_or_default(),
                        if lang == "zh" {
                            s.zh.clone()
                        } else {
                            s.en.clone()
                        },
                    ]
                })
                .collect();
            output::emit(&format!(
                "{} · {} / {}\n\n{}",
                p.id,
                p.en,
                p.zh,
                output::table(&["no", "within", "who", "step"], &rows)
            ))
        }
        PlaybookCmd::Start {
            name,
            drill,
            ticket,
        } => {
            let i = desk.start_playbook(name, *drill, *ticket)?;
            show_incident(desk, &i, f)
        }
        PlaybookCmd::Status { incident, all } => match incident {
            Some(id) => show_incident(desk, &desk.incident(*id)?, f),
            None => {
                let list = desk.incidents(!*all, 200)?;
                let now = desk.now();
                let lang = desk.config.ui.language.as_str();
                if f == Format::Table && list.is_empty() {
                    eprintln!(
                        "no {}incidents; start one with: aftercare playbook start NAME",
                        if *all { "" } else { "active " }
                    );
                    return Ok(());
                }
                let rows: Vec<IncidentRow> = list
                    .iter()
                    .map(|inc| IncidentRow { inc, now, lang })
                    .collect();
                output::list(f, &rows)
            }
        },
        PlaybookCmd::Step {
            incident,
            step,
            undo,
            if_version,
            ..
        } => {
            let i = desk.set_incident_step(*incident, *step, !*undo, *if_version)?;
            show_incident(desk, &i, f)
        }
        PlaybookCmd::History { incident } => output::list(f, &desk.incident_history(*incident)?),
    }
}
