//! A pseudo-terminal harness: the real binary (or a shell) on a pty, its output fed
//! to a vt100 screen on a reader thread; screens are awaited by polling with a
//! deadline, never by fixed sleeps.
#![allow(dead_code)]

use portable_pty::{native_pty_system, CommandBuilder, MasterPty, PtySize};
use std::io::{Read, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub const BIN: &str = env!("CARGO_BIN_EXE_aftercare");
pub const DEADLINE: Duration = Duration::from_secs(10);

/// A program on a pty.
pub struct Pty {
    pub screen: Arc<Mutex<vt100::Parser>>,
    writer: Box<dyn Write + Send>,
    pub child: Box<dyn portable_pty::Child + Send + Sync>,
    pub master: Box<dyn MasterPty + Send>,
}

impl Pty {
    /// Starts `cmd` on a `cols`×`rows` pty.
    pub fn spawn(cmd: CommandBuilder, cols: u16, rows: u16) -> Pty {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("openpty");
        let child = pair.slave.spawn_command(cmd).expect("spawn");
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().expect("reader");
        let writer = pair.master.take_writer().expect("writer");
        let screen = Arc::new(Mutex::new(vt100::Parser::new(rows, cols, 0)));
        let shared = screen.clone();
        // Read on a thread of its own so the child never blocks on a full buffer.
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                shared.lock().unwrap().process(&buf[..n]);
            }
        });
        Pty {
            screen,
            writer,
            child,
            master: pair.master,
        }
    }

    /// The console binary on `db` with `config`, acting as `actor` (None: only the
    /// OS user name `USER=osuser` is known).
    pub fn console(db: &Path, config: &Path, actor: Option<&str>, cols: u16, rows: u16) -> Pty {
        let mut cmd = CommandBuilder::new(BIN);
        cmd.arg("--db");
        cmd.arg(db);
        cmd.arg("--config");
        cmd.arg(config);
        console_env(&mut cmd, actor);
        Pty::spawn(cmd, cols, rows)
    }

    pub fn contents(&self) -> String {
        self.screen.lock().unwrap().screen().contents()
    }

    /// Runs `f` on the vt100 screen (modes: alternate screen, cursor, mouse).
    pub fn with_screen<T>(&self, f: impl FnOnce(&vt100::Screen) -> T) -> T {
        f(self.screen.lock().unwrap().screen())
    }

    pub fn wait_for(&self, what: &str, ok: impl Fn(&str) -> bool) -> String {
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

    pub fn wait_text(&self, text: &str) -> String {
        self.wait_for(text, |s| s.contains(text))
    }

    /// Waits until the vt100 screen's modes satisfy `ok`.
    pub fn wait_modes(&self, what: &str, ok: impl Fn(&vt100::Screen) -> bool) {
        let start = Instant::now();
        while !self.with_screen(&ok) {
            if start.elapsed() > DEADLINE {
                panic!("timed out waiting for {what}; screen:\n{}", self.contents());
            }
            std::thread::sleep(Duration::from_millis(30));
        }
    }

    pub fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).expect("write");
        self.writer.flush().expect("flush");
    }

    /// Waits for the child to end; returns its exit status.
    pub fn wait_exit(&mut self) -> portable_pty::ExitStatus {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().expect("try_wait") {
                return status;
            }
            if start.elapsed() > DEADLINE {
                let _ = self.child.kill();
                panic!("the program did not end; screen:\n{}", self.contents());
            }
            std::thread::sleep(Duration::from_millis(30));
        }
    }

    /// Sends `sig` to the child.
    pub fn signal(&self, sig: i32) {
        let pid = self.child.process_id().expect("a pid") as libc::pid_t;
        // SAFETY: signalling our own child.
        assert_eq!(unsafe { libc::kill(pid, sig) }, 0);
    }

    /// Whether the pty is in cooked mode (canonical input, echo, signals).
    pub fn cooked(&self) -> bool {
        let fd = self.master.as_raw_fd().expect("a fd");
        // SAFETY: tcgetattr fills a termios we own.
        unsafe {
            let mut t: libc::termios = std::mem::zeroed();
            assert_eq!(libc::tcgetattr(fd, &mut t), 0);
            let l = t.c_lflag;
            l & libc::ICANON != 0 && l & libc::ECHO != 0 && l & libc::ISIG != 0
        }
    }
}

/// The environment the console runs in for tests: no colours, a known terminal,
/// the actor given or only an OS user name.
pub fn console_env(cmd: &mut CommandBuilder, actor: Option<&str>) {
    cmd.env("NO_COLOR", "1");
    cmd.env("TERM", "xterm-256color");
    cmd.env_remove("AFTERCARE_CONFIG");
    match actor {
        Some(a) => cmd.env("AFTERCARE_ACTOR", a),
        None => {
            cmd.env_remove("AFTERCARE_ACTOR");
            cmd.env("USER", "osuser");
        }
    }
}
