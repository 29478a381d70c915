//! `report sla`: first response and resolution met or breached, by priority and type.

use crate::config::Config;
use crate::domain::sla::SlaState;
use crate::domain::sla_engine::{evaluate, Clock, History, Phase};
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
        match c {
            None => {}
            Some(c) if c.phase == Phase::Stopped => {
                if c.met == Some(true) {
                    self.met += 1
                } else {
                    self.breached += 1
                }
            }
            Some(c) if c.state == SlaState::Breached => self.breached += 1,
            Some(_) => self.pending += 1,
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

/// SLA results of the tickets created in `[since, until)`, as the engine sees them at
/// `now`: by priority (highest first) and type, then a total line.
pub fn report(conn: &Conn, cfg: &Config, since: i64, until: i64, now: i64) -> Result<Vec<SlaLine>> {
    let mut lines: BTreeMap<(std::cmp::Reverse<Priority>, String), SlaLine> = BTreeMap::new();
    let mut total = SlaLine {
        priority: None,
        ty: None,
        tickets: 0,
        first_response: Tally::default(),
        resolution: Tally::default(),
    };
    // One ticket at a time, as the store walks them with their stage changes.
    reports::for_each_created(conn, since, until, &mut |t, moves| {
        let h = History::of(t, moves);
        let s = evaluate(&cfg.sla, &cfg.workflow, &h, now);
        let key = (std::cmp::Reverse(t.priority), t.ty.clone());
        let line = lines.entry(key).or_insert_with(|| SlaLine {
            priority: Some(t.priority),
            ty: Some(t.ty.clone()),
            tickets: 0,
            first_response: Tally::default(),
            resolution: Tally::default(),
        });
        for l in [&mut *line, &mut total] {
            l.tickets += 1;
            l.first_response.add(s.first_response.as_ref());
            l.resolution.add(s.resolution.as_ref());
        }
    })?;
    let mut out: Vec<SlaLine> = lines.into_values().collect();
    out.push(total);
    Ok(out)
}
