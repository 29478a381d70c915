//! Files with customer data are private: 0600, created exclusively (never written
//! through a planted symlink), and $EDITOR drafts live in a private folder that is
//! removed on every way out.

#![cfg(unix)]

mod common;
use common::Env;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

fn mode(p: &Path) -> u32 {
    std::fs::metadata(p).unwrap().permissions().mode() & 0o777
}

fn with_data() -> Env {
    let env = Env::new();
    env.ok(&["customer", "new", "--name", "华为技术有限公司"]);
    env.ticket("打印机卡纸", &["--customer", "华为技术有限公司"]);
    env.ok(&["project", "new", "--name", "ERP", "--due", "2030-06-30"]);
    env
}

#[test]
fn exports_reports_and_backups_are_0600_whatever_the_umask() {
    let env = with_data();
    let d = env.dir.path();
    let json = d.join("all.json");
    env.ok(&["export", "json", "--out", json.to_str().unwrap()]);
    assert_eq!(mode(&json), 0o600);
    let csv = d.join("csv");
    env.ok(&["export", "csv", "--out", csv.to_str().unwrap()]);
    assert_eq!(mode(&csv), 0o700);
    for f in std::fs::read_dir(&csv).unwrap().flatten() {
        assert_eq!(mode(&f.path()), 0o600, "{:?}", f.path());
    }
    let report = d.join("report.md");
    env.ok(&["project", "report", "1", "--out", report.to_str().unwrap()]);
    assert_eq!(mode(&report), 0o600);
    let backup = d.join("backups/copy.db");
    env.ok(&["db", "backup", backup.to_str().unwrap()]);
    assert_eq!(mode(&backup), 0o600);
    let left: Vec<_> = std::fs::read_dir(d.join("backups"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert_eq!(
        left,
        vec![std::ffi::OsString::from("copy.db")],
        "no .partial or journal"
    );
}

#[test]
fn an_output_path_that_is_a_planted_symlink_is_replaced_not_followed() {
    let env = with_data();
    let victim = env.dir.path().join("victim.txt");
    std::fs::write(&victim, "keep me").unwrap();
    let out = env.dir.path().join("report.md");
    std::os::unix::fs::symlink(&victim, &out).unwrap();
    env.ok(&["project", "report", "1", "--out", out.to_str().unwrap()]);
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep me");
    assert!(!std::fs::symlink_metadata(&out)
        .unwrap()
        .file_type()
        .is_symlink());
    assert_eq!(mode(&out), 0o600);
}

/// An editor script at a path with a space, taking an argument, as $EDITOR.
fn editor(dir: &Path, body: &str) -> String {
    let bin = dir.join("My Editor");
    std::fs::create_dir_all(&bin).unwrap();
    let script = bin.join("ed.sh");
    std::fs::write(&script, format!("#!/bin/sh\n{body}\n")).unwrap();
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    format!("\"{}\" --wait", script.display())
}

#[test]
fn editor_with_spaces_and_arguments_runs_without_a_shell_and_leaves_nothing() {
    let env = Env::new();
    let tmp = env.dir.path().join("tmp");
    std::fs::create_dir(&tmp).unwrap();
    // $1 is --wait, $2 the draft: check both, and that the draft is private.
    let ed = editor(
        env.dir.path(),
        r#"[ "$1" = "--wait" ] || exit 3
[ "$(stat -c %a "$2")" = 600 ] || exit 4
[ "$(stat -c %a "$(dirname "$2")")" = 700 ] || exit 5
printf '# 换硒鼓\nsteps' > "$2""#,
    );
    let out = env
        .cmd(&["kb", "new", "--title", "换硒鼓", "--format", "json"])
        .env("EDITOR", &ed)
        .env("TMPDIR", &tmp)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let a: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(a["body"], "# 换硒鼓\nsteps");
    assert_eq!(std::fs::read_dir(&tmp).unwrap().count(), 0, "draft removed");
}

#[test]
fn a_failing_editor_keeps_the_text_privately_and_leaves_no_temp_file() {
    let env = Env::new();
    let tmp = env.dir.path().join("tmp");
    std::fs::create_dir(&tmp).unwrap();
    let ed = editor(env.dir.path(), r#"printf 'half written' > "$2"; exit 1"#);
    let out = env
        .cmd(&["kb", "new", "--title", "x"])
        .env("EDITOR", &ed)
        .env("TMPDIR", &tmp)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("exited with"), "{err}");
    let kept = err
        .lines()
        .find_map(|l| l.strip_prefix("hint: what the editor saved is kept in "))
        .unwrap_or_else(|| panic!("{err}"));
    assert_eq!(std::fs::read_to_string(kept).unwrap(), "half written");
    assert_eq!(mode(Path::new(kept)), 0o600);
    assert!(kept.starts_with(env.dir.path().join("data").to_str().unwrap()));
    assert_eq!(
        std::fs::read_dir(&tmp).unwrap().count(),
        0,
        "no draft in TMPDIR"
    );
    // An editor that cannot start says so; nothing is left either.
    let out = env
        .cmd(&["kb", "new", "--title", "x"])
        .env("EDITOR", "/no/such/editor --wait")
        .env("TMPDIR", &tmp)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("cannot start the editor '/no/such/editor'"),
        "{err}"
    );
    assert_eq!(std::fs::read_dir(&tmp).unwrap().count(), 0);
}
