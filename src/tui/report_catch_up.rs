//! Stale report data made current by the console itself: a database upgraded from
//! before the stored SLA outcomes and dashboard facts (or kept under other SLA
//! settings or problem categories) is rebuilt by the worker after start, a small
//! step at a time, so any other job waits for one step at most. Until the last step
//! the reports read the sources (exact, slower); the status line shows how far the
//! rebuild got.

use super::worker::Control;
use crate::error::Result;
use crate::ops::Desk;
use std::time::Instant;

/// Tickets per step (a step is one write transaction; at a million tickets a
/// step takes a fraction of a second).
pub const STEP: usize = 2000;

/// Where the rebuild stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CatchUp {
    /// Not yet known whether the data is current.
    Check,
    /// Steps done up to ticket `after`: `done` of `total`.
    Running {
        after: i64,
        done: u64,
        total: u64,
        started: Instant,
    },
    /// Current (or nothing more to try).
    Done,
}

/// What one step found or did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stepped {
    /// The data was current: nothing to do.
    Current,
    /// Rebuilt up to ticket `last` (`n` tickets) of `total`.
    Step { last: i64, n: usize, total: u64 },
    /// Every ticket done; the data is current now.
    Finished,
    /// A step failed (the database busy, the console quitting): left as it is.
    Failed,
}

/// Runs the next step after `state` on the worker's desk.
pub fn step(desk: &mut Desk, state: CatchUp, control: &Control) -> Stepped {
    match try_step(desk, state, control) {
        Ok(s) => s,
        Err(e) => {
            tracing::warn!(error = %e, "report data rebuild stopped");
            Stepped::Failed
        }
    }
}

fn try_step(desk: &mut Desk, state: CatchUp, control: &Control) -> Result<Stepped> {
    let (after, done, total) = match state {
        CatchUp::Done => return Ok(Stepped::Current),
        CatchUp::Check if desk.report_data_current()? => return Ok(Stepped::Current),
        CatchUp::Check => (0, 0, desk.report_data_total()?),
        CatchUp::Running {
            after, done, total, ..
        } => (after, done, total),
    };
    control.progress(done, total);
    match desk.rebuild_report_data_step(after, STEP)? {
        Some((last, n)) => {
            control.progress(done + n as u64, total);
            Ok(Stepped::Step { last, n, total })
        }
        None => {
            desk.finish_report_data_rebuild()?;
            Ok(Stepped::Finished)
        }
    }
}

impl CatchUp {
    /// The state after a step's answer.
    pub fn after(self, s: Stepped) -> CatchUp {
        match (self, s) {
            (CatchUp::Running { done, started, .. }, Stepped::Step { last, n, total }) => {
                CatchUp::Running {
                    after: last,
                    done: done + n as u64,
                    total,
                    started,
                }
            }
            (_, Stepped::Step { last, n, total }) => CatchUp::Running {
                after: last,
                done: n as u64,
                total,
                started: Instant::now(),
            },
            _ => CatchUp::Done,
        }
    }
}
