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
mod csat;
mod data;
mod heatmap;
mod sla;
mod stages;
mod tiles;
mod volume;

pub use agents::AgentRow;
pub use categories::CategoryLine;
pub use csat::{CsatPart, CsatWeek};
pub use data::Data;
pub use heatmap::Heatmap;
pub use sla::{Attainment, SlaWeek};
pub use stages::StageWait;
pub use tiles::{Backlog, Tiles};
pub use volume::{DayVolume, Volume};

use crate::config::Config;
use crate::domain::team::day_start;
use crate::domain::ticket::Channel;
use chrono::{Duration, NaiveDate};
use serde::Serialize;

/// Whole days, both included, in the business calendar's time zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Period {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl Period {
    /// The last `days` days up to and including `today`.
    pub fn last_days(today: NaiveDate, days: i64) -> Period {
        Period {
            from: today - Duration::days(days.max(1) - 1),
            to: today,
        }
    }

    /// How many days.
    pub fn days(&self) -> i64 {
        (self.to - self.from).num_days() + 1
    }

    /// The period of the same length just before this one.
    pub fn previous(&self) -> Period {
        let n = Duration::days(self.days());
        Period {
            from: self.from - n,
            to: self.to - n,
        }
    }

    /// `[start, end)` in Unix seconds.
    pub fn bounds(&self, cfg: &Config) -> (i64, i64) {
        let tz = cfg.sla.calendar.tz;
        (
            day_start(tz, self.from),
            day_start(tz, self.to + Duration::days(1)),
        )
    }

    /// Every day of the period, in order.
    pub fn each_day(&self) -> impl Iterator<Item = NaiveDate> {
        let from = self.from;
        (0..self.days()).map(move |i| from + Duration::days(i))
    }

    /// `created:FROM..TO`.
    pub fn created(&self) -> String {
        format!("created:{}", days_text(self.from, self.to))
    }
}

/// `D` for one day, `A..B` for several.
fn days_text(a: NaiveDate, b: NaiveDate) -> String {
    if a == b {
        a.to_string()
    } else {
        format!("{a}..{b}")
    }
}

/// What the dashboard is narrowed to; each part optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Scope {
    /// A routing group id, or `none` for tickets without one.
    pub group: Option<String>,
    #[serde(rename = "type")]
    pub ty: Option<String>,
    pub channel: Option<Channel>,
}

impl Scope {
    /// Whether a ticket with these values is in scope.
    pub fn admits(&self, ty: &str, channel: &str, group: Option<&str>) -> bool {
        self.ty.as_deref().is_none_or(|t| t == ty)
            && self.channel.is_none_or(|c| c.as_str() == channel)
            && self.group.as_deref().is_none_or(|g| match group {
                None => g == "none",
                Some(x) => x == g,
            })
    }

    /// The scope as filter terms (empty without a scope).
    pub fn terms(&self) -> String {
        let mut parts = Vec::new();
        if let Some(g) = &self.group {
            parts.push(format!("group:{}", quoted(g)));
        }
        if let Some(t) = &self.ty {
            parts.push(format!("type:{}", quoted(t)));
        }
        if let Some(c) = self.channel {
            parts.push(format!("channel:{c}"));
        }
        parts.join(" ")
    }
}

/// A filter value, quoted when it holds a space.
pub fn quoted(v: &str) -> String {
    if v.chars().any(char::is_whitespace) {
        format!("\"{v}\"")
    } else {
        v.to_string()
    }
}

/// Filter text from terms (each may hold several), skipping empty and repeated ones.
pub fn filter_of(terms: &[&str]) -> String {
    let mut out: Vec<String> = Vec::new();
    for t in terms.iter().flat_map(|t| split_terms(t)) {
        if !out.contains(&t) {
            out.push(t);
        }
    }
    out.join(" ")
}

/// The terms of filter text: split at spaces outside quotes.
fn split_terms(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    for c in text.chars() {
        if c == '"' {
            quoted = !quoted;
        }
        if c.is_whitespace() && !quoted {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
        } else {
            cur.push(c);
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// A number of tickets and the filter that lists exactly them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Counted {
    pub n: i64,
    pub filter: String,
}

impl Counted {
    /// `n` tickets, listed by the filter made of `terms`.
    pub fn new(n: i64, terms: &[&str]) -> Counted {
        Counted {
            n,
            filter: filter_of(terms),
        }
    }
}

/// `part / whole`, if `whole` is not zero.
fn share(part: i64, whole: i64) -> Option<f64> {
    super::share(part, whole)
}

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

#[cfg(test)]
mod unit {
    use super::*;

    #[test]
    fn filter_text_skips_repeats_and_keeps_quotes() {
        assert_eq!(
            filter_of(&[
                "created:2026-11-01 type:x",
                "",
                "type:x",
                "assignee:=\"Li Na\""
            ]),
            "created:2026-11-01 type:x assignee:=\"Li Na\""
        );
        assert_eq!(quoted("Li Na"), "\"Li Na\"");
        let s = Scope {
            group: Some("none".into()),
            ty: Some("technical".into()),
            channel: Some(Channel::Chat),
        };
        assert_eq!(s.terms(), "group:none type:technical channel:chat");
        assert!(s.admits("technical", "chat", None));
        assert!(!s.admits("technical", "chat", Some("sales")));
        assert!(!s.admits("complaint", "chat", None));
        let p = Period::last_days(NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(), 30);
        assert_eq!(p.from.to_string(), "2026-11-01");
        assert_eq!(
            (p.days(), p.previous().to.to_string()),
            (30, "2026-10-31".into())
        );
    }
}
