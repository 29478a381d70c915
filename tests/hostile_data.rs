//! Text a customer (or another program) controls: no formula reaches a spreadsheet
//! and no escape sequence reaches a terminal, on every path; the documented filter
//! syntax works on the command line; huge queries cost a bounded time and say why.

mod common;
use common::Env;
use serde_json::Value;

const FORMULA: &str = "=cmd|' /C calc'!A0";
const LINK: &str = "=HYPERLINK(\"http://evil.example\",\"click\")";
const ESC: &str = "\u{1b}]0;pwned\u{7}\u{1b}[31mred\u{202e}txt";

/// Every CSV cell that a spreadsheet would run as a formula.
fn formulas(csv: &str) -> Vec<String> {
    let mut rd = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(csv.as_bytes());
    rd.records()
        .flat_map(|r| r.unwrap().iter().map(str::to_string).collect::<Vec<_>>())
        .filter(|c| {
            c.starts_with(['=', '@', '\t', '\r'])
                || (c.starts_with(['+', '-']) && c[1..].parse::<f64>().is_err())
        })
        .collect()
}

fn hostile() -> Env {
    let env = Env::new();
    env.ok(&["customer", "new", "--name", LINK, "--notes", "@SUM(A1)"]);
    env.ticket(FORMULA, &["--customer", "1", "--body", "+1+1"]);
    env.ok(&["ticket", "comment", "1", "-2+3 refund"]);
    env.ok(&[
        "project",
        "new",
        "--name",
        "=1+1 project",
        "--due",
        "2030-06-30",
    ]);
    env.ok(&[
        "task",
        "new",
        "--project",
        "1",
        "--name",
        "@evil task",
        "--start",
        "2030-04-01",
        "--end",
        "2030-04-03",
    ]);
    env
}

#[test]
fn csv_output_never_carries_a_formula_unless_asked_for_raw() {
    let env = hostile();
    for args in [
        vec!["ticket", "list"],
        vec!["ticket", "show", "1"],
        vec!["customer", "list"],
        vec!["customer", "show", "1"],
        vec!["task", "list"],
        vec!["project", "report", "1"],
        vec!["search", "calc"],
    ] {
        let mut a = args.clone();
        a.extend(["--format", "csv"]);
        let out = env.ok(&a);
        assert!(
            formulas(&out).is_empty(),
            "{args:?}: {:?}\n{out}",
            formulas(&out)
        );
        assert!(
            out.contains("'=") || out.contains("'@"),
            "{args:?} keeps the text, quoted: {out}"
        );
    }
    let list = env.ok(&["ticket", "list", "--format", "csv"]);
    assert!(list.contains(&format!("'{FORMULA}")), "{list}");
    // Raw output for scripts: the text exactly as stored.
    let raw = env.ok(&["ticket", "list", "--format", "csv", "--csv-raw"]);
    assert_eq!(formulas(&raw), vec![LINK.to_string(), FORMULA.to_string()]);
    // Every table of an export.
    let dir = env.dir.path().join("csv");
    env.ok(&["export", "csv", "--out", dir.to_str().unwrap()]);
    for f in std::fs::read_dir(&dir).unwrap().flatten() {
        let text = std::fs::read_to_string(f.path()).unwrap();
        assert!(
            formulas(&text).is_empty(),
            "{:?}: {:?}",
            f.path(),
            formulas(&text)
        );
    }
    let tickets = std::fs::read_to_string(dir.join("tickets.csv")).unwrap();
    assert!(tickets.contains(&format!("'{FORMULA}")), "{tickets}");
}

#[test]
fn a_csv_that_cannot_be_written_is_an_error() {
    let env = hostile();
    let full = std::fs::OpenOptions::new().write(true).open("/dev/full");
    let Ok(full) = full else {
        common::mounts::skipped("csv write error", "no /dev/full here");
        return;
    };
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_aftercare"))
        .arg("--db")
        .arg(&env.db)
        .args(["ticket", "list", "--format", "csv"])
        .env("HOME", env.dir.path())
        .env("AFTERCARE_ACTOR", "tester")
        .stdout(full)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("the disk is full"), "{err}");
}

#[test]
fn imported_text_is_cleaned_and_stored_text_is_cleaned_when_printed() {
    let env = Env::new();
    env.ticket("plain", &[]);
    env.ok(&["customer", "new", "--name", "ACME"]);
    let mut doc: Value = env.json(&["export", "json"]);
    doc["tables"]["tickets"][0]["title"] = Value::String(format!("title {ESC}"));
    doc["tables"]["customers"][0]["notes"] = Value::String(format!("notes {ESC}"));
    let file = env.dir.path().join("evil.json");
    std::fs::write(&file, doc.to_string()).unwrap();
    let other = Env::new();
    other.ok(&["import", "json", file.to_str().unwrap()]);
    for args in [
        vec!["ticket", "show", "1"],
        vec!["ticket", "list"],
        vec!["customer", "show", "ACME"],
        vec!["ticket", "list", "--format", "csv"],
        vec!["customer", "list", "--format", "csv"],
        vec!["ticket", "show", "1", "--format", "json"],
        vec!["export", "json"],
    ] {
        let out = other.ok(&args);
        assert!(!out.contains('\u{1b}'), "{args:?}: {out:?}");
        assert!(
            !out.contains("\\u001b"),
            "{args:?} stores no escape: {out:?}"
        );
        assert!(!out.contains('\u{202e}'), "{args:?}: {out:?}");
    }
    let t = other.json(&["ticket", "show", "1"]);
    assert_eq!(t["title"], "title redtxt");
}

#[test]
fn an_error_line_quoting_stored_text_is_one_clean_line() {
    let env = Env::new();
    env.ticket("t", &[]);
    let e = env.fails(&["ticket", "assign", "1", "bob\u{1b}[2J\nhint: fake"], 1);
    assert!(!e.contains('\u{1b}'), "{e:?}");
    assert_eq!(
        e.lines().filter(|l| l.starts_with("hint:")).count(),
        1,
        "{e}"
    );
}

#[test]
fn filters_and_searches_may_start_with_a_minus() {
    let env = Env::new();
    let a = env.ticket("printer jam", &[]);
    let b = env.ticket("printer refund", &[]);
    env.ok(&["ticket", "move", &b.to_string(), "analysing"]);
    let open = env.json(&["ticket", "list", "--query", "-stage:analysing"]);
    let ids: Vec<i64> = open
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids, vec![a]);
    let hits = env.json(&["search", "printer", "-refund", "--limit", "5"]);
    let ids: Vec<i64> = hits
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids, vec![a]);
    // Options still work anywhere, and -h is still help.
    let out = env.ok(&["search", "-refund", "printer", "--format", "csv"]);
    assert!(out.starts_with("kind,"), "{out}");
    assert!(env.ok(&["search", "-h"]).contains("Usage"));
}

#[test]
fn huge_queries_are_refused_with_a_reason_and_never_leak_engine_errors() {
    let env = Env::new();
    env.ticket("退款 款1 申请", &["--body", "订单 1720 元"]);
    let long = "a ".repeat(5_000);
    let e = env.fails(&["search", &long], 1);
    assert!(e.contains("at most 1000"), "{e}");
    assert!(e.contains("hint: shorten it"), "{e}");
    let many: Vec<String> = (0..40).map(|i| format!("w{i}")).collect();
    let e = env.fails(&["ticket", "list", "--query", &many.join(" ")], 1);
    assert!(e.contains("more than 32 different conditions"), "{e}");
    // The same word many times is one condition.
    assert_eq!(
        env.json(&["ticket", "list", "--query", &"退款 ".repeat(300)])
            .as_array()
            .unwrap()
            .len(),
        1
    );
    for q in ["款1", "退 jam", "1款", "\"款\" 1", "款 -1"] {
        for args in [vec!["search", q], vec!["ticket", "list", "--query", q]] {
            let out = env.cmd(&args).output().unwrap();
            let err = String::from_utf8_lossy(&out.stderr);
            assert!(!err.contains("fts5"), "{args:?}: {err}");
            assert!(!err.contains("syntax error"), "{args:?}: {err}");
            assert!(out.status.success(), "{args:?}: {err}");
        }
    }
    let hits = env.json(&["search", "款1"]);
    assert_eq!(hits.as_array().unwrap().len(), 1);
}

#[test]
fn durations_out_of_range_are_refused_not_a_panic() {
    let env = Env::new();
    env.ticket("t", &[]);
    for q in [
        "due:<1e300d",
        "created:<-infd",
        "due:>NaNh",
        "due:<99999999999w",
    ] {
        let e = env.fails(&["ticket", "list", "--query", q], 1);
        assert!(e.contains("is not a duration"), "{q}: {e}");
    }
    assert_eq!(
        env.json(&["ticket", "list", "--query", "created:<1.5h"])
            .as_array()
            .unwrap()
            .len(),
        1
    );
}
