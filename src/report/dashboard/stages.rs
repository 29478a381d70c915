//! Where tickets wait: for each stage, how long the period's tickets stayed in it
//! (median and 90th percentile, wall-clock hours; a stay still going counts up to
//! now), how many of them were ever in it, and how many wait in it now.

use super::counted::Counted;
use super::data::{Data, Move};
use crate::domain::workflow::StageKind;
use serde::Serialize;

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

/// The stays of a ticket created at `created_at`, now in stage `current`, with
/// these moves: (entered, stage) in order, as `History::from_stage_events` builds
/// them (on stage numbers, into a buffer reused from ticket to ticket).
fn stays(created_at: i64, current: u16, moves: &[Move], out: &mut Vec<(i64, u16)>) {
    out.clear();
    for (i, m) in moves.iter().enumerate() {
        if i == 0 {
            // Without a creation event the first move tells where the ticket began.
            out.push((created_at, m.old.unwrap_or(m.new)));
            if m.old.is_none() {
                continue;
            }
        }
        if out.last().map(|s| s.1) != Some(m.new) {
            out.push((m.at.max(created_at), m.new));
        }
    }
    if out.is_empty() {
        out.push((created_at, current));
    }
    if out.last().map(|s| s.1) != Some(current) {
        let at = out.last().map_or(created_at, |s| s.0);
        out.push((at, current));
    }
}

/// The `q` quantile (0–1) by nearest rank, as `report::percentile` picks it, in
/// linear time (the order of `xs` changes).
fn quantile(xs: &mut [f64], q: f64) -> Option<f64> {
    if xs.is_empty() {
        return None;
    }
    let rank = ((q * xs.len() as f64).ceil() as usize).clamp(1, xs.len());
    let (_, v, _) = xs.select_nth_unstable_by(rank - 1, |a, b| a.total_cmp(b));
    Some(*v)
}

/// Computes the chart, in workflow order.
pub fn compute(d: &Data<'_>) -> Vec<StageWait> {
    let wf = &d.cfg.workflow;
    let base = d.period.created();
    let scope = d.scope.terms();
    let n = d.stages.len();
    let closed_ids = wf.stage_ids_of_kind(&[StageKind::Closed]);
    let closed: Vec<bool> = (0..n)
        .map(|i| closed_ids.iter().any(|c| c == d.stages.name(i as u16)))
        .collect();
    let mut hours: Vec<Vec<f64>> = vec![Vec::new(); n];
    let mut visited = vec![0i64; n];
    let mut seen = vec![false; n];
    let mut buf = Vec::new();
    for t in &d.current {
        let moves = d.moves_of(t);
        // Ever in a stage: now, or on either side of a move (as `visited:` selects).
        seen.iter_mut().for_each(|x| *x = false);
        seen[t.stage as usize] = true;
        for m in moves {
            if let Some(o) = m.old {
                seen[o as usize] = true;
            }
            seen[m.new as usize] = true;
        }
        for (v, s) in visited.iter_mut().zip(&seen) {
            *v += i64::from(*s);
        }
        stays(t.created_at, t.stage, moves, &mut buf);
        for (i, (entered, stage)) in buf.iter().enumerate() {
            let left = match buf.get(i + 1) {
                Some((at, _)) => *at,
                // The stay goes on; a closed ticket is not waiting.
                None if closed[*stage as usize] => continue,
                None => d.now,
            };
            hours[*stage as usize].push((left - entered).max(0) as f64 / 3600.0);
        }
    }
    let active = wf.stage_ids_of_kind(&[StageKind::Open, StageKind::Waiting]);
    let mut now = vec![0i64; n];
    for u in &d.unresolved {
        now[u.stage as usize] += 1;
    }
    let mut order = wf.all_stage_ids();
    let mut extra: Vec<String> = (0..n)
        .map(|i| d.stages.name(i as u16).to_string())
        .filter(|s| !order.contains(s))
        .collect();
    extra.sort();
    order.extend(extra);
    let lang = d.lang();
    order
        .into_iter()
        .filter_map(|id| {
            let def = wf.flows.values().find_map(|f| f.stage(&id));
            if def.is_some_and(|s| s.kind == StageKind::Closed) {
                return None;
            }
            let num = d.stages.find(&id).map(usize::from);
            let tickets = num.map_or(0, |i| visited[i]);
            let waiting = active.contains(&id).then(|| num.map_or(0, |i| now[i]));
            if tickets == 0 && waiting.unwrap_or(0) == 0 {
                return None;
            }
            let mut v = num
                .map(|i| std::mem::take(&mut hours[i]))
                .unwrap_or_default();
            let stage_term = format!("stage:{id}");
            Some(StageWait {
                label: def.map_or(id.clone(), |s| s.label(lang).to_string()),
                kind: def.map_or(String::new(), |s| s.kind.as_str().to_string()),
                limit_hours: def.map_or(0.0, |s| s.limit_hours),
                stays: v.len() as i64,
                tickets: Counted::new(tickets, &[&base, &format!("visited:{id}"), &scope]),
                p50_hours: quantile(&mut v, 0.5),
                p90_hours: quantile(&mut v, 0.9),
                waiting_now: waiting.map(|n| Counted::new(n, &["is:open", &stage_term, &scope])),
                stage: id,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::sla_engine::{History, SlaFacts, StageChange};
    use crate::domain::ticket::Priority;

    /// A ticket created at 0 that is in `.0` now.
    struct Now<'a>(&'a str);

    impl SlaFacts for Now<'_> {
        fn created_at(&self) -> i64 {
            0
        }
        fn ty(&self) -> &str {
            "technical"
        }
        fn priority(&self) -> Priority {
            Priority::Normal
        }
        fn stage(&self) -> &str {
            self.0
        }
        fn first_response_at(&self) -> Option<i64> {
            None
        }
    }

    #[test]
    fn stays_are_built_as_the_sla_engine_builds_them() {
        let names = ["new", "analysing", "resolved", "closed"];
        let id = |s: &str| names.iter().position(|n| *n == s).unwrap() as u16;
        type Events<'a> = Vec<(i64, Option<&'a str>, &'a str)>;
        let cases: Vec<(&str, Events)> = vec![
            ("new", vec![]),
            (
                "closed",
                vec![
                    (10, Some("new"), "analysing"),
                    (20, Some("analysing"), "resolved"),
                    (30, Some("resolved"), "closed"),
                ],
            ),
            // A creation event, a move back in time, a repeated stage, a current stage
            // the log does not end with.
            (
                "resolved",
                vec![
                    (0, None, "new"),
                    (-5, Some("new"), "analysing"),
                    (8, Some("analysing"), "analysing"),
                ],
            ),
            ("analysing", vec![(4, Some("new"), "new")]),
        ];
        for (current, events) in cases {
            let changes: Vec<StageChange> = events
                .iter()
                .map(|(at, from, to)| StageChange {
                    at: *at,
                    from: from.map(str::to_string),
                    to: to.to_string(),
                })
                .collect();
            let h = History::of(&Now(current), &changes);
            let want: Vec<(i64, u16)> = h.stages.iter().map(|(at, s)| (*at, id(s))).collect();
            let moves: Vec<Move> = events
                .iter()
                .map(|(at, old, new)| Move {
                    at: *at,
                    old: old.map(id),
                    new: id(new),
                })
                .collect();
            let mut got = Vec::new();
            stays(0, id(current), &moves, &mut got);
            assert_eq!(got, want, "{current} {events:?}");
        }
    }

    #[test]
    fn quantiles_pick_what_percentile_picks() {
        for xs in [
            vec![],
            vec![5.0],
            vec![1.0, 2.0],
            (1..=10).rev().map(f64::from).collect::<Vec<_>>(),
            vec![3.0, 1.0, 2.0, 2.0, 9.0],
        ] {
            for q in [0.5, 0.9] {
                let mut a = xs.clone();
                let mut b = xs.clone();
                assert_eq!(
                    quantile(&mut a, q),
                    crate::report::percentile(&mut b, q),
                    "{xs:?} {q}"
                );
            }
        }
    }
}
