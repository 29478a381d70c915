//! SLA attainment per week (Monday to Sunday, cut to the period) of the tickets
//! created that week: first responses and resolutions met, breached, still pending.

use super::counted::{filter_of, Counted};
use super::data::Data;
use super::scope::days_text;
use crate::domain::filter_values::Outcome;
use crate::domain::team::week_start;
use crate::report::share;
use chrono::{Duration, NaiveDate};
use serde::Serialize;

/// How one SLA clock did over some tickets.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Attainment {
    pub met: Counted,
    pub breached: Counted,
    pub pending: Counted,
    /// Met among the decided (met or breached).
    pub rate: Option<f64>,
}

impl Attainment {
    /// Every count with its place.
    pub fn counts<'a>(&'a self, what: &str, out: &mut Vec<(String, &'a Counted)>) {
        out.push((format!("{what} met"), &self.met));
        out.push((format!("{what} breached"), &self.breached));
        out.push((format!("{what} pending"), &self.pending));
    }
}

/// Counts the outcomes of `(stop, due)` clocks at `now`; `field` is `response` or
/// `resolution`, `base` the filter of the tickets counted.
pub fn attainment(
    clocks: impl Iterator<Item = (Option<i64>, Option<i64>)>,
    now: i64,
    field: &str,
    base: &str,
) -> Attainment {
    let mut n = [0i64; 3];
    for (stop, due) in clocks {
        n[match Outcome::of(stop, due, now) {
            Outcome::Met => 0,
            Outcome::Breached => 1,
            Outcome::Pending => 2,
        }] += 1;
    }
    let c = |i: usize, o: Outcome| Counted::new(n[i], &[base, &format!("{field}:{}", o.as_str())]);
    Attainment {
        met: c(0, Outcome::Met),
        breached: c(1, Outcome::Breached),
        pending: c(2, Outcome::Pending),
        rate: share(n[0], n[0] + n[1]),
    }
}

/// One week of the SLA chart.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SlaWeek {
    /// The Monday of the week.
    pub week: NaiveDate,
    /// The days of the week inside the period.
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub tickets: Counted,
    pub response: Attainment,
    pub resolution: Attainment,
}

impl SlaWeek {
    /// Every count with its place.
    pub fn counts<'a>(&'a self, out: &mut Vec<(String, &'a Counted)>) {
        out.push((format!("week {} tickets", self.week), &self.tickets));
        self.response
            .counts(&format!("week {} response", self.week), out);
        self.resolution
            .counts(&format!("week {} resolution", self.week), out);
    }
}

/// The weeks (Monday first) that the period touches, cut to the period: (Monday,
/// first day, last day).
pub fn weeks(from: NaiveDate, to: NaiveDate) -> Vec<(NaiveDate, NaiveDate, NaiveDate)> {
    let mut out = Vec::new();
    let mut monday = week_start(from);
    while monday <= to {
        let sunday = monday + Duration::days(6);
        out.push((monday, from.max(monday), to.min(sunday)));
        monday += Duration::days(7);
    }
    out
}

/// The SLA chart.
pub fn compute(d: &Data<'_>) -> Vec<SlaWeek> {
    let scope = d.scope.terms();
    weeks(d.period.from, d.period.to)
        .into_iter()
        .map(|(week, from, to)| {
            let of_week: Vec<_> = d
                .current
                .iter()
                .zip(&d.at)
                .filter(|(_, (day, _))| *day >= from && *day <= to)
                .map(|(t, _)| t)
                .collect();
            let created = format!("created:{}", days_text(from, to));
            let base = filter_of(&[&created, &scope]);
            SlaWeek {
                week,
                from,
                to,
                tickets: Counted::new(of_week.len() as i64, &[&base]),
                response: attainment(
                    of_week
                        .iter()
                        .map(|t| (t.first_response_at, t.first_response_due)),
                    d.now,
                    "response",
                    &base,
                ),
                resolution: attainment(
                    of_week.iter().map(|t| (t.resolved_at, t.resolution_due)),
                    d.now,
                    "resolution",
                    &base,
                ),
            }
        })
        .collect()
}
