//! Drafts survive a crash: text typed in the real console is on disk (0600) within a
//! second, is offered back after a `kill -9`, and goes away once sent.

#![cfg(unix)]

mod common;
use common::console::OpenConsole;
use common::Env;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::time::{Duration, Instant};

/// The saved drafts: `*.json`. A `.aftercare-*.partial` file is one being written
/// (it becomes the draft only when renamed); counting it let the test kill the
/// console between the write and the rename, so nothing was saved to restore.
fn draft_files(dir: &Path) -> Vec<std::path::PathBuf> {
    std::fs::read_dir(dir)
        .map(|r| {
            r.flatten()
                .map(|e| e.path())
                .filter(|p| {
                    let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
                    !name.starts_with('.') && name.ends_with(".json")
                })
                .collect()
        })
        .unwrap_or_default()
}

fn wait_until(what: &str, ok: impl Fn() -> bool) {
    let start = Instant::now();
    while !ok() {
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "timed out: {what}"
        );
        std::thread::sleep(Duration::from_millis(30));
    }
}

#[test]
fn a_reply_typed_before_a_crash_is_offered_back_and_removed_once_sent() {
    let env = Env::new();
    let id = env.ticket("打印机卡纸", &[]);
    let data = env.dir.path().join("data");
    let drafts = data.join("aftercare/drafts");
    let home = [("XDG_DATA_HOME", data.as_path()), ("HOME", env.dir.path())];
    let mut c = OpenConsole::start(&env.db, &home);
    // The tab bar is drawn before the first page is read: an `r` before the ticket
    // is listed has nothing to reply to, and the text would go to the list as keys
    // (why this test failed now and then on a loaded machine).
    c.wait_for("the ticket", |s| s.contains("打印机卡纸"));
    c.send("r");
    c.wait_for("the reply prompt", |s| s.contains("reply #1"));
    c.send("您好，硒鼓已寄出 tracking 42");
    wait_until("the draft on disk", || {
        draft_files(&drafts)
            .iter()
            .any(|p| std::fs::read_to_string(p).is_ok_and(|t| t.contains("tracking 42")))
    });
    let files = draft_files(&drafts);
    assert_eq!(files.len(), 1);
    assert_eq!(
        std::fs::metadata(&files[0]).unwrap().permissions().mode() & 0o777,
        0o600
    );
    c.kill_9();
    // The next start puts it back: the toast, and the text in the ticket's detail.
    let mut c = OpenConsole::start(&env.db, &home);
    // The toast saying so is checked in tui::drafts' unit test: on a loaded machine it
    // can expire before the first screen is read here.
    c.wait_for("the console", |s| s.contains("打印机卡纸"));
    c.send("r");
    c.wait_for("the draft in the prompt", |s| s.contains("tracking 42"));
    c.send("\r");
    c.wait_for("the preview", |s| s.contains("Send to the customer?"));
    c.send("y");
    wait_until("the reply sent and the draft gone", || {
        draft_files(&drafts).is_empty()
    });
    drop(c);
    let t = env.json(&["ticket", "show", &id.to_string()]);
    let comments = t["comments"].as_array().expect("comments");
    assert!(
        comments
            .iter()
            .any(|m| m["body"].as_str().unwrap_or("").contains("tracking 42")),
        "{t}"
    );
}

#[test]
fn the_editor_opens_over_the_customers_message_and_only_the_reply_is_sent() {
    let env = Env::new();
    let id = env.ticket(
        "打印机卡纸",
        &["--body", "打印机每天卡纸三次，型号 HP M404。\n请尽快处理"],
    );
    let seen = env.dir.path().join("seen.txt");
    let script = env.dir.path().join("ed.sh");
    // A real editor session: look at the file, write the reply on top, save.
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\ncp \"$1\" '{}'\nold=$(cat \"$1\")\nprintf '今天下午上门更换搓纸轮。\\n%s\\n' \"$old\" > \"$1\"\n",
            seen.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    let data = env.dir.path().join("data");
    let home = [
        ("XDG_DATA_HOME", data.as_path()),
        ("HOME", env.dir.path()),
        ("EDITOR", script.as_path()),
        ("VISUAL", script.as_path()),
    ];
    let mut c = OpenConsole::start(&env.db, &home);
    c.wait_for("the ticket", |s| s.contains("打印机卡纸"));
    c.send("R");
    let screen = c.wait_for("the preview", |s| s.contains("Send to the customer?"));
    assert!(screen.contains("今天下午上门更换搓纸轮"), "{screen}");
    assert!(
        !screen.contains("HP M404"),
        "the quote is not sent: {screen}"
    );
    // What the editor was given: the customer's message below the scissors line.
    let given = std::fs::read_to_string(&seen).unwrap();
    let scissors = given
        .find(aftercare::domain::quote::SCISSORS)
        .unwrap_or_else(|| panic!("{given}"));
    assert!(
        given[scissors..].contains("> 打印机每天卡纸三次，型号 HP M404。\n> 请尽快处理"),
        "{given}"
    );
    c.send("y");
    wait_until("the reply stored", || {
        let t = env.json(&["ticket", "show", &id.to_string()]);
        t["comments"].as_array().is_some_and(|c| !c.is_empty())
    });
    drop(c);
    let t = env.json(&["ticket", "show", &id.to_string()]);
    let bodies: Vec<&str> = t["comments"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|m| m["body"].as_str())
        .collect();
    assert_eq!(bodies, vec!["今天下午上门更换搓纸轮。"], "{t}");
}
