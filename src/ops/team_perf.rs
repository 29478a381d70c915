//! Performance per agent and for the team over a period: tickets received and handled,
//! resolution rate, mean first response and resolution, satisfaction, time logged.

use super::Desk;
use crate::error::Result;
use crate::store::team::{self as tm, PerfRow};
use std::collections::HashMap;

/// One agent's (or the team's) figures for a period.
#[derive(Debug, Clone, PartialEq)]
pub struct Performance {
    /// The agent; `None` for the team row.
    pub agent_id: Option<i64>,
    pub name: String,
    /// Tickets assigned and created in the period.
    pub received: i64,
    /// Tickets resolved in the period.
    pub handled: i64,
    /// Share of the received tickets resolved by now; `None` without tickets.
    pub resolution_rate: Option<f64>,
    /// Mean hours (wall clock) from creation to first response, over received tickets.
    pub mean_first_response_hours: Option<f64>,
    /// Mean hours (wall clock) from creation to resolution, over handled tickets.
    pub mean_resolution_hours: Option<f64>,
    /// Mean satisfaction score (1–5) of the received tickets that were rated.
    pub csat: Option<f64>,
    /// Received tickets with a satisfaction score.
    pub csat_rated: i64,
    pub time_logged_hours: f64,
}

fn figures(agent_id: Option<i64>, name: String, p: &PerfRow, logged: f64) -> Performance {
    let mean = |sum: i64, n: i64| (n > 0).then(|| sum as f64 / n as f64 / 3600.0);
    Performance {
        agent_id,
        name,
        received: p.received,
        handled: p.handled,
        resolution_rate: (p.received > 0).then(|| p.received_resolved as f64 / p.received as f64),
        mean_first_response_hours: mean(p.first_response_secs, p.first_responses),
        mean_resolution_hours: mean(p.resolution_secs, p.handled),
        csat: (p.csat_rated > 0).then(|| p.csat_sum as f64 / p.csat_rated as f64),
        csat_rated: p.csat_rated,
        time_logged_hours: logged,
    }
}

impl Desk {
    /// Figures per agent (every agent, by name) and for the whole team (unassigned
    /// tickets included) over [since, until).
    pub fn agent_performance(
        &self,
        since: i64,
        until: i64,
    ) -> Result<(Vec<Performance>, Performance)> {
        let rows = tm::performance(self.store.conn(), since, until)?;
        let logged: HashMap<i64, f64> = self
            .time_logged_by_agent(since, until)?
            .into_iter()
            .collect();
        let by_agent: HashMap<i64, &PerfRow> = rows
            .iter()
            .filter_map(|r| Some((r.assignee_id?, r)))
            .collect();
        let empty = PerfRow::default();
        let agents: Vec<Performance> = self
            .agents()?
            .into_iter()
            .map(|a| {
                let p = by_agent.get(&a.id).copied().unwrap_or(&empty);
                figures(
                    Some(a.id),
                    a.name,
                    p,
                    logged.get(&a.id).copied().unwrap_or(0.0),
                )
            })
            .collect();
        let mut team = PerfRow::default();
        for r in &rows {
            team.received += r.received;
            team.received_resolved += r.received_resolved;
            team.handled += r.handled;
            team.first_response_secs += r.first_response_secs;
            team.first_responses += r.first_responses;
            team.resolution_secs += r.resolution_secs;
            team.csat_sum += r.csat_sum;
            team.csat_rated += r.csat_rated;
        }
        let team = figures(None, "(team)".into(), &team, logged.values().sum());
        Ok((agents, team))
    }
}
