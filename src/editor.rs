//! Editing text in the user's `$VISUAL` / `$EDITOR`.
//!
//! The draft file lives in a fresh private folder (0700, made by the tempfile crate,
//! so no name in /tmp can be planted or followed) and is removed on every way out,
//! an editor failure or a panic included. Text the editor saved before it failed is
//! not lost: it is kept in the private drafts folder and the error says where.

use crate::error::{Error, IoAction, IoContext, Result};
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

/// The program and its arguments, split the way a shell would (quotes and
/// backslashes; `"/opt/My Editor/bin/ed" --wait`), without running a shell.
pub fn split_command(cmd: &str) -> Result<(String, Vec<String>)> {
    let bad = |why: String| {
        Error::invalid(
            format!("cannot understand the editor setting '{cmd}': {why}"),
            "set $EDITOR to a program and its arguments, quoting a path with spaces: export EDITOR='\"/opt/My Editor/bin/ed\" --wait'",
        )
    };
    let mut parts = shell_words::split(cmd).map_err(|e| bad(e.to_string()))?;
    if parts.is_empty() {
        return Err(bad("it is empty".into()));
    }
    let program = parts.remove(0);
    Ok((program, parts))
}

/// Opens `initial` in the editor and returns the saved text.
pub fn edit_text(initial: &str, ext: &str) -> Result<String> {
    let cmd = editor_command();
    let (program, args) = split_command(&cmd)?;
    // Removed when dropped: on success, on failure and on unwinding.
    let mut b = tempfile::Builder::new();
    b.prefix("aftercare-");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        b.permissions(std::fs::Permissions::from_mode(0o700));
    }
    let dir = b.tempdir().at(IoAction::CreateDir, &std::env::temp_dir())?;
    let path = dir.path().join(format!("draft.{ext}"));
    {
        use std::io::Write;
        let mut f = crate::files::create_private(&path)?;
        f.write_all(draft_file_text(initial).as_bytes())
            .at(IoAction::Write, &path)?;
    }
    let status = Command::new(&program).args(&args).arg(&path).status();
    let saved = std::fs::read_to_string(&path);
    match status {
        Ok(s) if s.success() => saved.at(IoAction::Read, &path),
        Ok(s) => Err(Error::invalid(
            format!("the editor '{cmd}' exited with {s}"),
            keep_failed(&saved, initial),
        )),
        Err(e) => Err(Error::invalid(
            format!("cannot start the editor '{program}': {e}"),
            "set $EDITOR to an installed editor, e.g. export EDITOR=nano",
        )),
    }
}

/// The draft file's text: ends with a newline, as a text file does (editors and
/// `git diff` complain of a last line without one, and `A` in vi lands after it).
fn draft_file_text(initial: &str) -> String {
    if initial.is_empty() || initial.ends_with('\n') {
        initial.to_string()
    } else {
        format!("{initial}\n")
    }
}

/// Keeps text the editor saved before failing; says where (or that nothing changed).
fn keep_failed(saved: &std::io::Result<String>, initial: &str) -> String {
    let Ok(text) = saved else {
        return "nothing was saved".into();
    };
    if text == initial {
        return "the text was not changed; nothing was saved".into();
    }
    match keep_in_drafts(text) {
        Ok(p) => format!("what the editor saved is kept in {}", p.display()),
        Err(e) => format!("what the editor saved could not be kept: {e}"),
    }
}

fn keep_in_drafts(text: &str) -> Result<std::path::PathBuf> {
    let dir =
        crate::drafts::default_dir().ok_or_else(|| Error::msg("no data folder for drafts"))?;
    crate::files::create_private_dir_all(&dir).at(IoAction::CreateDir, &dir)?;
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis())
        .unwrap_or(0);
    let path = dir.join(format!("editor-{stamp}.md"));
    crate::files::write_private_bytes(&path, text.as_bytes())?;
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_draft_file_ends_with_a_newline() {
        assert_eq!(draft_file_text("您好，"), "您好，\n");
        assert_eq!(draft_file_text("a\nb\n"), "a\nb\n");
        assert_eq!(draft_file_text(""), "");
    }

    #[test]
    fn the_editor_setting_is_split_like_a_shell_would() {
        assert_eq!(
            split_command("\"/opt/My Editor/bin/ed\" --wait").unwrap(),
            (
                "/opt/My Editor/bin/ed".to_string(),
                vec!["--wait".to_string()]
            )
        );
        assert_eq!(
            split_command("code -w").unwrap(),
            ("code".to_string(), vec!["-w".to_string()])
        );
        assert_eq!(split_command(r"/opt/My\ Ed/vi").unwrap().0, "/opt/My Ed/vi");
        assert!(split_command("\"unclosed").is_err());
        assert!(split_command("  ").is_err());
    }
}
