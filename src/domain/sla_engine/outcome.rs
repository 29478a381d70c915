//! A ticket's SLA outcome as it is stored with the ticket: both clocks packed into one
//! number, so `report sla` reads one index instead of running the engine per ticket.
//! Exact: a stopped clock's result never changes, and a counting clock's result at any
//! later moment follows from its due time alone (breached once it has passed).

use super::clocks::{Clock, Phase};
use crate::domain::sla::SlaPolicy;
use crate::domain::workflow::Workflow;

/// What became of one clock, as stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClockOutcome {
    /// No target for this clock.
    None,
    /// Running or paused: breached once its due time (if known) has passed.
    Counting,
    Met,
    Missed,
}

impl ClockOutcome {
    /// The outcome of a clock the engine computed.
    pub fn of(c: Option<&Clock>) -> ClockOutcome {
        match c {
            None => ClockOutcome::None,
            Some(c) if c.phase == Phase::Stopped => {
                if c.met == Some(true) {
                    ClockOutcome::Met
                } else {
                    ClockOutcome::Missed
                }
            }
            Some(_) => ClockOutcome::Counting,
        }
    }

    fn code(self) -> i64 {
        match self {
            ClockOutcome::None => 0,
            ClockOutcome::Counting => 1,
            ClockOutcome::Met => 2,
            ClockOutcome::Missed => 3,
        }
    }

    fn from_code(c: i64) -> ClockOutcome {
        match c & 3 {
            1 => ClockOutcome::Counting,
            2 => ClockOutcome::Met,
            3 => ClockOutcome::Missed,
            _ => ClockOutcome::None,
        }
    }
}

/// Both clocks as one stored number: first response + 4 × resolution.
pub fn pack(first_response: ClockOutcome, resolution: ClockOutcome) -> i64 {
    first_response.code() + 4 * resolution.code()
}

/// The two clocks of a stored number: (first response, resolution).
pub fn unpack(code: i64) -> (ClockOutcome, ClockOutcome) {
    (
        ClockOutcome::from_code(code),
        ClockOutcome::from_code(code >> 2),
    )
}

/// A fingerprint of what the outcomes depend on (the calendar, the targets and the
/// stages' clocks): stored outcomes count only when computed under the same one.
/// FNV-1a over the settings' debug text (maps in them are ordered), never 0.
pub fn fingerprint(policy: &SlaPolicy, wf: &Workflow) -> i64 {
    let text = format!("{:?}|{:?}|{:?}", policy.calendar, policy.targets, wf);
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    // Positive and never 0 (0 means "none computed" in the store).
    ((h >> 1) as i64).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    #[test]
    fn outcomes_pack_and_unpack() {
        use ClockOutcome::*;
        for a in [None, Counting, Met, Missed] {
            for b in [None, Counting, Met, Missed] {
                assert_eq!(unpack(pack(a, b)), (a, b));
            }
        }
    }

    #[test]
    fn the_fingerprint_follows_the_targets() {
        let cfg = Config::builtin();
        let a = fingerprint(&cfg.sla, &cfg.workflow);
        assert_eq!(a, fingerprint(&cfg.sla, &cfg.workflow));
        assert!(a > 0);
        let mut other = cfg.sla.clone();
        other.warn_at = 0.5; // not part of an outcome
        assert_eq!(a, fingerprint(&other, &cfg.workflow));
        if let Some(t) = other.targets.values_mut().next() {
            t.resolution_hours += 1.0;
        }
        assert_ne!(a, fingerprint(&other, &cfg.workflow));
    }
}
