//! The charts that are rows: where tickets wait (p50 / p90 bars per stage, the
//! longest marked), top problem categories with their change against the period
//! before, and the agent table in the chosen order.

use super::ctx::{agent_name, hours, pct, stage_label, Ctx};
use crate::app::panes::dashboard::{AgentSortKey, Widget};
use crate::ui::i18n::fill;
use crate::ui::text::{fit, fit_right};
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

/// The first row to show so that `sel` stays among `rows` visible ones.
fn first_row(sel: Option<usize>, rows: usize) -> usize {
    sel.map_or(0, |s| (s + 1).saturating_sub(rows))
}

/// A bar of `v` against `max` in `w` columns.
fn bar(v: f64, max: f64, w: usize) -> usize {
    if max <= 0.0 || v <= 0.0 {
        return 0;
    }
    ((v / max * w as f64).round() as usize).clamp(1, w)
}

/// Where tickets wait: per stage the median (█) and 90th percentile (░) stay.
pub fn stages(c: &Ctx, f: &mut Frame, area: Rect) {
    let inner = c.frame(f, area, Widget::Stages, "p50 █ p90 ░");
    let rows = &c.d.stages;
    let w = inner.width as usize;
    let label_w = (w / 4).clamp(6, 14);
    let num_w = 11;
    let now_w = 5;
    let bar_w = w.saturating_sub(label_w + num_w + now_w + 2).max(1);
    let max = rows.iter().filter_map(|s| s.p90_hours).fold(0.0, f64::max);
    // The bottleneck: the longest p90 among the stages that are not resolved.
    let worst = rows
        .iter()
        .enumerate()
        .filter(|(_, s)| s.kind != "resolved")
        .filter_map(|(i, s)| s.p90_hours.map(|h| (i, h)))
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(i, _)| i);
    let sel = c.selected(Widget::Stages);
    let mut lines = vec![Line::from(Span::styled(
        format!(
            "{}{}{}",
            fit(c.t.col_stage, label_w + 1),
            fit("", bar_w + 1),
            fit_right(c.t.col_now, now_w + num_w)
        ),
        c.th.header,
    ))];
    let room = (inner.height as usize).saturating_sub(1);
    for (i, s) in rows
        .iter()
        .enumerate()
        .skip(first_row(sel, room))
        .take(room)
    {
        let p50 = bar(s.p50_hours.unwrap_or(0.0), max, bar_w);
        let p90 = bar(s.p90_hours.unwrap_or(0.0), max, bar_w).max(p50);
        let label_style = if sel == Some(i) {
            c.th.selected
        } else if worst == Some(i) {
            c.th.bad
        } else {
            c.th.base
        };
        let bar_style = if worst == Some(i) {
            c.th.bad
        } else {
            c.series(0)
        };
        let nums = format!("{}/{}", hours(s.p50_hours), hours(s.p90_hours));
        let now = s
            .waiting_now
            .as_ref()
            .map_or(String::new(), |n| n.n.to_string());
        lines.push(Line::from(vec![
            Span::styled(
                fit(&stage_label(c, &s.stage, &s.label), label_w),
                label_style,
            ),
            Span::raw(" "),
            Span::styled("█".repeat(p50), bar_style),
            Span::styled("░".repeat(p90 - p50), bar_style),
            Span::raw(" ".repeat(bar_w - p90 + 1)),
            Span::styled(fit_right(&nums, num_w), c.th.base),
            Span::styled(fit_right(&now, now_w), c.th.dim),
        ]));
    }
    f.render_widget(Paragraph::new(lines), inner);
}

/// Top problem categories: this period, the one before, the change.
pub fn categories(c: &Ctx, f: &mut Frame, area: Rect) {
    let inner = c.frame(f, area, Widget::Categories, "");
    let rows = &c.d.categories;
    let w = inner.width as usize;
    let num_w = 7;
    let chg_w = 7;
    let label_w = w.saturating_sub(2 * num_w + chg_w).max(6);
    let sel = c.selected(Widget::Categories);
    let mut lines = vec![Line::from(Span::styled(
        format!(
            "{}{}{}{}",
            fit(c.t.col_category, label_w),
            fit_right(c.t.col_this, num_w),
            fit_right(c.t.col_before, num_w),
            fit_right("±", chg_w)
        ),
        c.th.header,
    ))];
    let room = (inner.height as usize).saturating_sub(1);
    for (i, r) in rows
        .iter()
        .enumerate()
        .skip(first_row(sel, room))
        .take(room)
    {
        let change = match r.change {
            Some(x) => format!("{:+.0}%", x * 100.0),
            None if r.current.n > 0 => "new".into(),
            None => "–".into(),
        };
        let up = r.change.is_some_and(|x| x >= 0.5) || (r.change.is_none() && r.current.n > 0);
        let label_style = if sel == Some(i) {
            c.th.selected
        } else {
            c.th.base
        };
        let chg_style = if up { c.th.warn } else { c.th.dim };
        lines.push(Line::from(vec![
            Span::styled(
                fit(&format!("{} {}", dim_tag(r.dimension), r.label), label_w),
                label_style,
            ),
            Span::styled(fit_right(&r.current.n.to_string(), num_w), c.th.accent),
            Span::styled(fit_right(&r.previous.n.to_string(), num_w), c.th.dim),
            Span::styled(fit_right(&change, chg_w), chg_style),
        ]));
    }
    f.render_widget(Paragraph::new(lines), inner);
}

/// A one-glyph mark of a category's dimension (type, tag, product).
fn dim_tag(d: &str) -> &'static str {
    match d {
        "type" => "▪",
        "tag" => "#",
        "product" => "◆",
        _ => "·",
    }
}

/// The agent table of `report agents`, in the chosen order (the team's line last).
pub fn agents(c: &Ctx, f: &mut Frame, area: Rect) {
    let col = |k: AgentSortKey| match k {
        AgentSortKey::Name => c.t.col_agent,
        AgentSortKey::Received => c.t.col_received,
        AgentSortKey::Handled => c.t.col_handled,
        AgentSortKey::Rate => c.t.col_rate,
        AgentSortKey::FirstResponse => c.t.col_first,
        AgentSortKey::Resolution => c.t.col_resolve,
        AgentSortKey::Csat => c.t.col_csat,
        AgentSortKey::Logged => c.t.col_logged,
    };
    let sorted = fill(c.t.sorted, &[("col", col(c.st.sort))]);
    let inner = c.frame(f, area, Widget::Agents, &sorted);
    let w = inner.width as usize;
    let num = 7usize;
    // The name takes what the numbers leave; narrow boxes drop the last columns.
    let cols = AgentSortKey::ALL.len() - 1;
    let fits = ((w.saturating_sub(10)) / num).min(cols);
    let name_w = w.saturating_sub(fits * num).max(6);
    let header: Vec<Span> = AgentSortKey::ALL
        .iter()
        .take(fits + 1)
        .enumerate()
        .map(|(i, k)| {
            let style = if *k == c.st.sort {
                c.th.accent
            } else {
                c.th.header
            };
            let text = if i == 0 {
                fit(col(*k), name_w)
            } else {
                fit_right(col(*k), num)
            };
            Span::styled(text, style)
        })
        .collect();
    let mut lines = vec![Line::from(header)];
    let rows = c.st.agents_sorted();
    let sel = c.selected(Widget::Agents);
    let room = (inner.height as usize).saturating_sub(1);
    for (i, a) in rows
        .iter()
        .enumerate()
        .skip(first_row(sel, room))
        .take(room)
    {
        let cells = [
            a.received.n.to_string(),
            a.handled.n.to_string(),
            pct(a.resolution_rate),
            hours(a.mean_first_response_hours),
            hours(a.mean_resolution_hours),
            a.csat.map_or_else(|| "–".into(), |m| format!("{m:.1}")),
            format!("{:.0}h", a.time_logged_hours),
        ];
        let style: Style = if sel == Some(i) {
            c.th.selected
        } else if a.agent_id.is_none() {
            c.th.accent
        } else {
            c.th.base
        };
        let mut spans = vec![Span::styled(
            fit(&agent_name(c, &a.name, a.agent_id), name_w),
            style,
        )];
        for cell in cells.iter().take(fits) {
            spans.push(Span::styled(fit_right(cell, num), style));
        }
        lines.push(Line::from(spans));
    }
    f.render_widget(Paragraph::new(lines), inner);
}
