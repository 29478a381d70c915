//! The event loop: terminal setup and restore, events → keys → update → effects → draw.
//! Effects run here (through ops), never in `update` or `render`; counts and other
//! slow work go to the background worker (`background.rs`), whose results come back
//! as messages between frames.

use super::background::Background;
use super::mail::ConsoleMail;
use super::{boot, drafts, effects, events, signals, terminal};
use crate::app::keys::Keymap;
use crate::app::msg::{Effect, Msg, Note, TicketsFx};
use crate::app::{handle, State};
use crate::error::Result;
use crate::ops::Desk;
use std::time::{Duration, Instant};

/// How often the clock ticks (toasts expire, SLA countdowns move).
const TICK: Duration = Duration::from_millis(250);
/// How often the loop looks for finished background work while some runs (and
/// turns the spinner).
const BUSY_POLL: Duration = Duration::from_millis(20);
/// Input-free time after which the search index is merged in small steps.
const IDLE_UPKEEP: Duration = Duration::from_secs(2);

/// How the console was started: where its config file is, and whether only the OS
/// user name is known (so it asks who the user is, once).
#[derive(Debug, Clone, Default)]
pub struct Launch {
    pub config_path: Option<std::path::PathBuf>,
    pub ask_who: bool,
}

/// Runs the console until the user quits (or a signal ends it: then, once the
/// terminal is restored and the database closed, the process ends by that signal).
pub fn run(mut desk: Desk, launch: Launch) -> Result<()> {
    let mut guard = terminal::enter()?;
    signals::install();
    let result = run_loop(&mut guard, &mut desk, launch);
    drop(guard);
    signals::uninstall();
    drop(desk);
    match result {
        Ok(Some(sig)) => signals::exit_by(sig),
        Ok(None) => Ok(()),
        Err(e) => Err(e),
    }
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

/// The loop; returns the signal that ended it, if one did.
fn run_loop(guard: &mut terminal::Guard, desk: &mut Desk, launch: Launch) -> Result<Option<i32>> {
    let size = guard.term.size()?;
    let mut state = initial_state(desk, (size.width, size.height));
    state.config_path = launch.config_path;
    state.ask_who = launch.ask_who;
    // Drafts of an earlier session (a crash, say) come back before anything else.
    let dir = crate::drafts::default_dir();
    // Drafts are kept per database: its file, or the server's URL.
    let database = std::path::PathBuf::from(desk.store.location());
    let mut drafts = drafts::DraftSync::start(dir.as_deref(), &database, &mut state);
    let refresh = Duration::from_millis(desk.config.ui.refresh_ms.max(100));
    let mut seen_version = desk.store.change_mark().ok();
    // The first frame is drawn before any query runs, the first page of rows before
    // anything else (boot.rs); the rest of the start-up follows in `queue`.
    guard.term.draw(|f| crate::ui::render(&state, f))?;
    let mut queue = boot::first_page(desk, &mut state, &mut |s| {
        guard.term.draw(|f| crate::ui::render(s, f))?;
        Ok(())
    })?;
    let mut last_poll = Instant::now();
    let mut last_input = Instant::now();
    // Dropped on return: a running job is stopped and its thread joined.
    let mut bg = Background::start(desk);
    // Sends the outbox (and fetches) while the console runs; stopped on return.
    let mail = ConsoleMail::start(desk);
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
                Effect::Suspend => {
                    guard.suspend()?;
                    Vec::new()
                }
                Effect::Editor { .. } => guard.suspended(|| effects::run(desk, fx))?,
                other => {
                    let kind = other.clone();
                    let msgs = bg.run(desk, other);
                    mail.after(&kind);
                    msgs
                }
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
            return Ok(None);
        }
        match signals::take() {
            Some(signals::Pending::Terminate(sig)) => {
                // The drafts are on disk before the signal ends the process.
                drafts.sync(&mut state, desk.now(), true);
                return Ok(Some(sig));
            }
            Some(signals::Pending::Suspend) => guard.suspend()?,
            Some(signals::Pending::Resumed) => guard.retake()?,
            None => {}
        }
        for m in bg.finished().into_iter().chain(mail.events()) {
            queue.extend(handle(&mut state, m));
        }
        let working = bg.working();
        if working.is_some() || state.working.is_some() {
            queue.extend(handle(&mut state, Msg::Working(working)));
        }
        if !queue.is_empty() {
            continue;
        }
        guard.term.draw(|f| crate::ui::render(&state, f))?;
        let mut wait = TICK.min(refresh.saturating_sub(last_poll.elapsed()));
        // Stale report data (an upgraded database) is rebuilt a step at a time.
        bg.catch_up();
        if !bg.is_idle() {
            wait = wait.min(BUSY_POLL);
        } else if last_input.elapsed() >= IDLE_UPKEEP {
            bg.upkeep();
            if !bg.is_idle() {
                wait = wait.min(BUSY_POLL);
            }
        }
        if crossterm::event::poll(wait)? {
            last_input = Instant::now();
            // A key may write: the index may have segments to merge later.
            bg.written();
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
            let v = desk.store.change_mark().ok();
            if v != seen_version {
                seen_version = v;
                queue.extend(handle(&mut state, Msg::DataChanged));
            }
        }
    }
}
