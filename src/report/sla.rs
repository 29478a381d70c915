//! `report sla`: first response and resolution met or breached, by priority and type.
//!
//! Each ticket's outcome is kept with the ticket by the write that changes it
//! (`sla_outcome`, migration 017), so the report reads one index over the period.
//! When the outcomes were computed under other SLA settings (or not yet), or a
//! ticket's is missing, the engine computes them from the history as before: the
//! same numbers either way.

use crate::config::Config;
use crate::domain::sla::SlaState;
use crate::domain::sla_engine::{evaluate, fingerprint, unpack, Clock, ClockOutcome, History};
use crate::domain::ticket::Priority;
use crate::error::Result;
use crate::store::reports;
use crate::store::Conn;
use std::collections::BTreeMap;

/// Met, breached and still pending counts of one clock.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    pub met: i64,
    pub breached: i64,
    /// Still counting (or paused) and not yet over the target.
    pub pending: i64,
}

impl Tally {
    fn add(&mut self, c: Option<&Clock>) {
        match (ClockOutcome::of(c), c) {
            (ClockOutcome::Counting, Some(c)) if c.state == SlaState::Breached => {
                self.breached += 1
            }
            (o, _) => self.add_outcome(o, None, 0),
        }
    }

    /// Counts a stored outcome at `now`; `due` is the clock's stored due time.
    fn add_outcome(&mut self, o: ClockOutcome, due: Option<i64>, now: i64) {
        match o {
            ClockOutcome::None => {}
            ClockOutcome::Met => self.met += 1,
            ClockOutcome::Missed => self.breached += 1,
            ClockOutcome::Counting if due.is_some_and(|d| now >= d) => self.breached += 1,
            ClockOutcome::Counting => self.pending += 1,
        }
    }

    /// Met among the decided (met or breached), if any are decided.
    pub fn met_rate(&self) -> Option<f64> {
        super::share(self.met, self.met + self.breached)
    }
}

/// One line of the SLA report; `None` priority and type make the total line.
#[derive(Debug, Clone, PartialEq)]
pub struct SlaLine {
    pub priority: Option<Priority>,
    pub ty: Option<String>,
    pub tickets: i64,
    pub first_response: Tally,
    pub resolution: Tally,
}

impl SlaLine {
    fn new(priority: Option<Priority>, ty: Option<String>) -> SlaLine {
        SlaLine {
            priority,
            ty,
            tickets: 0,
            first_response: Tally::default(),
            resolution: Tally::default(),
        }
    }
}

/// The lines being counted: by (priority, highest first; type), and the total.
#[derive(Default)]
struct Lines {
    by: BTreeMap<(std::cmp::Reverse<Priority>, String), SlaLine>,
    total: Option<SlaLine>,
}

impl Lines {
    /// Counts one ticket: `f` adds its clocks to a line.
    fn count(&mut self, p: Priority, ty: &str, f: impl Fn(&mut SlaLine)) {
        let key = (std::cmp::Reverse(p), ty.to_string());
        let line = self
            .by
            .entry(key)
            .or_insert_with(|| SlaLine::new(Some(p), Some(ty.to_string())));
        let total = self.total.get_or_insert_with(|| SlaLine::new(None, None));
        for l in [line, total] {
            l.tickets += 1;
            f(l);
        }
    }

    fn finish(self) -> Vec<SlaLine> {
        let mut out: Vec<SlaLine> = self.by.into_values().collect();
        out.push(self.total.unwrap_or_else(|| SlaLine::new(None, None)));
        out
    }
}

/// SLA results of the tickets created in `[since, until)`, as the engine sees them at
/// `now`: by priority (highest first) and type, then a total line.
pub fn report(conn: &Conn, cfg: &Config, since: i64, until: i64, now: i64) -> Result<Vec<SlaLine>> {
    if reports::outcomes_fingerprint(conn)? != fingerprint(&cfg.sla, &cfg.workflow) {
        return from_history(conn, cfg, since, until, now);
    }
    let mut lines = Lines::default();
    let mut missing = Vec::new();
    reports::for_each_outcome(conn, since, until, &mut |t| {
        let Some(code) = t.outcome else {
            missing.push(t.id);
            return;
        };
        let (fr, res) = unpack(code);
        lines.count(t.priority, t.ty, |l| {
            l.first_response.add_outcome(fr, t.first_response_due, now);
            l.resolution.add_outcome(res, t.resolution_due, now);
        });
    })?;
    missing.sort_unstable();
    reports::with_changes(conn, &missing, &mut |t, moves| {
        count_history(&mut lines, cfg, t, moves, now)
    })?;
    Ok(lines.finish())
}

/// The same report computed from each ticket's history by the SLA engine (what the
/// stored outcomes stand for; also used when they are not usable).
pub fn from_history(
    conn: &Conn,
    cfg: &Config,
    since: i64,
    until: i64,
    now: i64,
) -> Result<Vec<SlaLine>> {
    let mut lines = Lines::default();
    // One ticket at a time, as the store walks them with their stage changes.
    reports::for_each_created(conn, since, until, &mut |t, moves| {
        count_history(&mut lines, cfg, t, moves, now)
    })?;
    Ok(lines.finish())
}

fn count_history(
    lines: &mut Lines,
    cfg: &Config,
    t: &crate::store::service::SlaRow,
    moves: &[crate::domain::sla_engine::StageChange],
    now: i64,
) {
    let h = History::of(t, moves);
    let s = evaluate(&cfg.sla, &cfg.workflow, &h, now);
    lines.count(t.priority, &t.ty, |l| {
        l.first_response.add(s.first_response.as_ref());
        l.resolution.add(s.resolution.as_ref());
    });
}
