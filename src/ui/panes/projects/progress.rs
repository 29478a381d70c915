//! The Progress tab: the selected project's planned-versus-actual curve with the
//! forecast to its end, today and the due date marked (ratatui's Chart), a line
//! saying where the forecast end falls against the due date, and the same for every
//! active project together — so slippage shows before the Gantt does.

use crate::app::{Lang, State};
use crate::domain::progress::ProgressCurve;
use crate::ui::i18n::projects::projects_strings;
use crate::ui::theme::Theme;
use chrono::NaiveDate;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Axis, Block, Borders, Chart, Dataset, GraphType, Paragraph};
use ratatui::Frame;

/// The words of the tab in one language.
struct Words {
    planned: &'static str,
    actual: &'static str,
    forecast: &'static str,
    today: &'static str,
    due: &'static str,
    all: &'static str,
    none: &'static str,
}

fn words(lang: Lang) -> Words {
    match lang {
        Lang::En => Words {
            planned: "planned",
            actual: "actual",
            forecast: "forecast",
            today: "today",
            due: "due",
            all: "All active projects",
            none: "no scheduled tasks: no curve",
        },
        Lang::Zh => Words {
            planned: "计划",
            actual: "实际",
            forecast: "预测",
            today: "今天",
            due: "截止",
            all: "全部进行中的项目",
            none: "没有排期的任务，无法绘制曲线",
        },
    }
}

/// Where the forecast end falls against the due date, in the UI's language. For
/// all projects together (`all`) the dates are the latest ones and the days are the
/// worst project's, so it says so.
pub fn verdict(c: &ProgressCurve, lang: Lang, all: bool) -> String {
    let zh = lang == Lang::Zh;
    let head = if zh {
        format!("计划 {:.0}% · 实际 {:.0}%", c.planned_now, c.actual_now)
    } else {
        format!(
            "planned {:.0}% · actual {:.0}%",
            c.planned_now, c.actual_now
        )
    };
    if all {
        let f = crate::ui::text::day(c.forecast_end, "–");
        let d = crate::ui::text::day(c.due, "–");
        let n = c.late_days.unwrap_or(0);
        let worst = match (zh, n > 0) {
            (true, true) => format!("最晚的项目晚 {n} 个工作日"),
            (true, false) => format!("每个项目都按期（最紧的早 {} 个工作日）", -n),
            (false, true) => format!("the worst project {n} working days late"),
            (false, false) => format!(
                "every project on time (the tightest {} working days early)",
                -n
            ),
        };
        return if zh {
            format!("{head} · 最后预计完成 {f}，最后截止 {d} · {worst}")
        } else {
            format!("{head} · last forecast end {f}, last due {d} · {worst}")
        };
    }
    let tail = match (c.forecast_end, c.due, c.late_days) {
        (Some(f), Some(d), Some(n)) if n > 0 && zh => {
            format!("预计 {f} 完成，比截止日 {d} 晚 {n} 个工作日")
        }
        (Some(f), Some(d), Some(n)) if n > 0 => {
            format!("forecast end {f}: {n} working days after the due date {d}")
        }
        (Some(f), Some(d), Some(0)) if zh => format!("预计 {f} 完成，正好在截止日 {d}"),
        (Some(f), Some(d), Some(0)) => format!("forecast end {f}: on the due date {d}"),
        (Some(f), Some(d), Some(n)) if zh => {
            format!("预计 {f} 完成，比截止日 {d} 早 {} 个工作日", -n)
        }
        (Some(f), Some(d), Some(n)) => {
            format!(
                "forecast end {f}: {} working days before the due date {d}",
                -n
            )
        }
        (Some(f), _, _) if zh => format!("预计 {f} 完成，没有截止日"),
        (Some(f), _, _) => format!("forecast end {f}, no due date"),
        _ if zh => "没有预测：项目没有排期的任务".into(),
        _ => "no forecast: the project has no scheduled tasks".into(),
    };
    format!("{head} · {tail}")
}

/// Draws the tab: the selected project's curve, and all active projects' beside it
/// (or as a line under it on a narrow screen).
pub fn render(s: &State, f: &mut Frame, area: Rect, th: &Theme) {
    let w = words(s.lang);
    let Some(loaded) = s.projects.plan.as_ref() else {
        let t = projects_strings(s.lang);
        f.render_widget(Paragraph::new(t.loading).style(th.dim), area);
        return;
    };
    let all = s.projects.all_progress.as_ref();
    let wide = area.width >= 110 && all.is_some();
    let left_w = if wide { area.width / 2 } else { area.width };
    let mut left = Rect::new(area.x, area.y, left_w, area.height);
    if !wide {
        if let (Some(a), true) = (all, area.height > 6) {
            let line = format!(" {}: {}", w.all, verdict(a, s.lang, true));
            let style = if a.late_days.unwrap_or(0) > 0 {
                th.warn
            } else {
                th.dim
            };
            f.render_widget(
                Paragraph::new(Span::styled(line, style)),
                Rect::new(area.x, area.bottom() - 1, area.width, 1),
            );
            left.height -= 1;
        }
    }
    let name = loaded.plan.project.name.clone();
    curve_box(s, f, left, th, (&loaded.curve, false), &name);
    if let (true, Some(a)) = (wide, all) {
        let right = Rect::new(area.x + left_w, area.y, area.width - left_w, area.height);
        curve_box(s, f, right, th, (a, true), w.all);
    }
}

/// One curve in a titled box: the verdict on top, the chart under it.
fn curve_box(
    s: &State,
    f: &mut Frame,
    area: Rect,
    th: &Theme,
    (c, all): (&ProgressCurve, bool),
    title: &str,
) {
    let w = words(s.lang);
    let late = c.late_days.unwrap_or(0) > 0;
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(th.border)
        .title(Span::styled(
            format!(" {} ", crate::domain::text::one_line(title)),
            th.header,
        ));
    let inner = block.inner(area);
    f.render_widget(block, area);
    if inner.height < 3 || inner.width < 20 {
        return;
    }
    let style = if late { th.bad } else { th.ok };
    let said = verdict(c, s.lang, all);
    // Two lines when one is too narrow for the sentence.
    let top = if crate::domain::text::width(&said) > inner.width as usize && inner.height > 8 {
        2
    } else {
        1
    };
    f.render_widget(
        Paragraph::new(Span::styled(said, style)).wrap(ratatui::widgets::Wrap { trim: true }),
        Rect::new(inner.x, inner.y, inner.width, top),
    );
    let inner = Rect::new(
        inner.x,
        inner.y + top - 1,
        inner.width,
        inner.height + 1 - top,
    );
    let Some(first) = c.points.first().map(|p| p.day) else {
        f.render_widget(
            Paragraph::new(Span::styled(w.none, th.dim)),
            Rect::new(inner.x, inner.y + 1, inner.width, 1),
        );
        return;
    };
    let x = |d: NaiveDate| (d - first).num_days() as f64;
    let planned: Vec<(f64, f64)> = c.points.iter().map(|p| (x(p.day), p.planned)).collect();
    let actual: Vec<(f64, f64)> = c
        .points
        .iter()
        .filter_map(|p| p.actual.map(|a| (x(p.day), a)))
        .collect();
    let forecast: Vec<(f64, f64)> = c
        .points
        .iter()
        .filter_map(|p| p.forecast.map(|a| (x(p.day), a)))
        .collect();
    // Far enough to show the forecast end and the due date against each other.
    let last = [c.points.last().map(|p| p.day), c.due, c.forecast_end]
        .into_iter()
        .flatten()
        .max()
        .unwrap_or(first);
    let span = x(last).max(1.0);
    let vertical = |d: Option<NaiveDate>| -> Vec<(f64, f64)> {
        d.filter(|d| *d >= first && *d <= last)
            .map(|d| (0..=10).map(|i| (x(d), f64::from(i) * 10.0)).collect())
            .unwrap_or_default()
    };
    let today = vertical(Some(c.today));
    let due = vertical(c.due);
    let series = |i: usize| -> Style {
        if s.color {
            th.accent
                .fg([ratatui::style::Color::Cyan, ratatui::style::Color::Yellow][i])
        } else {
            th.accent
        }
    };
    let data = vec![
        Dataset::default()
            .name(w.planned)
            .marker(Marker::Braille)
            .graph_type(GraphType::Line)
            .style(th.dim)
            .data(&planned),
        Dataset::default()
            .name(w.actual)
            .marker(Marker::HalfBlock)
            .graph_type(GraphType::Line)
            .style(series(0))
            .data(&actual),
        Dataset::default()
            .name(w.forecast)
            .marker(Marker::Dot)
            .graph_type(GraphType::Scatter)
            .style(series(1))
            .data(&forecast),
        Dataset::default()
            .name(w.today)
            .marker(Marker::Dot)
            .graph_type(GraphType::Scatter)
            .style(th.dim)
            .data(&today),
        Dataset::default()
            .name(w.due)
            .marker(Marker::Bar)
            .graph_type(GraphType::Scatter)
            .style(if late { th.bad } else { th.warn })
            .data(&due),
    ];
    let day = |d: NaiveDate| d.format("%m-%d").to_string();
    let chart = Chart::new(data)
        .x_axis(
            Axis::default()
                .bounds([0.0, span])
                .labels([Line::from(day(first)), Line::from(day(last))])
                .style(th.dim),
        )
        .y_axis(
            Axis::default()
                .bounds([0.0, 100.0])
                .labels([Line::from("0%"), Line::from("50%"), Line::from("100%")])
                .style(th.dim),
        )
        .hidden_legend_constraints((
            ratatui::layout::Constraint::Percentage(50),
            ratatui::layout::Constraint::Percentage(60),
        ));
    f.render_widget(
        chart,
        Rect::new(inner.x, inner.y + 1, inner.width, inner.height - 1),
    );
}
