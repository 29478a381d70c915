//! A failed file operation: what was being done, to which path, and the OS error kept
//! whole, so the hint can say what to do about it (disk full, permissions, …).

use super::message::Message;
use std::path::{Path, PathBuf};

/// What was being done when a file operation failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IoAction {
    Read,
    Write,
    Create,
    CreateDir,
    Remove,
    Rename,
    Run,
    Other,
}

impl IoAction {
    fn key(self) -> &'static str {
        match self {
            IoAction::Read => "io.read",
            IoAction::Write => "io.write",
            IoAction::Create => "io.create",
            IoAction::CreateDir => "io.create_dir",
            IoAction::Remove => "io.remove",
            IoAction::Rename => "io.rename",
            IoAction::Run => "io.run",
            IoAction::Other => "io.other",
        }
    }
}

/// A file operation that failed.
#[derive(Debug)]
pub struct IoError {
    pub action: IoAction,
    pub path: Option<PathBuf>,
    pub source: std::io::Error,
}

/// Why an I/O operation failed, as far as the OS error tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cause {
    DiskFull,
    Quota,
    Permission,
    ReadOnlyFs,
    /// EIO and friends: often a passing fault of a network share or a failing disk.
    Transient,
    NotFound,
    Exists,
    IsDir,
    Truncated,
    BrokenPipe,
    Other,
}

impl Cause {
    /// Classifies an OS error.
    pub fn of(e: &std::io::Error) -> Cause {
        use std::io::ErrorKind as K;
        if let Some(code) = e.raw_os_error() {
            match code {
                libc::ENOSPC => return Cause::DiskFull,
                libc::EDQUOT => return Cause::Quota,
                libc::EROFS => return Cause::ReadOnlyFs,
                libc::EIO | libc::ESTALE | libc::ETIMEDOUT | libc::EAGAIN | libc::EINTR => {
                    return Cause::Transient
                }
                libc::EISDIR => return Cause::IsDir,
                _ => {}
            }
        }
        match e.kind() {
            K::PermissionDenied => Cause::Permission,
            K::NotFound => Cause::NotFound,
            K::AlreadyExists => Cause::Exists,
            K::UnexpectedEof => Cause::Truncated,
            K::BrokenPipe => Cause::BrokenPipe,
            K::StorageFull => Cause::DiskFull,
            K::ReadOnlyFilesystem => Cause::ReadOnlyFs,
            K::IsADirectory => Cause::IsDir,
            K::TimedOut | K::Interrupted | K::WouldBlock => Cause::Transient,
            _ => Cause::Other,
        }
    }

    /// The cause in words; the OS text when there is no better one.
    pub fn message(self, e: &std::io::Error) -> Message {
        let key = match self {
            Cause::DiskFull => "cause.disk_full",
            Cause::Quota => "cause.quota",
            Cause::Permission => "cause.permission",
            Cause::ReadOnlyFs => "cause.read_only_fs",
            Cause::Transient => "cause.io",
            Cause::NotFound => "cause.not_found",
            Cause::Exists => "cause.exists",
            Cause::IsDir => "cause.is_dir",
            Cause::Truncated => "cause.truncated",
            Cause::BrokenPipe => "cause.broken_pipe",
            Cause::Other => return Message::new("cause.os").arg("text", os_text(e)),
        };
        Message::new(key)
    }

    /// What to do about it.
    pub fn hint(self) -> Option<Message> {
        let key = match self {
            Cause::DiskFull => "hint.disk_full",
            Cause::Quota => "hint.quota",
            Cause::Permission => "hint.permission",
            Cause::ReadOnlyFs => "hint.read_only_fs",
            Cause::Transient => "hint.transient_io",
            Cause::NotFound => "hint.not_found",
            Cause::Exists => "hint.exists",
            Cause::IsDir => "hint.is_dir",
            Cause::Truncated | Cause::BrokenPipe | Cause::Other => return None,
        };
        Some(Message::new(key))
    }
}

/// The OS error text without the trailing `(os error N)`.
fn os_text(e: &std::io::Error) -> String {
    let s = e.to_string();
    match s.rfind(" (os error ") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}

impl IoError {
    /// The `error:` text.
    pub fn message(&self) -> Message {
        let cause = Cause::of(&self.source).message(&self.source);
        let m = Message::new(self.action.key());
        match &self.path {
            Some(p) => m.arg("path", p.display()).with("cause", cause),
            None => Message::new("io.other").with("cause", cause),
        }
    }

    /// The `hint:` text.
    pub fn hint(&self) -> Option<Message> {
        Cause::of(&self.source).hint()
    }

    /// Why it failed.
    pub fn cause(&self) -> Cause {
        Cause::of(&self.source)
    }
}

/// Attaches what was being done and where to an I/O result.
pub trait IoContext<T> {
    /// Turns an I/O error into an [`crate::Error`] naming `action` on `path`.
    fn at(self, action: IoAction, path: &Path) -> crate::Result<T>;
}

impl<T> IoContext<T> for std::io::Result<T> {
    fn at(self, action: IoAction, path: &Path) -> crate::Result<T> {
        self.map_err(|e| crate::Error::io(action, path, e))
    }
}

impl<T> IoContext<T> for Result<T, csv::Error> {
    fn at(self, action: IoAction, path: &Path) -> crate::Result<T> {
        self.map_err(|e| match e.into_kind() {
            csv::ErrorKind::Io(io) => crate::Error::io(action, path, io),
            other => crate::Error::io(action, path, std::io::Error::other(format!("{other:?}"))),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn disk_full_names_the_file_and_says_what_to_do() {
        let e = crate::Error::io(
            IoAction::Write,
            Path::new("/x/out.csv"),
            std::io::Error::from_raw_os_error(libc::ENOSPC),
        );
        assert_eq!(e.to_string(), "cannot write '/x/out.csv': the disk is full");
        assert!(e.hint().unwrap().contains("free some disk space"));
    }

    #[test]
    fn transient_and_unknown_errors_differ() {
        let eio = std::io::Error::from_raw_os_error(libc::EIO);
        assert_eq!(Cause::of(&eio), Cause::Transient);
        assert!(Cause::Transient
            .hint()
            .unwrap()
            .english()
            .contains("try again"));
        let other = std::io::Error::from_raw_os_error(libc::ENOTTY);
        let e = crate::Error::io(IoAction::Read, Path::new("f"), other);
        assert!(!e.to_string().contains("os error"), "{e}");
        assert!(e.hint().is_none());
    }
}
