//! `aftercare project progress [ID]`: planned versus actual progress by day.

use super::output;
use super::Format;
use crate::domain::progress::ProgressCurve;
use crate::error::Result;
use crate::ops::Desk;
use serde_json::json;

fn pc(v: Option<f64>) -> String {
    v.map_or_else(|| "-".into(), |x| format!("{x:.0}%"))
}

fn day(d: Option<chrono::NaiveDate>) -> String {
    d.map_or_else(|| "-".into(), |d| d.to_string())
}

/// The curve's summary rows (a row a week, today, the ends) as text.
fn summary(c: &ProgressCurve) -> String {
    let rows: Vec<Vec<String>> = c
        .summary()
        .iter()
        .map(|p| {
            vec![
                format!("{}{}", p.day, if p.day == c.today { " today" } else { "" }),
                pc(Some(p.planned)),
                pc(p.actual),
                pc(p.forecast),
            ]
        })
        .collect();
    output::table(&["day", "planned", "actual", "forecast"], &rows)
}

/// Every point of a curve as CSV rows.
fn points(c: &ProgressCurve, project: &str, rows: &mut Vec<Vec<String>>) {
    let num = |v: Option<f64>| v.map_or_else(String::new, |x| format!("{x:.2}"));
    for p in &c.points {
        rows.push(vec![
            project.to_string(),
            p.day.to_string(),
            num(Some(p.planned)),
            num(p.actual),
            num(p.forecast),
        ]);
    }
}

/// Runs `project progress`.
pub fn run(desk: &Desk, id: Option<i64>, f: Format) -> Result<()> {
    let headers = ["project", "day", "planned", "actual", "forecast"];
    match id {
        Some(id) => {
            let plan = desk.project_plan(id)?;
            let c = plan.progress_curve(&desk.config.sla.calendar);
            match f {
                Format::Json => output::json(&json!({
                    "project": {"id": plan.project.id, "name": plan.project.name},
                    "curve": c,
                })),
                Format::Csv => {
                    let mut rows = Vec::new();
                    points(&c, &id.to_string(), &mut rows);
                    output::emit(&output::csv_table(&headers, &rows)?)
                }
                _ => output::emit(&format!(
                    "#{} {} · today {}: planned {}, done {} · {}\n\n{}",
                    plan.project.id,
                    plan.project.name,
                    c.today,
                    pc(Some(c.planned_now)),
                    pc(Some(c.actual_now)),
                    c.verdict(),
                    summary(&c)
                )),
            }
        }
        None => {
            let (each, all) = desk.active_progress()?;
            match f {
                Format::Json => output::json(&json!({
                    "projects": each.iter().map(|(p, c)| json!({"id": p.id, "name": p.name, "curve": c})).collect::<Vec<_>>(),
                    "all": all,
                })),
                Format::Csv => {
                    let mut rows = Vec::new();
                    for (p, c) in &each {
                        points(c, &p.id.to_string(), &mut rows);
                    }
                    points(&all, "all", &mut rows);
                    output::emit(&output::csv_table(&headers, &rows)?)
                }
                _ => {
                    let rows: Vec<Vec<String>> = each
                        .iter()
                        .map(|(p, c)| {
                            vec![
                                p.id.to_string(),
                                pc(Some(c.planned_now)),
                                pc(Some(c.actual_now)),
                                day(c.forecast_end),
                                day(c.due),
                                c.late_days.map_or_else(|| "-".into(), |d| format!("{d:+}")),
                                p.name.clone(),
                            ]
                        })
                        .collect();
                    output::emit(&format!(
                        "{}\nAll {} active projects: planned {}, done {} today\n\n{}",
                        output::table(
                            &[
                                "id",
                                "planned",
                                "done",
                                "forecast_end",
                                "due",
                                "late_days",
                                "name"
                            ],
                            &rows
                        ),
                        each.len(),
                        pc(Some(all.planned_now)),
                        pc(Some(all.actual_now)),
                        summary(&all)
                    ))
                }
            }
        }
    }
}
