//! When tickets come in: how many on each day of the history, at what time of day,
//! and which of the newest show every stage of every flow.

use super::kinds::TypeGen;
use crate::config::Config;
use crate::demo::clock::{DAY, HOUR};
use crate::demo::rng::Rng;
use crate::domain::workflow::StageKind;
use std::collections::HashMap;

/// The random stream of the per-day draws.
pub(super) const STREAM_DAY: u64 = 11;

/// Days of history for `total` tickets: about 40 tickets a day, between a month and a year,
/// so the open backlog (a few days of intake) is a visible share of a small demo.
pub fn history_days(total: u64) -> i64 {
    (total / 40).clamp(30, 365) as i64
}

/// Picks, among the newest tickets, one for every stage (but the closed ones, which
/// are common anyway) of every flow, with the first type that uses the flow.
pub(super) fn showcase(
    seed: u64,
    total: u64,
    config: &Config,
    types: &[TypeGen<'_>],
) -> HashMap<u64, (usize, usize)> {
    let mut wanted = Vec::new();
    for flow in config.workflow.flows.values() {
        let Some(t) = config
            .workflow
            .types
            .iter()
            .position(|t| config.workflow.flow_for(&t.id).id == flow.id)
        else {
            continue;
        };
        let plan = &types[t].flow;
        for s in plan.stages_of(&[StageKind::Open, StageKind::Waiting, StageKind::Resolved]) {
            wanted.push((t, s));
        }
    }
    // Scattered over the newest tickets so they do not stand out as a block.
    let window = (wanted.len() as u64 * 3).min(total);
    let mut slots: Vec<u64> = (total - window + 1..=total).collect();
    let mut rng = Rng::derive(seed, STREAM_DAY, u64::MAX);
    for i in 0..slots.len() {
        let j = i + rng.index(slots.len() - i);
        slots.swap(i, j);
    }
    slots.into_iter().zip(wanted).collect()
}

/// A time of day in seconds: mostly office hours, some evenings, a few nights.
pub(super) fn time_of_day(rng: &mut Rng) -> i64 {
    let (from, to) = match rng.weighted(&[80.0, 15.0, 5.0]) {
        0 => (9 * HOUR, 18 * HOUR),
        1 => (18 * HOUR, 23 * HOUR),
        _ => (0, 9 * HOUR),
    };
    // Never in the last two minutes of the day, so every event fits before midnight.
    rng.range(from, to - 1).min(DAY - 120)
}

/// How many of `total` tickets were created on each day: volume grows over the
/// period, with some day-to-day noise.
pub(super) fn per_day(seed: u64, total: u64, days: i64) -> Vec<u64> {
    let weights: Vec<f64> = (0..days)
        .map(|d| {
            let mut rng = Rng::derive(seed, STREAM_DAY, 1_000_000 + d as u64);
            (1.0 + 0.35 * d as f64 / days as f64) * (0.85 + 0.3 * rng.unit())
        })
        .collect();
    let sum: f64 = weights.iter().sum();
    let mut out = Vec::with_capacity(weights.len());
    let (mut acc, mut given) = (0.0, 0u64);
    for w in weights {
        acc += w;
        let upto = ((acc / sum) * total as f64).round() as u64;
        let upto = upto.min(total);
        out.push(upto - given);
        given = upto;
    }
    if let Some(last) = out.last_mut() {
        *last += total - given;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_add_up_to_the_total() {
        for total in [0, 1, 7, 2000, 1_000_000] {
            let days = history_days(total);
            assert_eq!(per_day(3, total, days).len() as i64, days);
            assert_eq!(per_day(3, total, days).iter().sum::<u64>(), total);
        }
    }
}
