//! Whether a database file lives on a network file system, where WAL cannot work.

use std::path::Path;

/// The network file system the file's folder is on (`nfs`, `smb`, `fuse`, `9p` …), if any:
/// there WAL cannot work.
#[cfg(target_os = "linux")]
pub fn network_fs(path: &Path) -> Option<&'static str> {
    use std::os::unix::ffi::OsStrExt;
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let c = std::ffi::CString::new(dir.as_os_str().as_bytes()).ok()?;
    // SAFETY: statfs writes into the zeroed struct we own; the path is NUL-terminated.
    let mut st: libc::statfs = unsafe { std::mem::zeroed() };
    if unsafe { libc::statfs(c.as_ptr(), &mut st) } != 0 {
        return None;
    }
    match (st.f_type as i64) & 0xFFFF_FFFF {
        0x6969 => Some("nfs"),
        0xFF53_4D42 => Some("cifs"),
        0xFE53_4D42 => Some("smb2"),
        0x517B => Some("smb"),
        0x6573_5546 => Some("fuse"),
        0x0102_1997 => Some("9p"),
        _ => None,
    }
}

/// The network file system the file's folder is on, if any.
#[cfg(not(target_os = "linux"))]
pub fn network_fs(_path: &Path) -> Option<&'static str> {
    None
}

/// Whether the file's folder is on a network file system, where WAL cannot work.
pub fn on_network_fs(path: &Path) -> bool {
    network_fs(path).is_some()
}
