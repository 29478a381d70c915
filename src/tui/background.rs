//! Which effects run off the UI thread, and the worker that runs them: counts, the
//! status bar's SLA counts, the dashboard, the demo load, mail fetched or sent on
//! request (`:mail fetch|send`) and the search index's upkeep go to a
//! `Worker` on a second connection, so no frame waits for them. Their messages come
//! back through `finished`, and the event loop hands them to `handle` like any other.
//! Everything else (a page, a detail, a write) runs at once on the UI connection:
//! those are what the user waits to see, and each is a few index reads.

use super::effects;
use super::report_catch_up::{self as catch_up, CatchUp, Stepped};
use super::worker::{Control, Worker};
use crate::app::msg::{Effect, Job, Msg, TicketsFx, Working};
use crate::ops::Desk;
use crate::store::search::merge;
use crate::store::Interrupt;
use std::time::{Duration, Instant};

/// What a background job hands back.
enum Out {
    Msgs(Vec<Msg>),
    /// An index merge step ran: whether there is more to merge.
    Merged(bool),
    /// A step of the report data rebuild ran.
    Report(Stepped),
}

/// The background job an effect is, if it is one.
pub fn job_of(effect: &Effect) -> Option<Job> {
    match effect {
        Effect::LoadStatus => Some(Job::Status),
        Effect::Tickets(TicketsFx::Count { .. }) => Some(Job::Count),
        Effect::LoadDemo => Some(Job::Demo),
        Effect::Dashboard(_) => Some(Job::Dashboard),
        // Network round trips: a slow or dead server never holds a frame.
        Effect::Tickets(TicketsFx::FetchMail | TicketsFx::SendMail) => Some(Job::Mail),
        _ => None,
    }
}

/// Each job has its lane: a newer count stops an older count, never a demo load.
fn lane(job: Job) -> &'static str {
    match job {
        Job::Status => "status",
        Job::Count => "count",
        Job::Demo => "demo",
        Job::IndexUpkeep => "index",
        Job::Dashboard => "dashboard",
        Job::Mail => "mail",
        Job::ReportData => "report",
    }
}

fn job_of_lane(lane: &str) -> Job {
    match lane {
        "status" => Job::Status,
        "count" => Job::Count,
        "demo" => Job::Demo,
        "dashboard" => Job::Dashboard,
        "mail" => Job::Mail,
        "report" => Job::ReportData,
        _ => Job::IndexUpkeep,
    }
}

/// The console's background work: a worker thread with its own desk, or nothing
/// (everything then runs inline, as on a read-only database).
pub struct Background {
    worker: Option<Worker<Desk, Out>>,
    /// Whether the search index may have segments to merge.
    merge_more: bool,
    /// A key came after the running merge step was handed out: whatever that step
    /// reports, more may be left to merge.
    written_since_step: bool,
    /// The rebuild of stale report data after start.
    report: CatchUp,
    /// A step of it is queued or running.
    report_step: bool,
    /// Leaf pages an idle merge step writes at most (`merge::STEP_PAGES`).
    step_pages: i64,
}

impl Background {
    /// Starts the worker on a second connection to `desk`'s database; if there is
    /// none to be had, effects run inline.
    pub fn start(desk: &Desk) -> Background {
        let flag = Interrupt::new();
        let worker = match desk.background(&flag) {
            Ok(bg) => {
                // The worker checkpoints the WAL when idle (`upkeep`), not the
                // console's writes; without a worker SQLite's default stays.
                if let Err(e) = desk.defer_checkpoints() {
                    tracing::warn!(error = %e, "checkpoints stay on the write path");
                }
                Some(Worker::start(bg, flag))
            }
            Err(e) => {
                tracing::warn!(error = %e, "no background connection: counts run inline");
                None
            }
        };
        Background {
            worker,
            merge_more: true,
            written_since_step: false,
            report: CatchUp::Check,
            report_step: false,
            step_pages: merge::STEP_PAGES,
        }
    }

    /// No worker: every effect runs inline (benches, most tests).
    pub fn inline() -> Background {
        Background {
            worker: None,
            merge_more: false,
            written_since_step: false,
            report: CatchUp::Done,
            report_step: false,
            step_pages: merge::STEP_PAGES,
        }
    }

    /// Whether a worker runs background jobs.
    pub fn has_worker(&self) -> bool {
        self.worker.is_some()
    }

    /// Runs `effect`: handed to the worker if it is background work (its messages
    /// come later from `finished`, and an older job of its kind is stopped), else
    /// here and now.
    pub fn run(&mut self, desk: &mut Desk, effect: Effect) -> Vec<Msg> {
        let (Some(worker), Some(job)) = (&self.worker, job_of(&effect)) else {
            return effects::run(desk, effect);
        };
        let queued = effect.clone();
        // The worker acts for whoever the console acts for now: the user may have
        // said who they are since it started ("also active" must not name them).
        let actor = desk.actor.clone();
        let sent = worker.submit(lane(job), format!("{job:?}"), move |d: &mut Desk, c| {
            d.actor = actor;
            Out::Msgs(run_job(d, queued, c))
        });
        if sent {
            Vec::new()
        } else {
            // The worker thread is gone (it could not start): do it here.
            effects::run(desk, effect)
        }
    }

    /// The messages of the jobs finished since the last call.
    pub fn finished(&mut self) -> Vec<Msg> {
        let mut out = Vec::new();
        let Some(w) = &self.worker else { return out };
        while let Some(done) = w.try_recv() {
            match done.message {
                Out::Msgs(m) => out.extend(m),
                Out::Merged(more) => self.merge_more = more || self.written_since_step,
                Out::Report(s) => {
                    self.report_step = false;
                    self.report = self.report.after(s);
                }
            }
        }
        out
    }

    /// What runs now, for the spinner; a report data rebuild shows between its
    /// steps too (it is one piece of work to the user).
    pub fn working(&self) -> Option<Working> {
        let busy = self.worker.as_ref()?.busy();
        if let CatchUp::Running {
            done,
            total,
            started,
            ..
        } = self.report
        {
            if busy
                .as_ref()
                .is_none_or(|b| b.lane == lane(Job::ReportData))
            {
                return Some(Working {
                    job: Job::ReportData,
                    done,
                    total,
                    elapsed_ms: started.elapsed().as_millis() as u64,
                });
            }
        }
        let b = busy?;
        Some(Working {
            job: job_of_lane(b.lane),
            done: b.done,
            total: b.total,
            elapsed_ms: b.elapsed.as_millis() as u64,
        })
    }

    /// Whether no job runs or waits.
    pub fn is_idle(&self) -> bool {
        self.worker.as_ref().is_none_or(|w| w.is_idle())
    }

    /// Something may have been written (a key came: it may write now): the index
    /// may have new segments to merge, and a running idle merge step stops at
    /// once (what it merged is kept), so that the write never waits for the write
    /// lock it holds. The next idle moment goes on where it stopped.
    pub fn written(&mut self) {
        self.merge_more = self.worker.is_some();
        self.written_since_step = self.merge_more;
        if let Some(w) = &self.worker {
            w.cancel(lane(Job::IndexUpkeep));
        }
    }

    /// Hands the worker one small step of index merging and a WAL checkpoint, if it
    /// has nothing else to do and something may have been written (call it when the
    /// user is idle).
    pub fn upkeep(&mut self) {
        if !self.merge_more || !self.is_idle() {
            return;
        }
        if let Some(w) = &self.worker {
            // Until the step says otherwise, do not queue another.
            self.merge_more = false;
            self.written_since_step = false;
            let pages = self.step_pages;
            w.submit(
                lane(Job::IndexUpkeep),
                "index upkeep",
                move |d: &mut Desk, c| {
                    // Stopped by `written`: a key came, a write may follow.
                    // A stopped step did not finish: more is left.
                    let more = d
                        .merge_index_step(pages, &|| c.cancelled())
                        .unwrap_or(false)
                        || c.cancelled();
                    // Never waits: a reader in the way leaves the rest for the next step.
                    if let Err(e) = d.checkpoint_step() {
                        tracing::debug!(error = %e, "checkpoint step");
                    }
                    Out::Merged(more)
                },
            );
        }
    }

    /// Hands the worker the next step of rebuilding stale report data, if it has
    /// nothing else to do (call it on every turn of the event loop: the first call
    /// checks whether the data is current, each step is a fraction of a second).
    pub fn catch_up(&mut self) {
        if self.report == CatchUp::Done || self.report_step || !self.is_idle() {
            return;
        }
        if let Some(w) = &self.worker {
            let state = self.report;
            self.report_step = w.submit(
                lane(Job::ReportData),
                "report data",
                move |d: &mut Desk, c| Out::Report(catch_up::step(d, state, c)),
            );
            if !self.report_step {
                self.report = CatchUp::Done;
            }
        }
    }

    /// Whether stale report data is still being rebuilt (or not yet checked).
    pub fn catching_up(&self) -> bool {
        self.report != CatchUp::Done
    }

    /// Waits up to `timeout` for the worker to finish what it has, and returns the
    /// messages (tests and the headless console).
    pub fn settle(&mut self, timeout: Duration) -> Vec<Msg> {
        let started = Instant::now();
        let mut out = self.finished();
        while !self.is_idle() && started.elapsed() < timeout {
            std::thread::sleep(Duration::from_millis(2));
            out.extend(self.finished());
        }
        out.extend(self.finished());
        out
    }
}

/// One background effect on the worker's desk.
fn run_job(desk: &mut Desk, effect: Effect, control: &Control) -> Vec<Msg> {
    match effect {
        Effect::LoadDemo => vec![effects::demo(desk, &mut |done, total| {
            control.progress(done, total)
        })],
        other => effects::run(desk, other),
    }
}

#[cfg(test)]
mod tests;
