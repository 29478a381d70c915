//! PostgreSQL: the demo's ticket word index written by a second server session on a
//! thread of its own (`store::demo_load::pg` says why), while the load's session
//! writes everything else. The load talks to it through `IndexSession`: documents as
//! the generator makes them, then "build" (the COPY ends and the GIN index is built
//! while the load builds its own indexes), then "commit" just before the load's own
//! commit. If the load fails, the session rolls back, or, when it had already
//! committed, its rows are deleted again.

use super::tickets::IndexDocs;
use crate::config::StorageConfig;
use crate::error::{Error, Result};
use crate::store::demo_load::{pg, IndexRow};
use crate::store::{Engine, Store};
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};
use std::thread::JoinHandle;

/// Batches of documents waiting for the session (a batch is a day of tickets).
const QUEUE: usize = 8;

/// What the load asks of the index session.
enum Ask {
    Docs(Vec<IndexDocs>),
    /// No more documents: end the COPY and build the index.
    Build,
    Commit,
}

/// The index session, seen from the load.
pub struct IndexSession {
    ask: Option<SyncSender<Ask>>,
    told: Receiver<Result<()>>,
    thread: Option<JoinHandle<Store>>,
    committed: bool,
}

impl IndexSession {
    /// Opens a second session and starts its transaction; None on SQLite (the word
    /// index goes with the load there).
    pub fn start(store: &Store, cfg: &StorageConfig) -> Result<Option<IndexSession>> {
        if store.engine() != Engine::Postgres {
            return Ok(None);
        }
        let side = store.open_second(cfg)?;
        pg::remove_ticket_index(side.conn())?;
        let (ask, asked) = sync_channel::<Ask>(QUEUE);
        let (tell, told) = sync_channel::<Result<()>>(2);
        let thread = std::thread::Builder::new()
            .name("demo-index".into())
            .spawn(move || {
                let done = pg::side_transaction(side.conn(), |c| run(c, &asked, &tell));
                let _ = tell.send(done);
                side
            })
            .map_err(|e| Error::msg(format!("cannot start the index session: {e}")))?;
        Ok(Some(IndexSession {
            ask: Some(ask),
            told,
            thread: Some(thread),
            committed: false,
        }))
    }

    /// Hands over the documents of a batch of tickets.
    pub fn send(&self, docs: Vec<IndexDocs>) -> Result<()> {
        self.ask(Ask::Docs(docs))
    }

    /// Ends the documents: the session builds its index meanwhile (`built` waits).
    pub fn build(&self) -> Result<()> {
        self.ask(Ask::Build)
    }

    /// Waits until the index is built (after `build`).
    pub fn built(&self) -> Result<()> {
        self.answer()
    }

    /// Commits the session's transaction: call it last in the load's transaction.
    pub fn commit(&mut self) -> Result<()> {
        self.ask(Ask::Commit)?;
        self.answer()?;
        self.committed = true;
        Ok(())
    }

    /// Ends the session after the load: nothing to do when both committed; when the
    /// load failed, rolls the session back, or deletes what it committed.
    pub fn finish(mut self, load_ok: bool) -> Result<()> {
        // Dropping the sender makes a session still waiting roll back.
        self.ask = None;
        let side = self.thread.take().and_then(|t| t.join().ok());
        if load_ok || !self.committed {
            return Ok(());
        }
        match side {
            Some(s) => pg::remove_ticket_index(s.conn()),
            None => Err(Error::msg("the index session ended abnormally")),
        }
    }

    fn ask(&self, a: Ask) -> Result<()> {
        let sent = self.ask.as_ref().is_some_and(|s| s.send(a).is_ok());
        if sent {
            Ok(())
        } else {
            // The session has ended: it says why.
            self.answer()
                .and(Err(Error::msg("the index session ended early")))
        }
    }

    fn answer(&self) -> Result<()> {
        self.told
            .recv()
            .unwrap_or_else(|_| Err(Error::msg("the index session ended abnormally")))
    }
}

/// The session's transaction: the COPY of the documents as they come, the index
/// build, then a wait for the load's word to commit (an ended load rolls back).
fn run(c: &crate::store::Conn, asked: &Receiver<Ask>, tell: &SyncSender<Result<()>>) -> Result<()> {
    let dropped = pg::begin_ticket_index(c)?;
    let mut ended = false;
    pg::copy_ticket_index(c, &mut |put| {
        while let Ok(a) = asked.recv() {
            match a {
                Ask::Docs(group) => {
                    let rows: Vec<IndexRow<'_>> = group
                        .iter()
                        .flat_map(|d| d.iter())
                        .map(|(doc, title, body)| IndexRow { doc, title, body })
                        .collect();
                    put(&rows)?;
                }
                Ask::Build => {
                    ended = true;
                    break;
                }
                Ask::Commit => break,
            }
        }
        Ok(())
    })?;
    if !ended {
        return Err(Error::msg(
            "the demo load stopped before its word index was complete",
        ));
    }
    pg::finish_ticket_index(c, &dropped)?;
    let _ = tell.send(Ok(()));
    match asked.recv() {
        Ok(Ask::Commit) => Ok(()),
        _ => Err(Error::msg("the demo load was not committed")),
    }
}
