//! Performance per agent and for the team over a period: tickets received and handled,
//! resolution rate, mean first response and resolution, satisfaction, time logged.

use super::Desk;
use crate::domain::performance::WorkSums;
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

/// The sums of one store row.
fn sums(p: &PerfRow) -> WorkSums {
    WorkSums {
        received: p.received,
        received_resolved: p.received_resolved,
        handled: p.handled,
        first_response_secs: p.first_response_secs,
        first_responses: p.first_responses,
        resolution_secs: p.resolution_secs,
        csat_sum: p.csat_sum,
        csat_rated: p.csat_rated,
    }
}

fn figures(agent_id: Option<i64>, name: String, s: &WorkSums, logged: f64) -> Performance {
    let f = s.figures();
    Performance {
        agent_id,
        name,
        received: s.received,
        handled: s.handled,
        resolution_rate: f.resolution_rate,
        mean_first_response_hours: f.mean_first_response_hours,
        mean_resolution_hours: f.mean_resolution_hours,
        csat: f.csat,
        csat_rated: s.csat_rated,
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
        let by_agent: HashMap<i64, WorkSums> = rows
            .iter()
            .filter_map(|r| Some((r.assignee_id?, sums(r))))
            .collect();
        let agents: Vec<Performance> = self
            .agents()?
            .into_iter()
            .map(|a| {
                let s = by_agent.get(&a.id).copied().unwrap_or_default();
                figures(
                    Some(a.id),
                    a.name,
                    &s,
                    logged.get(&a.id).copied().unwrap_or(0.0),
                )
            })
            .collect();
        let all: Vec<WorkSums> = rows.iter().map(sums).collect();
        let team = WorkSums::total(&all);
        let team = figures(None, "(team)".into(), &team, logged.values().sum());
        Ok((agents, team))
    }
}
