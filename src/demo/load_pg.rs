//! PostgreSQL: the demo's ticket word index written by a second server session on a
//! thread of its own (`store::demo_load::pg` says why), while the load's session
//! writes everything else. The load talks to it through `IndexSession`: documents as
//! the generator makes them, then "build" (the COPY ends — the load waits for that
//! before it commits — and the GIN index is built while the load builds its own
//! indexes, commits, and goes on with the demo's other parts), then "commit" at the
//! end of the demo. The load's transaction marks
//! the word index stale, the index session's clears the mark: a demo that dies in
//! between leaves it marked (`db check` says so, `db reindex` mends it). If the
//! load fails, the session rolls back; if the session fails after the load was
//! committed, the word index is rebuilt the ordinary way.

use super::tickets::IndexDocs;
use crate::config::StorageConfig;
use crate::error::{Error, Result};
use crate::ops::Desk;
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
    thread: Option<JoinHandle<()>>,
}

impl IndexSession {
    /// Opens a second session and starts its transaction; None on SQLite (the word
    /// index goes with the load there).
    pub fn start(store: &Store, cfg: &StorageConfig) -> Result<Option<IndexSession>> {
        if store.engine() != Engine::Postgres {
            return Ok(None);
        }
        let side = store.open_second(cfg)?;
        let (ask, asked) = sync_channel::<Ask>(QUEUE);
        let (tell, told) = sync_channel::<Result<()>>(2);
        let thread = std::thread::Builder::new()
            .name("demo-index".into())
            .spawn(move || {
                let done = pg::side_transaction(side.conn(), |c| run(c, &asked, &tell));
                let _ = tell.send(done);
            })
            .map_err(|e| Error::msg(format!("cannot start the index session: {e}")))?;
        Ok(Some(IndexSession {
            ask: Some(ask),
            told,
            thread: Some(thread),
        }))
    }

    /// Hands over the documents of a batch of tickets.
    pub fn send(&self, docs: Vec<IndexDocs>) -> Result<()> {
        self.ask(Ask::Docs(docs))
    }

    /// Ends the documents: the session ends its COPY, then builds its index.
    pub fn build(&self) -> Result<()> {
        self.ask(Ask::Build)
    }

    /// Waits until the session's COPY has ended (after `build`): the load commits
    /// only once every index row is written, so a refused row rolls both back.
    pub fn copied(&self) -> Result<()> {
        self.answer()
    }

    /// Rolls the session back (the load failed and was rolled back).
    pub fn abandon(mut self) {
        // Dropping the sender makes the session roll back.
        self.ask = None;
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }

    /// After the load's commit and the demo's other parts: waits for the index and
    /// commits it. Should the session have failed, the word index is rebuilt on
    /// `desk`'s connection instead (the tickets are committed already).
    pub fn complete(mut self, desk: &mut Desk) -> Result<()> {
        let done = self.ask(Ask::Commit).and_then(|()| self.answer());
        self.ask = None;
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
        let Err(why) = done else { return Ok(()) };
        tracing::warn!("the demo's word-index session failed ({why}); rebuilding the index");
        desk.reindex(&mut |_, _| {}).map(|_| ()).map_err(|e| {
            Error::invalid(
                format!("the demo's word index could not be built: {why}; then: {e}"),
                "the tickets are saved; run aftercare db reindex",
            )
        })
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

/// The session's transaction: the COPY of the documents as they come (said done to
/// the load), the index build, then a wait for the word to commit (an ended load
/// rolls back).
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
    let _ = tell.send(Ok(()));
    pg::finish_ticket_index(c, &dropped)?;
    match asked.recv() {
        Ok(Ask::Commit) => pg::clear_index_stale(c),
        _ => Err(Error::msg("the demo load was not committed")),
    }
}
