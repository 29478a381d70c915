//! Store tests on temporary files.

use super::*;
use crate::config::JournalMode;
use crate::config::{Config, StorageConfig};
use crate::error::{Error, Result};
use crate::ops::{Desk, TicketInput};
use rusqlite::Connection;
use std::path::Path;

fn temp() -> tempfile::TempDir {
    tempfile::tempdir().expect("temp dir")
}

fn desk_at(path: &Path, actor: &str) -> Desk {
    Desk::open(path, Config::builtin(), actor).expect("open")
}

fn new_ticket(d: &mut Desk, title: &str) -> i64 {
    d.create_ticket(TicketInput {
        title: title.into(),
        ..Default::default()
    })
    .expect("create")
    .id
}

#[test]
fn creates_folder_file_and_latest_schema() {
    let dir = temp();
    let path = dir.path().join("a/b/c.db");
    let store = Store::open(&path, &StorageConfig::default()).unwrap();
    assert_eq!(schema::user_version(store.conn()).unwrap(), LATEST_VERSION);
    assert_eq!(store.journal_mode().unwrap(), "wal");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
    drop(store);
    // Opening again does not migrate twice.
    Store::open(&path, &StorageConfig::default()).unwrap();
}

#[test]
fn journal_mode_delete_when_asked() {
    let dir = temp();
    let cfg = StorageConfig {
        journal_mode: JournalMode::Delete,
        ..Default::default()
    };
    let store = Store::open(&dir.path().join("d.db"), &cfg).unwrap();
    assert_eq!(store.journal_mode().unwrap(), "delete");
}

/// A write is acknowledged ("ok", a redrawn row) only after it is on disk: with
/// `synchronous = NORMAL` a WAL commit waited for the next checkpoint, so a power cut
/// right after "ok" could lose it.
#[test]
fn a_commit_is_synced_before_it_is_acknowledged_in_both_journal_modes() {
    let dir = temp();
    for (name, journal_mode) in [("w.db", JournalMode::Wal), ("d.db", JournalMode::Delete)] {
        let cfg = StorageConfig {
            journal_mode,
            ..Default::default()
        };
        let store = Store::open(&dir.path().join(name), &cfg).unwrap();
        let conn = store.conn().as_sqlite().unwrap();
        let level: i64 = conn
            .query_row("PRAGMA synchronous", [], |r| r.get(0))
            .unwrap();
        assert_eq!(level, 2, "{name}: synchronous must be FULL");
    }
}

#[test]
fn refuses_a_folder() {
    let dir = temp();
    let e = Store::open(dir.path(), &StorageConfig::default())
        .err()
        .unwrap();
    assert!(e.to_string().contains("is a folder"), "{e}");
    assert!(e.hint().is_some());
}

#[test]
fn refuses_a_text_file_and_leaves_it_alone() {
    let dir = temp();
    let path = dir.path().join("text.db");
    std::fs::write(&path, "hello, not sqlite\n").unwrap();
    let e = Store::open(&path, &StorageConfig::default()).err().unwrap();
    assert!(e.to_string().contains("not an aftercare database"), "{e}");
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "hello, not sqlite\n"
    );
}

#[test]
fn refuses_a_foreign_sqlite_database() {
    let dir = temp();
    let path = dir.path().join("other.db");
    let c = Connection::open(&path).unwrap();
    c.execute_batch("CREATE TABLE songs(id INTEGER PRIMARY KEY);")
        .unwrap();
    drop(c);
    let e = Store::open(&path, &StorageConfig::default()).err().unwrap();
    assert!(e.to_string().contains("not an aftercare one"), "{e}");
}

#[test]
fn refuses_a_newer_schema_without_touching_it() {
    let dir = temp();
    let path = dir.path().join("future.db");
    drop(Store::open(&path, &StorageConfig::default()).unwrap());
    let c = Connection::open(&path).unwrap();
    c.pragma_update(None, "user_version", 9999).unwrap();
    c.execute_batch("PRAGMA journal_mode = delete").unwrap();
    drop(c);
    let before = std::fs::read(&path).unwrap();
    let e = Store::open(&path, &StorageConfig::default()).err().unwrap();
    assert!(e.to_string().contains("newer"), "{e}");
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[cfg(unix)]
#[test]
fn read_only_file_reads_but_refuses_writes() {
    use std::os::unix::fs::PermissionsExt;
    let dir = temp();
    let path = dir.path().join("ro.db");
    {
        let mut d = desk_at(&path, "a");
        new_ticket(&mut d, "one");
        let _: String = d
            .store
            .conn()
            .query_row("PRAGMA journal_mode = delete", &[], |r| r.get(0))
            .unwrap();
    }
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o400)).unwrap();
    let mut d = desk_at(&path, "a");
    assert!(d.store.is_read_only());
    assert_eq!(d.ticket(1).unwrap().title, "one");
    let e = d.comment(1, "x", false, None).expect_err("write refused");
    assert!(e.to_string().contains("read-only"), "{e}");
}

#[test]
fn stale_version_from_another_connection_is_a_conflict() {
    let dir = temp();
    let path = dir.path().join("cas.db");
    let mut alice = desk_at(&path, "alice");
    let mut bob = desk_at(&path, "bob");
    let id = new_ticket(&mut alice, "shared ticket");
    let seen_by_bob = bob.ticket(id).unwrap().version;
    // Alice changes it first.
    alice
        .move_ticket(id, "analysing", Some(seen_by_bob))
        .unwrap();
    // Bob saves based on what he saw: refused, naming Alice.
    let e = bob
        .move_ticket(id, "in_progress", Some(seen_by_bob))
        .expect_err("conflict");
    assert!(e.is_conflict());
    assert!(e.to_string().contains("alice"), "{e}");
    let t = alice.ticket(id).unwrap();
    assert_eq!(t.stage, "analysing", "Alice's change survives");
    assert_eq!(t.version, 2);
    // Nothing half-written: no audit event from Bob.
    let history = alice.ticket_history(id).unwrap();
    assert!(history.iter().all(|e| e.actor != "bob"));
}

#[test]
fn cas_update_refuses_stale_version_directly() {
    let dir = temp();
    let mut d = desk_at(&dir.path().join("c.db"), "a");
    let id = new_ticket(&mut d, "t");
    let s = write::Stamp::new(0, "x");
    let none = tickets::TicketUpdate::default();
    let e = d
        .store
        .write(|c| write::update(c, &s, id, 7, &none, Vec::new()))
        .err()
        .unwrap();
    assert!(e.is_conflict());
    let e = d
        .store
        .write(|c| write::update(c, &s, 999, 1, &none, Vec::new()))
        .err()
        .unwrap();
    assert!(matches!(e, Error::NotFound { .. }));
}

#[test]
fn a_write_returns_its_version_and_events_and_records_them_at_that_version() {
    let dir = temp();
    let mut d = desk_at(&dir.path().join("w.db"), "a");
    let id = new_ticket(&mut d, "t");
    let s = write::Stamp::new(1_800_000_000, "bob");
    let u = tickets::TicketUpdate {
        title: Some(crate::domain::text::CleanText::new("new title")),
        ..Default::default()
    };
    let ev = write::Event::edit("title", "t", "new title");
    let w = d
        .store
        .write(|c| write::update(c, &s, id, 1, &u, vec![ev.clone()]))
        .unwrap();
    assert_eq!(w.version, 2);
    assert_eq!(w.new_value("title"), Some("new title"));
    let t = d.ticket(id).unwrap();
    assert_eq!((t.title.as_str(), t.version), ("new title", 2));
    assert_eq!(
        (t.updated_at, t.updated_by.as_str()),
        (1_800_000_000, "bob")
    );
    let last = audit::last(d.store.conn(), "ticket", id).unwrap().unwrap();
    assert_eq!(
        (last.actor.as_str(), last.action.as_str(), last.version),
        ("bob", "edit", Some(2))
    );
    assert_eq!(
        (last.old.as_deref(), last.new.as_deref()),
        (Some("t"), Some("new title"))
    );
    // A second writer that read version 1 conflicts, told who changed it and when.
    let e = d
        .store
        .write(|c| write::update(c, &s, id, 1, &u, vec![ev]))
        .unwrap_err();
    let text = e.to_string();
    assert!(
        text.contains("ticket #") && text.contains("by bob at"),
        "{text}"
    );
    assert!(
        text.contains("version 2") && text.contains("you had version 1"),
        "{text}"
    );
    assert_eq!(d.ticket(id).unwrap().version, 2, "nothing was written");
}

#[test]
fn failed_write_rolls_back_everything() {
    let dir = temp();
    let mut d = desk_at(&dir.path().join("r.db"), "a");
    let id = new_ticket(&mut d, "t");
    let r: Result<()> = d.store.write(|c| {
        tickets::insert_comment(
            c,
            id,
            "a",
            &crate::domain::text::CleanText::new("half"),
            false,
            0,
        )?;
        Err(Error::msg("boom"))
    });
    assert!(r.is_err());
    assert!(d.comments(id).unwrap().is_empty());
}

#[test]
fn keyset_pages_cover_every_row_once() {
    let dir = temp();
    let mut d = desk_at(&dir.path().join("k.db"), "a");
    for i in 0..57 {
        new_ticket(&mut d, &format!("ticket {i}"));
    }
    for sort in tickets::SortKey::ALL {
        for desc in [true, false] {
            let mut seen = Vec::new();
            let mut after = None;
            loop {
                let page = d
                    .list_tickets(&Default::default(), sort, desc, after.clone(), 10)
                    .unwrap();
                seen.extend(page.rows.iter().map(|t| t.id));
                match page.next {
                    Some(c) => after = Some(c),
                    None => break,
                }
            }
            seen.sort();
            assert_eq!(seen, (1..=57).collect::<Vec<_>>(), "{sort:?} desc={desc}");
        }
    }
}

#[test]
fn filters_translate_to_sql() {
    use crate::domain::filter::Filter;
    let dir = temp();
    let mut d = desk_at(&dir.path().join("f.db"), "李娜");
    d.create_agent(crate::ops::AgentInput {
        name: "李娜".into(),
        ..Default::default()
    })
    .unwrap();
    d.create_ticket(TicketInput {
        title: "一个退款申请 refund".into(),
        priority: Some("urgent".into()),
        ty: Some("complaint".into()),
        customer: Some("华为技术有限公司".into()),
        new_customer: true,
        assignee: Some("李娜".into()),
        ..Default::default()
    })
    .unwrap();
    d.create_ticket(TicketInput {
        title: "printer jam".into(),
        priority: Some("low".into()),
        ..Default::default()
    })
    .unwrap();
    let count = |q: &str| d.count_tickets(&Filter::parse(q).unwrap()).unwrap();
    assert_eq!(count("退款"), 1);
    assert_eq!(count("priority:>=high"), 1);
    assert_eq!(count("-priority:>=high"), 1);
    assert_eq!(count("type:complaint stage:accepted"), 1);
    assert_eq!(count("assignee:me"), 1);
    assert_eq!(count("assignee:none"), 1);
    assert_eq!(count("customer:华为"), 1);
    assert_eq!(count("is:open"), 2);
    assert_eq!(count("is:done"), 0);
    assert_eq!(count("due:<1000w"), 2);
    assert_eq!(count("100%"), 0, "LIKE wildcards are escaped");
    assert!(d
        .count_tickets(&Filter::parse("stage:nope").unwrap())
        .is_err());
    let counts = tickets::stage_counts(d.store.conn()).unwrap();
    assert_eq!(
        counts,
        vec![("accepted".to_string(), 1), ("new".to_string(), 1)]
    );
    // Counting up to a cap (for `ticket list`'s "50 of N"): exact below it, the
    // cap at or above it, by the index walk (text alone) and by SQL alike.
    let upto = |d: &Desk, q: &str, cap: i64| {
        d.count_tickets_upto(&Filter::parse(q).unwrap(), cap)
            .unwrap()
    };
    for (q, n) in [("is:open", 2), ("refund", 1), ("", 2), ("customer:华为", 1)] {
        assert_eq!(upto(&d, q, 10), n, "{q}");
        assert_eq!(upto(&d, q, 1), 1, "{q}");
    }
    d.create_ticket(TicketInput {
        title: "又一个退款 refund".into(),
        ..Default::default()
    })
    .unwrap();
    assert_eq!(upto(&d, "退款", 10), 2);
    assert_eq!(upto(&d, "退款", 1), 1);
    assert_eq!(upto(&d, "退款 priority:>=high", 1), 1);
}

#[test]
fn backup_is_complete_and_refuses_to_overwrite() {
    let dir = temp();
    let mut d = desk_at(&dir.path().join("b.db"), "a");
    for i in 0..20 {
        new_ticket(&mut d, &format!("t{i}"));
    }
    let dest = dir.path().join("backup/b2.db");
    let mut calls = 0;
    d.db_backup(&dest, &mut |_, _| calls += 1).unwrap();
    let copy = desk_at(&dest, "a");
    assert_eq!(copy.count_tickets(&Default::default()).unwrap(), 20);
    assert!(copy.db_check().unwrap().is_empty());
    assert!(d.db_backup(&dest, &mut |_, _| {}).is_err());
}

#[test]
fn check_finds_tampering() {
    let dir = temp();
    let mut d = desk_at(&dir.path().join("t.db"), "a");
    new_ticket(&mut d, "t");
    assert!(d.db_check().unwrap().is_empty());
    d.store
        .conn()
        .execute("UPDATE tickets SET version = 9", &[])
        .unwrap();
    let problems = d.db_check().unwrap();
    assert!(problems.iter().any(|p| p.contains("audit")), "{problems:?}");
}

#[test]
fn reopened_and_retyped_tickets_count_as_open() {
    use crate::domain::filter::Filter;
    let dir = temp();
    let mut d = desk_at(&dir.path().join("o.db"), "a");
    let a = new_ticket(&mut d, "reopened");
    let b = new_ticket(&mut d, "retyped");
    for id in [a, b] {
        d.move_ticket(id, "resolved", None).unwrap();
    }
    let open = |d: &Desk| d.count_tickets(&Filter::parse("is:open").unwrap()).unwrap();
    assert_eq!(open(&d), 0);
    d.move_ticket(a, "in_progress", None).unwrap();
    d.edit_ticket(
        b,
        crate::ops::TicketEdit {
            ty: Some("complaint".into()),
            ..Default::default()
        },
        None,
    )
    .unwrap();
    assert_eq!(open(&d), 2, "the partial open-ticket index sees both");
    let page = d
        .list_tickets(
            &Filter::parse("is:open").unwrap(),
            tickets::SortKey::Due,
            false,
            None,
            10,
        )
        .unwrap();
    assert_eq!(page.rows.len(), 2);
}

#[test]
fn a_locked_database_is_reported_as_locked_not_as_foreign() {
    let dir = temp();
    let path = dir.path().join("busy.db");
    let cfg = StorageConfig {
        journal_mode: JournalMode::Delete,
        busy_timeout_ms: 50,
        ..Default::default()
    };
    drop(Store::open(&path, &cfg).unwrap());
    // Another connection holds an exclusive lock, as a bulk load in DELETE mode does.
    let holder = Connection::open(&path).unwrap();
    holder.execute_batch("BEGIN EXCLUSIVE").unwrap();
    let e = Store::open(&path, &cfg)
        .err()
        .expect("refused while locked");
    assert!(e.to_string().contains("locked"), "{e}");
    holder.execute_batch("COMMIT").unwrap();
    Store::open(&path, &cfg).unwrap();
}

#[test]
fn a_cursor_made_from_a_ticket_is_the_one_the_store_returns_for_every_key() {
    use crate::domain::filter::Filter;
    use tickets::{Cursor, FilterContext, ListQuery, SortKey};
    let dir = temp();
    let path = dir.path().join("k.db");
    let mut d = desk_at(&path, "amy");
    for t in ["甲 first", "b second", "c third"] {
        new_ticket(&mut d, t);
    }
    let (filter, ctx) = (Filter::default(), FilterContext::default());
    for sort in SortKey::ALL {
        for descending in [false, true] {
            let q = ListQuery {
                filter: &filter,
                ctx: &ctx,
                sort,
                descending,
                after: None,
                limit: 1,
            };
            let page = tickets::list(d.store.conn(), &q).unwrap();
            let next = page.next.expect("more than one row");
            assert_eq!(next, Cursor::of(&page.rows[0], sort), "{sort:?}");
            // A cursor `at` the first row reads the same page again.
            let again = ListQuery {
                after: Some(Cursor::at(&page.rows[0], sort, descending)),
                ..q
            };
            let same = tickets::list(d.store.conn(), &again).unwrap();
            assert_eq!(same.rows[0].id, page.rows[0].id, "{sort:?} {descending}");
        }
    }
}

#[test]
fn a_query_past_its_time_budget_is_stopped_and_says_so() {
    let dir = temp();
    let store = Store::open(&dir.path().join("b.db"), &StorageConfig::default()).unwrap();
    let endless =
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000000000)
                   SELECT count(*) FROM n";
    let started = std::time::Instant::now();
    let e = store
        .conn()
        .within(std::time::Duration::from_millis(50), |c| {
            c.query_row(endless, &[], |r| r.get::<i64>(0))
        })
        .unwrap_err();
    assert!(started.elapsed() < std::time::Duration::from_secs(2));
    assert!(matches!(e, Error::TimedOut { limit_ms: 50 }), "{e:?}");
    assert!(e.to_string().contains("longer than 0.05 s"), "{e}");
    assert!(e.hint().unwrap().contains("narrow it down"));
    // The connection works on, with no budget left behind.
    let n: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM tickets", &[], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 0);
    let quick = store
        .conn()
        .within(std::time::Duration::from_secs(5), |c| {
            c.query_row("SELECT 42", &[], |r| r.get::<i64>(0))
        })
        .unwrap();
    assert_eq!(quick, 42);
}
