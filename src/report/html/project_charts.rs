//! The project report's charts: the progress curve, the Gantt timeline and the risk
//! matrix, drawn with plotters like the dashboard's.

use super::charts::{color, draw_err, label_px, svg, Swatch, ALERT, INK};
use crate::domain::progress::ProgressCurve;
use crate::domain::project_report::{ProjectReport, ReportRisk};
use crate::error::Result;
use chrono::NaiveDate;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

const FONT: &str = "sans-serif";
const GRID: RGBColor = RGBColor(225, 225, 225);

/// Days since `origin` as a chart coordinate.
fn x_of(origin: NaiveDate, d: NaiveDate) -> f64 {
    (d - origin).num_days() as f64
}

fn date_label(origin: NaiveDate, v: f64) -> String {
    (origin + chrono::Duration::days(v.round() as i64))
        .format("%m-%d")
        .to_string()
}

/// Planned, actual and forecast percentages by day, with today and the due date
/// marked. `names`: planned, actual, forecast, today, due.
pub fn progress(c: &ProgressCurve, names: [&str; 5], w: u32, h: u32) -> Result<String> {
    let Some(first) = c.points.first() else {
        return Ok(String::new());
    };
    let origin = first.day;
    let last = c.points.last().map_or(origin, |p| p.day);
    let span = x_of(origin, last).max(1.0);
    let key = vec![
        (names[0].to_string(), Swatch::Line(color(0))),
        (names[1].to_string(), Swatch::Line(color(1))),
        (names[2].to_string(), Swatch::Dashed(color(1))),
        (names[3].to_string(), Swatch::Line(INK)),
        (names[4].to_string(), Swatch::Dashed(ALERT)),
    ];
    svg(w, h, &key, |root| {
        let mut chart = ChartBuilder::on(root)
            .margin(10)
            .x_label_area_size(28)
            .y_label_area_size(46)
            .build_cartesian_2d(-0.5..span + 0.5, 0.0..105.0)
            .map_err(draw_err)?;
        chart
            .configure_mesh()
            .bold_line_style(GRID)
            .light_line_style(WHITE)
            .x_labels(8)
            .x_label_formatter(&|v| date_label(origin, *v))
            .y_label_formatter(&|v| format!("{v:.0}%"))
            .label_style((FONT, 12).into_font().color(&INK))
            .draw()
            .map_err(draw_err)?;
        let pts = |f: fn(&crate::domain::progress::CurvePoint) -> Option<f64>| -> Vec<(f64, f64)> {
            c.points
                .iter()
                .filter_map(|p| f(p).map(|v| (x_of(origin, p.day), v)))
                .collect()
        };
        chart
            .draw_series(LineSeries::new(
                pts(|p| Some(p.planned)),
                color(0).stroke_width(2),
            ))
            .map_err(draw_err)?;
        chart
            .draw_series(LineSeries::new(pts(|p| p.actual), color(1).stroke_width(3)))
            .map_err(draw_err)?;
        chart
            .draw_series(DashedLineSeries::new(
                pts(|p| p.forecast),
                6,
                4,
                color(1).stroke_width(2),
            ))
            .map_err(draw_err)?;
        let today = x_of(origin, c.today);
        chart
            .draw_series(LineSeries::new(
                vec![(today, 0.0), (today, 105.0)],
                INK.stroke_width(1),
            ))
            .map_err(draw_err)?;
        if let Some(due) = c.due {
            let x = x_of(origin, due);
            chart
                .draw_series(DashedLineSeries::new(
                    vec![(x, 0.0), (x, 105.0)],
                    5,
                    4,
                    ALERT.stroke_width(2),
                ))
                .map_err(draw_err)?;
        }
        Ok(())
    })
}

/// Task bars by plan (light), done share (dark), slip to the forecast end (orange),
/// milestones as diamonds; today as a line. `names`: planned, done, slip, milestone.
pub fn gantt(r: &ProjectReport, names: [&str; 4], w: u32) -> Result<String> {
    let today = r.date;
    let mut rows: Vec<String> = Vec::new();
    let mut dates: Vec<NaiveDate> = vec![today];
    for t in &r.tasks {
        rows.push(format!("#{} {}", t.id, t.name));
        dates.extend([t.planned_start, t.planned_end, t.forecast_end]);
    }
    for m in &r.milestones {
        rows.push(format!("◆ {}", m.name));
        dates.extend([m.due_on, m.forecast].into_iter().flatten());
    }
    if rows.is_empty() {
        return Ok(String::new());
    }
    let origin = dates.iter().min().copied().unwrap_or(today);
    let end = dates.iter().max().copied().unwrap_or(today);
    let span = x_of(origin, end) + 1.0;
    let n = rows.len() as i32;
    let h = 50 + 24 * n as u32;
    let light = RGBColor(158, 202, 225);
    let key = vec![
        (names[0].to_string(), Swatch::Box(light)),
        (names[1].to_string(), Swatch::Box(color(0))),
        (names[2].to_string(), Swatch::Box(color(5))),
        (names[3].to_string(), Swatch::Dot(INK)),
    ];
    svg(w, h, &key, |root| {
        let mut chart = ChartBuilder::on(root)
            .margin(10)
            .x_label_area_size(28)
            .y_label_area_size(label_px(&rows).min(320))
            .build_cartesian_2d(0.0..span, (0..n - 1).into_segmented())
            .map_err(draw_err)?;
        let fy = |v: &SegmentValue<i32>| match v {
            SegmentValue::CenterOf(i) => {
                rows.get((n - 1 - *i) as usize).cloned().unwrap_or_default()
            }
            _ => String::new(),
        };
        chart
            .configure_mesh()
            .disable_y_mesh()
            .bold_line_style(GRID)
            .light_line_style(WHITE)
            .y_labels(n as usize)
            .y_label_formatter(&fy)
            .x_labels(8)
            .x_label_formatter(&|v| date_label(origin, *v))
            .label_style((FONT, 12).into_font().color(&INK))
            .draw()
            .map_err(draw_err)?;
        let row_y = |i: usize| n - 1 - i as i32;
        let bar = |a: f64, b: f64, y: i32, c: RGBColor, inset: u32| {
            let mut r = Rectangle::new(
                [(a, SegmentValue::Exact(y)), (b, SegmentValue::Exact(y + 1))],
                c.filled(),
            );
            r.set_margin(inset, inset, 0, 0);
            r
        };
        let mut bars = Vec::new();
        for (i, t) in r.tasks.iter().enumerate() {
            let (s, e) = (t.planned_start, t.planned_end);
            let (a, b) = (x_of(origin, s), x_of(origin, e) + 1.0);
            let y = row_y(i);
            bars.push(bar(a, b, y, light, 4));
            if let Some(f) = Some(t.forecast_end).filter(|f| *f > e) {
                bars.push(bar(b, x_of(origin, f) + 1.0, y, color(5), 4));
            }
            let done = (b - a) * t.percent_done.clamp(0, 100) as f64 / 100.0;
            if done > 0.0 {
                bars.push(bar(a, a + done, y, color(0), 8));
            }
        }
        chart.draw_series(bars).map_err(draw_err)?;
        let marks = r.milestones.iter().enumerate().filter_map(|(j, m)| {
            let d = m.due_on.or(m.forecast)?;
            let y = row_y(r.tasks.len() + j);
            let fill = if m.done { INK.filled() } else { ALERT.filled() };
            Some(Circle::new(
                (x_of(origin, d) + 0.5, SegmentValue::CenterOf(y)),
                6,
                fill,
            ))
        });
        chart.draw_series(marks).map_err(draw_err)?;
        let t = x_of(origin, today) + 0.5;
        chart
            .draw_series(std::iter::once(PathElement::new(
                vec![(t, SegmentValue::Exact(0)), (t, SegmentValue::Last)],
                INK.stroke_width(1),
            )))
            .map_err(draw_err)?;
        Ok(())
    })
}

/// The 5×5 matrix of live risks: impact across, probability up, each cell coloured
/// by its score band with the number of risks in it.
pub fn risk_matrix(risks: &[ReportRisk], x_name: &str, y_name: &str, w: u32) -> Result<String> {
    let mut n = [[0usize; 5]; 5];
    for k in risks {
        let (p, i) = (
            k.probability.clamp(1, 5) as usize,
            k.impact.clamp(1, 5) as usize,
        );
        n[p - 1][i - 1] += 1;
    }
    let h = w * 3 / 4;
    svg(w, h, &[], |root| {
        let mut chart = ChartBuilder::on(root)
            .margin(10)
            .x_label_area_size(40)
            .y_label_area_size(50)
            .build_cartesian_2d((1..5).into_segmented(), (1..5).into_segmented())
            .map_err(draw_err)?;
        let f = |v: &SegmentValue<i32>| match v {
            SegmentValue::CenterOf(i) => i.to_string(),
            _ => String::new(),
        };
        chart
            .configure_mesh()
            .disable_mesh()
            .x_labels(5)
            .y_labels(5)
            .x_label_formatter(&f)
            .y_label_formatter(&f)
            .x_desc(x_name)
            .y_desc(y_name)
            .label_style((FONT, 12).into_font().color(&INK))
            .axis_desc_style((FONT, 13).into_font().color(&INK))
            .draw()
            .map_err(draw_err)?;
        let mut cells = Vec::new();
        let mut texts = Vec::new();
        for p in 1..=5i32 {
            for i in 1..=5i32 {
                let score = p * i;
                let band = match crate::domain::project::RiskLevel::of(i64::from(p), i64::from(i)) {
                    crate::domain::project::RiskLevel::Low => RGBColor(214, 238, 214),
                    crate::domain::project::RiskLevel::Medium => RGBColor(255, 236, 179),
                    crate::domain::project::RiskLevel::High => RGBColor(255, 196, 160),
                    crate::domain::project::RiskLevel::Critical => RGBColor(244, 143, 143),
                };
                let mut rect = Rectangle::new(
                    [
                        (SegmentValue::Exact(i), SegmentValue::Exact(p)),
                        (SegmentValue::Exact(i + 1), SegmentValue::Exact(p + 1)),
                    ],
                    band.filled(),
                );
                rect.set_margin(1, 1, 1, 1);
                cells.push(rect);
                let count = n[p as usize - 1][i as usize - 1];
                let text = if count > 0 {
                    format!("{count}")
                } else {
                    format!("({score})")
                };
                let size = if count > 0 { 18 } else { 10 };
                texts.push(Text::new(
                    text,
                    (SegmentValue::CenterOf(i), SegmentValue::CenterOf(p)),
                    (FONT, size)
                        .into_font()
                        .color(&INK)
                        .pos(Pos::new(HPos::Center, VPos::Center)),
                ));
            }
        }
        chart.draw_series(cells).map_err(draw_err)?;
        chart.draw_series(texts).map_err(draw_err)?;
        Ok(())
    })
}
