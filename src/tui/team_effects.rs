//! Runs the Team pane's effects: workload, assignment ranking, auto-assignment and
//! timers, through the same `Desk` operations the CLI uses.

use crate::app::effect::{Change, Effect, Msg, Outcome, Why, Write};
use crate::app::note::Note;
use crate::domain::timelog::WorkRef;
use crate::error::Error;
use crate::ops::Desk;

/// Runs one team effect; other effects give nothing.
pub fn run(desk: &mut Desk, effect: Effect) -> Vec<Msg> {
    match effect {
        Effect::LoadWorkload { weeks } => vec![desk
            .workload(weeks)
            .map(|w| Msg::Workload(Box::new(w)))
            .unwrap_or_else(failed)],
        Effect::LoadRanking { id } => vec![desk
            .rank_agents(id)
            .map(|r| Msg::Ranking(Box::new(r)))
            .unwrap_or_else(failed)],
        Effect::AutoAssign { targets } => {
            let results = targets
                .into_iter()
                .map(|(id, expected)| auto_assign(desk, id, expected))
                .collect();
            vec![Msg::Written {
                why: Why::User,
                results,
            }]
        }
        Effect::TimerStart { id } => {
            let work = WorkRef::Ticket(id);
            vec![match desk.start_timer(work, None) {
                Ok(t) => Msg::Timer {
                    timer: Some(t.timer),
                    note: Some(Note::TimerStarted {
                        work: crate::app::team_update::work_label(work),
                    }),
                },
                Err(e) => failed(e),
            }]
        }
        Effect::TimerStop => vec![match desk.stop_timer() {
            Ok(e) => Msg::Timer {
                timer: None,
                note: Some(Note::TimerStopped {
                    minutes: e.minutes,
                    work: crate::app::team_update::work_label(e.work),
                }),
            },
            Err(e) => failed(e),
        }],
        // Someone not set up as an agent has no timer: nothing to show, nothing wrong.
        Effect::LoadTimer => vec![Msg::Timer {
            timer: desk.running_timer().ok().flatten(),
            note: None,
        }],
        _ => Vec::new(),
    }
}

/// Assigns one ticket to its best agent, reported as an ordinary assign write so the
/// list, undo, toasts and the conflict dialog work as for `assign NAME`.
fn auto_assign(desk: &mut Desk, id: i64, expected: Option<i64>) -> (Write, Outcome) {
    let write = |name: Option<String>| Write {
        id,
        expected,
        change: Change::Assign(name),
    };
    let before = match desk.ticket(id) {
        Ok(t) => t,
        Err(e) => return (write(None), failure(e)),
    };
    match desk.auto_assign(id, expected) {
        Ok((after, pick)) => (
            write(Some(pick.name)),
            Outcome::Done {
                before: Box::new(before),
                after: Box::new(desk.ticket_view(after)),
            },
        ),
        Err(e) if e.is_conflict() => {
            // "Apply mine" on the conflict dialog assigns the best agent on their version.
            let best = desk
                .rank_agents(id)
                .ok()
                .and_then(|r| r.ranked.into_iter().find(|x| x.available))
                .map(|x| x.name);
            match desk.ticket(id) {
                Ok(theirs) => (
                    write(best),
                    Outcome::Conflict {
                        theirs: Box::new(theirs),
                        message: e.to_string(),
                    },
                ),
                Err(e2) => (write(best), failure(e2)),
            }
        }
        Err(e) => (write(None), failure(e)),
    }
}

fn failure(e: Error) -> Outcome {
    Outcome::Failed {
        message: e.to_string(),
        hint: e.hint(),
    }
}

fn failed(e: Error) -> Msg {
    Msg::Failed {
        message: e.to_string(),
        hint: e.hint(),
    }
}
