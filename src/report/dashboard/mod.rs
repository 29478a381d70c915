//! The dashboard: how the service is doing over a period, optionally for one group,
//! type or channel. One file per chart; `data` reads the rows once through
//! `store::dashboard` and every chart counts from them.
//!
//! Every count comes with the filter text (the project's filter language) that
//! selects exactly the tickets behind it, so `ticket list --query FILTER` (or enter
//! in the console) shows the same number. Periods are whole days in the business
//! calendar's time zone. The charts count the tickets created in the period, except
//! the backlog (tickets created and not yet resolved at each day's end), the
//! resolutions in the agent table, and what is open or breached now.

mod agents;
mod categories;
mod categorizer;
mod counted;
mod csat;
mod data;
mod heatmap;
mod scope;
mod sla;
mod stages;
mod tiles;
mod volume;

pub use agents::AgentRow;
pub use categories::CategoryLine;
pub use categorizer::Categorizer;
pub use counted::{filter_of, quoted, Counted};
pub use csat::{CsatPart, CsatWeek};
pub use data::Data;
pub use heatmap::Heatmap;
pub use scope::{Period, Scope};
pub use sla::{Attainment, SlaWeek};
pub use stages::StageWait;
pub use tiles::{Backlog, Tiles};
pub use volume::{DayVolume, Volume};

use chrono::NaiveDate;
use serde::Serialize;

/// Everything the dashboard shows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Dashboard {
    pub period: Period,
    pub previous: Period,
    pub scope: Scope,
    /// The scope as filter terms; part of every filter below.
    pub scope_filter: String,
    /// When the numbers were computed (Unix seconds).
    pub now: i64,
    /// The same moment in the business calendar's time zone (`2026-11-27 12:00 CST`).
    pub generated: String,
    /// Today in the business calendar.
    pub now_day: NaiveDate,
    pub language: String,
    pub tiles: Tiles,
    pub volume: Volume,
    /// The share of tickets that should meet their targets (`[sla] goal`).
    pub sla_goal: f64,
    pub sla_weeks: Vec<SlaWeek>,
    pub heatmap: Heatmap,
    pub stages: Vec<StageWait>,
    pub categories: Vec<CategoryLine>,
    pub csat: CsatPart,
    pub agents: Vec<AgentRow>,
}

/// Every count of the dashboard with the filter behind it (for tests and the console).
impl Dashboard {
    /// Each count with a name saying where it is shown.
    pub fn counts(&self) -> Vec<(String, &Counted)> {
        let mut out: Vec<(String, &Counted)> = Vec::new();
        self.tiles.counts(&mut out);
        self.volume.counts(&mut out);
        for w in &self.sla_weeks {
            w.counts(&mut out);
        }
        self.heatmap.counts(&mut out);
        for s in &self.stages {
            out.push((format!("stage {} tickets", s.stage), &s.tickets));
            if let Some(n) = &s.waiting_now {
                out.push((format!("stage {} now", s.stage), n));
            }
        }
        for c in &self.categories {
            out.push((format!("{} {} now", c.dimension, c.key), &c.current));
            out.push((format!("{} {} before", c.dimension, c.key), &c.previous));
        }
        self.csat.counts(&mut out);
        for a in &self.agents {
            out.push((format!("agent {} received", a.name), &a.received));
            out.push((format!("agent {} handled", a.name), &a.handled));
        }
        out
    }
}

/// Computes the dashboard from loaded data.
pub fn compute(d: &Data<'_>) -> Dashboard {
    Dashboard {
        period: d.period,
        previous: d.period.previous(),
        scope: d.scope.clone(),
        scope_filter: d.scope.terms(),
        now: d.now,
        generated: d.local(d.now).format("%Y-%m-%d %H:%M %Z").to_string(),
        now_day: d.today,
        language: d.cfg.ui.language.clone(),
        tiles: tiles::compute(d),
        volume: volume::compute(d),
        sla_goal: d.cfg.sla.goal,
        sla_weeks: sla::compute(d),
        heatmap: heatmap::compute(d),
        stages: stages::compute(d),
        categories: categories::compute(d),
        csat: csat::compute(d),
        agents: agents::compute(d),
    }
}

#[cfg(test)]
mod tests;
