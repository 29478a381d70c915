//! Gantt timeline layout: tasks, milestones and dependencies turned into rows of
//! one-column cells for a date window at a zoom level. Pure: the console paints the
//! cells (one glyph each, styled by kind); `GanttLayout::lines` gives plain text.
//!
//! Scales: `Day` = 3 columns a day; `Week` = 1 column a day, labelled by week;
//! `Month` = 1 column a week (Monday to Sunday), labelled by month.

use super::text::{pad, width};
use chrono::{Datelike, Duration, NaiveDate, Weekday};

/// How much time one column shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Zoom {
    #[default]
    Day,
    Week,
    Month,
}

impl Zoom {
    /// Parses `day`, `week` or `month`.
    pub fn parse(s: &str) -> Option<Zoom> {
        match s.trim().to_ascii_lowercase().as_str() {
            "day" | "d" => Some(Zoom::Day),
            "week" | "w" => Some(Zoom::Week),
            "month" | "m" => Some(Zoom::Month),
            _ => None,
        }
    }

    /// The name: `day`, `week`, `month`.
    pub fn as_str(self) -> &'static str {
        match self {
            Zoom::Day => "day",
            Zoom::Week => "week",
            Zoom::Month => "month",
        }
    }

    /// One step further out (day → week → month → day).
    pub fn next(self) -> Zoom {
        match self {
            Zoom::Day => Zoom::Week,
            Zoom::Week => Zoom::Month,
            Zoom::Month => Zoom::Day,
        }
    }

    /// Days shown by one scroll step.
    pub fn step_days(self) -> i64 {
        match self {
            Zoom::Day => 1,
            Zoom::Week => 7,
            Zoom::Month => 28,
        }
    }

    /// The first date a window may start on: any day, or the Monday on or before `d`.
    pub fn align(self, d: NaiveDate) -> NaiveDate {
        match self {
            Zoom::Day => d,
            Zoom::Week | Zoom::Month => {
                d - Duration::days(i64::from(d.weekday().num_days_from_monday()))
            }
        }
    }

    /// The columns `[first, last]` that date `d` covers, counted from `start` (may be
    /// negative or past the window).
    fn span(self, start: NaiveDate, d: NaiveDate) -> (i64, i64) {
        let days = (d - start).num_days();
        match self {
            Zoom::Day => (days * 3, days * 3 + 2),
            Zoom::Week => (days, days),
            Zoom::Month => (days.div_euclid(7), days.div_euclid(7)),
        }
    }

    /// The date shown at column `col` of a window starting on `start`.
    fn date_at(self, start: NaiveDate, col: i64) -> NaiveDate {
        start
            + Duration::days(match self {
                Zoom::Day => col.div_euclid(3),
                Zoom::Week => col,
                Zoom::Month => col * 7,
            })
    }
}

/// A task bar.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct GanttTask {
    pub id: i64,
    pub name: String,
    /// Planned start and end (inclusive).
    pub start: NaiveDate,
    pub end: NaiveDate,
    /// Forecast end; cells past `end` up to it are drawn as slippage.
    pub forecast_end: Option<NaiveDate>,
    /// 0–100
    pub percent_done: i64,
    pub critical: bool,
    pub done: bool,
    /// Ids of the tasks this one starts after.
    pub after: Vec<i64>,
}

/// A milestone marker.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct GanttMilestone {
    pub id: i64,
    pub name: String,
    pub date: NaiveDate,
    pub done: bool,
}

/// One row of the chart, in display order.
#[derive(Debug, Clone, PartialEq)]
pub enum GanttItem {
    Task(GanttTask),
    Milestone(GanttMilestone),
}

/// What part of the timeline is shown, and how wide.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GanttView {
    /// First date shown (aligned to a Monday for week and month zoom).
    pub start: NaiveDate,
    pub today: NaiveDate,
    pub zoom: Zoom,
    /// Total columns: label + separator + timeline.
    pub width: usize,
    /// Label column width; None picks one from the labels and the width.
    pub label_width: Option<usize>,
}

/// What a cell shows; the console picks a style per kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CellKind {
    Empty,
    /// An empty cell on a day off (day and week zoom).
    DayOff,
    /// The finished part of a bar.
    Done,
    /// The unfinished part of a bar.
    Remaining,
    /// Past the planned end up to the forecast end.
    Slip,
    Milestone,
    MilestoneDone,
    /// A dependency line from the predecessor's end towards this bar.
    Link,
    /// The arrow head just before a dependent bar.
    Arrow,
    /// An empty cell on today's column.
    Today,
}

/// One column of one row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cell {
    pub glyph: char,
    pub kind: CellKind,
    /// Part of a critical task's row (bar, slip or arrow).
    pub critical: bool,
    /// On today's column.
    pub today: bool,
}

impl Cell {
    fn blank() -> Cell {
        Cell {
            glyph: ' ',
            kind: CellKind::Empty,
            critical: false,
            today: false,
        }
    }

    fn is_free(&self) -> bool {
        matches!(self.kind, CellKind::Empty | CellKind::DayOff)
    }
}

/// Which record a row shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowItem {
    Task(i64),
    Milestone(i64),
}

/// One laid-out row.
#[derive(Debug, Clone, PartialEq)]
pub struct GanttRow {
    pub item: RowItem,
    /// The label, truncated and padded to exactly `label_width` display columns.
    pub label: String,
    /// Exactly `timeline_width` cells.
    pub cells: Vec<Cell>,
    pub critical: bool,
    /// Rows of the tasks this one depends on (those in the chart).
    pub preds: Vec<usize>,
    /// The bar or marker lies (partly) before / after the window.
    pub clipped_left: bool,
    pub clipped_right: bool,
}

/// A laid-out chart.
#[derive(Debug, Clone, PartialEq)]
pub struct GanttLayout {
    pub zoom: Zoom,
    pub label_width: usize,
    pub timeline_width: usize,
    /// First and last date in the window.
    pub start: NaiveDate,
    pub end: NaiveDate,
    /// Two header lines over the timeline (ASCII, exactly `timeline_width` columns):
    /// years or months above, days, week starts or months below.
    pub header: [String; 2],
    pub rows: Vec<GanttRow>,
    /// The timeline column of today, if in the window.
    pub today_col: Option<usize>,
}

impl GanttLayout {
    /// Plain text: two header lines, then one line per row (`label│cells`).
    pub fn lines(&self) -> Vec<String> {
        let blank = " ".repeat(self.label_width);
        let mut out = vec![
            format!("{blank}│{}", self.header[0]),
            format!("{blank}│{}", self.header[1]),
        ];
        for r in &self.rows {
            let cells: String = r.cells.iter().map(|c| c.glyph).collect();
            out.push(format!("{}│{}", r.label, cells));
        }
        out
    }

    /// The date under timeline column `col`.
    pub fn date_at(&self, col: usize) -> NaiveDate {
        self.zoom.date_at(self.start, col as i64)
    }

    /// The timeline columns `[first, last]` that `d` covers, if in the window.
    pub fn columns_of(&self, d: NaiveDate) -> Option<(usize, usize)> {
        let (a, b) = self.zoom.span(self.start, d);
        let w = self.timeline_width as i64;
        (b >= 0 && a < w).then(|| (a.max(0) as usize, b.min(w - 1) as usize))
    }
}

/// Glyphs: done part, unfinished part (normal / critical), slippage, milestone
/// (open / done), dependency line and arrow, today line, day off.
pub const GLYPH_DONE: char = '█';
pub const GLYPH_REMAINING: char = '░';
pub const GLYPH_REMAINING_CRITICAL: char = '▓';
pub const GLYPH_SLIP: char = '┄';
pub const GLYPH_MILESTONE: char = '◆';
pub const GLYPH_MILESTONE_DONE: char = '◇';
pub const GLYPH_LINK: char = '─';
pub const GLYPH_ARROW: char = '→';
pub const GLYPH_TODAY: char = '│';
pub const GLYPH_DAY_OFF: char = '·';

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// The row label of an item: `#12 name` for a task, `◆ name` for a milestone.
pub fn label_of(item: &GanttItem) -> String {
    match item {
        GanttItem::Task(t) => format!("#{} {}", t.id, super::text::one_line(&t.name)),
        GanttItem::Milestone(m) => format!("{GLYPH_MILESTONE} {}", super::text::one_line(&m.name)),
    }
}

fn item_dates(item: &GanttItem) -> (NaiveDate, NaiveDate) {
    match item {
        GanttItem::Task(t) => (t.start, t.forecast_end.unwrap_or(t.end).max(t.end)),
        GanttItem::Milestone(m) => (m.date, m.date),
    }
}

/// A window start that shows the earliest item with a little room before it
/// (or today when there are no items), aligned for `zoom`.
pub fn fit_start(items: &[GanttItem], zoom: Zoom, today: NaiveDate) -> NaiveDate {
    let first = items.iter().map(|i| item_dates(i).0).min().unwrap_or(today);
    zoom.align(first - Duration::days(zoom.step_days().min(2)))
}

/// The window start moved by `steps` scroll steps (negative: back in time).
pub fn scroll(start: NaiveDate, zoom: Zoom, steps: i64) -> NaiveDate {
    zoom.align(start + Duration::days(steps * zoom.step_days()))
}

/// A window start, as close to `start` as possible, that shows `d` in a timeline of
/// `timeline_width` columns (for following a task that is being moved).
pub fn keep_visible(
    start: NaiveDate,
    zoom: Zoom,
    timeline_width: usize,
    d: NaiveDate,
) -> NaiveDate {
    let start = zoom.align(start);
    let w = timeline_width.max(1) as i64;
    let (a, b) = zoom.span(start, d);
    if a < 0 {
        return zoom.align(d);
    }
    if b < w {
        return start;
    }
    let visible_days = match zoom {
        Zoom::Day => (w / 3).max(1),
        Zoom::Week => w,
        Zoom::Month => w * 7,
    };
    let mut cand = zoom.align(d - Duration::days(visible_days - 1));
    for _ in 0..8 {
        if zoom.span(cand, d).1 < w {
            break;
        }
        cand = zoom.align(cand + Duration::days(if zoom == Zoom::Day { 1 } else { 7 }));
    }
    cand
}

/// The label column width for these items in `width` total columns.
pub fn label_width_for(items: &[GanttItem], total: usize) -> usize {
    let widest = items.iter().map(|i| width(&label_of(i))).max().unwrap_or(8);
    let cap = (total * 2 / 5).clamp(8, 32);
    widest.clamp(8, cap).min(total.saturating_sub(2))
}

/// Lays out `items` (in display order) for `view`. `is_workday` marks days off in
/// day and week zoom.
pub fn layout(
    items: &[GanttItem],
    view: &GanttView,
    is_workday: &dyn Fn(NaiveDate) -> bool,
) -> GanttLayout {
    let zoom = view.zoom;
    let start = zoom.align(view.start);
    let label_width = view
        .label_width
        .unwrap_or_else(|| label_width_for(items, view.width))
        .min(view.width.saturating_sub(2));
    let tw = view.width.saturating_sub(label_width + 1);
    let end = if tw == 0 {
        start
    } else {
        zoom.date_at(start, tw as i64 - 1) + Duration::days(if zoom == Zoom::Month { 6 } else { 0 })
    };
    let today_span = zoom.span(start, view.today);
    let today_col =
        (today_span.0 >= 0 && today_span.0 < tw as i64).then_some(today_span.0 as usize);

    // Empty rows: days off shaded in day and week zoom.
    let empty: Vec<Cell> = (0..tw)
        .map(|c| {
            let mut cell = Cell::blank();
            if zoom != Zoom::Month && !is_workday(zoom.date_at(start, c as i64)) {
                cell.kind = CellKind::DayOff;
                cell.glyph = GLYPH_DAY_OFF;
            }
            cell
        })
        .collect();

    let row_of: std::collections::BTreeMap<i64, usize> = items
        .iter()
        .enumerate()
        .filter_map(|(i, it)| match it {
            GanttItem::Task(t) => Some((t.id, i)),
            GanttItem::Milestone(_) => None,
        })
        .collect();
    let task_end = |id: i64| -> Option<NaiveDate> {
        row_of.get(&id).and_then(|&i| match &items[i] {
            GanttItem::Task(t) => Some(t.end),
            GanttItem::Milestone(_) => None,
        })
    };

    let mut rows = Vec::with_capacity(items.len());
    for item in items {
        let mut cells = empty.clone();
        let (item_id, critical, preds, left, right) = match item {
            GanttItem::Task(t) => {
                let (a, _) = zoom.span(start, t.start);
                let (_, b) = zoom.span(start, t.end.max(t.start));
                let n = (b - a + 1).max(1);
                let done_cells = if t.done {
                    n
                } else {
                    (n * t.percent_done.clamp(0, 100) + 50) / 100
                };
                for c in a..=b {
                    if let Some(cell) = cell_at(&mut cells, c) {
                        let finished = c - a < done_cells;
                        cell.kind = if finished {
                            CellKind::Done
                        } else {
                            CellKind::Remaining
                        };
                        cell.glyph = match (finished, t.critical) {
                            (true, _) => GLYPH_DONE,
                            (false, true) => GLYPH_REMAINING_CRITICAL,
                            (false, false) => GLYPH_REMAINING,
                        };
                        cell.critical = t.critical;
                    }
                }
                let mut right = b >= tw as i64;
                if let Some(f) = t.forecast_end.filter(|f| *f > t.end && !t.done) {
                    let (_, fb) = zoom.span(start, f);
                    for c in b + 1..=fb {
                        if let Some(cell) = cell_at(&mut cells, c) {
                            cell.kind = CellKind::Slip;
                            cell.glyph = GLYPH_SLIP;
                            cell.critical = t.critical;
                        }
                    }
                    right |= fb >= tw as i64;
                }
                // Dependency line: from after the latest predecessor's end to the bar.
                let pred_end = t.after.iter().filter_map(|&p| task_end(p)).max();
                if let Some(pe) = pred_end {
                    let (_, pb) = zoom.span(start, pe);
                    let from = (pb + 1).min(a - 1);
                    for c in from..a {
                        if let Some(cell) = cell_at(&mut cells, c).filter(|c| c.is_free()) {
                            let head = c == a - 1;
                            cell.kind = if head {
                                CellKind::Arrow
                            } else {
                                CellKind::Link
                            };
                            cell.glyph = if head { GLYPH_ARROW } else { GLYPH_LINK };
                            cell.critical = t.critical;
                        }
                    }
                }
                let preds: Vec<usize> = t
                    .after
                    .iter()
                    .filter_map(|p| row_of.get(p).copied())
                    .collect();
                (RowItem::Task(t.id), t.critical, preds, a < 0, right)
            }
            GanttItem::Milestone(m) => {
                let (a, b) = zoom.span(start, m.date);
                if let Some(cell) = cell_at(&mut cells, a) {
                    cell.kind = if m.done {
                        CellKind::MilestoneDone
                    } else {
                        CellKind::Milestone
                    };
                    cell.glyph = if m.done {
                        GLYPH_MILESTONE_DONE
                    } else {
                        GLYPH_MILESTONE
                    };
                }
                (
                    RowItem::Milestone(m.id),
                    false,
                    Vec::new(),
                    b < 0,
                    a >= tw as i64,
                )
            }
        };
        if let Some(tc) = today_col {
            let cell = &mut cells[tc];
            cell.today = true;
            if cell.is_free() {
                cell.kind = CellKind::Today;
                cell.glyph = GLYPH_TODAY;
            }
        }
        rows.push(GanttRow {
            item: item_id,
            label: pad(&label_of(item), label_width),
            cells,
            critical,
            preds,
            clipped_left: left,
            clipped_right: right,
        });
    }

    GanttLayout {
        zoom,
        label_width,
        timeline_width: tw,
        start,
        end,
        header: header(zoom, start, tw, today_col),
        rows,
        today_col,
    }
}

fn cell_at(cells: &mut [Cell], c: i64) -> Option<&mut Cell> {
    usize::try_from(c).ok().and_then(|i| cells.get_mut(i))
}

/// Writes `text` at `col` if it fits and does not run into the previous text.
fn put(line: &mut [u8], col: usize, text: &str, free_from: &mut usize) {
    if col < *free_from || col + text.len() > line.len() {
        return;
    }
    line[col..col + text.len()].copy_from_slice(text.as_bytes());
    *free_from = col + text.len() + 1;
}

fn header(zoom: Zoom, start: NaiveDate, tw: usize, today_col: Option<usize>) -> [String; 2] {
    let mut top = vec![b' '; tw];
    let mut bottom = vec![b' '; tw];
    let (mut top_free, mut bottom_free) = (0, 0);
    let date = |col: usize| zoom.date_at(start, col as i64);
    // The first column where the month (or year) changes: the window's own first label
    // is left out when it would crowd that one out.
    let first_change = |f: &dyn Fn(NaiveDate) -> i32| {
        (1..tw)
            .find(|&c| f(date(c)) != f(date(c - 1)))
            .unwrap_or(usize::MAX)
    };
    let month_change = first_change(&|d| d.month() as i32);
    let year_change = first_change(&|d| d.year());
    for col in 0..tw {
        let d = date(col);
        let new_month = col == 0 || date(col - 1).month() != d.month();
        match zoom {
            Zoom::Day | Zoom::Week => {
                let label = format!("{}-{:02}", d.year(), d.month());
                if new_month && (col > 0 || month_change > label.len()) {
                    put(&mut top, col, &label, &mut top_free);
                }
                let day_label = match zoom {
                    Zoom::Day => col % 3 == 0,
                    _ => d.weekday() == Weekday::Mon,
                };
                if day_label {
                    put(
                        &mut bottom,
                        col,
                        &format!("{:02}", d.day()),
                        &mut bottom_free,
                    );
                }
            }
            Zoom::Month => {
                // Column `col` is the week from Monday `d`: a month is labelled at its
                // first Monday, a year at its first month.
                if new_month && (col > 0 || month_change > 3) {
                    put(
                        &mut bottom,
                        col,
                        MONTHS[d.month0() as usize],
                        &mut bottom_free,
                    );
                }
                let new_year = col == 0 || date(col - 1).year() != d.year();
                if new_year && (col > 0 || year_change > 4) {
                    put(&mut top, col, &d.year().to_string(), &mut top_free);
                }
            }
        }
    }
    if let Some(tc) = today_col {
        if top[tc] == b' ' {
            top[tc] = b'v';
        }
    }
    [
        String::from_utf8(top).unwrap_or_default(),
        String::from_utf8(bottom).unwrap_or_default(),
    ]
}

#[cfg(test)]
#[path = "gantt_tests.rs"]
mod tests;
