//! End to end through a pseudo-terminal: the real binary on a temporary database;
//! filter, move, assign, add a note, quit; then check the screen and the database.
//! Screens are awaited by polling with a 10 s deadline, never by fixed sleeps.

mod common;
use common::on_both;

use aftercare::config::Config;
use aftercare::ops::Desk;
use portable_pty::{native_pty_system, CommandBuilder, PtySize};
use std::io::{Read, Write};
use std::path::Path;
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_aftercare");
const DEADLINE: Duration = Duration::from_secs(30);
const ROWS: u16 = 30;
const COLS: u16 = 110;

fn cli(db: &Path, args: &[&str]) -> String {
    let out = Command::new(BIN)
        .arg("--db")
        .arg(db)
        .args(args)
        .env("AFTERCARE_ACTOR", "setup")
        .env_remove("AFTERCARE_CONFIG")
        .output()
        .expect("run aftercare");
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

struct Console {
    screen: Arc<Mutex<vt100::Parser>>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
}

impl Console {
    fn start(db: &Path, config: &Path) -> Console {
        Console::start_with(db, config, &[])
    }

    fn start_with(db: &Path, config: &Path, args: &[&str]) -> Console {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows: ROWS,
                cols: COLS,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("openpty");
        let mut cmd = CommandBuilder::new(BIN);
        cmd.arg("--db");
        cmd.arg(db);
        cmd.arg("--config");
        cmd.arg(config);
        cmd.args(args);
        cmd.env("AFTERCARE_ACTOR", "测试员");
        cmd.env("NO_COLOR", "1");
        cmd.env("TERM", "xterm-256color");
        let child = pair.slave.spawn_command(cmd).expect("spawn");
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().expect("reader");
        let writer = pair.master.take_writer().expect("writer");
        let screen = Arc::new(Mutex::new(vt100::Parser::new(ROWS, COLS, 0)));
        let shared = screen.clone();
        // The pty is read on its own thread so the child never blocks on a full buffer.
        std::thread::spawn(move || {
            let _master = pair.master;
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                shared.lock().unwrap().process(&buf[..n]);
            }
        });
        Console {
            screen,
            writer,
            child,
        }
    }

    fn contents(&self) -> String {
        self.screen.lock().unwrap().screen().contents()
    }

    fn wait_for(&self, what: &str, ok: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let s = self.contents();
            if ok(&s) {
                return s;
            }
            if start.elapsed() > DEADLINE {
                panic!("timed out waiting for {what}; the screen was:\n{s}");
            }
            std::thread::sleep(Duration::from_millis(30));
        }
    }

    fn wait_text(&self, text: &str) -> String {
        self.wait_for(text, |s| s.contains(text))
    }

    fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).expect("write");
        self.writer.flush().expect("flush");
    }

    fn wait_exit(&mut self) {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().expect("try_wait") {
                assert!(status.success(), "exit status {status:?}");
                return;
            }
            if start.elapsed() > DEADLINE {
                let _ = self.child.kill();
                panic!("the console did not quit; screen:\n{}", self.contents());
            }
            std::thread::sleep(Duration::from_millis(30));
        }
    }
}

/// The status bar line (the last row).
fn status_line(screen: &str) -> String {
    screen.lines().last().unwrap_or("").to_string()
}

on_both! {
    fn console_filters_moves_assigns_notes_and_quits(env) {
        let dir = &env.dir;
        let db = env.db.clone();
        // A config with a slow refresh is not needed: the built-in one plus no key changes.
        let config = dir.path().join("config.toml");
        std::fs::write(&config, "[ui]\nlanguage = \"en\"\n").unwrap();
        cli(&db, &["agent", "new", "李娜"]);
        cli(&db, &["agent", "new", "王伟"]);
        let printer = cli(
            &db,
            &[
                "ticket",
                "new",
                "--title",
                "打印机卡纸 printer jam",
                "--customer",
                "华为技术",
                "--new-customer",
                "--type",
                "technical",
                "--priority",
                "high",
            ],
        );
        cli(
            &db,
            &[
                "ticket",
                "new",
                "--title",
                "发票开错了 invoice wrong",
                "--customer",
                "京东物流",
                "--new-customer",
                "--type",
                "after_sales",
            ],
        );
        let id: i64 = printer.lines().last().unwrap().trim().parse().expect("id");

        let mut c = Console::start(&db, &config);
        c.wait_text("打印机卡纸 printer jam");
        c.wait_text("发票开错了");

        // Another process's change shows up by itself (SQLite's data_version,
        // PostgreSQL's notifications), no key pressed.
        cli(&db, &["ticket", "new", "--title", "远程新工单 live refresh"]);
        c.wait_text("远程新工单 live refresh");

        // Filter: only the printer ticket stays.
        c.send("/");
        c.wait_text("filter:");
        c.send("打印机\r");
        let s = c.wait_for("the filtered list", |s| {
            status_line(s).contains("打印机") && !s.contains("发票开错了")
        });
        assert!(s.contains("打印机卡纸"), "{s}");

        // Move: the menu offers the allowed stages only.
        c.send("m");
        let s = c.wait_text("Move to");
        assert!(s.contains("Analysing") && !s.contains("Accepted"), "{s}");
        c.send("analys");
        c.wait_for("the menu narrowed", |s| !s.contains("Waiting on customer"));
        c.send("\r");
        c.wait_text("moved to Analysing");
        c.wait_for("the row's new stage", |s| {
            s.lines()
                .any(|l| l.contains("打印机卡纸") && l.contains("Analysing"))
        });

        // Assign with the fuzzy agent picker.
        c.send("a");
        c.wait_text("Assign to");
        c.send("王");
        c.wait_for("the picker narrowed", |s| !s.contains(" 李娜 "));
        c.send("\r");
        c.wait_for("the row's new assignee", |s| {
            s.lines()
                .any(|l| l.contains("打印机卡纸") && l.contains("王伟"))
        });

        // An internal note, typed inline.
        c.send("n");
        c.wait_text(&format!("note #{id}"));
        c.send("已联系客户 called back");
        c.wait_text("已联系客户 called back");
        c.send("\r");
        c.wait_text(&format!("note added to #{id}"));

        // Quit, and the terminal is given back.
        c.send("q");
        c.wait_exit();

        let desk = Desk::open(&db, Config::builtin(), "check").unwrap();
        let t = desk.ticket(id).unwrap();
        assert_eq!(t.stage, "analysing");
        assert_eq!(t.assignee.as_deref(), Some("王伟"));
        assert_eq!(t.updated_by, "测试员");
        let notes = desk.comments(id).unwrap();
        assert_eq!(notes.len(), 1);
        assert!(notes[0].internal);
        assert_eq!(notes[0].body, "已联系客户 called back");
        let history = desk.ticket_history(id).unwrap();
        assert!(history
            .iter()
            .any(|e| e.action == "move" && e.actor == "测试员"));
    }
}

#[test]
fn a_log_shows_the_effects_and_writes_the_console_ran() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("log.db");
    let log = dir.path().join("logs").join("console.log");
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "[ui]\nlanguage = \"en\"\n").unwrap();
    cli(
        &db,
        &[
            "ticket",
            "new",
            "--title",
            "日志 log me",
            "--type",
            "technical",
        ],
    );
    let log_arg = log.to_string_lossy().to_string();
    let mut c = Console::start_with(&db, &config, &["--log", &log_arg]);
    c.wait_text("日志 log me");
    c.send("m");
    c.wait_text("Move to");
    c.send("analys\r");
    c.wait_text("moved to Analysing");
    c.send("q");
    c.wait_exit();
    let text = std::fs::read_to_string(&log).expect("the log file");
    assert!(text.contains("aftercare started"), "{text}");
    assert!(text.contains("tickets::LoadPage"), "{text}");
    assert!(text.contains("tickets::Write"), "{text}");
    assert!(text.contains("what=\"move\""), "{text}");
    assert!(text.contains("time.busy"), "spans log their time: {text}");
    assert!(
        !text.contains("日志"),
        "no customer text in the log: {text}"
    );
}

#[test]
fn the_demo_loads_while_the_screen_keeps_drawing_and_quit_still_works() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "[ui]\nlanguage = \"en\"\n").unwrap();
    let mut c = Console::start(&db, &config);
    c.wait_text("Welcome to aftercare");
    c.send("d");
    // The load runs on the worker: frames keep coming, with its progress.
    c.wait_for("the demo's progress in the status line", |s| {
        status_line(s).contains("loading demo data…")
    });
    c.send("q");
    c.wait_exit();
    // Stopped or finished, never half-written.
    let info = cli(&db, &["db", "info"]);
    let tickets = info
        .lines()
        .find(|l| l.starts_with("tickets"))
        .and_then(|l| l.split_whitespace().last())
        .unwrap_or_default()
        .to_string();
    assert!(tickets == "0" || tickets == "2000", "{info}");
    assert!(cli(&db, &["db", "check"]).starts_with("ok"));
}
