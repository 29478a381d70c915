//! The Dashboard pane end to end: the real binary on a pty over a demo database;
//! `5` shows the dashboard, `l` goes to the daily volume (today's bar selected),
//! enter opens the Tickets pane filtered to that day, and the list counts the
//! number the chart showed.

mod pty;

use aftercare::config::Config;
use aftercare::demo::{generate, DemoOptions};
use aftercare::ops::Desk;
use pty::Pty;

/// The count and filter of the drill-down line: `… enter → N tickets: FILTER`.
fn drill_line(screen: &str) -> Option<(i64, String)> {
    let line = screen.lines().find(|l| l.contains("enter → "))?;
    let rest = line.split("enter → ").nth(1)?;
    let (n, filter) = rest.split_once(" tickets: ")?;
    Some((n.trim().parse().ok()?, filter.trim().to_string()))
}

#[test]
fn five_shows_the_dashboard_and_enter_lists_the_tickets_behind_a_bar() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("dash.db");
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "[ui]\nlanguage = \"en\"\n").unwrap();
    {
        let mut d = Desk::open(&db, Config::builtin(), "setup").unwrap();
        let opts = DemoOptions {
            tickets: 600,
            seed: 3,
        };
        generate(&mut d, &opts, &mut |_, _| {}).unwrap();
    }
    let mut c = Pty::console(&db, &config, Some("李娜"), 110, 32);
    c.wait_text("1 Tickets");
    c.send("5");
    let s = c.wait_text("Open now");
    assert!(s.contains("5 Dashboard"), "{s}");
    assert!(s.contains("30 days"), "{s}");
    // The volume chart with the latest day selected; a day with tickets (the
    // demo's last days may be quiet: step back until one has some).
    c.send("l");
    c.wait_text("(2/8)");
    let footer = |s: &str| s.lines().rev().nth(1).unwrap_or("").to_string();
    let mut found = None;
    for _ in 0..30 {
        // The volume chart's own line: a frame can reach the pty in pieces, so
        // "(2/8)" may be on screen while the footer still names the tiles' filter.
        let s = c.wait_for("the volume's drill-down line", |s| {
            let f = footer(s);
            f.contains("tickets: created:") || f.contains("no tickets behind this")
        });
        if let Some(hit) = drill_line(&footer(&s)) {
            found = Some(hit);
            break;
        }
        let before = footer(&s);
        c.send("k");
        c.wait_for("the previous day", |s| footer(s) != before);
    }
    let (n, filter) = found.expect("a day with tickets");
    assert!(filter.starts_with("created:"), "{filter}");
    c.send("\r");
    let want = format!("/{n}");
    let s = c.wait_for("the filtered list with its count", |s| {
        let status = s.lines().last().unwrap_or("");
        status.contains(&filter) && status.contains(&want)
    });
    assert!(s.contains("1 Tickets"), "{s}");
    c.send("q");
    let status = c.wait_exit();
    assert!(status.success(), "{status:?}");
}
