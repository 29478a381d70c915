//! Editing text in the user's `$VISUAL` / `$EDITOR`.

use crate::error::{Error, Result};
use std::path::PathBuf;
use std::process::Command;

/// The editor command: `$VISUAL`, then `$EDITOR`, then `vi`.
pub fn editor_command() -> String {
    std::env::var("VISUAL")
        .ok()
        .filter(|s| !s.trim().is_empty())
        .or_else(|| {
            std::env::var("EDITOR")
                .ok()
                .filter(|s| !s.trim().is_empty())
        })
        .unwrap_or_else(|| "vi".into())
}

/// A fresh file in the temp folder for a draft.
pub fn draft_path(ext: &str) -> PathBuf {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    std::env::temp_dir().join(format!("aftercare-{}-{nanos}.{ext}", std::process::id()))
}

/// Opens `initial` in the editor and returns the saved text. The draft file is
/// removed only after it was read back, so an editor crash loses nothing.
pub fn edit_text(initial: &str, ext: &str) -> Result<String> {
    let path = draft_path(ext);
    std::fs::write(&path, initial)?;
    let cmd = editor_command();
    // The editor setting may carry arguments ("code --wait").
    let mut parts = cmd.split_whitespace();
    let program = parts.next().unwrap_or("vi");
    let status = Command::new(program).args(parts).arg(&path).status();
    match status {
        Ok(s) if s.success() => {
            let text = std::fs::read_to_string(&path)?;
            let _ = std::fs::remove_file(&path);
            Ok(text)
        }
        Ok(s) => Err(Error::invalid(
            format!("the editor '{cmd}' exited with {s}"),
            format!("your text is kept in {}", path.display()),
        )),
        Err(e) => Err(Error::invalid(
            format!("cannot start the editor '{cmd}': {e}"),
            "set $EDITOR to an installed editor, e.g. export EDITOR=nano",
        )),
    }
}
