//! The event loop: terminal setup and restore, events → keys → update → effects → draw.
//! Effects run here (through ops), never in `update` or `render`.

use super::{drafts, effects, events, terminal};
use crate::app::keys::Keymap;
use crate::app::msg::{Effect, Msg, Note, TicketsFx};
use crate::app::{handle, start, State};
use crate::error::Result;
use crate::ops::Desk;
use std::collections::VecDeque;
use std::time::{Duration, Instant};

/// How often the clock ticks (toasts expire, SLA countdowns move).
const TICK: Duration = Duration::from_millis(250);

/// Runs the console until the user quits.
pub fn run(mut desk: Desk) -> Result<()> {
    let mut guard = terminal::enter()?;
    let result = run_loop(&mut guard, &mut desk);
    drop(guard);
    result
}

/// A fresh state for `desk` on a terminal of `size`, with config problems as toasts.
pub fn initial_state(desk: &Desk, size: (u16, u16)) -> State {
    let mut state = State::new(&desk.config, &desk.actor, desk.now(), size);
    state.add_views(desk.config.views.clone());
    state.color = std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let (_, problems) = Keymap::with_user(&desk.config.keys);
    if let Some(first) = problems.first() {
        state.toast(Note::KeyProblems {
            n: problems.len(),
            first: first.to_string(),
        });
    }
    state
}

fn run_loop(guard: &mut terminal::Guard, desk: &mut Desk) -> Result<()> {
    let size = guard.term.size()?;
    let mut state = initial_state(desk, (size.width, size.height));
    // Drafts of an earlier session (a crash, say) come back before anything else.
    let dir = crate::drafts::default_dir();
    let mut drafts = drafts::DraftSync::start(dir.as_deref(), desk.store.path(), &mut state);
    let mut queue: VecDeque<Effect> = start(&mut state).into();
    let refresh = Duration::from_millis(desk.config.ui.refresh_ms.max(100));
    let mut seen_version = desk.store.data_version().ok();
    let mut last_poll = Instant::now();
    // The first frame is drawn before any query runs.
    guard.term.draw(|f| crate::ui::render(&state, f))?;
    loop {
        while let Some(fx) = queue.pop_front() {
            // What the user waits for is drawn at once, before slower work (counts) runs.
            let show_now = matches!(
                fx,
                Effect::Tickets(
                    TicketsFx::LoadPage(_) | TicketsFx::LoadDetail { .. } | TicketsFx::Write { .. }
                )
            ) && !queue.is_empty();
            if matches!(fx, Effect::LoadDemo) {
                // It takes a few seconds: show that it started.
                guard.term.draw(|f| crate::ui::render(&state, f))?;
            }
            let msgs = match fx {
                Effect::Quit => {
                    state.quit = true;
                    Vec::new()
                }
                Effect::Editor { .. } => guard.suspended(|| effects::run(desk, fx))?,
                other => effects::run(desk, other),
            };
            for m in msgs {
                queue.extend(handle(&mut state, m));
            }
            if show_now && !state.quit {
                guard.term.draw(|f| crate::ui::render(&state, f))?;
            }
        }
        let quitting = state.quit;
        drafts.sync(&mut state, desk.now(), quitting);
        if quitting {
            return Ok(());
        }
        guard.term.draw(|f| crate::ui::render(&state, f))?;
        let wait = TICK.min(refresh.saturating_sub(last_poll.elapsed()));
        if crossterm::event::poll(wait)? {
            // Take every waiting event before drawing again, so held keys do not lag.
            loop {
                if let Some(msg) = events::to_msg(crossterm::event::read()?) {
                    queue.extend(handle(&mut state, msg));
                }
                if !crossterm::event::poll(Duration::ZERO)? || queue.len() > 8 {
                    break;
                }
            }
        }
        queue.extend(handle(&mut state, Msg::Tick(desk.now())));
        if last_poll.elapsed() >= refresh {
            last_poll = Instant::now();
            let v = desk.store.data_version().ok();
            if v != seen_version {
                seen_version = v;
                queue.extend(handle(&mut state, Msg::DataChanged));
            }
        }
    }
}
