//! Signals the console answers: SIGTERM, SIGHUP, SIGINT and SIGQUIT end it with the
//! terminal restored; SIGTSTP (from `kill`, or `C-z` turned into one) suspends it with
//! the terminal given back, and SIGCONT takes the terminal again. The handlers only
//! set flags; the event loop (which wakes at least every tick) does the work, so
//! nothing unsafe runs inside a handler.

use std::sync::atomic::{AtomicBool, AtomicI32, Ordering};

static TERMINATE: AtomicI32 = AtomicI32::new(0);
static SUSPEND: AtomicBool = AtomicBool::new(false);
static RESUMED: AtomicBool = AtomicBool::new(false);
/// The last ending signal that arrived; never cleared (see `watchdog`).
static ENDING: AtomicI32 = AtomicI32::new(0);
/// How long the loop may take to end after an ending signal before the watchdog ends
/// the process itself.
const GRACE: std::time::Duration = std::time::Duration::from_secs(3);

/// What the loop should do about signals that arrived.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pending {
    /// End: this signal asked for it.
    Terminate(i32),
    /// Stop until `fg` (SIGTSTP from outside).
    Suspend,
    /// Continued after a stop the console did not make: take the terminal again.
    Resumed,
}

#[cfg(unix)]
extern "C" fn on_signal(sig: libc::c_int) {
    // Only atomics here: they are async-signal-safe.
    match sig {
        libc::SIGTSTP => SUSPEND.store(true, Ordering::SeqCst),
        libc::SIGCONT => RESUMED.store(true, Ordering::SeqCst),
        other => {
            TERMINATE.store(other, Ordering::SeqCst);
            ENDING.store(other, Ordering::SeqCst);
        }
    }
}

#[cfg(unix)]
const HANDLED: [libc::c_int; 6] = [
    libc::SIGTERM,
    libc::SIGHUP,
    libc::SIGINT,
    libc::SIGQUIT,
    libc::SIGTSTP,
    libc::SIGCONT,
];

#[cfg(unix)]
fn set(sig: libc::c_int, handler: libc::sighandler_t) {
    // SAFETY: a zeroed sigaction with an empty mask is valid; the handler only
    // stores atomics (or is SIG_DFL). SA_RESTART keeps reads from failing with EINTR.
    unsafe {
        let mut sa: libc::sigaction = std::mem::zeroed();
        sa.sa_sigaction = handler;
        sa.sa_flags = libc::SA_RESTART;
        libc::sigemptyset(&mut sa.sa_mask);
        libc::sigaction(sig, &sa, std::ptr::null_mut());
    }
}

/// Installs the handlers (while the console owns the terminal).
pub fn install() {
    #[cfg(unix)]
    for sig in HANDLED {
        set(sig, on_signal as *const () as libc::sighandler_t);
    }
    static WATCHDOG: std::sync::Once = std::sync::Once::new();
    WATCHDOG.call_once(|| {
        let _ = std::thread::Builder::new()
            .name("aftercare-signals".into())
            .spawn(watchdog);
    });
}

/// Ends the process when an ending signal was not acted on within `GRACE`. When the
/// terminal is hung up (its window closed), crossterm's poll spins on the dead tty
/// and the loop never gets to look at the flag; drafts are on disk every half second
/// and SQLite rolls back an unfinished transaction, so ending here loses nothing.
fn watchdog() {
    let mut since: Option<std::time::Instant> = None;
    loop {
        std::thread::sleep(std::time::Duration::from_millis(100));
        let sig = ENDING.load(Ordering::SeqCst);
        if sig == 0 {
            continue;
        }
        let at = *since.get_or_insert_with(std::time::Instant::now);
        if at.elapsed() >= GRACE {
            exit_by(sig);
        }
    }
}

/// Puts the default actions back (the console gave the terminal back for good).
pub fn uninstall() {
    #[cfg(unix)]
    for sig in HANDLED {
        set(sig, libc::SIG_DFL);
    }
}

/// What arrived since the last call, most urgent first.
pub fn take() -> Option<Pending> {
    let sig = TERMINATE.swap(0, Ordering::SeqCst);
    if sig != 0 {
        return Some(Pending::Terminate(sig));
    }
    if SUSPEND.swap(false, Ordering::SeqCst) {
        return Some(Pending::Suspend);
    }
    RESUMED
        .swap(false, Ordering::SeqCst)
        .then_some(Pending::Resumed)
}

/// Stops the process group as the shell's job control expects (like `C-z` in a
/// cooked terminal), and returns once it is continued (`fg`). The terminal must
/// already be restored.
pub fn stop_until_continued() {
    #[cfg(unix)]
    {
        set(libc::SIGTSTP, libc::SIG_DFL);
        // SAFETY: sending a signal to our own process group.
        unsafe {
            libc::kill(0, libc::SIGTSTP);
        }
        // Running again: our own continue is no news.
        set(libc::SIGTSTP, on_signal as *const () as libc::sighandler_t);
        RESUMED.store(false, Ordering::SeqCst);
    }
}

/// Ends the process by `sig` with its default action, so the parent sees how it
/// ended (a shell prints nothing for SIGTERM/SIGHUP, reports 128+N).
pub fn exit_by(sig: i32) -> ! {
    #[cfg(unix)]
    {
        uninstall();
        // SAFETY: raising a signal whose action is the default.
        unsafe {
            libc::raise(sig);
        }
    }
    std::process::exit(128 + sig)
}
