//! The agent table, as `report agents` counts it, narrowed to the scope: tickets
//! received (assigned and created in the period) and handled (resolved in the
//! period), resolution rate, mean first response and resolution (wall-clock hours),
//! satisfaction and time logged.

use super::data::Data;
use super::{quoted, Counted};
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

#[derive(Default)]
struct Sums {
    received: i64,
    received_resolved: i64,
    first_responses: i64,
    first_response_secs: i64,
    handled: i64,
    resolution_secs: i64,
    rated: i64,
    score_sum: i64,
}

fn mean_hours(secs: i64, n: i64) -> Option<f64> {
    (n > 0).then(|| secs as f64 / n as f64 / 3600.0)
}

/// Computes the table: every agent by name, then the team.
pub fn compute(d: &Data<'_>) -> Vec<AgentRow> {
    let (start, end) = d.period.bounds(d.cfg);
    let mut per: HashMap<Option<i64>, Sums> = HashMap::new();
    for t in &d.current {
        let s = per.entry(t.assignee_id).or_default();
        s.received += 1;
        s.received_resolved += i64::from(t.resolved_at.is_some());
        if let Some(fr) = t.first_response_at {
            s.first_responses += 1;
            s.first_response_secs += fr - t.created_at;
        }
        if let Some(score) = d.scores.get(&t.id) {
            s.rated += 1;
            s.score_sum += i64::from(*score);
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
    let row = |id: Option<i64>, name: String, s: &Sums, who: &str, logged: f64| AgentRow {
        agent_id: id,
        received: Counted::new(s.received, &[&created, who, &scope]),
        handled: Counted::new(s.handled, &[&resolved, who, &scope]),
        resolution_rate: super::share(s.received_resolved, s.received),
        mean_first_response_hours: mean_hours(s.first_response_secs, s.first_responses),
        mean_resolution_hours: mean_hours(s.resolution_secs, s.handled),
        csat: (s.rated > 0).then(|| s.score_sum as f64 / s.rated as f64),
        csat_rated: s.rated,
        time_logged_hours: logged,
        name,
    };
    let empty = Sums::default();
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
    let mut team = Sums::default();
    for s in per.values() {
        team.received += s.received;
        team.received_resolved += s.received_resolved;
        team.first_responses += s.first_responses;
        team.first_response_secs += s.first_response_secs;
        team.handled += s.handled;
        team.resolution_secs += s.resolution_secs;
        team.rated += s.rated;
        team.score_sum += s.score_sum;
    }
    let name = if d.lang() == "zh" {
        "(团队)"
    } else {
        "(team)"
    };
    out.push(row(None, name.into(), &team, "", d.logged.values().sum()));
    out
}
