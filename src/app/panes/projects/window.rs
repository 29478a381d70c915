//! The Gantt window of the Projects pane: where it starts, keeping the selected row
//! in view, and keeping the selection on the same task across reloads.

use super::state::ProjectsState;
use crate::app::msg::LoadedPlan;
use crate::domain::gantt::{self, GanttItem, Zoom};

/// Timeline columns at screen width `w` (as the pane draws it).
fn timeline_width(w: u16, items: &[GanttItem]) -> usize {
    let w = w as usize;
    w.saturating_sub(gantt::label_width_for(items, w) + 1)
}

/// Moves the window so the selected row's bar or marker is in view.
pub fn follow_selected(s: &mut ProjectsState, width: u16) {
    let items = s.items();
    let Some(start) = s.window_start() else {
        return;
    };
    let (a, b) = match items.get(s.row) {
        Some(GanttItem::Task(t)) => (t.start, t.end),
        Some(GanttItem::Milestone(m)) => (m.date, m.date),
        None => return,
    };
    let tw = timeline_width(width, &items);
    let st = gantt::keep_visible(start, s.zoom, tw, b);
    let st = gantt::keep_visible(st, s.zoom, tw, a);
    if st != start {
        s.start = Some(st);
    }
}

/// The window for a fresh look: from the plan's start, or with today a quarter in
/// when the plan runs past today (so the today line shows).
pub fn home(s: &mut ProjectsState, width: u16) {
    s.start = None;
    let (Some(plan), Some(fit)) = (s.plan(), s.window_start()) else {
        return;
    };
    let items = plan.gantt_items();
    let today = plan.today;
    let last = items
        .iter()
        .map(|i| match i {
            GanttItem::Task(t) => t.forecast_end.unwrap_or(t.end).max(t.end),
            GanttItem::Milestone(m) => m.date,
        })
        .max();
    if last.is_none_or(|l| l < today) || today <= fit {
        return;
    }
    let cols = timeline_width(width, &items) as i64 / 4;
    let days = match s.zoom {
        Zoom::Day => cols / 3,
        Zoom::Week => cols,
        Zoom::Month => cols * 7,
    };
    let start = s.zoom.align(today - chrono::Duration::days(days));
    s.start = Some(start.max(fit));
}

/// What a chart row shows, to find it again after a reload.
fn item_key(i: &GanttItem) -> (bool, i64) {
    match i {
        GanttItem::Task(t) => (true, t.id),
        GanttItem::Milestone(m) => (false, m.id),
    }
}

/// Shows a freshly loaded plan; the same project keeps its selected task and window.
pub fn set_plan(s: &mut ProjectsState, p: LoadedPlan, width: u16) {
    let same = s.plan().map(|x| x.project.id) == Some(p.plan.project.id);
    let was = s.items().get(s.row).map(item_key);
    if !same {
        s.row = 0;
        s.start = None;
        s.offset = 0;
    }
    s.plan = Some(p);
    let items = s.items();
    // A moved task may change places: keep the same task selected.
    if let Some(i) = was
        .filter(|_| same)
        .and_then(|k| items.iter().position(|x| item_key(x) == k))
    {
        s.row = i;
    }
    s.row = s.row.min(items.len().saturating_sub(1));
    if same {
        follow_selected(s, width);
    } else {
        home(s, width);
    }
}
