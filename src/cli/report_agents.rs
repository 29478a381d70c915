//! `aftercare report agents [--since] [--until]`: performance per agent and for the team.

use super::output::{self, ts, Record};
use super::{Format, ReportPeriodArgs};
use crate::error::Result;
use crate::ops::{Desk, Performance};
use serde_json::{json, Value};

fn opt(x: Option<f64>, digits: usize) -> String {
    x.map(|v| format!("{v:.digits$}"))
        .unwrap_or_else(|| "-".into())
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

impl Record for Performance {
    fn headers() -> Vec<&'static str> {
        vec![
            "agent",
            "received",
            "handled",
            "resolution_rate",
            "mean_first_response_h",
            "mean_resolution_h",
            "csat",
            "rated",
            "time_logged_hours",
        ]
    }
    fn cells(&self) -> Vec<String> {
        vec![
            self.name.clone(),
            self.received.to_string(),
            self.handled.to_string(),
            self.resolution_rate
                .map(|r| format!("{:.0}%", r * 100.0))
                .unwrap_or_else(|| "-".into()),
            opt(self.mean_first_response_hours, 1),
            opt(self.mean_resolution_hours, 1),
            opt(self.csat, 2),
            self.csat_rated.to_string(),
            format!("{:.1}", self.time_logged_hours),
        ]
    }
    fn json(&self) -> Value {
        json!({
            "agent_id": self.agent_id,
            "name": self.name,
            "received": self.received,
            "handled": self.handled,
            "resolution_rate": self.resolution_rate.map(|r| (r * 1000.0).round() / 1000.0),
            "mean_first_response_hours": self.mean_first_response_hours.map(round2),
            "mean_resolution_hours": self.mean_resolution_hours.map(round2),
            "csat": self.csat.map(round2),
            "csat_rated": self.csat_rated,
            "time_logged_hours": round2(self.time_logged_hours),
        })
    }
}

/// Runs `report agents`. The period defaults to the last 30 days.
pub fn run(desk: &Desk, a: &ReportPeriodArgs, f: Format) -> Result<()> {
    let since = a.since.as_deref().unwrap_or("30d");
    let (since, until) = desk.parse_period(Some(since), a.until.as_deref())?;
    let (since, until) = (since.unwrap_or(0), until.unwrap_or_else(|| desk.now() + 1));
    let (agents, team) = desk.agent_performance(since, until)?;
    match f {
        Format::Json => output::json(&json!({
            "since": ts(Some(since)),
            "until": ts(Some(until)),
            "agents": agents.iter().map(Record::json).collect::<Vec<_>>(),
            "team": team.json(),
        })),
        Format::Csv => {
            let mut all = agents;
            all.push(team);
            output::list(f, &all)
        }
        Format::Table | Format::Md | Format::Html => {
            let mut all = agents;
            all.push(team);
            output::emit(&format!(
                "{} – {} · times in wall-clock hours\n",
                output::short(Some(since)),
                output::short(Some(until))
            ))?;
            output::list(f, &all)
        }
    }
}
