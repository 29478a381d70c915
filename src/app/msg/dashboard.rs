//! The Dashboard pane's effects, results and notes: the dashboard of a period and
//! scope, computed on the worker, and what the pane tells the user.

use super::level::Level;
use crate::report::dashboard::{Dashboard, Period, Scope};

/// Which days the dashboard covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Window {
    /// The last `days` days, stepped `back` lengths before today (0: up to today).
    Last { days: i64, back: i64 },
    /// Fixed days, from–to.
    Fixed(Period),
}

impl Default for Window {
    fn default() -> Window {
        Window::Last { days: 30, back: 0 }
    }
}

/// Work of the Dashboard pane.
#[derive(Debug, Clone, PartialEq)]
pub enum DashboardFx {
    /// The dashboard of `window` narrowed to `scope`; `seq` names the request, so
    /// an answer to an older one is dropped.
    Load {
        seq: u64,
        window: Window,
        scope: Scope,
    },
}

/// Results for the Dashboard pane.
#[derive(Debug, Clone)]
pub enum DashboardMsg {
    /// The dashboard asked for by request `seq`.
    Loaded { seq: u64, dash: Box<Dashboard> },
    /// Request `seq` failed (a bad scope or period); the note says why.
    Failed { seq: u64 },
}

/// What the Dashboard pane tells the user.
#[derive(Debug, Clone, PartialEq)]
pub enum DashboardNote {
    /// `dashboard-period` got something that is neither a length nor FROM..TO.
    BadPeriod(String),
    /// `dashboard-scope` got a term other than group:, type: or channel:.
    BadScope(String),
    /// `]` with the period already ending today.
    AtToday,
    /// Enter on something with no tickets behind it.
    NothingBehind,
}

impl DashboardNote {
    /// How loud the note is.
    pub fn level(&self) -> Level {
        match self {
            DashboardNote::BadPeriod(_) | DashboardNote::BadScope(_) => Level::Warn,
            DashboardNote::AtToday | DashboardNote::NothingBehind => Level::Info,
        }
    }
}
