//! The engine's clocks: a first-response or resolution clock, the stage limit and
//! the pauses, as `evaluate` computes them and `reason` describes them.

use crate::domain::sla::SlaState;

/// Whether a clock is counting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    Running,
    Paused,
    /// Met or missed for good (responded, resolved).
    Stopped,
}

impl Phase {
    /// The name used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Phase::Running => "running",
            Phase::Paused => "paused",
            Phase::Stopped => "stopped",
        }
    }
}

/// One SLA clock (first response or resolution).
#[derive(Debug, Clone, PartialEq)]
pub struct Clock {
    /// The target in business seconds.
    pub target_secs: i64,
    /// See the module rules; `None` while paused before the target was reached.
    pub due: Option<i64>,
    /// When the warning share of the target is (or was) reached; `None` while paused before.
    pub warn_at: Option<i64>,
    /// Business seconds counted so far (up to now, or up to the stop).
    pub used_secs: i64,
    pub phase: Phase,
    pub stopped_at: Option<i64>,
    /// Live: ok, warning or breached; stopped: none when met, breached when missed.
    pub state: SlaState,
    /// Stopped: whether the target was met; `None` while still counting.
    pub met: Option<bool>,
}

impl Clock {
    /// Whether this clock can still breach or is breached and not stopped.
    pub fn is_live(&self) -> bool {
        self.phase != Phase::Stopped && self.due.is_some()
    }

    /// Business seconds left of the target (negative when over).
    pub fn left_secs(&self) -> i64 {
        self.target_secs - self.used_secs
    }
}

/// The time limit of the stage a ticket is in.
#[derive(Debug, Clone, PartialEq)]
pub struct StageClock {
    pub stage: String,
    pub entered_at: i64,
    pub limit_secs: i64,
    pub due: i64,
    /// Business seconds spent in the stage so far.
    pub used_secs: i64,
    pub state: SlaState,
}

/// Time a ticket spent in one pausing stage (summed over its visits).
#[derive(Debug, Clone, PartialEq)]
pub struct Pause {
    pub stage: String,
    pub wall_secs: i64,
    pub business_secs: i64,
}

/// A business duration as hours and minutes: `26h10m`, `3h`, `45m`.
pub fn business_span(secs: i64) -> String {
    let s = secs.unsigned_abs();
    let (h, m) = (s / 3600, (s % 3600) / 60);
    match (h, m) {
        (0, m) => format!("{m}m"),
        (h, 0) => format!("{h}h"),
        (h, m) => format!("{h}h{m:02}m"),
    }
}
