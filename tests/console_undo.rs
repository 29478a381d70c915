//! Undo that undoes (issue 15 item 2), on a real database through the console's
//! loop: a type change is taken back with the stage it moved the ticket out of,
//! and `u` goes back more than one step.

use aftercare::app::keys::Key;
use aftercare::app::msg::Msg;
use aftercare::config::Config;
use aftercare::ops::{AgentInput, Desk, TicketInput};
use aftercare::tui::headless::Headless;
use std::path::Path;

/// 2026-03-02 10:00 in Shanghai.
const T: i64 = 1_772_416_800;

fn console(db: &Path) -> Headless {
    let mut d = Desk::open(db, Config::builtin(), "李娜").unwrap();
    d.set_now(Some(T));
    let mut h = Headless::new(d, 120, 30);
    h.start();
    h
}

fn keys(h: &mut Headless, seq: &str) {
    for k in Key::parse_seq(seq).unwrap() {
        h.send(Msg::Key(k));
    }
}

/// Runs `:line` from the palette.
fn palette(h: &mut Headless, line: &str) {
    keys(h, ":");
    for c in line.chars() {
        h.send(Msg::Key(Key::ch(c)));
    }
    keys(h, "enter");
}

fn setup(dir: &Path) -> Headless {
    let db = dir.join("u.db");
    let mut h = console(&db);
    h.desk
        .create_agent(AgentInput {
            name: "李娜".into(),
            email: None,
            groups: vec![],
            skills: vec![],
            capacity_hours: None,
        })
        .unwrap();
    h.desk
        .create_ticket(TicketInput {
            title: "打印机卡纸".into(),
            ..Default::default()
        })
        .unwrap();
    h.desk.move_ticket(1, "analysing", None).unwrap();
    keys(&mut h, "C-r");
    h
}

#[test]
fn undoing_a_type_change_puts_back_the_stage_it_left() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = setup(dir.path());
    palette(&mut h, "type complaint");
    // The complaint flow tells the customer it was accepted: asked first.
    let t = h.desk.ticket(1).unwrap();
    assert_eq!(t.ty.as_str(), "technical", "nothing before the answer");
    assert!(h
        .state
        .toasts
        .iter()
        .all(|t| t.level != aftercare::app::msg::Level::Error));
    keys(&mut h, "y");
    let t = h.desk.ticket(1).unwrap();
    assert_eq!((t.ty.as_str(), t.stage.as_str()), ("complaint", "accepted"));
    keys(&mut h, "u");
    let t = h.desk.ticket(1).unwrap();
    assert_eq!(
        (t.ty.as_str(), t.stage.as_str()),
        ("technical", "analysing"),
        "the old stage, not the flow's first"
    );
    assert_eq!(t.resolved_at, None);
}

#[test]
fn u_goes_back_more_than_one_step() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = setup(dir.path());
    palette(&mut h, "priority urgent");
    palette(&mut h, "move in_progress");
    palette(&mut h, "assign 李娜");
    let t = h.desk.ticket(1).unwrap();
    assert_eq!(
        (t.priority.as_str(), t.stage.as_str(), t.assignee.as_deref()),
        ("urgent", "in_progress", Some("李娜"))
    );
    keys(&mut h, "u");
    assert_eq!(h.desk.ticket(1).unwrap().assignee, None);
    keys(&mut h, "u");
    assert_eq!(h.desk.ticket(1).unwrap().stage, "analysing");
    keys(&mut h, "u");
    let t = h.desk.ticket(1).unwrap();
    assert_eq!(
        (t.priority.as_str(), t.stage.as_str(), t.assignee.as_deref()),
        ("normal", "analysing", None),
        "every step taken back"
    );
    keys(&mut h, "u");
    h.draw();
    assert!(h.screen().contains("nothing to undo"), "{}", h.screen());
}
