//! Routes through a flow: the moves a demo ticket made from the initial stage to
//! where it is now, each one allowed by the workflow.

use super::rng::Rng;
use crate::domain::workflow::{Flow, StageKind};

/// A flow prepared for route planning: shortest paths between every pair of stages.
pub struct FlowPlan<'a> {
    pub ids: Vec<&'a str>,
    pub kinds: Vec<StageKind>,
    pub initial: usize,
    /// `paths[a][b]`: the stages moved into on a shortest path from `a` to `b`
    /// (empty when a == b, None when `b` cannot be reached from `a`).
    paths: Vec<Vec<Option<Vec<usize>>>>,
    /// How likely a route passes through each stage on its way, before the target kind is known.
    visit: Vec<f64>,
}

/// Longest route planned (in moves), so history stays readable.
const MAX_MOVES: usize = 9;

/// How often a ticket passes through a stage, for the stage ids of the default
/// config; other stages get a value by their kind.
fn visit_probability(id: &str, kind: StageKind) -> f64 {
    match id {
        "analysing" => 0.6,
        "in_progress" | "investigating" => 0.85,
        "solution_proposed" => 0.9,
        "waiting_customer" => 0.3,
        "escalated" => 0.1,
        _ => match kind {
            StageKind::Open => 0.5,
            StageKind::Waiting => 0.25,
            StageKind::Resolved => 0.85,
            StageKind::Closed => 0.02,
        },
    }
}

impl<'a> FlowPlan<'a> {
    /// Prepares `flow`, computing every path with `Flow::path`.
    pub fn new(flow: &'a Flow) -> FlowPlan<'a> {
        let ids: Vec<&str> = flow.stages.iter().map(|s| s.id.as_str()).collect();
        let index = |id: &str| ids.iter().position(|s| *s == id);
        let paths = ids
            .iter()
            .map(|from| {
                ids.iter()
                    .map(|to| {
                        flow.path(from, to)
                            .map(|p| p.iter().skip(1).filter_map(|s| index(s)).collect())
                    })
                    .collect()
            })
            .collect();
        FlowPlan {
            initial: index(&flow.initial).unwrap_or(0),
            kinds: flow.stages.iter().map(|s| s.kind).collect(),
            visit: flow
                .stages
                .iter()
                .map(|s| visit_probability(&s.id, s.kind))
                .collect(),
            ids,
            paths,
        }
    }

    /// Stages of the given kinds reachable from the initial stage.
    pub fn stages_of(&self, kinds: &[StageKind]) -> Vec<usize> {
        (0..self.ids.len())
            .filter(|&i| kinds.contains(&self.kinds[i]) && self.reachable(self.initial, i))
            .collect()
    }

    fn reachable(&self, from: usize, to: usize) -> bool {
        self.paths[from][to].is_some()
    }

    /// The stages a ticket moved into, in order, to end in `target`: the initial stage,
    /// then waypoints visited in flow order (each joined by a shortest path), then
    /// `target`. Every step is an allowed move.
    pub fn route(&self, target: usize, rng: &mut Rng) -> Vec<usize> {
        let mut route = Vec::new();
        let mut cur = self.initial;
        let closing = matches!(self.kinds[target], StageKind::Closed);
        for w in 0..self.ids.len() {
            let p = match self.kinds[w] {
                // Resolving before closing is the rule; resolving and reopening the exception.
                StageKind::Resolved if !closing => 0.04,
                _ => self.visit[w],
            };
            // Draw for every stage so one ticket's numbers do not depend on its route.
            let take = rng.chance(p);
            if !take || w == cur || w == target || w == self.initial {
                continue;
            }
            let (Some(there), true) = (&self.paths[cur][w], self.reachable(w, target)) else {
                continue;
            };
            if route.len() + there.len() >= MAX_MOVES {
                break;
            }
            route.extend_from_slice(there);
            cur = w;
        }
        if let Some(rest) = &self.paths[cur][target] {
            route.extend_from_slice(rest);
        }
        route
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    #[test]
    fn every_route_is_a_chain_of_allowed_moves() {
        let config = Config::builtin();
        let wf = &config.workflow;
        for ty in &wf.types {
            let flow = wf.flow_for(&ty.id);
            let plan = FlowPlan::new(flow);
            for target in 0..plan.ids.len() {
                for i in 0..300 {
                    let mut rng = Rng::derive(1, 99, i);
                    let route = plan.route(target, &mut rng);
                    let mut from = plan.ids[plan.initial];
                    for &s in &route {
                        let to = plan.ids[s];
                        assert!(wf.check_move(&ty.id, from, to).is_ok(), "{from} -> {to}");
                        from = to;
                    }
                    assert_eq!(from, plan.ids[target]);
                }
            }
        }
    }

    #[test]
    fn closed_tickets_usually_pass_through_resolved() {
        let config = Config::builtin();
        let plan = FlowPlan::new(config.workflow.flow_for("technical"));
        let closed = plan.ids.iter().position(|s| *s == "closed").unwrap();
        let resolved = plan.ids.iter().position(|s| *s == "resolved").unwrap();
        let via = (0..1000)
            .filter(|&i| {
                plan.route(closed, &mut Rng::derive(2, 3, i))
                    .contains(&resolved)
            })
            .count();
        assert!(via > 700, "{via}");
    }
}
