//! Writers in several threads, each with its own connection to one database file,
//! interleaving through the operations: what each is told is what it wrote.

use crate::config::Config;
use crate::ops::{Desk, TicketEdit, TicketInput};
use std::collections::HashMap;
use std::path::Path;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Barrier};

fn desk(path: &Path, actor: &str) -> Desk {
    let mut config = Config::builtin();
    // Tight loops of writers starve each other on a loaded machine; the test is about
    // what each is told, not about the lock's fairness.
    config.storage.busy_timeout_ms = 120_000;
    Desk::open(path, config, actor).unwrap()
}

/// Runs `work(desk, writer)` on `writers` threads at once, each with its own desk.
fn race<T: Send + 'static>(
    path: &Path,
    writers: usize,
    work: impl Fn(&mut Desk, usize) -> T + Send + Sync + 'static,
) -> Vec<T> {
    let start = Arc::new(Barrier::new(writers));
    let work = Arc::new(work);
    let handles: Vec<_> = (0..writers)
        .map(|w| {
            let (path, start, work) = (path.to_path_buf(), start.clone(), work.clone());
            std::thread::spawn(move || {
                let mut d = desk(&path, &format!("writer{w}"));
                start.wait();
                work(&mut d, w)
            })
        })
        .collect();
    handles
        .into_iter()
        .map(|h| h.join().expect("a writer panicked"))
        .collect()
}

#[test]
fn interleaved_edits_each_report_their_own_version_and_title() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.db");
    let id = desk(&path, "setup")
        .create_ticket(TicketInput {
            title: "shared".into(),
            ..Default::default()
        })
        .unwrap()
        .id;
    const WRITERS: usize = 6;
    const EACH: usize = 150;
    let told = race(&path, WRITERS, move |d, w| {
        (1..=EACH)
            .map(|i| {
                let title = format!("w{w}-{i}");
                let edit = TicketEdit {
                    title: Some(title.clone()),
                    ..Default::default()
                };
                let t = d.edit_ticket(id, edit, None).unwrap();
                (title, t.title, t.version)
            })
            .collect::<Vec<_>>()
    });
    let d = desk(&path, "check");
    let written: HashMap<i64, (String, String)> = d
        .ticket_history(id)
        .unwrap()
        .into_iter()
        .filter(|e| e.field.as_deref() == Some("title"))
        .map(|e| (e.version.unwrap(), (e.new.unwrap(), e.actor)))
        .collect();
    assert_eq!(written.len(), WRITERS * EACH, "one version per write");
    for (w, results) in told.into_iter().enumerate() {
        for (mine, title, version) in results {
            assert_eq!(title, mine, "writer{w} was told another writer's title");
            assert_eq!(
                written.get(&version),
                Some(&(mine.clone(), format!("writer{w}"))),
                "writer{w} was told version {version} for {mine}, written by another change"
            );
        }
    }
}

#[test]
fn comments_racing_merges_return_what_they_wrote() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("m.db");
    const DUPS: i64 = 60;
    let mut setup = desk(&path, "setup");
    for i in 0..=DUPS {
        let input = TicketInput {
            title: format!("t{i}"),
            ..Default::default()
        };
        setup.create_ticket(input).unwrap();
    }
    const COMMENTERS: usize = 4;
    // The duplicate being merged now: the commenters write on it while it is merged.
    let current = Arc::new(AtomicI64::new(2));
    let told = race(&path, COMMENTERS + 1, move |d, w| {
        let mut out = Vec::new();
        if w == COMMENTERS {
            for dup in 2..=DUPS + 1 {
                current.store(dup, Ordering::SeqCst);
                std::thread::sleep(std::time::Duration::from_millis(3));
                d.merge_ticket(dup, 1, None).unwrap();
            }
            current.store(DUPS + 2, Ordering::SeqCst);
            return out;
        }
        let mut i = 0;
        loop {
            let dup = current.load(Ordering::SeqCst);
            if dup > DUPS + 1 {
                return out;
            }
            i += 1;
            let text = format!("c{w}-{dup}-{i}");
            let c = d.comment(dup, &text, i % 2 == 1, None).unwrap();
            out.push((dup, text, c));
            // Let the merger in now and then.
            std::thread::sleep(std::time::Duration::from_micros(300));
        }
    });
    let d = desk(&path, "check");
    let mut stored: HashMap<i64, String> = HashMap::new();
    for id in 1..=DUPS + 1 {
        stored.extend(d.comments(id).unwrap().into_iter().map(|c| (c.id, c.body)));
    }
    let mut seen = 0;
    for results in told {
        for (dup, text, c) in results {
            assert_eq!(
                (c.comment.ticket_id, c.comment.body.as_str()),
                (dup, text.as_str())
            );
            assert_eq!(c.ticket.id, dup);
            // Wherever a merge moved it since, it is stored as it was written.
            assert_eq!(stored.get(&c.comment.id), Some(&text));
            seen += 1;
        }
    }
    assert!(seen > 0);
}
