//! A background thread for the work the console must never wait for: counts,
//! searches, reports, reindexing and demo loading run here, on a connection of
//! their own, while the UI thread keeps reading keys and drawing.
//!
//! Jobs belong to lanes (`"count"`, `"search"` …). A newer job in a lane
//! supersedes the older one: if the older one is still queued it never runs, if it
//! is running its statements are stopped (`store::Interrupt`), and either way its
//! result is dropped. Jobs of other lanes wait their turn. What is running, and
//! how far it got, is there for the status line's spinner (`busy`).

use crate::store::Interrupt;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// A kind of job; a newer job of a lane supersedes the older one.
pub type Lane = &'static str;

/// A job: runs on the worker's context (its own connection), reports progress
/// through the control, and gives a message for the UI.
pub type Job<C, M> = Box<dyn FnOnce(&mut C, &Control) -> M + Send>;

/// What a running job can see and say.
pub struct Control {
    interrupt: Interrupt,
    done: Arc<AtomicU64>,
    total: Arc<AtomicU64>,
}

impl Control {
    /// Reports progress: `done` of `total` units (the status line shows it).
    pub fn progress(&self, done: u64, total: u64) {
        self.total.store(total, Ordering::Relaxed);
        self.done.store(done, Ordering::Relaxed);
    }

    /// Whether a newer job (or quitting) made this one pointless; long jobs that
    /// run Rust between statements look at it.
    pub fn cancelled(&self) -> bool {
        self.interrupt.is_raised()
    }

    /// The flag behind `cancelled`, for other connections the job opens (`Store::watch`).
    pub fn interrupt(&self) -> &Interrupt {
        &self.interrupt
    }
}

/// What the worker is doing now.
#[derive(Debug, Clone, PartialEq)]
pub struct Busy {
    pub lane: Lane,
    /// What the job is, for the user (given at `submit`).
    pub label: String,
    pub done: u64,
    /// 0 while the job has not said how much there is.
    pub total: u64,
    pub elapsed: Duration,
}

/// A finished job's message.
#[derive(Debug)]
pub struct Done<M> {
    pub lane: Lane,
    pub message: M,
}

struct Queued<C, M> {
    lane: Lane,
    id: u64,
    label: String,
    job: Job<C, M>,
}

#[derive(Default)]
struct Book {
    next_id: u64,
    /// The newest job id per lane: anything older is superseded.
    latest: HashMap<Lane, u64>,
    /// Lane, id, label and start of the job running now.
    running: Option<(Lane, u64, String, Instant)>,
    /// Jobs sent and not yet taken off the queue.
    queued: usize,
}

struct Shared {
    book: Mutex<Book>,
    interrupt: Interrupt,
    done: Arc<AtomicU64>,
    total: Arc<AtomicU64>,
}

impl Shared {
    fn book(&self) -> MutexGuard<'_, Book> {
        // A job that panicked cannot leave the book half-written (it is only
        // changed under the lock, never while a job runs): keep going.
        self.book.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// The worker thread and its queues. Dropping it stops the running job and waits
/// for the thread.
pub struct Worker<C, M> {
    jobs: Option<Sender<Queued<C, M>>>,
    results: Receiver<Done<M>>,
    shared: Arc<Shared>,
    thread: Option<JoinHandle<()>>,
}

impl<C: Send + 'static, M: Send + 'static> Worker<C, M> {
    /// Starts the thread with its context (e.g. a `Desk` on `Store::open_background`),
    /// whose connections watch `interrupt`.
    pub fn start(context: C, interrupt: Interrupt) -> Worker<C, M> {
        let (jobs, queue) = mpsc::channel::<Queued<C, M>>();
        let (send, results) = mpsc::channel();
        let shared = Arc::new(Shared {
            book: Mutex::new(Book::default()),
            interrupt,
            done: Arc::new(AtomicU64::new(0)),
            total: Arc::new(AtomicU64::new(0)),
        });
        let worker_shared = Arc::clone(&shared);
        let thread = std::thread::Builder::new()
            .name("aftercare-worker".into())
            .spawn(move || run(context, queue, send, worker_shared))
            .ok();
        Worker {
            jobs: Some(jobs),
            results,
            shared,
            thread,
        }
    }

    /// Queues a job in `lane`, superseding the lane's older job (dropped if queued,
    /// stopped if running). Returns false when the worker is gone.
    pub fn submit(
        &self,
        lane: Lane,
        label: impl Into<String>,
        job: impl FnOnce(&mut C, &Control) -> M + Send + 'static,
    ) -> bool {
        let id = {
            let mut book = self.shared.book();
            book.next_id += 1;
            let id = book.next_id;
            book.latest.insert(lane, id);
            book.queued += 1;
            if matches!(&book.running, Some((l, ..)) if *l == lane) {
                self.shared.interrupt.raise();
            }
            id
        };
        let queued = Queued {
            lane,
            id,
            label: label.into(),
            job: Box::new(job),
        };
        self.jobs.as_ref().is_some_and(|j| j.send(queued).is_ok())
    }

    /// Drops the lane's queued job and stops its running one, if any.
    pub fn cancel(&self, lane: Lane) {
        let mut book = self.shared.book();
        book.next_id += 1;
        let id = book.next_id;
        book.latest.insert(lane, id);
        if matches!(&book.running, Some((l, ..)) if *l == lane) {
            self.shared.interrupt.raise();
        }
    }

    /// The next finished job's message, if any (never blocks).
    pub fn try_recv(&self) -> Option<Done<M>> {
        self.results.try_recv().ok()
    }

    /// Waits up to `timeout` for the next finished job's message.
    pub fn recv_timeout(&self, timeout: Duration) -> Option<Done<M>> {
        self.results.recv_timeout(timeout).ok()
    }

    /// The running job, if any.
    pub fn busy(&self) -> Option<Busy> {
        let book = self.shared.book();
        book.running.as_ref().map(|(lane, _, label, started)| Busy {
            lane,
            label: label.clone(),
            done: self.shared.done.load(Ordering::Relaxed),
            total: self.shared.total.load(Ordering::Relaxed),
            elapsed: started.elapsed(),
        })
    }

    /// Whether nothing runs and nothing waits (finished messages may still be
    /// waiting in `try_recv`).
    pub fn is_idle(&self) -> bool {
        let book = self.shared.book();
        book.running.is_none() && book.queued == 0
    }
}

impl<C, M> Drop for Worker<C, M> {
    fn drop(&mut self) {
        {
            let mut book = self.shared.book();
            // Nothing queued may start any more.
            let lanes: Vec<Lane> = book.latest.keys().copied().collect();
            book.next_id += 1;
            let id = book.next_id;
            for l in lanes {
                book.latest.insert(l, id);
            }
        }
        self.shared.interrupt.raise();
        self.jobs = None;
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn run<C, M>(
    mut context: C,
    queue: Receiver<Queued<C, M>>,
    results: Sender<Done<M>>,
    shared: Arc<Shared>,
) {
    let control = Control {
        interrupt: shared.interrupt.clone(),
        done: Arc::clone(&shared.done),
        total: Arc::clone(&shared.total),
    };
    for q in queue {
        {
            let mut book = shared.book();
            book.queued = book.queued.saturating_sub(1);
            if book.latest.get(q.lane) != Some(&q.id) {
                continue; // superseded while it waited
            }
            shared.interrupt.clear();
            shared.done.store(0, Ordering::Relaxed);
            shared.total.store(0, Ordering::Relaxed);
            book.running = Some((q.lane, q.id, q.label, Instant::now()));
        }
        let message = (q.job)(&mut context, &control);
        let current = {
            let mut book = shared.book();
            book.running = None;
            book.latest.get(q.lane) == Some(&q.id)
        };
        if current
            && results
                .send(Done {
                    lane: q.lane,
                    message,
                })
                .is_err()
        {
            return;
        }
    }
}

#[cfg(test)]
mod tests;
