//! Who else has the database file open. SQLite in DELETE mode holds no lock while a
//! connection is idle, so it cannot tell; every aftercare process therefore holds a
//! shared lock on one byte of the file's lock page (which SQLite never reads or writes,
//! and whose first 512 bytes are SQLite's own locks) for as long as it runs. Taking
//! that byte exclusively succeeds only when nobody else holds it.
//!
//! The locks are Linux open-file-description locks: unlike POSIX locks they belong to
//! our own descriptor, so they never disturb SQLite's locks on the same file. The
//! descriptor is kept open until the process ends, once per file, because closing any
//! descriptor of a file would drop SQLite's POSIX locks on it.

use std::path::Path;

/// The byte locked: inside the lock page (at 1 GiB), past SQLite's 512 lock bytes.
#[cfg(target_os = "linux")]
const BYTE: i64 = 0x4000_0000 + 0x400;

/// Whether other processes have the file open, as far as can be told.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Others {
    Some,
    /// The platform or file system gives no way to tell.
    Unknown,
}

#[cfg(target_os = "linux")]
mod imp {
    use super::{Others, BYTE};
    use std::os::unix::io::AsRawFd;
    use std::path::Path;
    use std::sync::Mutex;

    struct Held {
        dev: u64,
        ino: u64,
        file: std::fs::File,
    }

    static HELD: Mutex<Vec<Held>> = Mutex::new(Vec::new());

    fn lock(file: &std::fs::File, kind: libc::c_short) -> bool {
        // SAFETY: a zeroed flock filled in below; fcntl reads it for F_OFD_SETLK.
        let mut fl: libc::flock = unsafe { std::mem::zeroed() };
        fl.l_type = kind;
        fl.l_whence = libc::SEEK_SET as libc::c_short;
        fl.l_start = BYTE;
        fl.l_len = 1;
        // SAFETY: a valid descriptor we own and a valid flock.
        unsafe { libc::fcntl(file.as_raw_fd(), libc::F_OFD_SETLK, &fl) == 0 }
    }

    fn key(path: &Path) -> Option<(u64, u64)> {
        use std::os::unix::fs::MetadataExt;
        let m = std::fs::metadata(path).ok()?;
        Some((m.dev(), m.ino()))
    }

    /// Marks this process as having the file open (once per file; best effort).
    pub fn announce(path: &Path) {
        let Some((dev, ino)) = key(path) else { return };
        let Ok(mut held) = HELD.lock() else { return };
        if held.iter().any(|h| h.dev == dev && h.ino == ino) {
            return;
        }
        // Read-write where allowed: taking the byte exclusively needs a writable descriptor.
        let opened = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .open(path)
            .or_else(|_| std::fs::File::open(path));
        let Ok(file) = opened else {
            return;
        };
        // Fails only while someone switches the journal mode; being unseen then is fine.
        lock(&file, libc::F_RDLCK as libc::c_short);
        held.push(Held { dev, ino, file });
    }

    /// Runs `f` while nobody else can announce themselves, if nobody else has the
    /// file open; otherwise says so without running it.
    pub fn alone<T>(path: &Path, f: impl FnOnce() -> T) -> Result<T, Others> {
        announce(path);
        let Some((dev, ino)) = key(path) else {
            return Err(Others::Unknown);
        };
        let Ok(held) = HELD.lock() else {
            return Err(Others::Unknown);
        };
        let Some(h) = held.iter().find(|h| h.dev == dev && h.ino == ino) else {
            return Err(Others::Unknown);
        };
        if !lock(&h.file, libc::F_WRLCK as libc::c_short) {
            let e = std::io::Error::last_os_error();
            return Err(match e.raw_os_error() {
                Some(libc::EAGAIN) | Some(libc::EACCES) => Others::Some,
                _ => Others::Unknown,
            });
        }
        let out = f();
        lock(&h.file, libc::F_RDLCK as libc::c_short);
        Ok(out)
    }
}

#[cfg(not(target_os = "linux"))]
mod imp {
    use super::Others;
    use std::path::Path;

    pub fn announce(_path: &Path) {}

    pub fn alone<T>(_path: &Path, _f: impl FnOnce() -> T) -> Result<T, Others> {
        Err(Others::Unknown)
    }
}

/// Marks this process as having the file open until it exits.
pub fn announce(path: &Path) {
    imp::announce(path)
}

/// Runs `f` only when no other process has the file open (and keeps newcomers from
/// announcing themselves meanwhile); `Err` says why it did not run.
pub fn alone<T>(path: &Path, f: impl FnOnce() -> T) -> Result<T, Others> {
    imp::alone(path, f)
}
