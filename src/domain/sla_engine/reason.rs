//! Why a ticket's SLA is where it is, as structured parts (rendered per language by
//! the UI; `Display` is the English line the CLI and JSON print).

use super::clocks::{business_span, Clock, Pause, Phase, StageClock};
use super::history::History;
use crate::domain::sla::Calendar;
use std::fmt;

/// What a reason is built from: a status's clocks, stage limit and pauses.
pub(super) struct Parts<'a> {
    pub first_response: &'a Option<Clock>,
    pub resolution: &'a Option<Clock>,
    pub stage: &'a Option<StageClock>,
    pub pauses: &'a [Pause],
    /// Start of the pause the ticket is in now.
    pub paused_since: Option<i64>,
}

/// Which SLA clock a part is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClockKind {
    FirstResponse,
    Resolution,
}

impl ClockKind {
    /// The English name.
    pub fn as_str(self) -> &'static str {
        match self {
            ClockKind::FirstResponse => "first response",
            ClockKind::Resolution => "resolution",
        }
    }
}

/// One statement of an SLA reason; durations are business seconds unless named wall.
#[derive(Debug, Clone, PartialEq)]
pub enum ReasonPart {
    /// A running or paused clock past its due time.
    Overdue {
        clock: ClockKind,
        by_secs: i64,
        target_secs: i64,
    },
    /// A running clock and the business time until it is due.
    DueIn {
        clock: ClockKind,
        in_secs: i64,
        target_secs: i64,
    },
    /// A paused clock and the business time it has left.
    PausedLeft {
        clock: ClockKind,
        left_secs: i64,
        target_secs: i64,
    },
    /// The current stage's limit, passed.
    StageExceeded {
        stage: String,
        limit_secs: i64,
        by_secs: i64,
    },
    /// The current stage's limit and the time left in it.
    StageLeft {
        stage: String,
        limit_secs: i64,
        left_secs: i64,
    },
    /// A stopped clock that met its target.
    Met { clock: ClockKind },
    /// A stopped clock that missed its target, by how much.
    Missed { clock: ClockKind, by_secs: i64 },
    /// Wall time spent in a pausing stage; `since` when the ticket is in it now.
    Paused {
        stage: String,
        wall_secs: i64,
        since: Option<i64>,
    },
    /// The ticket has no service-level target.
    NoTarget,
}

/// The parts of a reason, most urgent first.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SlaReason {
    pub parts: Vec<ReasonPart>,
    /// Whether the first part is a live count (it is labelled "business hours").
    pub live_first: bool,
}

impl SlaReason {
    /// Whether there is nothing to say (never, once built).
    pub fn is_empty(&self) -> bool {
        self.parts.is_empty()
    }
}

fn clock_part(kind: ClockKind, c: &Clock, now: i64, cal: &Calendar) -> Option<ReasonPart> {
    let target_secs = c.target_secs;
    match (c.phase, c.due) {
        (Phase::Stopped, _) => None,
        (_, Some(d)) if now >= d => Some(ReasonPart::Overdue {
            clock: kind,
            by_secs: -c.left_secs(),
            target_secs,
        }),
        (Phase::Running, Some(d)) => Some(ReasonPart::DueIn {
            clock: kind,
            in_secs: cal.business_secs_between(now, d),
            target_secs,
        }),
        _ => Some(ReasonPart::PausedLeft {
            clock: kind,
            left_secs: c.left_secs(),
            target_secs,
        }),
    }
}

/// The reason of a status: live clocks and the stage limit by due time, else how the
/// stopped clocks ended; then the pauses.
pub(super) fn build(s: &Parts<'_>, h: &History, cal: &Calendar, now: i64) -> SlaReason {
    let mut live: Vec<(i64, ReasonPart)> = Vec::new();
    let clocks = [
        (ClockKind::FirstResponse, s.first_response),
        (ClockKind::Resolution, s.resolution),
    ];
    for (kind, c) in clocks {
        if let Some(part) = c.as_ref().and_then(|c| clock_part(kind, c, now, cal)) {
            let key = c.as_ref().and_then(|c| c.due).unwrap_or(i64::MAX);
            live.push((key, part));
        }
    }
    if let Some(st) = s.stage {
        let part = if now >= st.due {
            ReasonPart::StageExceeded {
                stage: st.stage.clone(),
                limit_secs: st.limit_secs,
                by_secs: cal.business_secs_between(st.due, now),
            }
        } else {
            ReasonPart::StageLeft {
                stage: st.stage.clone(),
                limit_secs: st.limit_secs,
                left_secs: cal.business_secs_between(now, st.due),
            }
        };
        live.push((st.due, part));
    }
    live.sort_by_key(|p| p.0);
    let live_first = !live.is_empty();
    let mut parts: Vec<ReasonPart> = live.into_iter().map(|p| p.1).collect();
    if !live_first {
        for (kind, c) in clocks {
            if let Some(c) = c.as_ref().filter(|c| c.phase == Phase::Stopped) {
                let (due, stop) = (c.due.unwrap_or(0), c.stopped_at.unwrap_or(0));
                parts.push(if c.met == Some(true) {
                    ReasonPart::Met { clock: kind }
                } else {
                    ReasonPart::Missed {
                        clock: kind,
                        by_secs: cal.business_secs_between(due, stop),
                    }
                });
            }
        }
    }
    let current = h.stages.last().map(|x| x.1.as_str());
    for p in s.pauses {
        let since = s.paused_since.filter(|_| current == Some(p.stage.as_str()));
        parts.push(ReasonPart::Paused {
            stage: p.stage.clone(),
            wall_secs: p.wall_secs,
            since,
        });
    }
    if parts.is_empty() {
        parts.push(ReasonPart::NoTarget);
    }
    SlaReason { parts, live_first }
}

impl fmt::Display for ReasonPart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let span = |s: i64| business_span(s);
        match self {
            ReasonPart::Overdue {
                clock,
                by_secs,
                target_secs,
            } => write!(
                f,
                "{} overdue by {}, target {}",
                clock.as_str(),
                span(*by_secs),
                span(*target_secs)
            ),
            ReasonPart::DueIn {
                clock,
                in_secs,
                target_secs,
            } => write!(
                f,
                "{} due in {} of {}",
                clock.as_str(),
                span(*in_secs),
                span(*target_secs)
            ),
            ReasonPart::PausedLeft {
                clock,
                left_secs,
                target_secs,
            } => write!(
                f,
                "{} paused with {} of {} left",
                clock.as_str(),
                span(*left_secs),
                span(*target_secs)
            ),
            ReasonPart::StageExceeded {
                stage,
                limit_secs,
                by_secs,
            } => write!(
                f,
                "stage '{stage}' limit {} exceeded by {}",
                span(*limit_secs),
                span(*by_secs)
            ),
            ReasonPart::StageLeft {
                stage,
                limit_secs,
                left_secs,
            } => write!(
                f,
                "stage '{stage}' limit {}, {} left",
                span(*limit_secs),
                span(*left_secs)
            ),
            ReasonPart::Met { clock } => write!(f, "{} met", clock.as_str()),
            ReasonPart::Missed { clock, by_secs } => write!(
                f,
                "{} missed by {} (business hours)",
                clock.as_str(),
                span(*by_secs)
            ),
            ReasonPart::Paused {
                stage,
                wall_secs,
                since,
            } => {
                write!(
                    f,
                    "paused {} in {stage}",
                    crate::domain::time::countdown(*wall_secs)
                )?;
                match since {
                    Some(at) => write!(f, " (since {})", crate::domain::time::short(*at)),
                    None => Ok(()),
                }
            }
            ReasonPart::NoTarget => f.write_str("no service-level target"),
        }
    }
}

/// The English line: parts joined by "; ", the first live count labelled.
impl fmt::Display for SlaReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, p) in self.parts.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{p}")?;
            if i == 0 && self.live_first {
                f.write_str(" (business hours)")?;
            }
        }
        Ok(())
    }
}
