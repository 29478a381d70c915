//! Planned versus actual progress of a project, day by day, with the forecast to
//! the end: where the plan says the project should be, where it was, and where it
//! is heading against its due date, so slippage shows before the Gantt does.
//!
//! Planned: each task's share of its planned working days passed (weighted as the
//! status report weights it). Actual: each task's recorded progress (its progress
//! changes in the audit log; a task without any counts up evenly from its actual
//! start to today's percentage). Forecast: a straight line from today's actual to
//! 100% on the forecast end.

use super::schedule::{span_workdays, workdays_between};
use super::sla::Calendar;
use chrono::{Duration, NaiveDate};
use serde::Serialize;

/// The longest curve drawn, in days (longer plans are cut at the end).
pub const MAX_DAYS: i64 = 3 * 366;

/// One task as the curve sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct CurveTask {
    /// Its weight in the planned share (the status report's: estimate, or 1).
    pub planned_weight: f64,
    /// Its weight in the share done (as `percent_done` weighs it).
    pub done_weight: f64,
    pub planned_start: NaiveDate,
    pub planned_end: NaiveDate,
    /// Planned working days.
    pub duration: i64,
    /// Recorded progress: (day, percentage from then on), oldest first.
    pub history: Vec<(NaiveDate, i64)>,
    pub actual_start: Option<NaiveDate>,
    /// Today's percentage (100 when done).
    pub percent_now: i64,
}

impl CurveTask {
    /// The share of this task the plan has done by the end of `day` (0–1).
    pub fn planned_share(&self, cal: &Calendar, day: NaiveDate) -> f64 {
        if day < self.planned_start {
            0.0
        } else if day >= self.planned_end {
            1.0
        } else {
            (span_workdays(cal, self.planned_start, day) as f64 / self.duration.max(1) as f64)
                .min(1.0)
        }
    }

    /// The percentage done at the end of `day` (not after `today`).
    pub fn actual(&self, day: NaiveDate, today: NaiveDate) -> f64 {
        if day >= today {
            return self.percent_now as f64;
        }
        if !self.history.is_empty() {
            return self
                .history
                .iter()
                .take_while(|(d, _)| *d <= day)
                .last()
                .map_or(0.0, |(_, p)| *p as f64);
        }
        match self.actual_start {
            Some(s) if day >= s => {
                let run = (today - s).num_days() + 1;
                self.percent_now as f64 * ((day - s).num_days() + 1) as f64 / run as f64
            }
            _ => 0.0,
        }
    }
}

/// One day of the curve (percentages 0–100).
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct CurvePoint {
    pub day: NaiveDate,
    pub planned: f64,
    /// Up to today.
    pub actual: Option<f64>,
    /// From today to the forecast end.
    pub forecast: Option<f64>,
}

/// A project's progress curve and where it ends.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct ProgressCurve {
    pub today: NaiveDate,
    pub start: Option<NaiveDate>,
    pub planned_end: Option<NaiveDate>,
    pub forecast_end: Option<NaiveDate>,
    pub due: Option<NaiveDate>,
    /// Where the plan says the project should be today (0–100).
    pub planned_now: f64,
    /// How much is done today (0–100).
    pub actual_now: f64,
    /// Working days the forecast end is after the planned end.
    pub slippage_days: i64,
    /// Working days the forecast end is after the due date (negative: before it).
    pub late_days: Option<i64>,
    pub points: Vec<CurvePoint>,
}

impl ProgressCurve {
    /// The points worth a table row: the start, every seventh day after it, today,
    /// the planned and forecast ends, the due date and the last day.
    pub fn summary(&self) -> Vec<&CurvePoint> {
        let Some(first) = self.points.first() else {
            return Vec::new();
        };
        let marks = [
            Some(self.today),
            self.planned_end,
            self.forecast_end,
            self.due,
            self.points.last().map(|p| p.day),
        ];
        self.points
            .iter()
            .filter(|p| (p.day - first.day).num_days() % 7 == 0 || marks.contains(&Some(p.day)))
            .collect()
    }

    /// One line on the forecast against the due date, e.g. `forecast end 2026-03-19,
    /// 6 working days before the due date 2026-03-27`.
    pub fn verdict(&self) -> String {
        use super::schedule::working_days;
        match (self.forecast_end, self.due, self.late_days) {
            (Some(f), Some(d), Some(n)) if n > 0 => {
                format!(
                    "forecast end {f}, {} after the due date {d}",
                    working_days(n)
                )
            }
            (Some(f), Some(d), Some(0)) => format!("forecast end {f}, on the due date {d}"),
            (Some(f), Some(d), Some(n)) => {
                format!(
                    "forecast end {f}, {} before the due date {d}",
                    working_days(-n)
                )
            }
            (Some(f), _, _) => format!("forecast end {f}, no due date"),
            _ => "no forecast: the project has no scheduled tasks".into(),
        }
    }
}

/// What the curve is computed from.
#[derive(Debug, Clone, Copy)]
pub struct CurveInput<'a> {
    pub tasks: &'a [CurveTask],
    pub today: NaiveDate,
    pub planned_end: Option<NaiveDate>,
    pub forecast_end: Option<NaiveDate>,
    pub due: Option<NaiveDate>,
    pub slippage_days: i64,
}

/// The weighted mean of `f` over the tasks, as a percentage; 0 without weight.
fn weighted(
    tasks: &[CurveTask],
    weight: impl Fn(&CurveTask) -> f64,
    f: impl Fn(&CurveTask) -> f64,
) -> f64 {
    let total: f64 = tasks.iter().map(&weight).sum();
    if total <= 0.0 {
        return 0.0;
    }
    tasks.iter().map(|t| weight(t) * f(t)).sum::<f64>() / total
}

/// The curve of one project.
pub fn curve(cal: &Calendar, input: &CurveInput<'_>) -> ProgressCurve {
    let CurveInput {
        tasks,
        today,
        planned_end,
        forecast_end,
        due,
        slippage_days,
    } = *input;
    // Without estimates every task counts the same (as `percent_done` does).
    let uniform = tasks.iter().all(|t| t.done_weight <= 0.0);
    let done_weight = |t: &CurveTask| if uniform { 1.0 } else { t.done_weight.max(0.0) };
    let planned_at =
        |day| 100.0 * weighted(tasks, |t| t.planned_weight, |t| t.planned_share(cal, day));
    let actual_at = |day| weighted(tasks, done_weight, |t| t.actual(day, today));
    let start = tasks
        .iter()
        .flat_map(|t| [Some(t.planned_start), t.actual_start])
        .flatten()
        .min();
    let actual_now = actual_at(today);
    let mut points = Vec::new();
    if let Some(start) = start {
        let end = [planned_end, forecast_end, due, Some(today)]
            .into_iter()
            .flatten()
            .max()
            .unwrap_or(today)
            .min(start + Duration::days(MAX_DAYS));
        let mut day = start;
        while day <= end {
            let forecast = match forecast_end {
                Some(f) if day >= today && day <= f => {
                    let span = (f - today).num_days();
                    Some(if span <= 0 {
                        100.0
                    } else {
                        actual_now
                            + (100.0 - actual_now) * (day - today).num_days() as f64 / span as f64
                    })
                }
                _ => None,
            };
            points.push(CurvePoint {
                day,
                planned: planned_at(day),
                actual: (day <= today).then(|| actual_at(day)),
                forecast,
            });
            day += Duration::days(1);
        }
    }
    ProgressCurve {
        today,
        start,
        planned_end,
        forecast_end,
        due,
        planned_now: planned_at(today),
        actual_now,
        slippage_days,
        late_days: match (due, forecast_end) {
            (Some(d), Some(f)) => Some(workdays_between(cal, d, f)),
            _ => None,
        },
        points,
    }
}

/// The curve of several projects together: each day the mean of their curves (each
/// project counts the same); the latest ends and the largest slips.
pub fn combine(curves: &[ProgressCurve], today: NaiveDate) -> ProgressCurve {
    let start = curves.iter().filter_map(|c| c.start).min();
    let latest = |f: fn(&ProgressCurve) -> Option<NaiveDate>| curves.iter().filter_map(f).max();
    let n = curves.len().max(1) as f64;
    // A project's value on a day outside its curve: nothing before it, its last after.
    let at =
        |c: &ProgressCurve, day: NaiveDate, pick: fn(&CurvePoint) -> Option<f64>| -> Option<f64> {
            match c.points.iter().find(|p| p.day == day) {
                Some(p) => pick(p),
                None if c.start.is_some_and(|s| day < s) => Some(0.0),
                None => c.points.iter().rev().find_map(pick),
            }
        };
    let mut points = Vec::new();
    if let Some(start) = start {
        let end = curves
            .iter()
            .filter_map(|c| c.points.last().map(|p| p.day))
            .max()
            .unwrap_or(today)
            .max(today);
        let mut day = start;
        while day <= end {
            let planned = curves
                .iter()
                .map(|c| at(c, day, |p| Some(p.planned)).unwrap_or(0.0))
                .sum::<f64>()
                / n;
            let actual = (day <= today).then(|| {
                curves
                    .iter()
                    .map(|c| at(c, day, |p| p.actual).unwrap_or(0.0))
                    .sum::<f64>()
                    / n
            });
            // The forecast of the whole runs until the last project's forecast end.
            let forecast = (day >= today && latest(|c| c.forecast_end).is_some_and(|f| day <= f))
                .then(|| {
                    curves
                        .iter()
                        .map(|c| at(c, day, |p| p.forecast.or(p.actual)).unwrap_or(100.0))
                        .sum::<f64>()
                        / n
                });
            points.push(CurvePoint {
                day,
                planned,
                actual,
                forecast,
            });
            day += Duration::days(1);
        }
    }
    ProgressCurve {
        today,
        start,
        planned_end: latest(|c| c.planned_end),
        forecast_end: latest(|c| c.forecast_end),
        due: latest(|c| c.due),
        planned_now: curves.iter().map(|c| c.planned_now).sum::<f64>() / n,
        actual_now: curves.iter().map(|c| c.actual_now).sum::<f64>() / n,
        slippage_days: curves.iter().map(|c| c.slippage_days).max().unwrap_or(0),
        late_days: curves.iter().filter_map(|c| c.late_days).max(),
        points,
    }
}

#[cfg(test)]
mod tests;
