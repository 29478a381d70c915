//! The sender (and fetcher) in the background, for the console: a thread with its
//! own database connection that sends what is due, wakes at once when nudged (a
//! reply was queued), fetches every `poll_seconds`, and reports what happened
//! through a channel the console reads without blocking.

use super::send::SendOutcome;
use crate::error::Result;
use crate::ops::Desk;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// What the background worker did.
#[derive(Debug, Clone, PartialEq)]
pub enum WorkerEvent {
    /// Message `id` of ticket `ticket_id` was accepted by the server.
    Sent { id: i64, ticket_id: i64, to: String },
    /// It was not; tried again at `next_at`.
    Retrying {
        id: i64,
        ticket_id: i64,
        error: String,
        next_at: i64,
    },
    /// It was given up after `attempts` tries.
    Failed {
        id: i64,
        ticket_id: i64,
        error: String,
        attempts: i64,
    },
    /// Mail came in: new tickets and replies.
    Fetched { tickets: Vec<i64>, replies: usize },
    /// A round failed (server down, login refused); tried again later.
    Error(String),
}

enum Cmd {
    Nudge,
    Stop,
}

/// A running background worker; stopped when dropped.
pub struct MailWorker {
    cmd: Sender<Cmd>,
    events: Receiver<WorkerEvent>,
    thread: Option<JoinHandle<()>>,
}

impl MailWorker {
    /// Starts the worker on its own connection to `beside`'s database (the same file,
    /// or another session on the same server), or returns None when the config has
    /// no `[mail]` to work with.
    pub fn start(beside: &Desk) -> Result<Option<MailWorker>> {
        let config = beside.config.clone();
        let Some(m) = config.mail.clone() else {
            return Ok(None);
        };
        let fetches = m.imap.is_some() || !m.maildirs.is_empty();
        let sends = m.outgoing.is_some();
        if !fetches && !sends {
            return Ok(None);
        }
        // Opened here so a bad database is the caller's error, not a silent thread.
        let store = beside.store.open_second(&config.storage)?;
        let mut desk = Desk::new(store, config, beside.actor.clone());
        let (cmd, cmd_rx) = mpsc::channel();
        let (tx, events) = mpsc::channel();
        let retry = Duration::from_secs(m.retry_seconds.clamp(1, 30));
        let poll = Duration::from_secs(m.poll_seconds);
        let thread = std::thread::Builder::new()
            .name("aftercare-mail".into())
            .spawn(move || {
                let mut next_fetch = Instant::now();
                loop {
                    if sends {
                        for e in send_round(&mut desk) {
                            if tx.send(e).is_err() {
                                return;
                            }
                        }
                    }
                    if fetches && Instant::now() >= next_fetch {
                        next_fetch = Instant::now() + poll;
                        if let Some(e) = fetch_round(&mut desk) {
                            if tx.send(e).is_err() {
                                return;
                            }
                        }
                    }
                    let wait = retry.min(next_fetch.saturating_duration_since(Instant::now()));
                    match cmd_rx.recv_timeout(wait) {
                        Ok(Cmd::Nudge) | Err(RecvTimeoutError::Timeout) => {}
                        Ok(Cmd::Stop) | Err(RecvTimeoutError::Disconnected) => return,
                    }
                }
            })
            .map_err(|e| crate::error::Error::msg(format!("cannot start the mail worker: {e}")))?;
        Ok(Some(MailWorker {
            cmd,
            events,
            thread: Some(thread),
        }))
    }

    /// Something was queued: send now rather than at the next round.
    pub fn nudge(&self) {
        let _ = self.cmd.send(Cmd::Nudge);
    }

    /// What happened since the last call (never blocks).
    pub fn events(&self) -> Vec<WorkerEvent> {
        self.events.try_iter().collect()
    }

    /// Stops the worker and waits for its current round to end.
    pub fn stop(mut self) {
        self.shutdown();
    }

    fn shutdown(&mut self) {
        let _ = self.cmd.send(Cmd::Stop);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

impl Drop for MailWorker {
    fn drop(&mut self) {
        self.shutdown();
    }
}

fn send_round(desk: &mut Desk) -> Vec<WorkerEvent> {
    match desk.send_mail(200) {
        Ok(sum) => {
            let mut out: Vec<WorkerEvent> = sum
                .results
                .into_iter()
                .map(|r| match r.outcome {
                    SendOutcome::Sent(_) => WorkerEvent::Sent {
                        id: r.id,
                        ticket_id: r.ticket_id,
                        to: r.to,
                    },
                    SendOutcome::Retrying { error, next_at } => WorkerEvent::Retrying {
                        id: r.id,
                        ticket_id: r.ticket_id,
                        error,
                        next_at,
                    },
                    SendOutcome::Failed(error) => WorkerEvent::Failed {
                        id: r.id,
                        ticket_id: r.ticket_id,
                        error,
                        attempts: r.attempt,
                    },
                })
                .collect();
            // "Tried again later" only while something is still queued: a round that
            // gave up its last message has said so in that message's own event.
            if let Some(why) = sum.stopped.filter(|_| sum.queued > 0 || out.is_empty()) {
                out.push(WorkerEvent::Error(why));
            }
            out
        }
        Err(e) => vec![WorkerEvent::Error(e.to_string())],
    }
}

fn fetch_round(desk: &mut Desk) -> Option<WorkerEvent> {
    match desk.fetch_mail() {
        Ok(sums) => {
            let tickets: Vec<i64> = sums.iter().flat_map(|s| s.tickets.clone()).collect();
            let replies = sums.iter().map(|s| s.replies).sum();
            (!tickets.is_empty() || replies > 0)
                .then_some(WorkerEvent::Fetched { tickets, replies })
        }
        Err(e) => Some(WorkerEvent::Error(e.to_string())),
    }
}
