//! The project status report as an HTML page: progress against plan with the
//! planned-versus-actual curve, the Gantt timeline, milestones, the risk matrix,
//! open issues and next steps.

use super::project_charts;
use super::{esc, word, Cell, Page};
use crate::domain::project_report::ProjectReport;
use crate::error::Result;

fn opt<T: std::fmt::Display>(s: &Option<T>) -> String {
    s.as_ref().map_or_else(|| "—".into(), |v| v.to_string())
}

fn whole(v: f64) -> String {
    format!("{v:.0}")
}

fn pc(v: f64) -> String {
    format!("{v:.0}%")
}

/// A tile: a big number (with its JSON pointer) and a label.
fn tile(shown: &str, pointer: &str, raw: &str, label: &str) -> String {
    format!(
        "<div class=\"tile\"><span class=\"v\" data-json=\"{}\" data-value=\"{}\">{}</span><span class=\"l\">{}</span></div>",
        esc(pointer),
        esc(raw),
        esc(shown),
        esc(label)
    )
}

/// The page of a status report in `lang`.
pub fn project_page(r: &ProjectReport, lang: &str) -> Result<String> {
    let w = |k: &'static str| word(lang, k);
    let p = &r.project;
    let title = format!("{}: {}", w("project report"), p.name);
    let mut page = Page::new(lang, &title);
    page.raw(&format!("<h1>{}</h1>", esc(&title)));
    page.p(
        "meta",
        &format!(
            "#{} · {} · {}: {} · {}: {} · {}: {} · {}: {}",
            p.id,
            r.date,
            w("customer"),
            opt(&p.customer),
            w("owner"),
            opt(&p.owner),
            w("status"),
            p.status,
            w("health"),
            w(match r.health.as_str() {
                "late" => "late",
                "at_risk" => "at_risk",
                _ => "on_track",
            })
        ),
    );
    if !p.goal.is_empty() {
        page.p("goal", &format!("{}: {}", w("goal text"), p.goal));
    }
    page.p(
        "meta",
        &format!(
            "{} · {} · {}: {}",
            opt(&p.metric),
            opt(&p.target),
            w("due"),
            opt(&p.due_on)
        ),
    );
    for reason in &r.health_reasons {
        page.p("warn", &format!("⚠ {reason}"));
    }
    let g = &r.progress;
    let c = &r.curve;
    let tiles = [
        tile(
            &pc(g.percent_done as f64),
            "/progress/percent_done",
            &g.percent_done.to_string(),
            w("done"),
        ),
        tile(
            &pc(g.percent_planned as f64),
            "/progress/percent_planned",
            &g.percent_planned.to_string(),
            w("planned"),
        ),
        tile(
            &format!("{}/{}", g.tasks_done, g.tasks_total),
            "/progress/tasks_done",
            &g.tasks_done.to_string(),
            w("task"),
        ),
        tile(
            &format!("{:+}", g.slippage_days),
            "/progress/slippage_days",
            &g.slippage_days.to_string(),
            w("slip"),
        ),
        tile(
            &c.late_days.map_or_else(|| "—".into(), |d| format!("{d:+}")),
            "/curve/late_days",
            &c.late_days.map_or_else(|| "null".into(), |d| d.to_string()),
            w("late days"),
        ),
    ];
    page.raw(&format!(
        "<div class=\"tiles\" id=\"tiles\">{}</div>",
        tiles.join("")
    ));

    page.h2("progress", w("progress"));
    page.p(
        "meta",
        &format!(
            "{}: {} · {}: {} · {}",
            w("planned end"),
            opt(&g.planned_end),
            w("forecast end"),
            opt(&g.forecast_end),
            c.verdict()
        ),
    );
    let svg = project_charts::progress(
        c,
        [
            w("planned"),
            w("actual"),
            w("forecast"),
            w("today"),
            w("due"),
        ],
        1000,
        300,
    )?;
    if !svg.is_empty() {
        page.figure(&svg, w("progress"));
    }
    let summary_rows: Vec<Vec<Cell>> = c
        .summary()
        .iter()
        .map(|pt| {
            let i = c.points.iter().position(|x| x.day == pt.day).unwrap_or(0);
            let base = format!("/curve/points/{i}");
            vec![
                Cell::text(if pt.day == c.today {
                    format!("{} ({})", pt.day, w("today"))
                } else {
                    pt.day.to_string()
                }),
                Cell::num(Some(pt.planned), format!("{base}/planned"), whole),
                Cell::num(pt.actual, format!("{base}/actual"), whole),
                Cell::num(pt.forecast, format!("{base}/forecast"), whole),
            ]
        })
        .collect();
    page.table(
        "progress-table",
        &[w("day"), w("planned"), w("actual"), w("forecast")],
        &summary_rows,
    );

    page.h2("gantt", w("gantt"));
    let svg = project_charts::gantt(
        r,
        [w("planned"), w("done"), w("slip"), w("milestone")],
        1000,
    )?;
    if !svg.is_empty() {
        page.figure(&svg, w("gantt"));
    }
    let rows: Vec<Vec<Cell>> = r
        .tasks
        .iter()
        .enumerate()
        .map(|(i, t)| {
            vec![
                Cell::text(format!("{}{}", t.id, if t.critical { " ★" } else { "" })),
                Cell::text(t.name.clone()),
                Cell::text(opt(&t.owner)),
                Cell::text(format!("{} – {}", t.planned_start, t.planned_end)),
                Cell::text(t.forecast_end.to_string()),
                Cell::num(
                    Some(t.slippage_days as f64),
                    format!("/tasks/{i}/slippage_days"),
                    |v| format!("{v:+.0}"),
                ),
                Cell::num(
                    Some(t.percent_done as f64),
                    format!("/tasks/{i}/percent_done"),
                    pc,
                ),
                Cell::text(t.status.to_string()),
            ]
        })
        .collect();
    page.table(
        "tasks-table",
        &[
            "#",
            w("task"),
            w("owner"),
            w("planned"),
            w("forecast"),
            w("slip"),
            w("done"),
            w("status"),
        ],
        &rows,
    );

    page.h2("milestones", w("milestones"));
    let rows: Vec<Vec<Cell>> = r
        .milestones
        .iter()
        .enumerate()
        .map(|(i, m)| {
            vec![
                Cell::text(m.id.to_string()),
                Cell::text(m.name.clone()),
                Cell::text(opt(&m.due_on)),
                Cell::text(opt(&m.forecast)),
                if m.done {
                    Cell::text(w("done"))
                } else {
                    Cell::num(
                        m.slippage_days.map(|d| d as f64),
                        format!("/milestones/{i}/slippage_days"),
                        |v| format!("{v:+.0}"),
                    )
                },
            ]
        })
        .collect();
    if rows.is_empty() {
        page.p("note", w("none"));
    } else {
        page.table(
            "milestones-table",
            &["#", w("milestone"), w("due"), w("forecast"), w("slip")],
            &rows,
        );
    }

    page.h2("risks", w("risks"));
    let svg = project_charts::risk_matrix(&r.risks, w("impact"), w("probability"), 420)?;
    page.figure(&svg, w("risks"));
    let rows: Vec<Vec<Cell>> = r
        .risks
        .iter()
        .enumerate()
        .map(|(i, k)| {
            vec![
                Cell::text(k.id.to_string()),
                Cell::text(k.title.clone()),
                Cell::num(
                    Some(k.probability as f64),
                    format!("/risks/{i}/probability"),
                    whole,
                ),
                Cell::num(Some(k.impact as f64), format!("/risks/{i}/impact"), whole),
                Cell::num(Some(k.score as f64), format!("/risks/{i}/score"), whole),
                Cell::text(k.level.clone()),
                Cell::text(opt(&k.owner)),
                Cell::text(k.response.clone()),
            ]
        })
        .collect();
    if !rows.is_empty() {
        page.table(
            "risks-table",
            &[
                "#",
                w("risk"),
                w("probability"),
                w("impact"),
                "P×I",
                "",
                w("owner"),
                "",
            ],
            &rows,
        );
    }

    page.h2("issues", w("issues"));
    let rows: Vec<Vec<Cell>> = r
        .open_issues
        .iter()
        .map(|i| {
            vec![
                Cell::text(i.id.to_string()),
                Cell::text(i.title.clone()),
                Cell::text(i.severity.clone()),
                Cell::text(opt(&i.owner)),
                Cell::text(opt(&i.due_on)),
            ]
        })
        .collect();
    if rows.is_empty() {
        page.p("note", w("none"));
    } else {
        page.table(
            "issues-table",
            &["#", w("issues"), w("severity"), w("owner"), w("due")],
            &rows,
        );
    }

    page.h2("next", w("next steps"));
    if r.next_steps.is_empty() {
        page.p("note", w("none"));
    } else {
        let items: String = r
            .next_steps
            .iter()
            .map(|s| format!("<li>{}</li>", esc(s)))
            .collect();
        page.raw(&format!("<ul>{items}</ul>"));
    }
    Ok(page.finish())
}
