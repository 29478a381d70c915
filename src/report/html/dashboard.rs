//! The dashboard as an HTML page: tiles, then each chart with its numbers.

use super::charts;
use super::{dec1, dec2, esc, pct, word, Cell, Page};
use crate::domain::filter_values::{weekday_name, weekday_of_index};
use crate::error::Result;
use crate::report::dashboard::{Counted, Dashboard};

fn fig(svg: &str, caption: &str) -> String {
    format!(
        "<figure role=\"img\" aria-label=\"{}\">{svg}</figure>",
        esc(caption)
    )
}

fn short_day(d: chrono::NaiveDate) -> String {
    d.format("%m-%d").to_string()
}

/// A tile: a big number (with its JSON pointer) and a label.
fn tile(value: &str, pointer: &str, raw: &str, label: &str, filter: Option<&str>) -> String {
    let title = filter
        .map(|f| format!(" title=\"aftercare ticket list --query '{}'\"", esc(f)))
        .unwrap_or_default();
    format!(
        "<div class=\"tile\"{title}><span class=\"v\" data-json=\"{}\" data-value=\"{}\">{}</span><span class=\"l\">{}</span></div>",
        esc(pointer),
        esc(raw),
        esc(value),
        esc(label)
    )
}

fn count_tile(c: &Counted, pointer: &str, label: &str) -> String {
    tile(
        &c.n.to_string(),
        &format!("{pointer}/n"),
        &c.n.to_string(),
        label,
        Some(&c.filter),
    )
}

fn opt_tile(v: Option<f64>, pointer: &str, show: fn(f64) -> String, label: &str) -> String {
    tile(
        &v.map_or_else(|| "–".into(), show),
        pointer,
        &v.map_or_else(|| "null".into(), |x| x.to_string()),
        label,
        None,
    )
}

/// The page of a dashboard, in its language.
pub fn dashboard_page(d: &Dashboard) -> Result<String> {
    let lang = d.language.as_str();
    let w = |k: &'static str| word(lang, k);
    let mut page = Page::new(lang, w("dashboard"));
    page.raw(&format!("<h1>{}</h1>", esc(w("dashboard"))));
    let scope = if d.scope_filter.is_empty() {
        w("all tickets").to_string()
    } else {
        d.scope_filter.clone()
    };
    page.p(
        "meta",
        &format!(
            "{}: {} – {} ({} {} – {}) · {}: {} · {}: {}",
            w("period"),
            d.period.from,
            d.period.to,
            w("previous"),
            d.previous.from,
            d.previous.to,
            w("scope"),
            scope,
            w("generated"),
            d.generated
        ),
    );
    page.p("note", w("drill"));

    let t = &d.tiles;
    let tiles = [
        count_tile(&t.open_now, "/tiles/open_now", w("open now")),
        count_tile(&t.new_today, "/tiles/new_today", w("new today")),
        count_tile(&t.breached_now, "/tiles/breached_now", w("breached now")),
        opt_tile(
            t.response.rate,
            "/tiles/response/rate",
            pct,
            w("response met"),
        ),
        opt_tile(
            t.resolution.rate,
            "/tiles/resolution/rate",
            pct,
            w("resolution met"),
        ),
        opt_tile(t.csat_mean, "/tiles/csat_mean", dec2, w("mean csat")),
        tile(
            &format!("{:+}", t.backlog.change),
            "/tiles/backlog/change",
            &t.backlog.change.to_string(),
            w("backlog change"),
            None,
        ),
    ];
    page.raw(&format!(
        "<div class=\"tiles\" id=\"tiles\">{}</div>",
        tiles.join("")
    ));
    let before = (d.period.from - chrono::Duration::days(1)).to_string();
    page.table(
        "tiles-table",
        &[w("tickets"), w("day"), ""],
        &[
            vec![
                Cell::text(w("open now")),
                Cell::text("–"),
                Cell::count(&t.open_now, "/tiles/open_now"),
            ],
            vec![
                Cell::text(w("new today")),
                Cell::text(d.now_day.to_string()),
                Cell::count(&t.new_today, "/tiles/new_today"),
            ],
            vec![
                Cell::text(w("breached now")),
                Cell::text("–"),
                Cell::count(&t.breached_now, "/tiles/breached_now"),
            ],
            vec![
                Cell::text(w("backlog")),
                Cell::text(before),
                Cell::count(&t.backlog.start, "/tiles/backlog/start"),
            ],
            vec![
                Cell::text(w("backlog")),
                Cell::text(d.period.to.to_string()),
                Cell::count(&t.backlog.end, "/tiles/backlog/end"),
            ],
            vec![
                Cell::text(w("rated")),
                Cell::text(format!("{} – {}", d.period.from, d.period.to)),
                Cell::count(&t.csat_rated, "/tiles/csat_rated"),
            ],
        ],
    );
    let clock = |a: &crate::report::dashboard::Attainment, name: &str, p: &str| {
        vec![
            Cell::text(name),
            Cell::count(&a.met, format!("{p}/met")),
            Cell::count(&a.breached, format!("{p}/breached")),
            Cell::count(&a.pending, format!("{p}/pending")),
            Cell::num(a.rate, format!("{p}/rate"), pct),
        ]
    };
    page.table(
        "tiles-sla",
        &[
            w("sla period"),
            w("met"),
            w("breached"),
            w("pending"),
            w("rate"),
        ],
        &[
            clock(&t.response, w("response"), "/tiles/response"),
            clock(&t.resolution, w("resolution"), "/tiles/resolution"),
        ],
    );

    volume(&mut page, d)?;
    sla(&mut page, d)?;
    heatmap(&mut page, d)?;
    stages(&mut page, d)?;
    categories(&mut page, d)?;
    csat(&mut page, d)?;
    agents(&mut page, d);
    Ok(page.finish())
}

fn volume(page: &mut Page, d: &Dashboard) -> Result<()> {
    let lang = d.language.as_str();
    let w = |k: &'static str| word(lang, k);
    let v = &d.volume;
    page.h2("volume", w("volume"));
    let x: Vec<String> = v.days.iter().map(|x| short_day(x.day)).collect();
    let series: Vec<(String, Vec<i64>)> = v
        .channel_labels
        .iter()
        .enumerate()
        .map(|(j, label)| {
            (
                label.clone(),
                v.days
                    .iter()
                    .map(|x| x.by_channel[j].n)
                    .collect::<Vec<i64>>(),
            )
        })
        .filter(|(_, vals)| vals.iter().any(|n| *n > 0))
        .collect();
    let backlog: Vec<i64> = v.days.iter().map(|x| x.backlog.n).collect();
    let svg = charts::stacked_bars(&x, &series, Some((w("backlog"), &backlog)), 1000, 320)?;
    page.figure(&svg, w("volume"));
    let mut headers = vec![w("day")];
    headers.extend(v.channel_labels.iter().map(String::as_str));
    headers.extend([w("total"), w("backlog")]);
    let rows: Vec<Vec<Cell>> = v
        .days
        .iter()
        .enumerate()
        .map(|(i, x)| {
            let mut r = vec![Cell::text(x.day.to_string())];
            r.extend(
                x.by_channel
                    .iter()
                    .enumerate()
                    .map(|(j, c)| Cell::count(c, format!("/volume/days/{i}/by_channel/{j}"))),
            );
            r.push(Cell::count(&x.total, format!("/volume/days/{i}/total")));
            r.push(Cell::count(&x.backlog, format!("/volume/days/{i}/backlog")));
            r
        })
        .collect();
    page.table("volume-table", &headers, &rows);
    Ok(())
}

fn sla(page: &mut Page, d: &Dashboard) -> Result<()> {
    let lang = d.language.as_str();
    let w = |k: &'static str| word(lang, k);
    page.h2("sla", w("sla"));
    let x: Vec<String> = d.sla_weeks.iter().map(|s| short_day(s.week)).collect();
    let series = vec![
        (
            w("response").to_string(),
            d.sla_weeks.iter().map(|s| s.response.rate).collect(),
        ),
        (
            w("resolution").to_string(),
            d.sla_weeks.iter().map(|s| s.resolution.rate).collect(),
        ),
    ];
    let goal = format!("{} {}", w("goal"), pct(d.sla_goal));
    let svg = charts::lines(
        &x,
        &series,
        0.0..1.05,
        &charts::percent,
        Some((&goal, d.sla_goal)),
        1000,
        280,
    )?;
    page.figure(&svg, w("sla"));
    let headers = [
        w("week"),
        w("tickets"),
        w("response"),
        w("met"),
        w("breached"),
        w("pending"),
        w("resolution"),
        w("met"),
        w("breached"),
        w("pending"),
    ];
    let rows: Vec<Vec<Cell>> = d
        .sla_weeks
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let p = format!("/sla_weeks/{i}");
            vec![
                Cell::text(format!("{} – {}", s.from, s.to)),
                Cell::count(&s.tickets, format!("{p}/tickets")),
                Cell::num(s.response.rate, format!("{p}/response/rate"), pct),
                Cell::count(&s.response.met, format!("{p}/response/met")),
                Cell::count(&s.response.breached, format!("{p}/response/breached")),
                Cell::count(&s.response.pending, format!("{p}/response/pending")),
                Cell::num(s.resolution.rate, format!("{p}/resolution/rate"), pct),
                Cell::count(&s.resolution.met, format!("{p}/resolution/met")),
                Cell::count(&s.resolution.breached, format!("{p}/resolution/breached")),
                Cell::count(&s.resolution.pending, format!("{p}/resolution/pending")),
            ]
        })
        .collect();
    page.table("sla-table", &headers, &rows);
    Ok(())
}

/// Weekday names in `lang`, Monday first.
fn weekdays(lang: &str) -> Vec<String> {
    (0..7u8)
        .map(|i| {
            if lang == "zh" {
                ["周一", "周二", "周三", "周四", "周五", "周六", "周日"][i as usize].to_string()
            } else {
                weekday_of_index(i).map_or("", weekday_name).to_string()
            }
        })
        .collect()
}

fn heatmap(page: &mut Page, d: &Dashboard) -> Result<()> {
    let lang = d.language.as_str();
    let w = |k: &'static str| word(lang, k);
    page.h2("heatmap", w("heatmap"));
    let rows = weekdays(lang);
    let cols: Vec<String> = (0..24).map(|h| h.to_string()).collect();
    let values: Vec<Vec<i64>> = d
        .heatmap
        .cells
        .iter()
        .map(|r| r.iter().map(|c| c.n).collect())
        .collect();
    let svg = charts::heatmap(&rows, &cols, &values, 1000, 260)?;
    page.figure(&svg, w("heatmap"));
    let mut headers: Vec<&str> = vec![w("day")];
    headers.extend(cols.iter().map(String::as_str));
    let table: Vec<Vec<Cell>> = d
        .heatmap
        .cells
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let mut row = vec![Cell::text(rows[i].clone())];
            row.extend(
                r.iter()
                    .enumerate()
                    .map(|(h, c)| Cell::count(c, format!("/heatmap/cells/{i}/{h}"))),
            );
            row
        })
        .collect();
    page.table("heatmap-table", &headers, &table);
    Ok(())
}

fn stages(page: &mut Page, d: &Dashboard) -> Result<()> {
    let lang = d.language.as_str();
    let w = |k: &'static str| word(lang, k);
    page.h2("stages", w("stages"));
    let measured: Vec<_> = d.stages.iter().filter(|s| s.stays > 0).collect();
    if !measured.is_empty() {
        let labels: Vec<String> = measured.iter().map(|s| s.label.clone()).collect();
        let series = vec![
            (
                "p90".to_string(),
                measured
                    .iter()
                    .map(|s| s.p90_hours.unwrap_or(0.0))
                    .collect(),
            ),
            (
                "p50".to_string(),
                measured
                    .iter()
                    .map(|s| s.p50_hours.unwrap_or(0.0))
                    .collect(),
            ),
        ];
        let svg = charts::hbars(&labels, &series, charts::Bars::Overlaid, "h", 1000)?;
        page.figure(&svg, w("stages"));
    }
    let headers = [
        w("stage"),
        w("tickets"),
        w("stays"),
        "p50 (h)",
        "p90 (h)",
        w("limit"),
        w("waiting now"),
    ];
    let rows: Vec<Vec<Cell>> = d
        .stages
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let p = format!("/stages/{i}");
            vec![
                Cell::text(format!("{} ({})", s.label, s.stage)),
                Cell::count(&s.tickets, format!("{p}/tickets")),
                Cell::num(Some(s.stays as f64), format!("{p}/stays"), |v| {
                    format!("{v:.0}")
                }),
                Cell::num(s.p50_hours, format!("{p}/p50_hours"), dec1),
                Cell::num(s.p90_hours, format!("{p}/p90_hours"), dec1),
                if s.limit_hours > 0.0 {
                    Cell::num(Some(s.limit_hours), format!("{p}/limit_hours"), dec1)
                } else {
                    Cell::text("–")
                },
                match &s.waiting_now {
                    Some(c) => Cell::count(c, format!("{p}/waiting_now")),
                    None => Cell::text("–"),
                },
            ]
        })
        .collect();
    page.table("stages-table", &headers, &rows);
    Ok(())
}

fn categories(page: &mut Page, d: &Dashboard) -> Result<()> {
    let lang = d.language.as_str();
    let w = |k: &'static str| word(lang, k);
    page.h2("categories", w("categories"));
    for dim in ["category", "type"] {
        let lines: Vec<_> = d
            .categories
            .iter()
            .filter(|c| c.dimension == dim)
            .take(10)
            .collect();
        if lines.is_empty() {
            continue;
        }
        let x: Vec<String> = lines.iter().map(|c| c.label.clone()).collect();
        let series = vec![
            (
                w("this period").to_string(),
                lines.iter().map(|c| c.current.n as f64).collect(),
            ),
            (
                w("before").to_string(),
                lines.iter().map(|c| c.previous.n as f64).collect(),
            ),
        ];
        let svg = charts::hbars(&x, &series, charts::Bars::Grouped, "", 1000)?;
        page.figure(&svg, w(dim));
    }
    let headers = [
        w("dimension"),
        w("name"),
        w("this period"),
        w("before"),
        w("change"),
    ];
    let rows: Vec<Vec<Cell>> = d
        .categories
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let p = format!("/categories/{i}");
            vec![
                Cell::text(w(c.dimension)),
                Cell::text(c.label.clone()),
                Cell::count(&c.current, format!("{p}/current")),
                Cell::count(&c.previous, format!("{p}/previous")),
                Cell::num(c.change, format!("{p}/change"), |v| {
                    format!("{:+.0}%", v * 100.0)
                }),
            ]
        })
        .collect();
    page.table("categories-table", &headers, &rows);
    Ok(())
}

fn csat(page: &mut Page, d: &Dashboard) -> Result<()> {
    let lang = d.language.as_str();
    let w = |k: &'static str| word(lang, k);
    let c = &d.csat;
    page.h2("csat", w("csat"));
    let x: Vec<String> = (1..=5).map(|s| s.to_string()).collect();
    let scores: Vec<i64> = c.scores.iter().map(|s| s.n).collect();
    let dist = charts::bars(&x, w("rated"), &scores, 500, 240)?;
    let wx: Vec<String> = c.weeks.iter().map(|x| short_day(x.week)).collect();
    let means = vec![(
        w("weekly mean").to_string(),
        c.weeks.iter().map(|x| x.mean).collect(),
    )];
    let trend = charts::lines(
        &wx,
        &means,
        1.0..5.2,
        &|v| format!("{v:.1}"),
        None,
        500,
        240,
    )?;
    page.raw(&format!(
        "<div class=\"pair\">{}{}</div>",
        fig(&dist, w("csat")),
        fig(&trend, w("weekly mean"))
    ));
    let mut headers = vec![w("score")];
    let labels: Vec<String> = (1..=5).map(|s| s.to_string()).collect();
    headers.extend(labels.iter().map(String::as_str));
    headers.extend([w("rated"), w("mean")]);
    let mut row = vec![Cell::text(w("tickets"))];
    row.extend(
        c.scores
            .iter()
            .enumerate()
            .map(|(i, s)| Cell::count(s, format!("/csat/scores/{i}"))),
    );
    row.push(Cell::count(&c.rated, "/csat/rated"));
    row.push(Cell::num(c.mean, "/csat/mean", dec2));
    page.table("csat-table", &headers, &[row]);
    let rows: Vec<Vec<Cell>> = c
        .weeks
        .iter()
        .enumerate()
        .map(|(i, x)| {
            vec![
                Cell::text(format!("{} – {}", x.from, x.to)),
                Cell::count(&x.rated, format!("/csat/weeks/{i}/rated")),
                Cell::num(x.mean, format!("/csat/weeks/{i}/mean"), dec2),
            ]
        })
        .collect();
    page.table("csat-weeks", &[w("week"), w("rated"), w("mean")], &rows);
    Ok(())
}

fn agents(page: &mut Page, d: &Dashboard) {
    let lang = d.language.as_str();
    let w = |k: &'static str| word(lang, k);
    page.h2("agents", w("agents"));
    let headers = [
        w("agent"),
        w("received"),
        w("handled"),
        w("resolution rate"),
        w("mean first response h"),
        w("mean resolution h"),
        w("csat"),
        w("rated"),
        w("time logged h"),
    ];
    let rows: Vec<Vec<Cell>> = d
        .agents
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let p = format!("/agents/{i}");
            vec![
                Cell::text(a.name.clone()),
                Cell::count(&a.received, format!("{p}/received")),
                Cell::count(&a.handled, format!("{p}/handled")),
                Cell::num(a.resolution_rate, format!("{p}/resolution_rate"), pct),
                Cell::num(
                    a.mean_first_response_hours,
                    format!("{p}/mean_first_response_hours"),
                    dec1,
                ),
                Cell::num(
                    a.mean_resolution_hours,
                    format!("{p}/mean_resolution_hours"),
                    dec1,
                ),
                Cell::num(a.csat, format!("{p}/csat"), dec2),
                Cell::num(Some(a.csat_rated as f64), format!("{p}/csat_rated"), |v| {
                    format!("{v:.0}")
                }),
                Cell::num(
                    Some(a.time_logged_hours),
                    format!("{p}/time_logged_hours"),
                    dec1,
                ),
            ]
        })
        .collect();
    page.table("agents-table", &headers, &rows);
}
