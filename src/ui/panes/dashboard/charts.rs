//! The SLA line per week against the target (ratatui's Chart) and satisfaction: the
//! scores 1–5 (BarChart) with the weekly mean (Sparkline).

use super::ctx::{pct, Ctx};
use crate::app::panes::dashboard::Widget;
use crate::ui::i18n::fill;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::{
    Axis, Bar, BarChart, BarGroup, Chart, Dataset, GraphType, Paragraph, Sparkline,
};
use ratatui::Frame;

/// SLA met per week: first response and resolution, and the target as a line.
pub fn sla(c: &Ctx, f: &mut Frame, area: Rect) {
    let inner = c.frame(f, area, Widget::Sla, "");
    let weeks = &c.d.sla_weeks;
    if weeks.is_empty() || inner.height < 4 {
        return;
    }
    let sel = c.selected(Widget::Sla);
    // The selected (else the last) week in words under the chart.
    let i = sel.unwrap_or(weeks.len() - 1).min(weeks.len() - 1);
    let w = &weeks[i];
    let words = format!(
        "{}  {} {} · {} {} · {}",
        w.from,
        c.t.response,
        pct(w.response.rate),
        c.t.resolution,
        pct(w.resolution.rate),
        fill(c.t.target, &[("pct", &pct(Some(c.d.sla_goal)))]),
    );
    let style = if sel.is_some() {
        c.th.selected
    } else {
        c.th.dim
    };
    f.render_widget(
        Paragraph::new(Span::styled(words, style)),
        Rect::new(inner.x, inner.bottom() - 1, inner.width, 1),
    );
    let plot = Rect::new(inner.x, inner.y, inner.width, inner.height - 1);
    let line = |f: fn(&crate::report::dashboard::SlaWeek) -> Option<f64>| -> Vec<(f64, f64)> {
        weeks
            .iter()
            .enumerate()
            .filter_map(|(k, w)| f(w).map(|r| (k as f64, r * 100.0)))
            .collect()
    };
    let response = line(|w| w.response.rate);
    let resolution = line(|w| w.resolution.rate);
    let last = (weeks.len().max(2) - 1) as f64;
    let goal = c.d.sla_goal * 100.0;
    // From a round ten under the lowest point (and the target): the lines near the
    // target are told apart.
    let low = response
        .iter()
        .chain(resolution.iter())
        .map(|p| p.1)
        .fold(goal, f64::min);
    let floor = ((low - 5.0) / 10.0).floor().clamp(0.0, 9.0) * 10.0;
    let target = vec![(0.0, goal), (last, goal)];
    let marked: Vec<(f64, f64)> = sel
        .and_then(|k| {
            weeks[k]
                .resolution
                .rate
                .map(|r| vec![(k as f64, r * 100.0)])
        })
        .unwrap_or_default();
    let data = vec![
        Dataset::default()
            .name(fill(c.t.target, &[("pct", &pct(Some(c.d.sla_goal)))]))
            .marker(Marker::Dot)
            .graph_type(GraphType::Line)
            .style(c.th.dim),
        Dataset::default()
            .name(c.t.response)
            .marker(Marker::Braille)
            .graph_type(GraphType::Line)
            .style(c.series(0))
            .data(&response),
        Dataset::default()
            .name(c.t.resolution)
            .marker(Marker::Block)
            .graph_type(GraphType::Line)
            .style(c.series(2))
            .data(&resolution),
        Dataset::default()
            .marker(Marker::Block)
            .graph_type(GraphType::Scatter)
            .style(c.th.selected)
            .data(&marked),
    ];
    let data = {
        let mut d = data;
        d[0] = d[0].clone().data(&target);
        d
    };
    let first = weeks[0].from.format("%m-%d").to_string();
    let end = weeks[weeks.len() - 1].from.format("%m-%d").to_string();
    let chart = Chart::new(data)
        .x_axis(
            Axis::default()
                .bounds([0.0, last])
                .labels([Line::from(first), Line::from(end)])
                .style(c.th.dim),
        )
        .y_axis(
            Axis::default()
                .bounds([floor, 100.0])
                .labels([
                    Line::from(format!("{floor:.0}")),
                    Line::from(format!("{:.0}", (floor + 100.0) / 2.0)),
                    Line::from("100"),
                ])
                .style(c.th.dim),
        )
        .hidden_legend_constraints((
            ratatui::layout::Constraint::Percentage(60),
            ratatui::layout::Constraint::Percentage(60),
        ));
    f.render_widget(chart, plot);
}

/// Satisfaction: how many tickets got each score, and the weekly mean.
pub fn csat(c: &Ctx, f: &mut Frame, area: Rect) {
    let p = &c.d.csat;
    let mean = p.mean.map_or_else(|| "–".into(), |m| format!("{m:.2}"));
    let inner = c.frame(f, area, Widget::Csat, &format!("{mean} ({})", p.rated.n));
    if inner.height < 3 {
        return;
    }
    let sel = c.selected(Widget::Csat);
    let bars: Vec<Bar> = p
        .scores
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let style = if sel == Some(i) {
                c.th.selected
            } else if i < 2 {
                c.th.bad
            } else {
                c.series(2)
            };
            Bar::default()
                .value(s.n.max(0) as u64)
                .label(Line::from(format!("{}★", i + 1)))
                .style(style)
                .value_style(style.add_modifier(Modifier::REVERSED))
        })
        .collect();
    // The bars on the left, the weekly mean beside them when there is room.
    let side = inner.width >= 36;
    let bw = if side { inner.width / 2 } else { inner.width };
    let bar_w = ((bw.saturating_sub(4)) / 5).clamp(1, 5);
    let chart = BarChart::default()
        .data(BarGroup::default().bars(&bars))
        .bar_width(bar_w)
        .bar_gap(1)
        .label_style(c.th.dim);
    f.render_widget(chart, Rect::new(inner.x, inner.y, bw, inner.height));
    if !side {
        return;
    }
    let sx = inner.x + bw + 1;
    let sw = inner.width - bw - 1;
    let weekly: Vec<u64> = p
        .weeks
        .iter()
        .map(|w| w.mean.map_or(0, |m| (m * 20.0).round() as u64))
        .collect();
    let last = p
        .weeks
        .iter()
        .rev()
        .find_map(|w| w.mean)
        .map_or_else(|| "–".into(), |m| format!("{m:.1}"));
    f.render_widget(
        Paragraph::new(Span::styled(
            format!("{} {last}", c.t.weekly_mean),
            c.th.dim,
        )),
        Rect::new(sx, inner.y, sw, 1),
    );
    let spark = Sparkline::default()
        .data(&weekly)
        .max(100)
        .style(c.series(0));
    f.render_widget(
        spark,
        Rect::new(
            sx,
            inner.y + 1,
            sw.min(weekly.len() as u16).max(1),
            inner.height - 1,
        ),
    );
}
