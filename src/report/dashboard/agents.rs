//! The agent table, as `report agents` counts it, narrowed to the scope: tickets
//! received (assigned and created in the period) and handled (resolved in the
//! period), resolution rate, mean first response and resolution (wall-clock hours),
//! satisfaction and time logged.

use super::counted::{quoted, Counted};
use super::data::Data;
use crate::domain::performance::WorkSums;
use serde::Serialize;
use std::collections::HashMap;

/// One agent's line, or the team's (`agent_id` None).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AgentRow {
    pub agent_id: Option<i64>,
    pub name: String,
    pub received: Counted,
    pub handled: Counted,
    /// Share of the received tickets resolved by now.
    pub resolution_rate: Option<f64>,
    pub mean_first_response_hours: Option<f64>,
    pub mean_resolution_hours: Option<f64>,
    pub csat: Option<f64>,
    pub csat_rated: i64,
    /// Hours logged in the period (on any work).
    pub time_logged_hours: f64,
}

/// Computes the table: every agent by name, then the team.
pub fn compute(d: &Data<'_>) -> Vec<AgentRow> {
    let (start, end) = d.period.bounds(d.cfg);
    let mut per: HashMap<Option<i64>, WorkSums> = HashMap::new();
    for t in &d.current {
        let s = per.entry(t.assignee_id).or_default();
        s.received += 1;
        s.received_resolved += i64::from(t.resolved_at.is_some());
        if let Some(fr) = t.first_response_at {
            s.first_responses += 1;
            s.first_response_secs += fr - t.created_at;
        }
        if let Some(score) = t.score {
            s.csat_rated += 1;
            s.csat_sum += i64::from(score);
        }
    }
    for r in d
        .resolved
        .iter()
        .filter(|r| r.resolved_at >= start && r.resolved_at < end)
    {
        let s = per.entry(r.assignee_id).or_default();
        s.handled += 1;
        s.resolution_secs += r.resolved_at - r.created_at;
    }
    let created = d.period.created();
    let resolved = format!("resolved:{}", &created["created:".len()..]);
    let scope = d.scope.terms();
    let row = |id: Option<i64>, name: String, s: &WorkSums, who: &str, logged: f64| {
        let f = s.figures();
        AgentRow {
            agent_id: id,
            received: Counted::new(s.received, &[&created, who, &scope]),
            handled: Counted::new(s.handled, &[&resolved, who, &scope]),
            resolution_rate: f.resolution_rate,
            mean_first_response_hours: f.mean_first_response_hours,
            mean_resolution_hours: f.mean_resolution_hours,
            csat: f.csat,
            csat_rated: s.csat_rated,
            time_logged_hours: logged,
            name,
        }
    };
    let empty = WorkSums::default();
    let mut out: Vec<AgentRow> = d
        .agents
        .iter()
        .map(|(id, name)| {
            let who = format!("assignee:={}", quoted(name));
            let logged = d.logged.get(id).copied().unwrap_or(0.0);
            row(
                Some(*id),
                name.clone(),
                per.get(&Some(*id)).unwrap_or(&empty),
                &who,
                logged,
            )
        })
        .collect();
    let team = WorkSums::total(per.values());
    let name = if d.lang() == "zh" {
        "(团队)"
    } else {
        "(team)"
    };
    out.push(row(None, name.into(), &team, "", d.logged.values().sum()));
    out
}
