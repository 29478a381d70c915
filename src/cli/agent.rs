//! `aftercare agent show|edit|workload|rank|history` (`new` and `list` are in people.rs).

use super::output::{self, ts, Record};
use super::{AgentCmd, AgentEditArgs, Format};
use crate::domain::team::weekdays_text;
use crate::domain::workload::{render_text, DayCell, HeatRow, Ranked};
use crate::error::Result;
use crate::ops::{AgentEdit, AgentInput, AgentLoad, AgentProfile, Desk, Ranking};
use serde_json::{json, Value};

fn pct(share: Option<f64>) -> String {
    share
        .map(|s| format!("{:.0}%", s * 100.0))
        .unwrap_or_else(|| "-".into())
}

fn hours(h: f64) -> String {
    format!("{:.1}", h)
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

fn day_json(c: &DayCell) -> Value {
    json!({
        "date": c.date.to_string(),
        "available": c.available,
        "ticket_hours": round2(c.ticket_hours),
        "task_hours": round2(c.task_hours),
        "load_hours": round2(c.load_hours()),
        "capacity_hours": round2(c.capacity_hours),
        "share": c.share().map(round2),
        "level": c.level().as_str(),
    })
}

fn load_json(l: &AgentLoad, row: Option<&HeatRow>) -> Value {
    let mut v = json!({
        "agent_id": l.agent.id,
        "name": l.agent.name,
        "open_tickets": l.open_tickets,
        "near_sla": l.near_sla,
        "past_sla": l.past_sla,
        "ticket_hours": round2(l.ticket_hours),
        "task_hours": round2(l.task_hours),
        "capacity_hours": round2(l.capacity_hours),
        "load_share": l.share.map(round2),
        "over_capacity": l.over_capacity(),
        "tasks_due": l.tasks_due,
        "tasks_late": l.tasks_late,
        "today": l.today.as_str(),
        "back_on": l.back_on.map(|d| d.to_string()),
    });
    if let Some(r) = row {
        v["overload_streak"] = json!(r.overload_streak);
        v["overload_flag"] = json!(r.flagged);
        v["over_days"] = json!(r.over_days());
        v["days"] = r.cells.iter().map(day_json).collect();
    }
    v
}

/// A row of `agent workload`.
struct LoadRow<'a>(&'a AgentLoad, &'a HeatRow);

impl Record for LoadRow<'_> {
    fn headers() -> Vec<&'static str> {
        vec![
            "agent",
            "open",
            "near_sla",
            "past_sla",
            "tickets_h",
            "tasks_h",
            "capacity_h",
            "load",
            "tasks_due",
            "today",
            "overload",
        ]
    }
    fn cells(&self) -> Vec<String> {
        let (l, r) = (self.0, self.1);
        vec![
            l.agent.name.clone(),
            l.open_tickets.to_string(),
            l.near_sla.to_string(),
            l.past_sla.to_string(),
            hours(l.ticket_hours),
            hours(l.task_hours),
            hours(l.capacity_hours),
            pct(l.share),
            l.tasks_due.to_string(),
            l.today.as_str().into(),
            if r.flagged {
                format!("{} days in a row", r.overload_streak)
            } else {
                String::new()
            },
        ]
    }
    fn json(&self) -> Value {
        load_json(self.0, Some(self.1))
    }
}

/// A row of `agent rank`.
struct RankRow<'a>(usize, &'a Ranked);

impl Record for RankRow<'_> {
    fn headers() -> Vec<&'static str> {
        vec![
            "rank",
            "agent",
            "score",
            "skill",
            "load",
            "open",
            "available",
            "why",
        ]
    }
    fn cells(&self) -> Vec<String> {
        let r = self.1;
        vec![
            self.0.to_string(),
            r.name.clone(),
            format!("{:.2}", r.score),
            format!("{:.2}", r.skill_score),
            pct(r.load_share),
            r.open_tickets.to_string(),
            if r.available { "yes" } else { "no" }.into(),
            r.reasons.join("; "),
        ]
    }
    fn json(&self) -> Value {
        let r = self.1;
        json!({
            "rank": self.0,
            "agent_id": r.agent_id,
            "name": r.name,
            "score": round2(r.score),
            "skill_score": round2(r.skill_score),
            "load_score": round2(r.load_score),
            "load_share": r.load_share.map(round2),
            "open_tickets": r.open_tickets,
            "matched_skills": r.matched.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
            "available": r.available,
            "today": r.today.as_str(),
            "in_group": r.in_group,
            "reasons": r.reasons,
        })
    }
}

fn profile_json(p: &AgentProfile) -> Value {
    let mut v = p.agent.json();
    v["skills"] = p
        .skills
        .iter()
        .map(|s| json!({"name": s.name, "level": s.level}))
        .collect();
    v["workdays"] = json!(p.workdays.as_ref().map(weekdays_text));
    v["ooo"] = p
        .ooo
        .iter()
        .map(|o| json!({"id": o.id, "start": o.start.to_string(), "end": o.end.to_string(), "note": o.note}))
        .collect();
    v
}

fn profile_lines(p: &AgentProfile) -> Vec<(&'static str, String)> {
    let a = &p.agent;
    vec![
        ("id", a.id.to_string()),
        ("name", a.name.clone()),
        ("email", a.email.clone().unwrap_or_default()),
        ("groups", a.groups.join(", ")),
        (
            "skills",
            p.skills
                .iter()
                .map(|s| s.to_string())
                .collect::<Vec<_>>()
                .join(", "),
        ),
        ("capacity", format!("{} h/week", a.capacity_hours)),
        (
            "workdays",
            p.workdays
                .as_ref()
                .map(weekdays_text)
                .unwrap_or_else(|| "team calendar".into()),
        ),
        (
            "out_of_office",
            p.ooo
                .iter()
                .map(|o| {
                    let span = if o.start == o.end {
                        o.start.to_string()
                    } else {
                        format!("{}..{}", o.start, o.end)
                    };
                    if o.note.is_empty() {
                        span
                    } else {
                        format!("{span} ({})", o.note)
                    }
                })
                .collect::<Vec<_>>()
                .join(", "),
        ),
        ("active", a.active.to_string()),
        ("version", a.version.to_string()),
    ]
}

fn print_lines(lines: &[(&str, String)]) -> Result<()> {
    let w = lines.iter().map(|(k, _)| k.len()).max().unwrap_or(0);
    let text: String = lines
        .iter()
        .map(|(k, v)| format!("{k:w$}  {}\n", crate::domain::text::one_line(v)))
        .collect();
    output::emit(&text)
}

fn show(desk: &Desk, key: &str, f: Format) -> Result<()> {
    let p = desk.agent_profile(key)?;
    let load = desk.workload(1)?;
    let mine = load.agents.iter().find(|l| l.agent.id == p.agent.id);
    let minutes = desk.minutes_this_week(p.agent.id)?;
    let timer = desk
        .timers()?
        .into_iter()
        .find(|t| t.agent_id == p.agent.id);
    match f {
        Format::Json => {
            let mut v = profile_json(&p);
            v["load"] = mine
                .map(|l| load_json(l, Some(&load.grid.rows[l.row])))
                .unwrap_or(Value::Null);
            v["minutes_this_week"] = json!(minutes);
            v["timer"] = timer
                .as_ref()
                .map(|t| json!({"work": t.work.kind(), "id": t.work.id(), "started_at": ts(Some(t.started_at))}))
                .unwrap_or(Value::Null);
            output::json(&v)
        }
        Format::Csv => output::one(f, &p.agent),
        Format::Table | Format::Md | Format::Html => {
            let mut lines = profile_lines(&p);
            if let Some(l) = mine {
                lines.push((
                    "load",
                    format!(
                        "{} of capacity over {} days ({} h tickets + {} h tasks / {} h)",
                        pct(l.share),
                        load.window_days,
                        hours(l.ticket_hours),
                        hours(l.task_hours),
                        hours(l.capacity_hours)
                    ),
                ));
                lines.push((
                    "open_tickets",
                    format!(
                        "{} ({} near SLA, {} past SLA)",
                        l.open_tickets, l.near_sla, l.past_sla
                    ),
                ));
                lines.push((
                    "tasks_due",
                    format!("{} in 7 days ({} late)", l.tasks_due, l.tasks_late),
                ));
                lines.push(("today", l.today.as_str().into()));
            }
            lines.push((
                "this_week",
                format!("{}h{:02}m logged", minutes / 60, minutes % 60),
            ));
            if let Some(t) = timer {
                lines.push((
                    "timer",
                    format!(
                        "{} since {}",
                        t.work,
                        crate::domain::time::short(t.started_at)
                    ),
                ));
            }
            print_lines(&lines)?;
            if let Some(l) = mine {
                let one = crate::domain::workload::HeatGrid {
                    days: load.grid.days.clone(),
                    rows: vec![load.grid.rows[l.row].clone()],
                    streak_days: load.grid.streak_days,
                };
                output::emit(&format!("\n{}", render_text(&one)))?;
            }
            Ok(())
        }
    }
}

fn edit(desk: &mut Desk, e: &AgentEditArgs, f: Format) -> Result<()> {
    let p = desk.edit_agent(
        &e.agent,
        AgentEdit {
            email: e.email.clone(),
            groups: e.groups.clone(),
            skills: e.skills.clone(),
            capacity_hours: e.capacity,
            workdays: e.workdays.clone(),
            active: e.active,
            clear_ooo: e.clear_ooo,
            add_ooo: e.ooo.clone(),
            ooo_note: e.ooo_note.clone(),
        },
        e.if_version,
    )?;
    match f {
        Format::Json => output::json(&profile_json(&p)),
        Format::Csv => output::one(f, &p.agent),
        Format::Table | Format::Md | Format::Html => output::emit(&format!(
            "agent {} updated (version {})\n",
            p.agent.name, p.agent.version
        )),
    }
}

fn workload(desk: &Desk, weeks: u32, f: Format) -> Result<()> {
    let w = desk.workload(weeks)?;
    let rows: Vec<LoadRow> = w
        .agents
        .iter()
        .map(|l| LoadRow(l, &w.grid.rows[l.row]))
        .collect();
    output::list(f, &rows)?;
    if matches!(f, Format::Table | Format::Md | Format::Html) {
        output::emit(&format!(
            "\nload = open tickets by priority weight + task hours in the next {} days, over capacity in those days\n\n{}",
            w.window_days,
            render_text(&w.grid)
        ))?;
    }
    Ok(())
}

fn rank(desk: &Desk, ticket: i64, f: Format) -> Result<()> {
    let r: Ranking = desk.rank_agents(ticket)?;
    let rows: Vec<RankRow> = r
        .ranked
        .iter()
        .enumerate()
        .map(|(i, x)| RankRow(i + 1, x))
        .collect();
    match f {
        Format::Json => output::json(&json!({
            "ticket_id": r.ticket_id,
            "group": r.group,
            "round_robin": r.round_robin,
            "ranked": rows.iter().map(Record::json).collect::<Vec<_>>(),
        })),
        Format::Csv => output::list(f, &rows),
        Format::Table | Format::Md | Format::Html => {
            let mut head = format!("ticket #{}", r.ticket_id);
            if let Some(g) = &r.group {
                head.push_str(&format!(" · group {g}"));
                if r.round_robin {
                    head.push_str(" (round-robin: --auto takes turns)");
                }
            }
            // Reasons go below the table, one agent a line, so none is cut short.
            let cells: Vec<Vec<String>> = rows
                .iter()
                .map(|r| {
                    let mut c = r.cells();
                    c.pop();
                    c
                })
                .collect();
            let mut headers = RankRow::headers();
            headers.pop();
            let mut text = format!("{head}\n{}", output::table(&headers, &cells));
            for r in &rows {
                text.push_str(&format!(
                    "\n{}. {}: {}",
                    r.0,
                    r.1.name,
                    r.1.reasons.join("; ")
                ));
            }
            output::emit(&(text + "\n"))
        }
    }
}

/// Runs an agent command.
pub fn run(desk: &mut Desk, cmd: &AgentCmd, f: Format) -> Result<()> {
    match cmd {
        AgentCmd::Show { agent } => show(desk, agent, f),
        AgentCmd::Edit(e) => edit(desk, e, f),
        AgentCmd::Workload { weeks } => workload(desk, *weeks, f),
        AgentCmd::Rank { ticket } => rank(desk, *ticket, f),
        AgentCmd::History { agent } => output::list(f, &desk.agent_history(agent)?),
        AgentCmd::New(n) => {
            let a = desk.create_agent(AgentInput {
                name: n
                    .name
                    .clone()
                    .or_else(|| n.positional.clone())
                    .unwrap_or_default(),
                email: n.email.clone(),
                groups: n.groups.clone(),
                skills: n.skills.clone(),
                capacity_hours: n.capacity,
            })?;
            match f {
                Format::Table => output::emit(&format!("{}\n", a.id)),
                _ => output::one(f, &a),
            }
        }
        AgentCmd::List => output::list(f, &desk.agents()?),
    }
}
