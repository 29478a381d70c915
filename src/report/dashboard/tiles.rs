//! The tiles: open now, new today, breached now, SLA met, mean satisfaction and how
//! the backlog changed over the period.

use super::counted::{filter_of, Counted};
use super::data::Data;
use super::sla::{attainment, Attainment};
use crate::domain::workflow::StageKind;
use chrono::Duration;
use serde::Serialize;

/// The backlog (created and not resolved) at the start and end of the period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Backlog {
    /// At the end of the day before the period.
    pub start: Counted,
    /// At the end of the period's last day.
    pub end: Counted,
    /// `end − start`.
    pub change: i64,
}

/// The numbers at the top.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Tiles {
    /// Tickets in an open or waiting stage now.
    pub open_now: Counted,
    /// Tickets created today.
    pub new_today: Counted,
    /// Open tickets past their resolution due time now.
    pub breached_now: Counted,
    /// First responses of the period's tickets.
    pub response: Attainment,
    /// Resolutions of the period's tickets.
    pub resolution: Attainment,
    /// Mean score of the period's rated tickets.
    pub csat_mean: Option<f64>,
    pub csat_rated: Counted,
    pub backlog: Backlog,
}

impl Tiles {
    /// Every count with its place.
    pub fn counts<'a>(&'a self, out: &mut Vec<(String, &'a Counted)>) {
        out.push(("open now".into(), &self.open_now));
        out.push(("new today".into(), &self.new_today));
        out.push(("breached now".into(), &self.breached_now));
        self.response.counts("response", out);
        self.resolution.counts("resolution", out);
        out.push(("rated".into(), &self.csat_rated));
        out.push(("backlog start".into(), &self.backlog.start));
        out.push(("backlog end".into(), &self.backlog.end));
    }
}

/// The backlog at the end of each day in `days` (in order): tickets created by then
/// and not resolved by then (`created:..D -resolved:..D`).
pub fn backlog_at(d: &Data<'_>, days: &[chrono::NaiveDate]) -> Vec<Counted> {
    let tz = d.tz();
    let scope = d.scope.terms();
    let ends: Vec<i64> = days
        .iter()
        .map(|&day| crate::domain::team::day_start(tz, day + Duration::days(1)))
        .collect();
    // A ticket is in the backlog at every day end after its creation and up to its
    // resolution: +1 from the first such end, −1 from the first end past it.
    let first_after = |secs: i64| ends.partition_point(|&e| e <= secs);
    let mut diff = vec![0i64; ends.len() + 1];
    for u in &d.unresolved {
        diff[first_after(u.created_at)] += 1;
    }
    for r in &d.resolved {
        let (a, b) = (first_after(r.created_at), first_after(r.resolved_at));
        if a < b {
            diff[a] += 1;
            diff[b] -= 1;
        }
    }
    let mut n = 0;
    days.iter()
        .zip(diff)
        .map(|(day, step)| {
            n += step;
            let created = format!("created:..{day}");
            let resolved = format!("-resolved:..{day}");
            Counted::new(n, &[&created, &resolved, &scope])
        })
        .collect()
}

/// Computes the tiles.
pub fn compute(d: &Data<'_>) -> Tiles {
    let wf = &d.cfg.workflow;
    let active = wf.stage_ids_of_kind(&[StageKind::Open, StageKind::Waiting]);
    let scope = d.scope.terms();
    let open: Vec<_> = d
        .unresolved
        .iter()
        .filter(|u| active.iter().any(|a| a == d.stages.name(u.stage)))
        .collect();
    let breached = open
        .iter()
        .filter(|u| u.resolution_due.is_some_and(|due| due < d.now))
        .count();
    let created = d.period.created();
    let rated: Vec<u8> = d.current.iter().filter_map(|t| t.score).collect();
    let before = d.period.from - Duration::days(1);
    let ends = backlog_at(d, &[before, d.period.to]);
    let (start, end) = (ends[0].clone(), ends[1].clone());
    Tiles {
        open_now: Counted::new(open.len() as i64, &["is:open", &scope]),
        new_today: Counted::new(d.new_today, &[&format!("created:{}", d.today), &scope]),
        breached_now: Counted::new(breached as i64, &["is:breached", &scope]),
        response: attainment(
            d.current
                .iter()
                .map(|t| (t.first_response_at, t.first_response_due)),
            d.now,
            "response",
            &filter_of(&[&created, &scope]),
        ),
        resolution: attainment(
            d.current.iter().map(|t| (t.resolved_at, t.resolution_due)),
            d.now,
            "resolution",
            &filter_of(&[&created, &scope]),
        ),
        csat_mean: crate::report::mean(&rated.iter().map(|s| f64::from(*s)).collect::<Vec<_>>()),
        csat_rated: Counted::new(rated.len() as i64, &[&created, "csat:>=1", &scope]),
        backlog: Backlog {
            change: end.n - start.n,
            start,
            end,
        },
    }
}
