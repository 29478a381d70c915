//! The console and its terminal, end to end through a pseudo-terminal (issue 15
//! items 7 and 10): the terminal is restored after SIGTERM and SIGHUP, `C-z`
//! suspends to the shell and `fg` resumes, and the first start asks who you are.

mod pty;

use aftercare::config::Config;
use aftercare::ops::Desk;
use portable_pty::CommandBuilder;
use pty::{Pty, BIN};
use std::path::Path;
use std::process::Command;

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

/// A database with one agent and one ticket, and an English config.
fn setup(dir: &Path) -> (std::path::PathBuf, std::path::PathBuf) {
    let db = dir.join("t.db");
    let config = dir.join("config.toml");
    std::fs::write(&config, "# mine\n[ui]\nlanguage = \"en\"\n").unwrap();
    cli(&db, &["agent", "new", "李娜"]);
    cli(&db, &["ticket", "new", "--title", "终端测试 terminal test"]);
    (db, config)
}

/// The console owns the terminal: alternate screen, mouse, hidden cursor, raw mode.
fn wait_full_screen(c: &Pty) {
    c.wait_text("终端测试 terminal test");
    c.wait_modes("full-screen modes", |s| {
        s.alternate_screen()
            && s.hide_cursor()
            && s.mouse_protocol_mode() != vt100::MouseProtocolMode::None
    });
    assert!(!c.cooked(), "raw mode while the console runs");
}

fn assert_restored(c: &Pty) {
    // The child has exited, but the reader thread may not have parsed its last bytes.
    c.wait_modes("the terminal restored", |s| {
        !s.alternate_screen()
            && !s.hide_cursor()
            && s.mouse_protocol_mode() == vt100::MouseProtocolMode::None
            && !s.bracketed_paste()
    });
    c.with_screen(|s| {
        assert!(!s.alternate_screen(), "left the alternate screen");
        assert!(!s.hide_cursor(), "the cursor shows");
        assert_eq!(
            s.mouse_protocol_mode(),
            vt100::MouseProtocolMode::None,
            "mouse reporting off"
        );
        assert!(!s.bracketed_paste(), "bracketed paste off");
    });
    assert!(c.cooked(), "cooked mode again");
}

#[test]
fn sigterm_and_sighup_leave_the_terminal_as_it_was() {
    for sig in [libc::SIGTERM, libc::SIGHUP] {
        let dir = tempfile::tempdir().unwrap();
        let (db, config) = setup(dir.path());
        let mut c = Pty::console(&db, &config, Some("李娜"), 100, 30);
        wait_full_screen(&c);
        c.signal(sig);
        let status = c.wait_exit();
        assert!(!status.success(), "ended by the signal: {status:?}");
        assert_restored(&c);
    }
}

#[test]
fn ctrl_z_suspends_to_the_shell_and_fg_resumes() {
    let dir = tempfile::tempdir().unwrap();
    let (db, config) = setup(dir.path());
    let mut cmd = CommandBuilder::new("bash");
    cmd.args(["--norc", "--noprofile", "-i"]);
    cmd.env("PS1", "READY$ ");
    pty::console_env(&mut cmd, Some("李娜"));
    let mut sh = Pty::spawn(cmd, 100, 30);
    sh.wait_text("READY$");
    sh.send(&format!(
        "{BIN} --db '{}' --config '{}'\r",
        db.display(),
        config.display()
    ));
    wait_full_screen(&sh);
    // C-z: the shell has the terminal back and says the job stopped.
    sh.send("\x1a");
    sh.wait_text("Stopped");
    sh.wait_modes("the terminal given back", |s| {
        !s.alternate_screen()
            && !s.hide_cursor()
            && s.mouse_protocol_mode() == vt100::MouseProtocolMode::None
    });
    // fg: the console takes the terminal again and draws everything.
    sh.send("fg\r");
    sh.wait_modes("the console again", |s| {
        s.alternate_screen() && s.mouse_protocol_mode() != vt100::MouseProtocolMode::None
    });
    sh.wait_text("终端测试 terminal test");
    // It still works: quit, and the shell is back.
    sh.send("q");
    sh.wait_modes("the shell again", |s| !s.alternate_screen());
    sh.send("echo back-$((40+2))\r");
    sh.wait_text("back-42");
    sh.send("exit\r");
    sh.wait_exit();
}

#[test]
fn the_first_start_asks_who_you_are_once_and_remembers_it() {
    let dir = tempfile::tempdir().unwrap();
    let (db, config) = setup(dir.path());
    let mut c = Pty::console(&db, &config, None, 100, 30);
    c.wait_text("Who are you?");
    c.send("张伟");
    c.wait_text("+ new agent “张伟”");
    c.send("\r");
    c.wait_text("you are 张伟 now");
    c.send("q");
    assert!(c.wait_exit().success());
    // Only the one key was written; the user's comment and settings stay.
    assert_eq!(
        std::fs::read_to_string(&config).unwrap(),
        "# mine\n[ui]\nlanguage = \"en\"\nagent = \"张伟\"\n"
    );
    let desk = Desk::open(&db, Config::builtin(), "check").unwrap();
    assert!(desk.agents().unwrap().iter().any(|a| a.name == "张伟"));
    // The next start knows: no question, and changes are made as 张伟.
    let mut c = Pty::console(&db, &config, None, 100, 30);
    c.wait_text("终端测试 terminal test");
    c.send("n");
    c.wait_text("note #1");
    c.send("记录一下\r");
    c.wait_text("note added to #1");
    assert!(!c.contents().contains("Who are you?"));
    c.send("q");
    assert!(c.wait_exit().success());
    let notes = desk.comments(1).unwrap();
    assert_eq!(notes[0].author, "张伟");
}

/// Closing the terminal window (here: killing the tmux server that owns the pty) ends
/// the console. Before, crossterm's poll spun on the hung-up tty at full CPU and the
/// SIGHUP flag was never looked at, so the console lived on, ignoring SIGTERM too.
#[test]
fn a_closed_terminal_window_ends_the_console() {
    if Command::new("tmux").arg("-V").output().is_err() {
        eprintln!("skipped a_closed_terminal_window_ends_the_console: tmux is not installed");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (db, config) = setup(dir.path());
    let socket = format!("aftercare-test-{}", std::process::id());
    let tmux = |args: &[&str]| {
        Command::new("tmux")
            .arg("-L")
            .arg(&socket)
            .args(args)
            .env_remove("TMUX")
            .output()
            .expect("tmux")
    };
    let cmd = format!(
        "AFTERCARE_ACTOR=李娜 {BIN} --db '{}' --config '{}'",
        db.display(),
        config.display()
    );
    let out = tmux(&["new-session", "-d", "-x", "80", "-y", "24", &cmd]);
    assert!(out.status.success(), "{out:?}");
    let pid: i32 = String::from_utf8_lossy(&tmux(&["list-panes", "-F", "#{pane_pid}"]).stdout)
        .trim()
        .parse()
        .expect("the pane's pid");
    let start = std::time::Instant::now();
    while !String::from_utf8_lossy(&tmux(&["capture-pane", "-p"]).stdout).contains("终端测试") {
        assert!(
            start.elapsed() < pty::DEADLINE * 3,
            "the console never drew"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    tmux(&["kill-server"]);
    let start = std::time::Instant::now();
    // SAFETY: signal 0 only asks whether the process still exists.
    while unsafe { libc::kill(pid, 0) } == 0 {
        if start.elapsed() > pty::DEADLINE {
            // SAFETY: ending the process this test started.
            unsafe { libc::kill(pid, libc::SIGKILL) };
            panic!("the console lived on after its terminal was closed");
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}
