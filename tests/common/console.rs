//! The real console running in a pseudo-terminal, as a colleague's open session.

use portable_pty::{native_pty_system, CommandBuilder, PtySize};
use std::io::Read;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// A console on `db`; killed when dropped.
pub struct OpenConsole {
    screen: Arc<Mutex<vt100::Parser>>,
    writer: Box<dyn std::io::Write + Send>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
}

impl OpenConsole {
    /// Starts the console with `env` and waits until it shows its tab bar.
    pub fn start(db: &Path, env: &[(&str, &Path)]) -> OpenConsole {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows: 30,
                cols: 110,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("openpty");
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_aftercare"));
        cmd.arg("--db");
        cmd.arg(db);
        cmd.env("AFTERCARE_ACTOR", "colleague");
        cmd.env("NO_COLOR", "1");
        cmd.env("TERM", "xterm-256color");
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = pair.slave.spawn_command(cmd).expect("spawn");
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().expect("reader");
        let writer = pair.master.take_writer().expect("writer");
        let screen = Arc::new(Mutex::new(vt100::Parser::new(30, 110, 0)));
        let shared = screen.clone();
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
        let c = OpenConsole {
            screen,
            writer,
            child,
        };
        c.wait_for("the tab bar", |s| {
            s.contains("Tickets") || s.contains("工单")
        });
        c
    }

    /// The screen text.
    pub fn contents(&self) -> String {
        self.screen.lock().unwrap().screen().contents()
    }

    /// Waits (10 s at most) until `ok` holds for the screen.
    pub fn wait_for(&self, what: &str, ok: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let s = self.contents();
            if ok(&s) {
                return s;
            }
            assert!(
                start.elapsed() < Duration::from_secs(30),
                "timed out waiting for {what}; the screen was:\n{s}"
            );
            std::thread::sleep(Duration::from_millis(30));
        }
    }

    /// Types keys.
    pub fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).expect("write");
        self.writer.flush().expect("flush");
    }

    /// Ends the process at once with SIGKILL, as a crash or `kill -9` would.
    pub fn kill_9(mut self) {
        if let Some(pid) = self.child.process_id() {
            // SAFETY: signalling our own child process.
            unsafe { libc::kill(pid as i32, libc::SIGKILL) };
        }
        let _ = self.child.wait();
    }
}

impl Drop for OpenConsole {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
