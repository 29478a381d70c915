//! The Team pane's effects, results and notes: the workload with its heatmap and
//! the acting agent's timer.

use crate::domain::timelog::{Timer, WorkRef};
use crate::ops::TeamWorkload;

/// Weeks of heatmap the Team pane loads (narrow screens show fewer).
pub const WEEKS: u32 = 3;

/// Work of the Team pane.
#[derive(Debug, Clone, PartialEq)]
pub enum TeamFx {
    /// The workload and heatmap for `weeks` weeks.
    LoadWorkload {
        weeks: u32,
    },
    /// Starts the acting agent's timer on ticket `id`.
    TimerStart {
        id: i64,
    },
    TimerStop,
    /// The acting agent's running timer, for the status bar.
    LoadTimer,
}

/// Results for the Team pane.
#[derive(Debug, Clone)]
pub enum TeamMsg {
    Workload(Box<TeamWorkload>),
    /// The running timer now, and what to tell the user about the change.
    Timer {
        timer: Option<Timer>,
        note: Option<TeamNote>,
    },
}

/// What the Team pane tells the user.
#[derive(Debug, Clone, PartialEq)]
pub enum TeamNote {
    /// A timer started on `work`.
    TimerStarted { work: WorkRef },
    /// A timer stopped: `minutes` logged on `work`.
    TimerStopped { minutes: i64, work: WorkRef },
}
