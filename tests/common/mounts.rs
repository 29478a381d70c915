//! Real file systems for tests of disk-full, read-only and network-mount behaviour:
//! a size-limited tmpfs and a FUSE mount (bindfs). Both need root (or FUSE rights);
//! where the machine does not allow them the test says so in one line and skips.

use std::path::{Path, PathBuf};
use std::process::Command;

/// Says in one line that a test was skipped; written past the test harness's capture
/// so that it shows in a plain `cargo test`.
pub fn skipped(test: &str, why: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "{test}: skipped: {why}");
}

/// A mounted file system, unmounted when dropped.
pub struct Mount {
    pub dir: PathBuf,
    fuse: bool,
    _base: tempfile::TempDir,
}

fn run(cmd: &mut Command) -> bool {
    cmd.output().map(|o| o.status.success()).unwrap_or(false)
}

impl Mount {
    /// A tmpfs of `kib` KiB, or None (with a line saying why) where mounting is not allowed.
    pub fn tmpfs(kib: u64, test: &str) -> Option<Mount> {
        let base = tempfile::tempdir().ok()?;
        let dir = base.path().join("fs");
        std::fs::create_dir(&dir).ok()?;
        let ok = run(Command::new("mount")
            .args([
                "-t",
                "tmpfs",
                "-o",
                &format!("size={kib}k,mode=0755"),
                "tmpfs",
            ])
            .arg(&dir));
        if !ok {
            skipped(test, "cannot mount a tmpfs here (needs root)");
            return None;
        }
        Some(Mount {
            dir,
            fuse: false,
            _base: base,
        })
    }

    /// `src` seen through a FUSE mount (bindfs, locks forwarded), or None with a line
    /// saying why (no bindfs, no /dev/fuse, not allowed).
    pub fn bindfs(src: &Path, test: &str) -> Option<Mount> {
        let base = tempfile::tempdir().ok()?;
        let dir = base.path().join("net");
        std::fs::create_dir(&dir).ok()?;
        // Locks forwarded to the real file, as a network file system's server does;
        // names and attributes not cached, so two mounts see each other's new and
        // removed files (`-wal`, `-journal`) at once, as a network client that
        // revalidates on open does.
        let ok = run(Command::new("bindfs")
            .args(["--multithreaded", "--enable-lock-forwarding", "-o"])
            .arg("entry_timeout=0,attr_timeout=0,negative_timeout=0")
            .arg(src)
            .arg(&dir));
        if !ok {
            skipped(
                test,
                "no FUSE mount here (apt-get install bindfs; needs /dev/fuse)",
            );
            return None;
        }
        Some(Mount {
            dir,
            fuse: true,
            _base: base,
        })
    }

    /// Makes the file system read-only (for root too).
    pub fn remount_read_only(&self) -> bool {
        run(Command::new("mount")
            .args(["-o", "remount,ro"])
            .arg(&self.dir))
    }
}

impl Drop for Mount {
    fn drop(&mut self) {
        if self.fuse {
            if !run(Command::new("fusermount").arg("-u").arg(&self.dir)) {
                run(Command::new("umount").arg("-l").arg(&self.dir));
            }
        } else {
            run(Command::new("umount").arg("-l").arg(&self.dir));
        }
    }
}
