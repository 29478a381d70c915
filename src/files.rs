//! Files with customer data (exports, reports, backups, drafts) are private: created
//! 0600 with an exclusive create in the target folder (so no symlink or file planted
//! there is followed), written completely, then renamed into place. A failed write
//! leaves nothing behind and its error names the file.

use crate::error::{Error, IoAction, IoContext, Result};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Creates `dir` and its missing parents; new folders get mode 0700.
pub fn create_private_dir_all(dir: &Path) -> std::io::Result<()> {
    let mut b = std::fs::DirBuilder::new();
    b.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        b.mode(0o700);
    }
    b.create(dir)
}

/// The folder a file is written in (`.` for a bare name).
fn folder_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Writes `path` privately: `fill` writes the content into a fresh 0600 file beside
/// it, which replaces `path` only when complete. The folder must exist.
pub fn write_private<T>(path: &Path, fill: impl FnOnce(&mut dyn Write) -> Result<T>) -> Result<T> {
    let dir = folder_of(path);
    // tempfile creates with O_EXCL and mode 0600, and removes the file when dropped.
    let tmp = tempfile::Builder::new()
        .prefix(".aftercare-")
        .suffix(".partial")
        .tempfile_in(&dir)
        .at(IoAction::Create, path)?;
    let mut w = std::io::BufWriter::new(tmp);
    let out = fill(&mut w).map_err(|e| name_the_file(e, path))?;
    let tmp = w
        .into_inner()
        .map_err(|e| Error::io(IoAction::Write, path, e.into_error()))?;
    tmp.as_file().sync_all().at(IoAction::Write, path)?;
    tmp.persist(path)
        .map_err(|e| Error::io(IoAction::Rename, path, e.error))?;
    Ok(out)
}

/// Writes `bytes` to `path` privately.
pub fn write_private_bytes(path: &Path, bytes: &[u8]) -> Result<()> {
    write_private(path, |w| w.write_all(bytes).at(IoAction::Write, path))
}

/// An I/O failure without a path (from `write!` into the file) gets the file's name.
fn name_the_file(e: Error, path: &Path) -> Error {
    match e {
        Error::Io(io) if io.path.is_none() => Error::io(IoAction::Write, path, io.source),
        other => other,
    }
}

/// Creates `path` exclusively with mode 0600 (fails when it exists).
pub fn create_private(path: &Path) -> Result<std::fs::File> {
    let mut o = std::fs::OpenOptions::new();
    o.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.mode(0o600);
    }
    o.open(path).at(IoAction::Create, path)
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn mode(p: &Path) -> u32 {
        std::fs::metadata(p).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn writes_0600_and_replaces_only_when_complete() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("new/sub/out.txt");
        assert!(
            write_private_bytes(&p, b"one").is_err(),
            "no folder is made"
        );
        create_private_dir_all(p.parent().unwrap()).unwrap();
        assert_eq!(mode(&dir.path().join("new")), 0o700);
        write_private_bytes(&p, b"one").unwrap();
        assert_eq!(mode(&p), 0o600);
        let e = write_private(&p, |w| {
            w.write_all(b"half")?;
            Err::<(), _>(std::io::Error::from_raw_os_error(libc::ENOSPC).into())
        })
        .unwrap_err();
        assert!(e.to_string().contains("out.txt"), "{e}");
        assert!(e.hint().unwrap().contains("disk space"));
        assert_eq!(std::fs::read(&p).unwrap(), b"one");
        let left: Vec<_> = std::fs::read_dir(p.parent().unwrap()).unwrap().collect();
        assert_eq!(left.len(), 1, "no partial file left behind");
    }

    #[test]
    fn does_not_write_through_a_planted_symlink() {
        let dir = tempfile::tempdir().unwrap();
        let victim = dir.path().join("victim");
        std::fs::write(&victim, "keep").unwrap();
        let p = dir.path().join("report.md");
        std::os::unix::fs::symlink(&victim, &p).unwrap();
        write_private_bytes(&p, b"report").unwrap();
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep");
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "report");
        assert!(!std::fs::symlink_metadata(&p)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(mode(&p), 0o600);
    }
}
