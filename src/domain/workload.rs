//! Workload: hours of work per agent per day for the coming weeks (a heatmap grid),
//! load as a share of capacity, overload streaks, and the ranking for assignment.
//!
//! Work is placed on days as follows. An open ticket weighs a number of hours by its
//! priority and is spread evenly over the agent's working days from today to its
//! resolution due date; a project task's remaining hours are spread over the working
//! days of its planned window. Work already late, or whose window holds no working
//! day, lands on the first working day from the window's start.

mod rank;

pub use rank::{rank, round_robin_next, Candidate, Ranked, TicketNeeds};

use super::ticket::Priority;
use chrono::NaiveDate;

/// Hours of work one open ticket counts for, by priority (`[team.weights]`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Weights {
    pub low: f64,
    pub normal: f64,
    pub high: f64,
    pub urgent: f64,
}

impl Default for Weights {
    fn default() -> Self {
        Weights {
            low: 0.5,
            normal: 1.0,
            high: 2.0,
            urgent: 4.0,
        }
    }
}

impl Weights {
    /// The hours one open ticket of priority `p` counts for.
    pub fn of(&self, p: Priority) -> f64 {
        match p {
            Priority::Low => self.low,
            Priority::Normal => self.normal,
            Priority::High => self.high,
            Priority::Urgent => self.urgent,
        }
    }
}

/// What a piece of work is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WorkKind {
    Ticket,
    Task,
}

/// A piece of work to place on days: its hours and the dates it should be done in.
#[derive(Debug, Clone, PartialEq)]
pub struct WorkItem {
    pub kind: WorkKind,
    pub hours: f64,
    /// First day the work can be done.
    pub from: NaiveDate,
    /// The day it is due (inclusive).
    pub due: NaiveDate,
}

/// One day of one agent.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DayCell {
    pub date: NaiveDate,
    /// Ticket hours placed on the day.
    pub ticket_hours: f64,
    /// Task hours placed on the day.
    pub task_hours: f64,
    /// Hours the agent can work on the day (0 when off).
    pub capacity_hours: f64,
    pub available: bool,
}

/// How full a day is, for colouring the heatmap.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum HeatLevel {
    /// Not a working day.
    Off,
    /// Below half of capacity.
    Light,
    /// Up to 80 %.
    Medium,
    /// Up to 100 %.
    Full,
    /// Over capacity.
    Over,
}

impl HeatLevel {
    /// The name used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            HeatLevel::Off => "off",
            HeatLevel::Light => "light",
            HeatLevel::Medium => "medium",
            HeatLevel::Full => "full",
            HeatLevel::Over => "over",
        }
    }

    /// One character for a text heatmap.
    pub fn glyph(self) -> char {
        match self {
            HeatLevel::Off => '·',
            HeatLevel::Light => '░',
            HeatLevel::Medium => '▒',
            HeatLevel::Full => '▓',
            HeatLevel::Over => '█',
        }
    }
}

impl DayCell {
    /// All hours placed on the day.
    pub fn load_hours(&self) -> f64 {
        self.ticket_hours + self.task_hours
    }

    /// Load as a share of the day's capacity; `None` on a day without capacity.
    pub fn share(&self) -> Option<f64> {
        (self.available && self.capacity_hours > 0.0)
            .then(|| self.load_hours() / self.capacity_hours)
    }

    /// Whether the day holds more work than capacity.
    pub fn over(&self) -> bool {
        self.share().is_some_and(|s| s > 1.0 + 1e-9)
    }

    /// How full the day is.
    pub fn level(&self) -> HeatLevel {
        match self.share() {
            None => HeatLevel::Off,
            Some(s) if s > 1.0 + 1e-9 => HeatLevel::Over,
            Some(s) if s > 0.8 => HeatLevel::Full,
            Some(s) if s >= 0.5 => HeatLevel::Medium,
            Some(_) => HeatLevel::Light,
        }
    }
}

/// Places `items` on the days starting at `start` (one entry of `available` per day)
/// and returns (ticket hours, task hours) per day. A window reaching past the last
/// day keeps only the share of its hours that falls inside the grid; work before
/// `start` is late and counts from `start`.
pub fn place(start: NaiveDate, available: &[bool], items: &[WorkItem]) -> Vec<(f64, f64)> {
    let n = available.len() as i64;
    let mut out = vec![(0.0, 0.0); available.len()];
    let index = |d: NaiveDate| (d - start).num_days();
    for item in items.iter().filter(|i| i.hours > 0.0) {
        let from = index(item.from).max(0);
        let due = index(item.due).max(from);
        let (lo, hi) = (from.min(n), (due + 1).min(n));
        let window_len = due + 1 - from;
        let inside: Vec<usize> = (lo..hi)
            .map(|i| i as usize)
            .filter(|&i| available[i])
            .collect();
        let (slots, hours) = if !inside.is_empty() {
            (inside, item.hours * (hi - lo) as f64 / window_len as f64)
        } else if hi - lo == window_len {
            // No working day in the window: the first working day after its start.
            let first = (lo..n).map(|i| i as usize).find(|&i| available[i]);
            (first.into_iter().collect(), item.hours)
        } else {
            continue; // what remains of the window lies past the grid
        };
        if slots.is_empty() {
            continue;
        }
        let per_day = hours / slots.len() as f64;
        for i in slots {
            match item.kind {
                WorkKind::Ticket => out[i].0 += per_day,
                WorkKind::Task => out[i].1 += per_day,
            }
        }
    }
    out
}

/// The longest run of over-capacity working days; days off neither count nor break it.
pub fn overload_streak(cells: &[DayCell]) -> usize {
    let (mut best, mut run) = (0, 0);
    for c in cells.iter().filter(|c| c.available) {
        if c.over() {
            run += 1;
            best = best.max(run);
        } else {
            run = 0;
        }
    }
    best
}

/// One agent's input to the grid.
#[derive(Debug, Clone)]
pub struct AgentPlan {
    pub agent_id: i64,
    pub name: String,
    /// Hours a working day holds.
    pub day_capacity: f64,
    /// Whether the agent works on each day of the grid.
    pub available: Vec<bool>,
    pub items: Vec<WorkItem>,
}

/// One agent's row of the heatmap.
#[derive(Debug, Clone, PartialEq)]
pub struct HeatRow {
    pub agent_id: i64,
    pub name: String,
    pub cells: Vec<DayCell>,
    /// Longest run of over-capacity working days.
    pub overload_streak: usize,
    /// The streak reaches the configured number of days.
    pub flagged: bool,
}

impl HeatRow {
    /// Hours placed on the first `days` days, and the capacity of those days.
    pub fn totals(&self, days: usize) -> (f64, f64, f64) {
        self.cells
            .iter()
            .take(days)
            .fold((0.0, 0.0, 0.0), |acc, c| {
                (
                    acc.0 + c.ticket_hours,
                    acc.1 + c.task_hours,
                    acc.2 + c.capacity_hours,
                )
            })
    }

    /// Days over capacity.
    pub fn over_days(&self) -> usize {
        self.cells.iter().filter(|c| c.over()).count()
    }
}

/// The team's heatmap: one row per agent, one column per day.
#[derive(Debug, Clone, PartialEq)]
pub struct HeatGrid {
    pub days: Vec<NaiveDate>,
    pub rows: Vec<HeatRow>,
    /// Over-capacity working days in a row that flag an agent.
    pub streak_days: usize,
}

/// Builds the grid of `n_days` days from `start`.
pub fn build_grid(
    start: NaiveDate,
    n_days: usize,
    plans: &[AgentPlan],
    streak_days: usize,
) -> HeatGrid {
    let days: Vec<NaiveDate> = (0..n_days)
        .map(|i| start + chrono::Duration::days(i as i64))
        .collect();
    let rows = plans
        .iter()
        .map(|p| {
            let mut available = p.available.clone();
            available.resize(n_days, false);
            let placed = place(start, &available, &p.items);
            let cells: Vec<DayCell> = days
                .iter()
                .zip(available.iter().zip(placed))
                .map(|(&date, (&av, (tk, ts)))| DayCell {
                    date,
                    ticket_hours: tk,
                    task_hours: ts,
                    capacity_hours: if av { p.day_capacity } else { 0.0 },
                    available: av,
                })
                .collect();
            let streak = overload_streak(&cells);
            HeatRow {
                agent_id: p.agent_id,
                name: p.name.clone(),
                cells,
                overload_streak: streak,
                flagged: streak_days > 0 && streak >= streak_days,
            }
        })
        .collect();
    HeatGrid {
        days,
        rows,
        streak_days,
    }
}

/// Load as a share of capacity (`None` when there is no capacity at all).
pub fn share(load_hours: f64, capacity_hours: f64) -> Option<f64> {
    (capacity_hours > 0.0).then(|| load_hours / capacity_hours)
}

/// The grid as text: a name column, then one glyph per day, a week per block, and
/// `!` after an agent whose overload streak is flagged.
pub fn render_text(grid: &HeatGrid) -> String {
    use super::text::{pad, width};
    use chrono::Datelike;
    let name_w = grid
        .rows
        .iter()
        .map(|r| width(&r.name))
        .max()
        .unwrap_or(0)
        .clamp(5, 16);
    let mut out = pad("", name_w);
    for (i, d) in grid.days.iter().enumerate() {
        if i % 7 == 0 {
            out.push(' ');
        }
        // Weekday initials, Monday first, make the week shape readable.
        out.push(['M', 'T', 'W', 'T', 'F', 'S', 'S'][d.weekday().num_days_from_monday() as usize]);
    }
    out.push('\n');
    for r in &grid.rows {
        out.push_str(&pad(&r.name, name_w));
        for (i, c) in r.cells.iter().enumerate() {
            if i % 7 == 0 {
                out.push(' ');
            }
            out.push(c.level().glyph());
        }
        if r.flagged {
            out.push_str(&format!(" ! {} days over in a row", r.overload_streak));
        }
        out.push('\n');
    }
    out.push_str("· off  ░ <50%  ▒ <80%  ▓ ≤100%  █ over capacity\n");
    out
}

#[cfg(test)]
mod tests;
