//! The console with its background worker, as in the terminal: the first page is
//! on screen before any count, a filter's count arrives later without a frame
//! waiting for it, and the status line shows what runs in the background.

use aftercare::app::msg::{Job, Msg, Working};
use aftercare::app::{Command, Lang};
use aftercare::config::Config;
use aftercare::ops::{Desk, TicketInput};
use aftercare::tui::headless::Headless;
use std::time::Duration;

const SETTLE: Duration = Duration::from_secs(20);

fn desk(dir: &tempfile::TempDir) -> Desk {
    let mut desk = Desk::open(&dir.path().join("c.db"), Config::builtin(), "tester").unwrap();
    for title in ["退款申请 一", "退款申请 二", "打印机卡纸"] {
        desk.create_ticket(TicketInput {
            title: title.into(),
            ..Default::default()
        })
        .unwrap();
    }
    desk
}

fn status_line(h: &Headless) -> String {
    h.screen().lines().last().unwrap_or_default().to_string()
}

#[test]
fn rows_are_drawn_before_the_counts_which_come_from_the_worker() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = Headless::with_worker(desk(&dir), 100, 24);
    h.start();
    h.draw();
    // The page ran on the UI thread; the counts were handed to the worker and are
    // not in the state until their messages are handled.
    assert_eq!(h.state.tickets.list.rows.len(), 3);
    assert_eq!(h.state.tickets.list.total, None);
    assert!(h.state.starting, "the status counts are still out");
    assert!(status_line(&h).contains("1/…"), "{}", h.screen());
    h.settle(SETTLE);
    h.draw();
    assert_eq!(h.state.tickets.list.total, Some(3));
    assert_eq!(h.state.status.total, 3);
    assert!(!h.state.starting);
    assert!(status_line(&h).contains("1/3"), "{}", status_line(&h));
}

#[test]
fn a_new_filter_shows_its_page_at_once_and_its_count_later() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = Headless::with_worker(desk(&dir), 100, 24);
    h.start();
    h.settle(SETTLE);
    h.command(Command::Filter(Some("退款".into())));
    h.draw();
    let screen = h.screen();
    assert!(
        screen.contains("退款申请 一") && !screen.contains("打印机"),
        "{screen}"
    );
    assert_eq!(
        h.state.tickets.list.total, None,
        "the count is on the worker"
    );
    // Another filter before the count came back: only its own count is kept.
    h.command(Command::Filter(Some("打印机".into())));
    h.settle(SETTLE);
    h.draw();
    assert_eq!(h.state.tickets.list.total, Some(1));
    assert!(status_line(&h).contains("1/1"), "{}", status_line(&h));
}

#[test]
fn the_status_line_spins_for_work_that_takes_a_moment() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = Headless::new(desk(&dir), 100, 24);
    h.start();
    let working = |job, done, total, elapsed_ms| {
        Msg::Working(Some(Working {
            job,
            done,
            total,
            elapsed_ms,
        }))
    };
    h.send(working(Job::Count, 0, 0, 40));
    h.draw();
    assert!(!status_line(&h).contains("counting"), "too short to show");
    h.send(working(Job::Count, 0, 0, 400));
    h.draw();
    assert!(
        status_line(&h).contains("⠼ counting…"),
        "{}",
        status_line(&h)
    );
    h.send(working(Job::IndexUpkeep, 0, 0, 4000));
    h.draw();
    assert!(!status_line(&h).contains('⠼'), "upkeep is silent");
    h.send(working(Job::Demo, 800, 2000, 0));
    h.draw();
    assert!(
        status_line(&h).contains("⠋ loading demo data… 40%"),
        "{}",
        status_line(&h)
    );
    h.send(working(Job::ReportData, 250_000, 1_000_000, 5000));
    h.draw();
    assert!(
        status_line(&h).contains("⠋ updating report data… 25%"),
        "{}",
        status_line(&h)
    );
    h.state.lang = Lang::Zh;
    h.send(working(Job::ReportData, 500_000, 1_000_000, 5100));
    h.draw();
    assert!(
        status_line(&h).contains("正在更新报表数据… 50%"),
        "{}",
        status_line(&h)
    );
    h.send(working(Job::Status, 0, 0, 1000));
    h.draw();
    assert!(
        status_line(&h).contains("正在更新统计…"),
        "{}",
        status_line(&h)
    );
    h.send(Msg::Working(None));
    h.draw();
    assert!(!status_line(&h).contains("正在"), "{}", status_line(&h));
}
