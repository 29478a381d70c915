//! Where tickets wait: for each stage, how long the period's tickets stayed in it
//! (median and 90th percentile, wall-clock hours; a stay still going counts up to
//! now), how many of them were ever in it, and how many wait in it now.

use super::data::Data;
use super::Counted;
use crate::domain::sla_engine::History;
use crate::domain::ticket::Priority;
use crate::domain::workflow::StageKind;
use serde::Serialize;
use std::collections::{BTreeSet, HashMap};

/// One stage of the chart.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StageWait {
    pub stage: String,
    pub label: String,
    /// `open`, `waiting` or `resolved` (empty for a stage the config lacks).
    pub kind: String,
    /// The stage's time limit in business hours (0: none).
    pub limit_hours: f64,
    /// Stays measured.
    pub stays: i64,
    /// The period's tickets that were ever in the stage.
    pub tickets: Counted,
    pub p50_hours: Option<f64>,
    pub p90_hours: Option<f64>,
    /// Tickets in the stage now (open and waiting stages).
    pub waiting_now: Option<Counted>,
}

/// Computes the chart, in workflow order.
pub fn compute(d: &Data<'_>) -> Vec<StageWait> {
    let wf = &d.cfg.workflow;
    let base = d.period.created();
    let scope = d.scope.terms();
    let mut secs: HashMap<String, Vec<f64>> = HashMap::new();
    let mut visited: HashMap<String, i64> = HashMap::new();
    let none = Vec::new();
    for t in &d.current {
        let moves = d.moves.get(&t.id).unwrap_or(&none);
        // Ever in a stage: now, or on either side of a move (as `visited:` selects).
        let mut seen: BTreeSet<&str> = BTreeSet::new();
        seen.insert(&t.stage);
        for (_, old, new) in moves {
            if let Some(o) = old {
                seen.insert(o);
            }
            seen.insert(new);
        }
        for s in seen {
            *visited.entry(s.to_string()).or_default() += 1;
        }
        let events: Vec<(i64, Option<&str>, &str)> = moves
            .iter()
            .map(|(at, old, new)| (*at, old.as_deref(), new.as_str()))
            .collect();
        let h = History::from_stage_events(
            t.created_at,
            &t.ty,
            Priority::Normal,
            &t.stage,
            t.first_response_at,
            &events,
        );
        for (i, (entered, stage)) in h.stages.iter().enumerate() {
            let left = match h.stages.get(i + 1) {
                Some((at, _)) => *at,
                // The stay goes on; a closed ticket is not waiting.
                None if wf
                    .stage(&t.ty, stage)
                    .is_some_and(|s| s.kind == StageKind::Closed) =>
                {
                    continue
                }
                None => d.now,
            };
            secs.entry(stage.clone())
                .or_default()
                .push((left - entered).max(0) as f64 / 3600.0);
        }
    }
    let active = wf.stage_ids_of_kind(&[StageKind::Open, StageKind::Waiting]);
    let mut now: HashMap<&str, i64> = HashMap::new();
    for u in &d.unresolved {
        if active.contains(&u.stage) {
            *now.entry(u.stage.as_str()).or_default() += 1;
        }
    }
    let mut order = wf.all_stage_ids();
    let mut extra: Vec<&String> = visited.keys().filter(|s| !order.contains(s)).collect();
    extra.sort();
    order.extend(extra.into_iter().cloned());
    let lang = d.lang();
    order
        .into_iter()
        .filter_map(|id| {
            let def = wf.flows.values().find_map(|f| f.stage(&id));
            if def.is_some_and(|s| s.kind == StageKind::Closed) {
                return None;
            }
            let tickets = visited.get(&id).copied().unwrap_or(0);
            let waiting = active
                .contains(&id)
                .then(|| now.get(id.as_str()).copied().unwrap_or(0));
            if tickets == 0 && waiting.unwrap_or(0) == 0 {
                return None;
            }
            let mut v = secs.remove(&id).unwrap_or_default();
            let stage_term = format!("stage:{id}");
            Some(StageWait {
                label: def.map_or(id.clone(), |s| s.label(lang).to_string()),
                kind: def.map_or(String::new(), |s| s.kind.as_str().to_string()),
                limit_hours: def.map_or(0.0, |s| s.limit_hours),
                stays: v.len() as i64,
                tickets: Counted::new(tickets, &[&base, &format!("visited:{id}"), &scope]),
                p50_hours: crate::report::percentile(&mut v, 0.5),
                p90_hours: crate::report::percentile(&mut v, 0.9),
                waiting_now: waiting.map(|n| Counted::new(n, &["is:open", &stage_term, &scope])),
                stage: id,
            })
        })
        .collect()
}
