//! `aftercare task …` and `aftercare milestone …`

use super::output::{self, ts};
use super::{Format, MilestoneCmd, TaskCmd};
use crate::domain::records::Task;
use crate::error::{Error, Result};
use crate::ops::{Desk, MilestoneInput, ProjectPlan, TaskInput, TaskMove};
use serde_json::{json, Value};

/// A task as JSON, with its links and schedule from `plan`.
pub fn task_json(t: &Task, plan: &ProjectPlan) -> Value {
    let s = plan.schedule.task(t.id);
    let after: Vec<Value> = plan
        .links
        .iter()
        .filter(|l| l.task == t.id)
        .map(|l| json!({"id": l.after, "lag_days": l.lag}))
        .collect();
    json!({
        "id": t.id,
        "project_id": t.project_id,
        "milestone_id": t.milestone_id,
        "name": t.name,
        "owner": t.owner,
        "owner_id": t.owner_id,
        "planned_start": t.planned_start,
        "planned_end": t.planned_end,
        "estimate_hours": t.estimate_hours,
        "actual_start": t.actual_start,
        "actual_end": t.actual_end,
        "percent_done": t.percent_done,
        "status": t.status,
        "version": t.version,
        "after": after,
        "forecast_start": s.map(|s| s.forecast_start.to_string()),
        "forecast_end": s.map(|s| s.forecast_end.to_string()),
        "slippage_days": s.map(|s| s.slippage),
        "total_float_days": s.map(|s| s.total_float),
        "critical": s.is_some_and(|s| s.critical),
    })
}

fn task_row(t: &Task, plan: &ProjectPlan) -> Vec<String> {
    let s = plan.schedule.task(t.id);
    let after: Vec<String> = plan
        .links
        .iter()
        .filter(|l| l.task == t.id)
        .map(|l| {
            if l.lag == 0 {
                format!("#{}", l.after)
            } else {
                format!("#{}{:+}", l.after, l.lag)
            }
        })
        .collect();
    vec![
        format!(
            "{}{}",
            t.id,
            if s.is_some_and(|s| s.critical) {
                "*"
            } else {
                ""
            }
        ),
        t.project_id.to_string(),
        t.status.to_string(),
        format!("{}%", t.percent_done),
        output::day(t.planned_start),
        output::day(t.planned_end),
        s.map(|s| s.forecast_end.to_string()).unwrap_or_default(),
        s.map(|s| format!("{:+}", s.slippage)).unwrap_or_default(),
        after.join(","),
        t.owner.clone().unwrap_or_default(),
        t.name.clone(),
    ]
}

const HEADERS: &[&str] = &[
    "id", "project", "status", "done", "start", "end", "forecast", "slip", "after", "owner", "name",
];

/// The tasks of a plan as an aligned table (critical ids marked `*`).
pub fn task_table(plan: &ProjectPlan) -> String {
    let rows: Vec<Vec<String>> = plan.tasks.iter().map(|t| task_row(t, plan)).collect();
    output::table(HEADERS, &rows)
}

/// `--by 3`, `3d`, `-2d`: working days.
fn parse_shift(s: &str) -> Result<i64> {
    let t = s.trim();
    let t = t.strip_suffix('d').unwrap_or(t);
    t.parse::<i64>().map_err(|_| {
        Error::invalid(
            format!("'{s}' is not a number of days"),
            "write --by 3d (or -2d to move earlier)",
        )
    })
}

fn print_task(desk: &Desk, f: Format, t: &Task, message: String) -> Result<()> {
    match f {
        Format::Json => output::json(&task_json(t, &desk.project_plan(t.project_id)?)),
        Format::Csv => {
            let plan = desk.project_plan(t.project_id)?;
            csv_rows(&[task_row(t, &plan)])
        }
        _ => output::emit(&(message + "\n")),
    }
}

fn csv_rows(rows: &[Vec<String>]) -> Result<()> {
    output::csv(HEADERS, rows)
}

/// Runs a task command.
pub fn task(desk: &mut Desk, cmd: &TaskCmd, f: Format) -> Result<()> {
    match cmd {
        TaskCmd::New(n) => {
            let t = desk.create_task(TaskInput {
                project_id: n.project,
                name: n.name.clone(),
                milestone_id: n.milestone,
                owner: n.owner.clone(),
                start: n.start.clone(),
                end: n.end.clone(),
                estimate_hours: n.estimate,
                after: n.after.clone(),
            })?;
            print_task(desk, f, &t, t.id.to_string())
        }
        TaskCmd::List { project } => {
            let tasks = desk.tasks(*project)?;
            let mut plans: Vec<ProjectPlan> = Vec::new();
            for t in &tasks {
                if !plans.iter().any(|p| p.project.id == t.project_id) {
                    plans.push(desk.project_plan(t.project_id)?);
                }
            }
            let plan_of = |t: &Task| plans.iter().find(|p| p.project.id == t.project_id);
            match f {
                Format::Json => output::json(&Value::Array(
                    tasks
                        .iter()
                        .filter_map(|t| plan_of(t).map(|p| task_json(t, p)))
                        .collect(),
                )),
                _ => {
                    let rows: Vec<Vec<String>> = tasks
                        .iter()
                        .filter_map(|t| plan_of(t).map(|p| task_row(t, p)))
                        .collect();
                    if f == Format::Csv {
                        csv_rows(&rows)
                    } else {
                        output::emit(&output::table(HEADERS, &rows))
                    }
                }
            }
        }
        TaskCmd::Show { id } => {
            let t = desk.task(*id)?;
            let plan = desk.project_plan(t.project_id)?;
            let successors: Vec<Value> = plan
                .links
                .iter()
                .filter(|l| l.after == t.id)
                .map(|l| json!({"id": l.task, "lag_days": l.lag}))
                .collect();
            match f {
                Format::Json => {
                    let mut v = task_json(&t, &plan);
                    v["successors"] = Value::Array(successors);
                    output::json(&v)
                }
                Format::Csv => csv_rows(&[task_row(&t, &plan)]),
                _ => {
                    let row = task_row(&t, &plan);
                    let mut text = String::new();
                    for (h, c) in HEADERS.iter().zip(&row) {
                        text.push_str(&format!("{:<9} {}\n", h, c));
                    }
                    if let Some(s) = plan.schedule.task(t.id) {
                        text.push_str(&format!(
                            "{:<9} {} – {} (float {} working days)\n",
                            "early", s.early_start, s.early_finish, s.total_float
                        ));
                    }
                    let next: Vec<String> =
                        successors.iter().map(|v| format!("#{}", v["id"])).collect();
                    if !next.is_empty() {
                        text.push_str(&format!("{:<9} {}\n", "before", next.join(",")));
                    }
                    text.push_str(&format!("{:<9} {}\n", "version", t.version));
                    output::emit(&text)
                }
            }
        }
        TaskCmd::Move {
            id,
            start,
            end,
            by,
            guard,
        } => {
            let by_days = by.as_deref().map(parse_shift).transpose()?;
            let t = desk.move_task(
                *id,
                TaskMove {
                    start: start.clone(),
                    end: end.clone(),
                    by_days,
                },
                guard.if_version,
            )?;
            let msg = format!(
                "task #{} planned {} – {} (version {})",
                t.id,
                day_or_unknown(t.planned_start),
                day_or_unknown(t.planned_end),
                t.version
            );
            print_task(desk, f, &t, msg)
        }
        TaskCmd::Progress { id, percent, guard } => {
            let t = desk.set_task_progress(*id, *percent, guard.if_version)?;
            let msg = format!("task #{} is {}% done ({})", t.id, t.percent_done, t.status);
            print_task(desk, f, &t, msg)
        }
        TaskCmd::Done { id, on, guard } => {
            let t = desk.finish_task(*id, on.clone(), guard.if_version)?;
            let msg = format!("task #{} done on {}", t.id, day_or_unknown(t.actual_end));
            print_task(desk, f, &t, msg)
        }
        TaskCmd::Link {
            id,
            after,
            lag,
            guard,
        } => {
            let t = desk.link_task(*id, *after, *lag, guard.if_version)?;
            let lag_text = if *lag == 0 {
                String::new()
            } else {
                format!(" + {lag} working days")
            };
            print_task(
                desk,
                f,
                &t,
                format!("task #{id} now starts after #{after}{lag_text}"),
            )
        }
        TaskCmd::Unlink { id, after, guard } => {
            let t = desk.unlink_task(*id, *after, guard.if_version)?;
            print_task(
                desk,
                f,
                &t,
                format!("task #{id} no longer waits for #{after}"),
            )
        }
    }
}

/// Runs a milestone command.
pub fn milestone(desk: &mut Desk, cmd: &MilestoneCmd, f: Format) -> Result<()> {
    match cmd {
        MilestoneCmd::New {
            project,
            name,
            deliverable,
            due,
        } => {
            let m = desk.create_milestone(MilestoneInput {
                project_id: *project,
                name: name.clone(),
                deliverable: deliverable.clone(),
                due_on: due.clone(),
            })?;
            match f {
                Format::Json => output::json(
                    &json!({"id": m.id, "project_id": m.project_id, "name": m.name, "deliverable": m.deliverable, "due_on": m.due_on, "done_at": ts(m.done_at), "version": m.version}),
                ),
                _ => output::emit(&format!("{}\n", m.id)),
            }
        }
        MilestoneCmd::List { project } => {
            desk.milestones(*project)?;
            let plan = desk.project_plan(*project)?;
            let report = desk.report_of(&plan);
            let rows: Vec<Value> = plan
                .milestones
                .iter()
                .zip(&report.milestones)
                .map(|(m, r)| json!({"id": m.id, "project_id": m.project_id, "name": m.name, "deliverable": m.deliverable, "due_on": m.due_on, "done_at": ts(m.done_at), "forecast": r.forecast, "slippage_days": r.slippage_days, "done": r.done, "tasks": r.tasks, "version": m.version}))
                .collect();
            match f {
                Format::Json => output::json(&Value::Array(rows)),
                _ => {
                    let cells: Vec<Vec<String>> = report
                        .milestones
                        .iter()
                        .map(|r| {
                            vec![
                                r.id.to_string(),
                                output::day(r.due_on),
                                output::day(r.forecast),
                                r.slippage_days
                                    .map(|s| format!("{s:+}"))
                                    .unwrap_or_default(),
                                if r.done { "done".into() } else { String::new() },
                                r.name.clone(),
                            ]
                        })
                        .collect();
                    let headers = ["id", "due", "forecast", "slip", "done", "name"];
                    if f == Format::Csv {
                        output::csv(&headers, &cells)
                    } else {
                        output::emit(&output::table(&headers, &cells))
                    }
                }
            }
        }
        MilestoneCmd::Done { id, guard } => {
            let m = desk.finish_milestone(*id, guard.if_version)?;
            match f {
                Format::Json => output::json(
                    &json!({"id": m.id, "project_id": m.project_id, "name": m.name, "done_at": ts(m.done_at), "version": m.version}),
                ),
                _ => output::emit(&format!("milestone #{} reached\n", m.id)),
            }
        }
    }
}

/// A day for a message, `?` when there is none.
fn day_or_unknown(d: Option<chrono::NaiveDate>) -> String {
    d.map_or_else(|| "?".into(), |d| d.to_string())
}
