//! The console's mail sender and fetcher: `ops::mail::MailWorker` on its own thread
//! and connection while the console runs (when `[mail]` says how mail goes out or
//! comes in). What it does comes back as messages for the Tickets pane; a change
//! that may have queued mail wakes it, so a reply leaves within a moment.

use crate::app::msg::{Effect, Msg, TicketsFx, TicketsMsg};
use crate::ops::mail::MailWorker;
use crate::ops::Desk;
use std::time::{Duration, Instant};

/// The running sender/fetcher, or nothing (no `[mail]`, a read-only database).
pub struct ConsoleMail {
    worker: Option<MailWorker>,
}

impl ConsoleMail {
    /// Starts the worker for `desk`'s database and config, if there is mail to do.
    pub fn start(desk: &Desk) -> ConsoleMail {
        if desk.store.is_read_only() {
            return ConsoleMail::none();
        }
        let worker = match MailWorker::start(desk) {
            Ok(w) => w,
            Err(e) => {
                tracing::warn!(error = %e, "the mail worker did not start");
                None
            }
        };
        ConsoleMail { worker }
    }

    /// No mail worker.
    pub fn none() -> ConsoleMail {
        ConsoleMail { worker: None }
    }

    /// Whether a worker runs.
    pub fn running(&self) -> bool {
        self.worker.is_some()
    }

    /// `effect` ran: if it may have queued mail, the worker sends now.
    pub fn after(&self, effect: &Effect) {
        let queues = matches!(
            effect,
            Effect::Tickets(
                TicketsFx::Write { .. }
                    | TicketsFx::ApplyMacro { .. }
                    | TicketsFx::RetryMail { .. }
                    | TicketsFx::Rate { .. }
            )
        );
        if let (true, Some(w)) = (queues, &self.worker) {
            w.nudge();
        }
    }

    /// What the worker did since the last call, as messages (never blocks).
    pub fn events(&self) -> Vec<Msg> {
        self.worker
            .as_ref()
            .map(|w| {
                w.events()
                    .into_iter()
                    .map(|e| Msg::Tickets(TicketsMsg::Mail(e)))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Waits up to `timeout` for at least one event (tests, the headless console).
    pub fn wait(&self, timeout: Duration) -> Vec<Msg> {
        let started = Instant::now();
        loop {
            let got = self.events();
            if !got.is_empty() || started.elapsed() >= timeout || self.worker.is_none() {
                return got;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}
