//! The SLA engine: due times, pauses, stage limits and a human reason, computed from a
//! ticket's history (its audit events), so they stay right after any sequence of moves.
//!
//! Rules:
//! - Both clocks (first response, resolution) count business time from creation, but only
//!   while the ticket is in a stage whose `clock` is on; waiting stages pause them.
//! - Entering a resolved or closed stage stops the resolution clock; reopening resumes it
//!   with the time already used. The first-response clock stops at the first response
//!   (or at the first resolution, whichever comes first) and never resumes.
//! - The target is the one of the ticket's current priority, counted from creation.
//! - A due time is a fixed instant given the history: while a clock runs it is where the
//!   target will be reached; once stopped it is where it would have been reached had the
//!   clock kept running (so "met" is `stopped_at <= due`); while paused it is unknown
//!   (`None`) unless the target was already reached before the pause.
//! - A stage limit counts business hours from entering the stage, paused or not.

use super::sla::{Calendar, SlaPolicy, SlaState};
use super::ticket::Ticket;
use super::workflow::{Stage, StageKind, Workflow};
use std::collections::BTreeMap;

mod clocks;
mod history;
mod outcome;
mod reason;
pub use clocks::{business_span, Clock, Pause, Phase, StageClock};
pub use history::{History, SlaFacts, StageChange};
pub use outcome::{fingerprint, pack, unpack, ClockOutcome};
pub use reason::{ClockKind, ReasonPart, SlaReason};

/// Everything the engine says about one ticket at one moment.
#[derive(Debug, Clone, PartialEq)]
pub struct SlaStatus {
    pub first_response: Option<Clock>,
    pub resolution: Option<Clock>,
    pub stage: Option<StageClock>,
    pub pauses: Vec<Pause>,
    /// Start of the pause the ticket is in now.
    pub paused_since: Option<i64>,
    /// The worst state of the live clocks and the stage limit.
    pub state: SlaState,
    /// The earliest due time of the live clocks and the stage limit.
    pub next_due: Option<i64>,
    /// The earliest warning time of the live clocks and the stage limit.
    pub next_warn: Option<i64>,
    /// Business seconds from now to `next_due` (negative when past).
    pub countdown_secs: Option<i64>,
    /// What is due when, and why (`Display`: one English line).
    pub reason: SlaReason,
}

/// How a stage treats the clocks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Run,
    Pause,
    Done,
}

/// A stretch of time in one stage.
#[derive(Debug, Clone)]
struct Segment<'a> {
    stage: &'a str,
    from: i64,
    to: Option<i64>,
    mode: Mode,
}

/// The stage definition of `id` for a ticket of type `ty` (any flow's as a fallback).
pub fn stage_def<'a>(wf: &'a Workflow, ty: &str, id: &str) -> Option<&'a Stage> {
    wf.stage(ty, id)
        .or_else(|| wf.flows.values().find_map(|f| f.stage(id)))
}

fn mode_of(stage: Option<&Stage>) -> Mode {
    match stage {
        Some(s) if matches!(s.kind, StageKind::Resolved | StageKind::Closed) => Mode::Done,
        Some(s) if !s.clock => Mode::Pause,
        _ => Mode::Run,
    }
}

/// Far enough in business seconds to stand for "until further notice".
const OPEN_END: i64 = i64::MAX / 4;

fn hours_secs(h: f64) -> i64 {
    (h * 3600.0).round() as i64
}

/// Runs one clock over the segments; `stop_at` ends it for good.
fn run_clock(
    cal: &Calendar,
    target: i64,
    warn_share: f64,
    segs: &[Segment<'_>],
    stop_at: Option<i64>,
    stop_on_done: bool,
    now: i64,
) -> Clock {
    let warn_target = ((target as f64) * warn_share).ceil() as i64;
    let warn_target = warn_target.clamp(0, target);
    let mut used = 0i64;
    let mut due = None;
    let mut warn = None;
    let mut stopped_at = stop_at;
    let mut last_mode = Mode::Run;
    // Start of the resolved/closed stretch the ticket is in (resolving then closing
    // stops the clock on resolving).
    let mut done_since = None;
    for s in segs {
        if let Some(stop) = stopped_at {
            if s.from >= stop {
                break;
            }
        }
        if s.mode == Mode::Done && stop_on_done {
            stopped_at = Some(stopped_at.map_or(s.from, |x| x.min(s.from)));
            break;
        }
        let end = match (s.to, stopped_at) {
            (Some(t), Some(stop)) => Some(t.min(stop)),
            (t, stop) => t.or(stop),
        };
        last_mode = s.mode;
        done_since = match s.mode {
            Mode::Done => done_since.or(Some(s.from)),
            _ => None,
        };
        if s.mode != Mode::Run {
            continue;
        }
        let avail = end.map_or(OPEN_END, |e| cal.business_secs_between(s.from, e).max(0));
        if warn.is_none() && used + avail >= warn_target {
            warn = Some(cal.add_business_secs(s.from, warn_target - used));
        }
        if due.is_none() && used + avail >= target {
            due = Some(cal.add_business_secs(s.from, target - used));
        }
        used += if end.is_some() {
            avail
        } else {
            cal.business_secs_between(s.from, now).max(0)
        };
    }
    if stopped_at.is_none() && last_mode == Mode::Done {
        // The ticket rests in a resolved/closed stage: the clock stopped on entering it.
        stopped_at = done_since;
    }
    if let Some(stop) = stopped_at {
        let due = due.unwrap_or_else(|| cal.add_business_secs(stop, target - used));
        let warn = warn.unwrap_or_else(|| cal.add_business_secs(stop, warn_target - used));
        let met = stop <= due;
        return Clock {
            target_secs: target,
            due: Some(due),
            warn_at: Some(warn),
            used_secs: used,
            phase: Phase::Stopped,
            stopped_at: Some(stop),
            state: if met {
                SlaState::None
            } else {
                SlaState::Breached
            },
            met: Some(met),
        };
    }
    let phase = if last_mode == Mode::Run {
        Phase::Running
    } else {
        Phase::Paused
    };
    let state = match (phase, due, warn) {
        (_, Some(d), _) if now >= d => SlaState::Breached,
        (Phase::Running, _, Some(w)) if now >= w => SlaState::Warning,
        _ => SlaState::Ok,
    };
    Clock {
        target_secs: target,
        due,
        warn_at: if phase == Phase::Running {
            warn
        } else {
            warn.filter(|_| due.is_some())
        },
        used_secs: used,
        phase,
        stopped_at: None,
        state,
        met: None,
    }
}

/// Computes the SLA status of a ticket with history `h` at `now`.
pub fn evaluate(policy: &SlaPolicy, wf: &Workflow, h: &History, now: i64) -> SlaStatus {
    let cal = &policy.calendar;
    let defs: Vec<Option<&Stage>> = h
        .stages
        .iter()
        .map(|(_, id)| stage_def(wf, &h.ty, id))
        .collect();
    let segs: Vec<Segment<'_>> = h
        .stages
        .iter()
        .enumerate()
        .map(|(i, (at, id))| Segment {
            stage: id,
            from: *at,
            to: h.stages.get(i + 1).map(|n| n.0),
            mode: mode_of(defs[i]),
        })
        .collect();
    let target = policy.target(h.priority);
    // The first-response clock ends at the first response or the first resolution.
    let first_done = segs.iter().find(|s| s.mode == Mode::Done).map(|s| s.from);
    let fr_stop = match (h.first_response_at, first_done) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    };
    let first_response = target.and_then(|t| {
        (t.first_response_hours > 0.0).then(|| {
            run_clock(
                cal,
                hours_secs(t.first_response_hours),
                policy.warn_at,
                &segs,
                fr_stop,
                true,
                now,
            )
        })
    });
    let resolution = target.and_then(|t| {
        (t.resolution_hours > 0.0).then(|| {
            run_clock(
                cal,
                hours_secs(t.resolution_hours),
                policy.warn_at,
                &segs,
                None,
                false,
                now,
            )
        })
    });
    let stage = stage_clock(policy, segs.last(), defs.last().copied().flatten(), now);
    let pauses = pauses(cal, &segs, now);
    let paused_since = segs
        .last()
        .filter(|s| s.mode == Mode::Pause)
        .map(|s| s.from);

    let live: Vec<&Clock> = [&first_response, &resolution]
        .into_iter()
        .flatten()
        .filter(|c| c.is_live())
        .collect();
    let mut state = live.iter().map(|c| c.state).max().unwrap_or(SlaState::None);
    let mut next_due = live.iter().filter_map(|c| c.due).min();
    let mut next_warn = live.iter().filter_map(|c| c.warn_at).min();
    if let Some(s) = &stage {
        state = state.max(s.state);
        next_due = Some(next_due.map_or(s.due, |d| d.min(s.due)));
        let sw = stage_warn(policy, s);
        next_warn = Some(next_warn.map_or(sw, |w| w.min(sw)));
    }
    let paused_clock = [&first_response, &resolution]
        .into_iter()
        .flatten()
        .any(|c| c.phase == Phase::Paused);
    if state == SlaState::None && paused_clock {
        // Only paused clocks: nothing is due yet, but the ticket is not done.
        state = SlaState::Ok;
    }
    // The time left on whatever is due first: a clock's own count (which stands still
    // while paused), or the business time to the stage limit.
    let mut left: Vec<(i64, i64)> = live
        .iter()
        .filter_map(|c| c.due.map(|d| (d, c.left_secs())))
        .collect();
    if let Some(s) = &stage {
        left.push((s.due, cal.business_secs_between(now, s.due)));
    }
    let countdown_secs = left.into_iter().min().map(|x| x.1);
    let mut status = SlaStatus {
        first_response,
        resolution,
        stage,
        pauses,
        paused_since,
        state,
        next_due,
        next_warn,
        countdown_secs,
        reason: SlaReason::default(),
    };
    status.reason = reason::build(
        &reason::Parts {
            first_response: &status.first_response,
            resolution: &status.resolution,
            stage: &status.stage,
            pauses: &status.pauses,
            paused_since: status.paused_since,
        },
        h,
        cal,
        now,
    );
    status
}

fn stage_clock(
    policy: &SlaPolicy,
    seg: Option<&Segment<'_>>,
    def: Option<&Stage>,
    now: i64,
) -> Option<StageClock> {
    let (seg, def) = (seg?, def?);
    if def.limit_hours <= 0.0 || def.kind == StageKind::Closed {
        return None;
    }
    let cal = &policy.calendar;
    let limit = hours_secs(def.limit_hours);
    let due = cal.add_business_secs(seg.from, limit);
    let used = cal.business_secs_between(seg.from, now).max(0);
    let state = if now >= due {
        SlaState::Breached
    } else if used as f64 >= policy.warn_at * limit as f64 {
        SlaState::Warning
    } else {
        SlaState::Ok
    };
    Some(StageClock {
        stage: seg.stage.to_string(),
        entered_at: seg.from,
        limit_secs: limit,
        due,
        used_secs: used,
        state,
    })
}

fn stage_warn(policy: &SlaPolicy, s: &StageClock) -> i64 {
    let share = ((s.limit_secs as f64) * policy.warn_at).ceil() as i64;
    policy.calendar.add_business_secs(s.entered_at, share)
}

fn pauses(cal: &Calendar, segs: &[Segment<'_>], now: i64) -> Vec<Pause> {
    let mut by_stage: BTreeMap<&str, (usize, i64, i64)> = BTreeMap::new();
    for (i, s) in segs
        .iter()
        .enumerate()
        .filter(|(_, s)| s.mode == Mode::Pause)
    {
        let end = s.to.unwrap_or(now).max(s.from);
        let e = by_stage.entry(s.stage).or_insert((i, 0, 0));
        e.1 += end - s.from;
        e.2 += cal.business_secs_between(s.from, end).max(0);
    }
    let mut out: Vec<(usize, Pause)> = by_stage
        .into_iter()
        .map(|(stage, (i, wall, business))| {
            (
                i,
                Pause {
                    stage: stage.to_string(),
                    wall_secs: wall,
                    business_secs: business,
                },
            )
        })
        .collect();
    out.sort_by_key(|(i, _)| *i);
    out.into_iter().map(|(_, p)| p).collect()
}

/// The state of a ticket from its stored due times alone (for lists): exact while a
/// clock runs, because the time left is the business time from now to the due time.
pub fn quick_state(policy: &SlaPolicy, t: &Ticket, stage: Option<&Stage>, now: i64) -> SlaState {
    if stage.is_some_and(|s| !s.kind.is_active()) {
        return SlaState::None;
    }
    let Some(target) = policy.target(t.priority) else {
        return SlaState::None;
    };
    let mut clocks = vec![(t.resolution_due, target.resolution_hours)];
    if t.first_response_at.is_none() {
        clocks.push((t.first_response_due, target.first_response_hours));
    }
    clocks
        .into_iter()
        .filter_map(|(due, hours)| {
            let due = due?;
            if now >= due {
                return Some(SlaState::Breached);
            }
            let left = policy.calendar.business_secs_between(now, due);
            let total = hours_secs(hours).max(1);
            let paused = stage.is_some_and(|s| !s.clock);
            Some(
                if !paused && (total - left) as f64 >= policy.warn_at * total as f64 {
                    SlaState::Warning
                } else {
                    SlaState::Ok
                },
            )
        })
        .max()
        .unwrap_or(SlaState::None)
}

#[cfg(test)]
mod tests;
