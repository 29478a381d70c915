//! The live queue on a real database (issue 15 item 1, issue 14 item 4): a ticket
//! someone else creates, or mail brings, shows in the open list once the console
//! sees the database change; customer mail stays marked until the ticket is opened,
//! for each agent on their own. The same loop as the terminal, drawn into memory.

mod pty;

use aftercare::app::keys::Key;
use aftercare::app::msg::Msg;
use aftercare::config::Config;
use aftercare::ops::{Desk, MailSource, TicketInput};
use aftercare::tui::headless::Headless;
use std::path::Path;

/// 2026-03-02 10:00 in Shanghai.
const T: i64 = 1_772_416_800;

fn desk(db: &Path, actor: &str) -> Desk {
    let mut d = Desk::open(db, Config::builtin(), actor).unwrap();
    d.set_now(Some(T));
    d
}

fn console(db: &Path, actor: &str) -> Headless {
    let mut h = Headless::new(desk(db, actor), 120, 30);
    h.start();
    h
}

fn keys(h: &mut Headless, seq: &str) {
    for k in Key::parse_seq(seq).unwrap() {
        h.send(Msg::Key(k));
    }
}

fn create(d: &mut Desk, title: &str) -> i64 {
    d.create_ticket(TicketInput {
        title: title.into(),
        ..Default::default()
    })
    .unwrap()
    .id
}

fn ids(h: &Headless) -> Vec<i64> {
    h.state
        .tickets
        .list
        .rows
        .iter()
        .map(|r| r.ticket.id)
        .collect()
}

fn selected(h: &Headless) -> i64 {
    h.state.tickets.list.current().unwrap().ticket.id
}

/// The cursor and mark cells of the row titled `title`.
fn lead(h: &mut Headless, title: &str) -> String {
    h.draw();
    let screen = h.screen();
    let line = screen
        .lines()
        .find(|l| l.ends_with(title))
        .unwrap_or_else(|| panic!("no row {title}:\n{screen}"));
    line.chars().take(2).collect()
}

#[test]
fn a_ticket_another_agent_creates_appears_on_top_with_the_cursor_kept() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("live.db");
    let mut other = desk(&db, "王伟");
    for i in 1..=5 {
        create(&mut other, &format!("旧工单 {i}"));
    }
    let mut h = console(&db, "李娜");
    keys(&mut h, "j j");
    assert_eq!(selected(&h), 3);
    let new = create(&mut other, "新来的工单 printer jam");
    // What the event loop does when the database's data_version moves.
    h.send(Msg::DataChanged);
    assert_eq!(ids(&h), vec![new, 5, 4, 3, 2, 1]);
    assert_eq!(selected(&h), 3, "the cursor stays on its ticket");
    assert_eq!(h.state.tickets.list.total, Some(6));
    h.draw();
    assert!(h.screen().contains("新来的工单 printer jam"));
    // Nothing new: another look changes nothing.
    h.send(Msg::DataChanged);
    assert_eq!(ids(&h), vec![new, 5, 4, 3, 2, 1]);
}

#[test]
fn a_ticket_outside_the_filter_does_not_appear() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("live.db");
    let mut other = desk(&db, "王伟");
    create(&mut other, "打印机卡纸");
    let mut h = console(&db, "李娜");
    keys(&mut h, "/");
    for c in "打印机".chars() {
        h.send(Msg::Key(Key::ch(c)));
    }
    keys(&mut h, "enter");
    assert_eq!(ids(&h), vec![1]);
    create(&mut other, "发票抬头错了");
    let jam = create(&mut other, "打印机又卡纸");
    h.send(Msg::DataChanged);
    assert_eq!(ids(&h), vec![jam, 1]);
}

#[test]
fn scrolled_down_the_arrivals_wait_on_a_line_and_dot_shows_them() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("live.db");
    let mut other = desk(&db, "王伟");
    for i in 1..=80 {
        create(&mut other, &format!("工单 {i}"));
    }
    let mut h = console(&db, "李娜");
    keys(&mut h, "C-d C-d C-d");
    let top = |h: &Headless| {
        h.state.tickets.list.rows[h.state.tickets.list.offset]
            .ticket
            .id
    };
    let before = top(&h);
    let sel = selected(&h);
    let a = create(&mut other, "新 A");
    let b = create(&mut other, "新 B");
    h.send(Msg::DataChanged);
    assert_eq!(
        top(&h),
        before,
        "the rows on screen do not move under the reader"
    );
    assert_eq!(selected(&h), sel);
    h.draw();
    assert!(
        h.screen().contains("2 new — press . to show"),
        "{}",
        h.screen()
    );
    keys(&mut h, ".");
    assert_eq!(&ids(&h)[..3], &[b, a, 80]);
    assert_eq!(selected(&h), b);
    h.draw();
    assert!(!h.screen().contains("new — press"));
}

const MAIL: &str = "From: 张三 <zhang@example.com>\r\nTo: support@example.com\r\n\
Subject: =?UTF-8?B?5omT5Y2w5py65Y2h57q4?=\r\nMessage-ID: <m1@example.com>\r\n\
Date: Mon, 02 Mar 2026 09:00:00 +0800\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n\
打印机又卡纸了。\r\n";

const REPLY: &str = "From: 张三 <zhang@example.com>\r\nTo: support@example.com\r\n\
Subject: Re: [#1] =?UTF-8?B?5omT5Y2w5py65Y2h57q4?=\r\nMessage-ID: <m2@example.com>\r\n\
In-Reply-To: <m1@example.com>\r\n\
Date: Mon, 02 Mar 2026 08:00:00 +0800\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n\
还是不行。\r\n";

fn import(d: &mut Desk, dir: &Path, name: &str, text: &str) {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    d.import_mail(MailSource::Eml, &p, false).unwrap();
}

#[test]
fn customer_mail_is_marked_until_opened_by_each_agent() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("live.db");
    let mut intake = desk(&db, "mail");
    let mut h = console(&db, "李娜");
    import(&mut intake, dir.path(), "m1.eml", MAIL);
    h.send(Msg::DataChanged);
    assert_eq!(ids(&h), vec![1]);
    assert_eq!(lead(&mut h, "打印机卡纸"), ">N", "new mail is unread");
    keys(&mut h, "enter esc");
    assert_eq!(lead(&mut h, "打印机卡纸"), "> ", "opened is read");
    // Read stays read in the next console; another agent still sees it unread.
    let mut again = console(&db, "李娜");
    assert_eq!(lead(&mut again, "打印机卡纸"), "> ");
    let mut wang = console(&db, "王伟");
    assert_eq!(lead(&mut wang, "打印机卡纸"), ">N");
    // The customer answers (with a Date before the agent opened it): unread again.
    import(&mut intake, dir.path(), "m2.eml", REPLY);
    assert_eq!(intake.comments(1).unwrap().len(), 1);
    h.send(Msg::DataChanged);
    assert_eq!(lead(&mut h, "打印机卡纸"), ">N");
    // An agent's own note is no customer activity.
    keys(&mut h, "enter esc");
    intake.comment(1, "内部备注", true, None).unwrap();
    h.send(Msg::DataChanged);
    assert_eq!(lead(&mut h, "打印机卡纸"), "> ");
}

fn cli(db: &Path, args: &[&str]) {
    let out = std::process::Command::new(pty::BIN)
        .arg("--db")
        .arg(db)
        .args(args)
        .env("AFTERCARE_ACTOR", "王伟")
        .env_remove("AFTERCARE_CONFIG")
        .output()
        .expect("run aftercare");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn the_real_console_shows_a_ticket_the_cli_creates_without_a_key_press() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "[ui]\nlanguage = \"en\"\n").unwrap();
    cli(&db, &["ticket", "new", "--title", "first one"]);
    cli(&db, &["ticket", "new", "--title", "second one"]);
    let mut c = pty::Pty::console(&db, &config, Some("李娜"), 100, 24);
    c.wait_text("second one");
    c.send("j");
    c.wait_for("the cursor on #1", |s| {
        s.lines()
            .any(|l| l.starts_with('>') && l.trim_end().ends_with("first one"))
    });
    cli(&db, &["ticket", "new", "--title", "arrived by itself"]);
    // The loop notices the other process's commit and reads the ids above the newest.
    let screen = c.wait_text("arrived by itself");
    let rows: Vec<&str> = screen
        .lines()
        .map(str::trim_end)
        .filter(|l| l.ends_with(" one") || l.ends_with("itself"))
        .collect();
    assert!(rows[0].ends_with("arrived by itself"), "{screen}");
    assert!(
        rows.iter()
            .any(|l| l.starts_with('>') && l.ends_with("first one")),
        "the cursor stayed on #1:\n{screen}"
    );
    c.send("q");
    c.wait_exit();
}
