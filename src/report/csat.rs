//! `report csat`: satisfaction of the tickets created in a period, overall, by type
//! and by agent (the ticket's current assignee).

use crate::config::Config;
use crate::domain::workflow::StageKind;
use crate::error::Result;
use crate::store::reports;
use crate::store::Conn;
use std::collections::BTreeMap;

/// Satisfaction figures of one group of tickets.
#[derive(Debug, Clone, PartialEq)]
pub struct CsatLine {
    /// `all`, `type` or `agent`.
    pub dimension: &'static str,
    /// The type id or agent name (`-` for unassigned); `all` for the total.
    pub key: String,
    /// Tickets resolved or closed now.
    pub resolved: i64,
    /// Tickets with a score.
    pub rated: i64,
    /// How many scores of 1, 2, 3, 4 and 5.
    pub scores: [i64; 5],
}

impl CsatLine {
    fn new(dimension: &'static str, key: String) -> CsatLine {
        CsatLine {
            dimension,
            key,
            resolved: 0,
            rated: 0,
            scores: [0; 5],
        }
    }

    /// The mean score, if any were given.
    pub fn mean(&self) -> Option<f64> {
        let sum: i64 = self
            .scores
            .iter()
            .enumerate()
            .map(|(i, n)| (i as i64 + 1) * n)
            .sum();
        super::share(sum, self.rated)
    }

    /// Rated among resolved.
    pub fn response_rate(&self) -> Option<f64> {
        super::share(self.rated, self.resolved)
    }

    /// Share of scores of 4 or 5.
    pub fn satisfied(&self) -> Option<f64> {
        super::share(self.scores[3] + self.scores[4], self.rated)
    }
}

/// Satisfaction of the tickets created in `[since, until)`: the total, then by type,
/// then by agent (most rated first).
pub fn report(conn: &Conn, cfg: &Config, since: i64, until: i64) -> Result<Vec<CsatLine>> {
    let tickets = reports::tickets_created(conn, since, until)?;
    let scores = reports::scores_created(conn, since, until)?;
    let mut all = CsatLine::new("all", "all".into());
    let mut by_type: BTreeMap<String, CsatLine> = BTreeMap::new();
    let mut by_agent: BTreeMap<String, CsatLine> = BTreeMap::new();
    for t in &tickets {
        let done = cfg
            .workflow
            .stage(&t.ty, &t.stage)
            .is_some_and(|s| matches!(s.kind, StageKind::Resolved | StageKind::Closed));
        let score = scores.get(&t.id).copied();
        if !done && score.is_none() {
            continue;
        }
        let agent = t.assignee.clone().unwrap_or_else(|| "-".into());
        let ty_line = by_type
            .entry(t.ty.clone())
            .or_insert_with(|| CsatLine::new("type", t.ty.clone()));
        for l in [&mut all, ty_line] {
            count(l, done, score);
        }
        let ag = by_agent
            .entry(agent.clone())
            .or_insert_with(|| CsatLine::new("agent", agent));
        count(ag, done, score);
    }
    let mut agents: Vec<CsatLine> = by_agent.into_values().collect();
    agents.sort_by_key(|l| (-l.rated, l.key.clone()));
    let mut out = vec![all];
    out.extend(by_type.into_values());
    out.extend(agents);
    Ok(out)
}

fn count(l: &mut CsatLine, done: bool, score: Option<u8>) {
    if done {
        l.resolved += 1;
    }
    if let Some(s) = score.filter(|s| (1..=5).contains(s)) {
        l.rated += 1;
        l.scores[s as usize - 1] += 1;
    }
}
