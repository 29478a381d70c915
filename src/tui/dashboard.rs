//! Runs the Dashboard pane's effect: the dashboard of a period and scope, through
//! the same `Desk::dashboard` as `report dashboard` (on the worker's desk).

use crate::app::msg::{DashboardFx, DashboardMsg, Failure, Msg, Window};
use crate::ops::Desk;
use crate::report::dashboard::Period;
use chrono::Duration;

/// Runs one effect of the pane.
pub fn run(desk: &mut Desk, fx: DashboardFx) -> Vec<Msg> {
    let DashboardFx::Load { seq, window, scope } = fx;
    match desk.dashboard(period(desk, window), scope) {
        Ok(d) => vec![Msg::Dashboard(DashboardMsg::Loaded {
            seq,
            dash: Box::new(d),
        })],
        Err(e) => vec![
            Msg::Dashboard(DashboardMsg::Failed { seq }),
            Msg::Failed(Failure::of(&e)),
        ],
    }
}

/// The days of `window`, today being the business calendar's.
pub fn period(desk: &Desk, window: Window) -> Period {
    match window {
        Window::Last { days, back } => {
            Period::last_days(desk.today() - Duration::days(days * back), days)
        }
        Window::Fixed(p) => p,
    }
}
