//! Which effects leave the UI thread, and that their results come back: on a real
//! database file with a real worker thread.

use super::*;
use crate::app::msg::{PageRequest, Slot, TicketsMsg};
use crate::config::Config;
use crate::domain::filter::Filter;
use crate::ops::TicketInput;
use crate::store::tickets::SortKey;

fn desk_with(titles: &[&str]) -> (tempfile::TempDir, Desk) {
    let dir = tempfile::tempdir().unwrap();
    let mut desk = Desk::open(&dir.path().join("b.db"), Config::builtin(), "tester").unwrap();
    for t in titles {
        desk.create_ticket(TicketInput {
            title: t.to_string(),
            ..Default::default()
        })
        .unwrap();
    }
    (dir, desk)
}

fn count(gen: u64, q: &str) -> Effect {
    Effect::Tickets(TicketsFx::Count {
        gen,
        filter: Filter::parse(q).unwrap(),
    })
}

fn page(q: &str) -> Effect {
    Effect::Tickets(TicketsFx::LoadPage(PageRequest {
        gen: 1,
        filter: Filter::parse(q).unwrap(),
        sort: SortKey::Id,
        descending: true,
        after: None,
        limit: 50,
        slot: Slot::Reset,
    }))
}

#[test]
fn counts_status_and_the_demo_are_background_work_pages_and_writes_are_not() {
    assert_eq!(job_of(&count(1, "退款")), Some(Job::Count));
    assert_eq!(job_of(&Effect::LoadStatus), Some(Job::Status));
    assert_eq!(job_of(&Effect::LoadDemo), Some(Job::Demo));
    assert_eq!(
        job_of(&page("退款")),
        None,
        "the page is what the user waits for"
    );
    assert_eq!(
        job_of(&Effect::Tickets(TicketsFx::LoadDetail { id: 1 })),
        None
    );
    assert_eq!(job_of(&Effect::LoadAgents), None);
    for job in [Job::Status, Job::Count, Job::Demo, Job::IndexUpkeep] {
        assert_eq!(job_of_lane(lane(job)), job);
    }
}

#[test]
fn a_count_comes_back_later_from_the_worker_and_a_page_at_once() {
    let (_dir, mut desk) = desk_with(&["退款 一", "退款 二", "发票"]);
    let mut bg = Background::start(&desk);
    assert!(bg.has_worker());
    assert!(
        bg.run(&mut desk, count(7, "退款")).is_empty(),
        "nothing now: the count runs on the worker"
    );
    let now = bg.run(&mut desk, page("退款"));
    assert!(
        matches!(&now[..], [Msg::Tickets(TicketsMsg::Page { rows, .. })] if rows.len() == 2),
        "{now:?}"
    );
    let later = bg.settle(Duration::from_secs(20));
    assert!(
        matches!(
            &later[..],
            [Msg::Tickets(TicketsMsg::Count { gen: 7, total: 2 })]
        ),
        "{later:?}"
    );
    assert!(bg.is_idle() && bg.working().is_none());
}

/// The status bar's "also active" names others who wrote lately, never the user:
/// also after the user said who they are, on the worker that started as someone else.
#[test]
fn the_status_from_the_worker_names_others_not_the_user_who_just_said_who_they_are() {
    let (_dir, mut desk) = desk_with(&["退款"]);
    let mut bg = Background::start(&desk);
    desk.actor = "李娜".into();
    desk.create_ticket(TicketInput {
        title: "发票".into(),
        ..Default::default()
    })
    .unwrap();
    assert!(bg.run(&mut desk, Effect::LoadStatus).is_empty());
    let later = bg.settle(Duration::from_secs(20));
    let [Msg::Status(st)] = &later[..] else {
        panic!("{later:?}")
    };
    assert_eq!(st.others, vec!["tester".to_string()]);
}

#[test]
fn only_the_newest_count_is_delivered() {
    let (_dir, mut desk) = desk_with(&["退款", "发票", "发票"]);
    let mut bg = Background::start(&desk);
    bg.run(&mut desk, count(1, "退款"));
    bg.run(&mut desk, count(2, "发票"));
    let got = bg.settle(Duration::from_secs(20));
    let counts: Vec<(u64, i64)> = got
        .iter()
        .filter_map(|m| match m {
            Msg::Tickets(TicketsMsg::Count { gen, total }) => Some((*gen, *total)),
            _ => None,
        })
        .collect();
    // The first may have finished before the second was sent; the last is the newest.
    assert_eq!(counts.last(), Some(&(2, 2)), "{counts:?}");
    assert!(counts.len() <= 2);
}

#[test]
fn index_upkeep_runs_when_asked_and_stops_when_nothing_is_left() {
    let (_dir, desk) = desk_with(&["打印机卡纸", "退款"]);
    let mut bg = Background::start(&desk);
    let mut steps = 0;
    while bg.merge_more && steps < 1000 {
        bg.upkeep();
        assert!(bg.settle(Duration::from_secs(20)).is_empty(), "no messages");
        steps += 1;
    }
    assert!(!bg.merge_more, "merged down after {steps} steps");
    bg.upkeep();
    assert!(
        bg.is_idle(),
        "nothing queued when there is nothing to merge"
    );
    // A write makes it worth another look; search still finds what was merged.
    bg.written();
    assert!(bg.merge_more);
    let found = desk.count_tickets(&Filter::parse("卡纸").unwrap()).unwrap();
    assert_eq!(found, 1);
}

#[test]
fn without_a_worker_everything_runs_inline() {
    let (_dir, mut desk) = desk_with(&["退款"]);
    let mut bg = Background::inline();
    assert!(!bg.has_worker());
    let now = bg.run(&mut desk, count(3, "退款"));
    assert!(
        matches!(
            &now[..],
            [Msg::Tickets(TicketsMsg::Count { gen: 3, total: 1 })]
        ),
        "{now:?}"
    );
    bg.written();
    bg.upkeep();
    assert!(bg.is_idle() && bg.finished().is_empty());
}

/// A database of schema 016 opens as the latest with its stored report data stale:
/// the dashboard reads the sources meanwhile (the numbers are right, only slower),
/// the console's worker rebuilds the data a step at a time after start, and then
/// the dashboard reads the facts, with the same numbers, and `db check` agrees.
#[test]
fn an_upgraded_database_gets_its_report_data_from_the_console_worker() {
    use crate::report::dashboard::{Period, Scope};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    let at = 1_764_900_000; // 2025-12-05 02:00 UTC
    crate::store::upgrade_tests::version_016(&path, at);
    let mut desk = Desk::open(&path, Config::builtin(), "tester").unwrap();
    desk.set_now(Some(at + 2 * 86_400));
    assert!(!desk.report_data_current().unwrap());
    let period = Period::last_days(desk.today(), 7);
    let exact = desk
        .dashboard_from_sources(period, Scope::default())
        .unwrap();
    let total: i64 = exact.volume.days.iter().map(|d| d.total.n).sum();
    assert_eq!((total, exact.csat.rated.n), (6, 2), "the old rows count");
    assert_eq!(desk.dashboard(period, Scope::default()).unwrap(), exact);
    let mut bg = Background::start(&desk);
    assert!(bg.catching_up());
    for _ in 0..50 {
        bg.catch_up();
        bg.settle(Duration::from_secs(20));
        if !bg.catching_up() {
            break;
        }
    }
    assert!(!bg.catching_up(), "rebuilt");
    assert!(desk.report_data_current().unwrap());
    let facts = crate::store::dashboard_facts::counts(desk.store.conn()).unwrap();
    assert_eq!(facts, (6, 6), "every ticket has its facts");
    // The rebuild also stored the due times of the clocks still counting as the
    // engine computes them (the old rows' were made up): compare with the sources now.
    let now = desk
        .dashboard_from_sources(period, Scope::default())
        .unwrap();
    assert_eq!(desk.dashboard(period, Scope::default()).unwrap(), now);
    assert_eq!((now.volume, now.csat), (exact.volume, exact.csat));
    assert_eq!(desk.db_check().unwrap(), Vec::<String>::new());
    // Current data is not rebuilt again by the next console.
    let mut again = Background::start(&desk);
    again.catch_up();
    again.settle(Duration::from_secs(20));
    assert!(!again.catching_up() && again.working().is_none());
}

#[test]
fn a_rebuild_in_steps_counts_up_and_ends_done() {
    use crate::tui::report_catch_up::{CatchUp, Stepped};
    let s = CatchUp::Check.after(Stepped::Step {
        last: 2000,
        n: 2000,
        total: 5000,
    });
    let s = s.after(Stepped::Step {
        last: 4100,
        n: 2000,
        total: 5000,
    });
    assert!(matches!(
        s,
        CatchUp::Running {
            after: 4100,
            done: 4000,
            total: 5000,
            ..
        }
    ));
    assert_eq!(s.after(Stepped::Finished), CatchUp::Done);
    assert_eq!(CatchUp::Check.after(Stepped::Current), CatchUp::Done);
    assert_eq!(s.after(Stepped::Failed), CatchUp::Done);
}

/// The WAL's size in frames (4 KiB pages) and the database file's size in bytes.
fn wal_frames_and_db_bytes(dir: &tempfile::TempDir) -> (u64, u64) {
    let wal = std::fs::metadata(dir.path().join("b.db-wal")).map_or(0, |m| m.len());
    let db = std::fs::metadata(dir.path().join("b.db")).unwrap().len();
    (wal.saturating_sub(32) / (4096 + 24), db)
}

#[test]
fn the_consoles_writes_leave_wal_checkpoints_to_the_idle_worker() {
    // SQLite's default made the write that took the WAL past 1,000 pages copy them
    // into the database file and sync both: the slowest of the console's writes.
    let (dir, mut desk) = desk_with(&[]);
    let mut bg = Background::start(&desk);
    assert!(bg.has_worker());
    let body = "客户反馈打印机卡纸，需要上门更换搓纸轮。".repeat(60);
    let mut written = 0;
    while wal_frames_and_db_bytes(&dir).0 < 1_500 {
        assert!(
            written < 600,
            "the WAL never grew past 1,000 pages: checkpointed by the writes"
        );
        desk.create_ticket(TicketInput {
            title: format!("卡纸 {written}"),
            body: body.clone(),
            ..Default::default()
        })
        .unwrap();
        written += 1;
    }
    let (_, before) = wal_frames_and_db_bytes(&dir);
    // Idle: the worker's upkeep step copies the WAL into the database file.
    bg.written();
    bg.upkeep();
    bg.settle(Duration::from_secs(20));
    let (_, after) = wal_frames_and_db_bytes(&dir);
    assert!(
        after > before,
        "checkpointed by the worker: {before} → {after} bytes"
    );
    let left = desk.checkpoint_step().unwrap().expect("a WAL");
    assert_eq!(left.frames, left.copied, "nothing left to copy: {left:?}");
    assert_eq!(
        desk.count_tickets(&Filter::parse("卡纸").unwrap()).unwrap(),
        written
    );
}

/// The console's idle merge step used to hold the write lock until it was done (up
/// to 300 ms a step at a million tickets, session 7), and a write made meanwhile
/// waited for it. A key now stops the running step: the write that follows finds
/// the lock free, and later idle moments finish the merge.
#[test]
fn a_key_stops_the_idle_merge_step_so_the_write_after_it_does_not_wait() {
    use crate::store::search::merge;
    let (_dir, mut desk) = desk_with(&[]);
    // As the console: its writes leave merging to the worker; and no crisis merge,
    // so the writes leave a level of a thousand one-page segments.
    desk.store.leave_merging_to_worker();
    merge::set_crisismerge(&desk.store, 1_900).unwrap();
    // Words of their own in every ticket: the merge writes a couple of hundred
    // pages, far more than the moments this test waits below; each ticket's
    // segment stays one page, so the merge's input (1,000 pages) is within the
    // idle steps' bound.
    for i in 0..1_000 {
        let words: Vec<String> = (0..80).map(|j| format!("t{i}w{j}")).collect();
        desk.create_ticket(TicketInput {
            title: format!("退款 {i}"),
            body: format!("打印机卡纸 serial{i} {}", words.join(" ")),
            ..Default::default()
        })
        .unwrap();
    }
    let before: i64 = merge::levels(&desk.store).unwrap().iter().sum();
    assert!(before >= 1_000, "{before} segments");
    let pages: i64 = merge::structure(&desk.store).unwrap()[0]
        .segments
        .iter()
        .map(|s| s.pages)
        .sum();
    assert!(pages <= merge::IDLE_INPUT_PAGES, "{pages} pages");
    let mut bg = Background::start(&desk);
    // One step that would merge them all, as the old step merged a whole index.
    bg.step_pages = 1_000_000;
    bg.upkeep();
    let started = Instant::now();
    while bg.working().map(|w| w.job) != Some(Job::IndexUpkeep) {
        assert!(started.elapsed() < Duration::from_secs(20), "never ran");
        std::thread::sleep(Duration::from_millis(1));
    }
    // Inside its transaction by now (it merged nothing before it began).
    std::thread::sleep(Duration::from_millis(10));
    // A key, then the write it leads to.
    bg.written();
    desk.create_ticket(TicketInput {
        title: "退款 after the key".into(),
        ..Default::default()
    })
    .unwrap();
    let when_written: i64 = merge::levels(&desk.store).unwrap().iter().sum();
    assert!(
        when_written > before / 2,
        "the step went on: {before} segments, {when_written} when the write ran"
    );
    // Later idle moments merge it all, in ordinary steps; nothing was lost.
    bg.settle(Duration::from_secs(20));
    bg.step_pages = merge::STEP_PAGES;
    let mut steps = 0;
    while bg.merge_more {
        bg.upkeep();
        bg.settle(Duration::from_secs(20));
        steps += 1;
        assert!(steps < 5_000, "never merged down");
    }
    let after: i64 = merge::levels(&desk.store).unwrap().iter().sum();
    assert!(
        after <= 8,
        "{after} segments after {steps} idle steps: {:?}",
        merge::structure(&desk.store).unwrap()
    );
    assert_eq!(
        desk.count_tickets(&Filter::parse("退款").unwrap()).unwrap(),
        1_001
    );
    assert_eq!(
        desk.count_tickets(&Filter::parse("serial777").unwrap())
            .unwrap(),
        1
    );
}
