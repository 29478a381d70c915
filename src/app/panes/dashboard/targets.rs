//! What `enter` opens in each chart: the counts that can be selected, in the order
//! the chart shows them, each with the filter that lists exactly its tickets.

use super::state::{DashboardState, Widget};
use crate::report::dashboard::Counted;

/// A selectable count of a chart.
pub type Target<'a> = &'a Counted;

/// The selectable counts of chart `w` (empty before the first load).
///
/// Tiles: open now, new today, breached now, first responses and resolutions that
/// missed their target, rated tickets, the backlog at the end. Volume: each day,
/// or each day's part of the channel chosen inside the bars.
/// SLA: each week's missed resolutions. Heatmap: weekday × hour, Monday 0:00 first.
/// Stages: the tickets that were in each stage. Categories: this period's tickets
/// of each. CSAT: each score 1–5. Agents: each row's received tickets, in the
/// table's order.
pub fn of(s: &DashboardState, w: Widget) -> Vec<Target<'_>> {
    let Some(d) = s.data.as_deref() else {
        return Vec::new();
    };
    match w {
        Widget::Tiles => {
            let t = &d.tiles;
            vec![
                &t.open_now,
                &t.new_today,
                &t.breached_now,
                &t.response.breached,
                &t.resolution.breached,
                &t.csat_rated,
                &t.backlog.end,
            ]
        }
        Widget::Volume => d
            .volume
            .days
            .iter()
            .map(|v| {
                s.series_index()
                    .and_then(|c| v.by_channel.get(c))
                    .unwrap_or(&v.total)
            })
            .collect(),
        Widget::Sla => d.sla_weeks.iter().map(|w| &w.resolution.breached).collect(),
        Widget::Heatmap => d.heatmap.cells.iter().flatten().collect(),
        Widget::Stages => d.stages.iter().map(|x| &x.tickets).collect(),
        Widget::Categories => d.categories.iter().map(|c| &c.current).collect(),
        Widget::Csat => d.csat.scores.iter().collect(),
        Widget::Agents => s.agents_sorted().into_iter().map(|a| &a.received).collect(),
    }
}

/// The selected count of chart `w`, if it has one.
pub fn selected(s: &DashboardState, w: Widget) -> Option<Target<'_>> {
    let all = of(s, w);
    let i = s.selected_in(w).min(all.len().saturating_sub(1));
    all.get(i).copied()
}
