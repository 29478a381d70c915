//! The console's start: the first page of rows is on screen before anything else
//! runs. Of the start-up effects only the list's own (its first page, and the
//! newest-ticket mark it watches from) run before that frame; the status counts,
//! the agents' workload, the timer and the match count wait, and so do the
//! background worker and the mail thread (each opens a connection of its own).
//! The terminal (`run.rs`) and the headless console (benches) both start here, so
//! the start-up bench measures what the terminal does.

use super::effects;
use crate::app::msg::{Effect, TicketsFx};
use crate::app::{handle, start, State};
use crate::error::Result;
use crate::ops::Desk;
use std::collections::VecDeque;

/// Whether the first page waits for `effect`.
fn before_rows(effect: &Effect) -> bool {
    matches!(
        effect,
        Effect::Tickets(TicketsFx::LoadPage(_) | TicketsFx::CheckNew(_))
    )
}

/// Runs the start-up until the first page is drawn (`draw`); returns the effects
/// left for afterwards, in their order.
pub fn first_page(
    desk: &mut Desk,
    state: &mut State,
    draw: &mut dyn FnMut(&State) -> Result<()>,
) -> Result<VecDeque<Effect>> {
    let mut later: VecDeque<Effect> = VecDeque::new();
    let mut now: VecDeque<Effect> = VecDeque::new();
    for fx in start(state) {
        if before_rows(&fx) {
            now.push_back(fx);
        } else {
            later.push_back(fx);
        }
    }
    while let Some(fx) = now.pop_front() {
        for m in effects::run(desk, fx) {
            // What the page leads to (the next page ahead, say) comes after the frame.
            later.extend(handle(state, m));
        }
        if !state.tickets.list.loading {
            break;
        }
    }
    // Whatever did not run (a page that failed leaves nothing behind) keeps its place.
    now.append(&mut later);
    draw(state)?;
    Ok(now)
}
