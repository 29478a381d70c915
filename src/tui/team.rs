//! Runs the Team pane's effects: the workload and the timers, through the same
//! `Desk` operations the CLI uses.

use crate::app::msg::{Failure, Msg, TeamFx, TeamMsg, TeamNote};
use crate::domain::timelog::WorkRef;
use crate::ops::Desk;

/// Runs one effect of the pane.
pub fn run(desk: &mut Desk, fx: TeamFx) -> Vec<Msg> {
    let m = match fx {
        TeamFx::LoadWorkload { weeks } => {
            desk.workload(weeks).map(|w| TeamMsg::Workload(Box::new(w)))
        }
        TeamFx::TimerStart { id } => {
            let work = WorkRef::Ticket(id);
            desk.start_timer(work, None).map(|t| TeamMsg::Timer {
                timer: Some(t.timer),
                note: Some(TeamNote::TimerStarted { work }),
            })
        }
        TeamFx::TimerStop => desk.stop_timer().map(|e| TeamMsg::Timer {
            timer: None,
            note: Some(TeamNote::TimerStopped {
                minutes: e.minutes,
                work: e.work,
            }),
        }),
        // Someone not set up as an agent has no timer: nothing to show, nothing wrong.
        TeamFx::LoadTimer => Ok(TeamMsg::Timer {
            timer: desk.running_timer().ok().flatten(),
            note: None,
        }),
    };
    vec![m
        .map(Msg::Team)
        .unwrap_or_else(|e| Msg::Failed(Failure::of(&e)))]
}
