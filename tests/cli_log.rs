//! `--log FILE` and `AFTERCARE_LOG`: off by default, a file in the data folder when
//! only the level is given, a clear error for a bad level.

use assert_cmd::Command;
use predicates::str::contains;

fn aftercare(dir: &std::path::Path) -> Command {
    let mut c = Command::cargo_bin("aftercare").unwrap();
    c.arg("--db")
        .arg(dir.join("log.db"))
        .env("XDG_DATA_HOME", dir.join("data"))
        .env("HOME", dir)
        .env_remove("AFTERCARE_LOG")
        .env_remove("AFTERCARE_CONFIG");
    c
}

#[test]
fn no_log_unless_asked_for() {
    let dir = tempfile::tempdir().unwrap();
    aftercare(dir.path())
        .args(["ticket", "list"])
        .assert()
        .success();
    assert!(!dir.path().join("data/aftercare/aftercare.log").exists());
}

#[test]
fn a_level_alone_logs_to_the_data_folder_and_a_file_alone_at_debug() {
    let dir = tempfile::tempdir().unwrap();
    aftercare(dir.path())
        .env("AFTERCARE_LOG", "info")
        .args(["ticket", "list"])
        .assert()
        .success();
    let text = std::fs::read_to_string(dir.path().join("data/aftercare/aftercare.log")).unwrap();
    assert!(
        text.contains("INFO") && text.contains("aftercare started"),
        "{text}"
    );
    let file = dir.path().join("mine.log");
    aftercare(dir.path())
        .arg("--log")
        .arg(&file)
        .args(["ticket", "list"])
        .assert()
        .success();
    assert!(std::fs::read_to_string(&file)
        .unwrap()
        .contains("aftercare started"));
}

#[test]
fn log_files_are_private_whatever_the_umask() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    // aftercare inherits the test's umask (022 by default), which would give 0644.
    aftercare(dir.path())
        .env("AFTERCARE_LOG", "info")
        .args(["ticket", "list"])
        .assert()
        .success();
    assert_eq!(
        mode(&dir.path().join("data/aftercare/aftercare.log")),
        0o600
    );
    assert_eq!(mode(&dir.path().join("data/aftercare")), 0o700);
    let file = dir.path().join("mine.log");
    aftercare(dir.path())
        .arg("--log")
        .arg(&file)
        .args(["ticket", "list"])
        .assert()
        .success();
    assert_eq!(mode(&file), 0o600);
}

#[test]
fn a_bad_level_is_an_error_with_a_hint() {
    let dir = tempfile::tempdir().unwrap();
    aftercare(dir.path())
        .env("AFTERCARE_LOG", "loud")
        .args(["ticket", "list"])
        .assert()
        .code(1)
        .stderr(contains("error: AFTERCARE_LOG=loud: not a log level"))
        .stderr(contains("hint: use error, warn"));
    // A log under a plain file cannot be made: said so, nothing else runs.
    let file = dir.path().join("plain");
    std::fs::write(&file, "x").unwrap();
    aftercare(dir.path())
        .arg("--log")
        .arg(file.join("x.log"))
        .args(["ticket", "list"])
        .assert()
        .code(1)
        .stderr(contains("error: cannot create"));
}
