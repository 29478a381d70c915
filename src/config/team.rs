//! `[team]`: ticket weights for the load, the load window, the overload streak, and
//! the routing groups in which assignment takes turns.

use super::{ConfigError, Source};
use crate::domain::routing::Routing;
use crate::domain::workload::Weights;
use serde::Deserialize;
use toml::Spanned;

/// `[team]` as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTeam {
    pub weights: Option<RawWeights>,
    pub load_window_days: Option<Spanned<i64>>,
    pub overload_streak_days: Option<Spanned<i64>>,
    #[serde(default)]
    pub round_robin: Vec<Spanned<String>>,
}

/// `[team] weights = { … }`: hours per open ticket by priority.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawWeights {
    pub low: Option<Spanned<f64>>,
    pub normal: Option<Spanned<f64>>,
    pub high: Option<Spanned<f64>>,
    pub urgent: Option<Spanned<f64>>,
}

/// The validated `[team]` section.
#[derive(Debug, Clone, PartialEq)]
pub struct TeamConfig {
    /// Hours one open ticket counts for, by priority.
    pub weights: Weights,
    /// Task hours over this many coming days count toward the load.
    pub load_window_days: u32,
    /// Over-capacity working days in a row that flag an agent (0: never).
    pub overload_streak_days: u32,
    /// Routing groups where `ticket assign --auto` takes turns.
    pub round_robin: Vec<String>,
}

impl Default for TeamConfig {
    fn default() -> Self {
        TeamConfig {
            weights: Weights::default(),
            load_window_days: 7,
            overload_streak_days: 3,
            round_robin: Vec::new(),
        }
    }
}

impl TeamConfig {
    /// Whether `group` assigns by turns.
    pub fn is_round_robin(&self, group: &str) -> bool {
        self.round_robin.iter().any(|g| g == group)
    }
}

/// Builds `[team]` (defaults when absent), checking values and group ids.
pub fn build(
    raw: Option<RawTeam>,
    src: &Source,
    routing: &Routing,
    errs: &mut Vec<ConfigError>,
) -> TeamConfig {
    let mut t = TeamConfig::default();
    let Some(raw) = raw else { return t };
    if let Some(w) = &raw.weights {
        for (slot, v) in [
            (&mut t.weights.low, &w.low),
            (&mut t.weights.normal, &w.normal),
            (&mut t.weights.high, &w.high),
            (&mut t.weights.urgent, &w.urgent),
        ] {
            let Some(v) = v else { continue };
            if !(0.0..=1000.0).contains(v.get_ref()) {
                errs.push(src.error(
                    v.span().start,
                    "a ticket weight must be between 0 and 1000 hours",
                    Some("e.g. weights = { urgent = 4, high = 2, normal = 1, low = 0.5 }".into()),
                ));
            } else {
                *slot = *v.get_ref();
            }
        }
    }
    let mut days = |v: &Option<Spanned<i64>>, lo: i64, hi: i64, what: &str| -> Option<u32> {
        let v = v.as_ref()?;
        if (lo..=hi).contains(v.get_ref()) {
            Some(*v.get_ref() as u32)
        } else {
            errs.push(src.error(
                v.span().start,
                format!("{what} must be between {lo} and {hi}"),
                None,
            ));
            None
        }
    };
    if let Some(d) = days(&raw.load_window_days, 1, 366, "load_window_days") {
        t.load_window_days = d;
    }
    if let Some(d) = days(&raw.overload_streak_days, 0, 366, "overload_streak_days") {
        t.overload_streak_days = d;
    }
    for g in &raw.round_robin {
        let id = g.get_ref().trim();
        if routing.group(id).is_none() {
            errs.push(src.error(
                g.span().start,
                format!("round-robin group '{id}' is not a routing group"),
                Some(if routing.groups.is_empty() {
                    "define it with a [[routing.groups]] entry".into()
                } else {
                    format!("groups: {}", routing.group_ids())
                }),
            ));
            continue;
        }
        if !t.round_robin.iter().any(|x| x == id) {
            t.round_robin.push(id.to_string());
        }
    }
    t
}

#[cfg(test)]
#[path = "team_tests.rs"]
mod tests;
