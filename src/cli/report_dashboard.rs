//! `aftercare report dashboard`: the dashboard as tables, JSON, CSV or one HTML page.

use super::output;
use super::{Format, ReportDashboardArgs};
use crate::error::Result;
use crate::ops::{parse_channel, Desk};
use crate::report::dashboard::{Counted, Dashboard, Scope};
use crate::report::html::dashboard_page;

/// Runs `report dashboard`.
pub fn run(desk: &Desk, a: &ReportDashboardArgs, f: Format) -> Result<()> {
    let period = desk.dashboard_period(a.days, a.since.as_deref(), a.until.as_deref())?;
    let scope = Scope {
        group: a.group.clone(),
        ty: a.ty.clone(),
        channel: a.channel.as_deref().map(parse_channel).transpose()?,
    };
    let d = desk.dashboard(period, scope)?;
    let text = match f {
        Format::Json => {
            serde_json::to_string_pretty(&serde_json::to_value(&d).unwrap_or_default())
                .unwrap_or_default()
                + "\n"
        }
        Format::Csv => csv(&d)?,
        Format::Html => dashboard_page(&d)?,
        Format::Table | Format::Md => table(&d),
    };
    match &a.out {
        Some(path) => {
            crate::files::write_private_bytes(path, text.as_bytes())?;
            output::emit(&format!("dashboard written to {}\n", path.display()))
        }
        None => output::emit(&text),
    }
}

fn opt(v: Option<f64>, show: impl Fn(f64) -> String) -> String {
    v.map_or_else(|| "-".into(), show)
}

fn pct(v: f64) -> String {
    format!("{:.0}%", v * 100.0)
}

/// Every number in one CSV table: section, key, sub-key, value, filter.
fn csv(d: &Dashboard) -> Result<String> {
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut count = |section: &str, key: String, sub: &str, c: &Counted| {
        rows.push(vec![
            section.to_string(),
            key,
            sub.to_string(),
            c.n.to_string(),
            c.filter.clone(),
        ])
    };
    let t = &d.tiles;
    count("tiles", "open_now".into(), "", &t.open_now);
    count("tiles", "new_today".into(), "", &t.new_today);
    count("tiles", "breached_now".into(), "", &t.breached_now);
    for (name, a) in [("response", &t.response), ("resolution", &t.resolution)] {
        count("tiles", name.into(), "met", &a.met);
        count("tiles", name.into(), "breached", &a.breached);
        count("tiles", name.into(), "pending", &a.pending);
    }
    count("tiles", "csat".into(), "rated", &t.csat_rated);
    count("tiles", "backlog".into(), "start", &t.backlog.start);
    count("tiles", "backlog".into(), "end", &t.backlog.end);
    for day in &d.volume.days {
        for (ch, c) in d.volume.channels.iter().zip(&day.by_channel) {
            count("volume", day.day.to_string(), ch, c);
        }
        count("volume", day.day.to_string(), "total", &day.total);
        count("backlog", day.day.to_string(), "", &day.backlog);
    }
    for w in &d.sla_weeks {
        count("sla", w.week.to_string(), "tickets", &w.tickets);
        for (name, a) in [("response", &w.response), ("resolution", &w.resolution)] {
            count("sla", w.week.to_string(), &format!("{name}_met"), &a.met);
            count(
                "sla",
                w.week.to_string(),
                &format!("{name}_breached"),
                &a.breached,
            );
            count(
                "sla",
                w.week.to_string(),
                &format!("{name}_pending"),
                &a.pending,
            );
        }
    }
    for (wd, row) in d.heatmap.cells.iter().enumerate() {
        for (h, c) in row.iter().enumerate() {
            count("heatmap", format!("weekday {wd}"), &format!("hour {h}"), c);
        }
    }
    for s in &d.stages {
        count("stages", s.stage.clone(), "tickets", &s.tickets);
        if let Some(c) = &s.waiting_now {
            count("stages", s.stage.clone(), "waiting_now", c);
        }
    }
    for c in &d.categories {
        count(c.dimension, c.key.clone(), "current", &c.current);
        count(c.dimension, c.key.clone(), "previous", &c.previous);
    }
    for (i, c) in d.csat.scores.iter().enumerate() {
        count("csat", format!("score {}", i + 1), "", c);
    }
    for a in &d.agents {
        count("agents", a.name.clone(), "received", &a.received);
        count("agents", a.name.clone(), "handled", &a.handled);
    }
    // Derived numbers have no filter of their own.
    let mut value = |section: &str, key: String, sub: &str, v: Option<f64>| {
        rows.push(vec![
            section.to_string(),
            key,
            sub.to_string(),
            v.map(|x| format!("{:.3}", x)).unwrap_or_default(),
            String::new(),
        ])
    };
    value("tiles", "response".into(), "rate", t.response.rate);
    value("tiles", "resolution".into(), "rate", t.resolution.rate);
    value("tiles", "csat".into(), "mean", t.csat_mean);
    value(
        "tiles",
        "backlog".into(),
        "change",
        Some(t.backlog.change as f64),
    );
    for s in &d.stages {
        value("stages", s.stage.clone(), "p50_hours", s.p50_hours);
        value("stages", s.stage.clone(), "p90_hours", s.p90_hours);
    }
    for c in &d.categories {
        value(c.dimension, c.key.clone(), "change", c.change);
    }
    for w in &d.csat.weeks {
        value("csat", w.week.to_string(), "mean", w.mean);
    }
    output::csv_table(&["section", "key", "sub", "value", "filter"], &rows)
}

/// The dashboard as plain tables.
fn table(d: &Dashboard) -> String {
    let t = &d.tiles;
    let mut out = format!(
        "Dashboard {} – {} (compared with {} – {}){}\n\n",
        d.period.from,
        d.period.to,
        d.previous.from,
        d.previous.to,
        if d.scope_filter.is_empty() {
            String::new()
        } else {
            format!(" · {}", d.scope_filter)
        }
    );
    let tile_rows = vec![
        vec![
            "open now".into(),
            t.open_now.n.to_string(),
            t.open_now.filter.clone(),
        ],
        vec![
            "new today".into(),
            t.new_today.n.to_string(),
            t.new_today.filter.clone(),
        ],
        vec![
            "breached now".into(),
            t.breached_now.n.to_string(),
            t.breached_now.filter.clone(),
        ],
        vec![
            "first response met".into(),
            opt(t.response.rate, pct),
            format!(
                "{} met / {} breached / {} pending",
                t.response.met.n, t.response.breached.n, t.response.pending.n
            ),
        ],
        vec![
            "resolution met".into(),
            opt(t.resolution.rate, pct),
            format!(
                "{} met / {} breached / {} pending",
                t.resolution.met.n, t.resolution.breached.n, t.resolution.pending.n
            ),
        ],
        vec![
            "mean satisfaction".into(),
            opt(t.csat_mean, |v| format!("{v:.2}")),
            format!("{} rated", t.csat_rated.n),
        ],
        vec![
            "backlog change".into(),
            format!("{:+}", t.backlog.change),
            format!("{} → {}", t.backlog.start.n, t.backlog.end.n),
        ],
    ];
    out.push_str(&output::table(&["tile", "value", "detail"], &tile_rows));
    out.push_str("\nPer day (created, by channel; backlog at the day's end)\n");
    let mut headers: Vec<&str> = vec!["day"];
    headers.extend(d.volume.channels.iter().map(String::as_str));
    headers.extend(["total", "backlog"]);
    let rows: Vec<Vec<String>> = d
        .volume
        .days
        .iter()
        .map(|x| {
            let mut r = vec![x.day.to_string()];
            r.extend(x.by_channel.iter().map(|c| c.n.to_string()));
            r.push(x.total.n.to_string());
            r.push(x.backlog.n.to_string());
            r
        })
        .collect();
    out.push_str(&output::table(&headers, &rows));
    out.push_str(&format!("\nSLA per week (goal {})\n", pct(d.sla_goal)));
    let rows: Vec<Vec<String>> = d
        .sla_weeks
        .iter()
        .map(|w| {
            vec![
                w.week.to_string(),
                w.tickets.n.to_string(),
                opt(w.response.rate, pct),
                opt(w.resolution.rate, pct),
            ]
        })
        .collect();
    out.push_str(&output::table(
        &["week", "tickets", "first_response", "resolution"],
        &rows,
    ));
    out.push_str("\nArrivals by weekday and hour (busiest hours)\n");
    let mut cells: Vec<(usize, usize, i64)> = d
        .heatmap
        .cells
        .iter()
        .enumerate()
        .flat_map(|(w, r)| r.iter().enumerate().map(move |(h, c)| (w, h, c.n)))
        .filter(|c| c.2 > 0)
        .collect();
    cells.sort_by_key(|c| (-c.2, c.0, c.1));
    let names = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
    let rows: Vec<Vec<String>> = cells
        .iter()
        .take(10)
        .map(|(w, h, n)| vec![names[*w].into(), format!("{h:02}:00"), n.to_string()])
        .collect();
    out.push_str(&output::table(&["weekday", "hour", "tickets"], &rows));
    out.push_str("\nWhere tickets wait (wall-clock hours)\n");
    let rows: Vec<Vec<String>> = d
        .stages
        .iter()
        .map(|s| {
            vec![
                s.stage.clone(),
                s.label.clone(),
                s.tickets.n.to_string(),
                opt(s.p50_hours, |v| format!("{v:.1}")),
                opt(s.p90_hours, |v| format!("{v:.1}")),
                s.waiting_now
                    .as_ref()
                    .map_or("-".into(), |c| c.n.to_string()),
            ]
        })
        .collect();
    out.push_str(&output::table(
        &["stage", "label", "tickets", "p50_h", "p90_h", "waiting_now"],
        &rows,
    ));
    out.push_str("\nTop problem categories (this period, the one before)\n");
    let rows: Vec<Vec<String>> = d
        .categories
        .iter()
        .map(|c| {
            vec![
                c.dimension.into(),
                c.key.clone(),
                c.label.clone(),
                c.current.n.to_string(),
                c.previous.n.to_string(),
                opt(c.change, |v| format!("{:+.0}%", v * 100.0)),
            ]
        })
        .collect();
    out.push_str(&output::table(
        &["by", "key", "label", "now", "before", "change"],
        &rows,
    ));
    let c = &d.csat;
    out.push_str(&format!(
        "\nSatisfaction: {} rated, mean {}; scores 1–5: {}\n",
        c.rated.n,
        opt(c.mean, |v| format!("{v:.2}")),
        c.scores
            .iter()
            .map(|s| s.n.to_string())
            .collect::<Vec<_>>()
            .join(" / ")
    ));
    out.push_str("\nAgents\n");
    let rows: Vec<Vec<String>> = d
        .agents
        .iter()
        .map(|a| {
            vec![
                a.name.clone(),
                a.received.n.to_string(),
                a.handled.n.to_string(),
                opt(a.resolution_rate, pct),
                opt(a.mean_first_response_hours, |v| format!("{v:.1}")),
                opt(a.mean_resolution_hours, |v| format!("{v:.1}")),
                opt(a.csat, |v| format!("{v:.2}")),
                format!("{:.1}", a.time_logged_hours),
            ]
        })
        .collect();
    out.push_str(&output::table(
        &[
            "agent",
            "received",
            "handled",
            "resolution_rate",
            "mean_first_response_h",
            "mean_resolution_h",
            "csat",
            "time_logged_h",
        ],
        &rows,
    ));
    out
}
