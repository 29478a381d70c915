//! Writing one key into the user's config file, keeping everything else of it —
//! comments, order, layout — as it was (toml_edit). The result is checked before it
//! replaces the file, so a write never leaves a config that does not load.

use super::Config;
use crate::error::{Error, Result};
use std::path::Path;

/// Sets `[table] key = "value"` in the config file at `path` (created if missing).
pub fn set_string(path: &Path, table: &str, key: &str, value: &str) -> Result<()> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => {
            return Err(Error::invalid(
                format!("cannot read the config file {}: {e}", path.display()),
                "check the file's permissions",
            ))
        }
    };
    let mut doc: toml_edit::DocumentMut = text.parse().map_err(|e| {
        Error::invalid(
            format!(
                "cannot update {}: it is not valid TOML ({e})",
                path.display()
            ),
            format!("fix it first: aftercare config check {}", path.display()),
        )
    })?;
    if !doc.contains_table(table) {
        doc[table] = toml_edit::table();
    }
    let Some(t) = doc[table].as_table_mut() else {
        return Err(Error::invalid(
            format!("cannot update {}: '{table}' is not a table", path.display()),
            format!(
                "make it a [{table}] section: aftercare config check {}",
                path.display()
            ),
        ));
    };
    t[key] = toml_edit::value(value);
    let new = doc.to_string();
    // Never write a file that would not load.
    if let Err(errs) = Config::check_str(&new, &path.display().to_string()) {
        let first = errs.first().map(|e| e.to_string()).unwrap_or_default();
        return Err(Error::invalid(
            format!(
                "not writing {}: the result would not load ({first})",
                path.display()
            ),
            format!(
                "fix the file first: aftercare config check {}",
                path.display()
            ),
        ));
    }
    replace(path, &new)
}

/// Replaces the file by renaming a finished copy over it, keeping its permissions.
fn replace(path: &Path, text: &str) -> Result<()> {
    let io = |what: &str, e: std::io::Error| {
        Error::invalid(
            format!("cannot {what} {}: {e}", path.display()),
            "check the folder's permissions",
        )
    };
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| io("create the folder of", e))?;
    }
    let tmp = path.with_extension("toml.new");
    std::fs::write(&tmp, text).map_err(|e| io("write", e))?;
    if let Ok(meta) = std::fs::metadata(path) {
        let _ = std::fs::set_permissions(&tmp, meta.permissions());
    }
    std::fs::rename(&tmp, path).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        io("replace", e)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_key_is_set_and_the_rest_of_the_file_is_kept() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        let original = "# my settings\n[ui]\nlanguage = \"zh\"   # 中文界面\ntheme = \"light\"\n\n[storage]\nbusy_timeout_ms = 5000\n";
        std::fs::write(&path, original).unwrap();
        set_string(&path, "ui", "agent", "李娜").unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(
            text,
            "# my settings\n[ui]\nlanguage = \"zh\"   # 中文界面\ntheme = \"light\"\nagent = \"李娜\"\n\n[storage]\nbusy_timeout_ms = 5000\n"
        );
        let cfg = Config::load(&path, true).unwrap();
        assert_eq!(cfg.ui.agent.as_deref(), Some("李娜"));
        assert_eq!(cfg.ui.language, "zh");
        // Again: replaced, not added twice.
        set_string(&path, "ui", "agent", "王伟").unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(text.matches("agent").count(), 1);
        assert!(text.contains("agent = \"王伟\""));
    }

    #[test]
    fn a_missing_file_is_created_and_a_broken_one_is_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub").join("config.toml");
        set_string(&path, "ui", "agent", "Emma").unwrap();
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "[ui]\nagent = \"Emma\"\n"
        );
        let broken = dir.path().join("broken.toml");
        std::fs::write(&broken, "[ui\nlanguage = ").unwrap();
        assert!(set_string(&broken, "ui", "agent", "Emma").is_err());
        assert_eq!(
            std::fs::read_to_string(&broken).unwrap(),
            "[ui\nlanguage = "
        );
        // Valid TOML that would not load (an unknown language) is not written over.
        let bad = dir.path().join("bad.toml");
        std::fs::write(&bad, "[ui]\nlanguage = \"fr\"\n").unwrap();
        assert!(set_string(&bad, "ui", "agent", "Emma").is_err());
        assert_eq!(
            std::fs::read_to_string(&bad).unwrap(),
            "[ui]\nlanguage = \"fr\"\n"
        );
    }
}
