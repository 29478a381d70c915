//! `report dashboard`: the HTML page shows exactly the numbers of `--format json`
//! (parsed like a browser would), is self-contained, is written 0600 (a
//! new page replaces the old whole), speaks the UI language; drill-down filters list the counted
//! tickets through the CLI; bad input is a clean error.

mod common;

use common::Env;
use scraper::{Html, Selector};
use serde_json::Value;
use std::collections::BTreeSet;

/// A fixed clock for every command, so that two reports see the same moment.
const NOW: &str = "2026-11-27T12:00:00+08:00";

fn run(env: &Env, args: &[&str]) -> String {
    let out = env
        .cmd(args)
        .env("AFTERCARE_NOW", NOW)
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8")
}

fn demo() -> Env {
    let env = Env::new();
    run(&env, &["demo", "--tickets", "600", "--seed", "7"]);
    env
}

/// JSON pointers of every `{n, filter}` object.
fn counts(v: &Value, at: String, out: &mut BTreeSet<String>) {
    match v {
        Value::Object(m) => {
            if m.contains_key("n") && m.contains_key("filter") {
                out.insert(at.clone());
            }
            for (k, x) in m {
                counts(x, format!("{at}/{k}"), out);
            }
        }
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                counts(x, format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}

/// Checks every number of the page against the JSON; returns the page.
fn check_page(html: &str, json: &Value, at_least: usize) -> Html {
    let doc = Html::parse_document(html);
    let numbers = Selector::parse("[data-json]").unwrap();
    let mut seen = BTreeSet::new();
    let mut checked = 0;
    for el in doc.select(&numbers) {
        let pointer = el.value().attr("data-json").unwrap();
        let raw = el.value().attr("data-value").unwrap();
        let want = json
            .pointer(pointer)
            .unwrap_or_else(|| panic!("{pointer} is not in the JSON"));
        if raw == "null" {
            assert!(want.is_null(), "{pointer}: page –, JSON {want}");
        } else {
            let got: f64 = raw.parse().unwrap();
            let want = want.as_f64().unwrap_or_else(|| panic!("{pointer}: {want}"));
            // serde_json reads floats to within a unit in the last place.
            assert!(
                (got - want).abs() <= 1e-12 * want.abs().max(1.0),
                "{pointer}: {got} vs {want}"
            );
        }
        if let Some(filter) = el.value().attr("data-filter") {
            // A count: the shown text is the number, the filter the JSON's.
            let text: String = el.text().collect();
            assert_eq!(text, raw, "{pointer}");
            let base = pointer.trim_end_matches("/n");
            assert_eq!(json.pointer(&format!("{base}/filter")).unwrap(), filter);
            seen.insert(base.to_string());
        }
        checked += 1;
    }
    let mut all = BTreeSet::new();
    counts(json, String::new(), &mut all);
    assert_eq!(
        seen, all,
        "every count of the JSON is on the page, and no other"
    );
    assert!(checked >= at_least, "{checked}");
    doc
}

#[test]
fn the_html_page_shows_the_numbers_of_the_json() {
    let env = demo();
    let args = ["report", "dashboard", "--days", "30"];
    let json: Value =
        serde_json::from_str(&run(&env, &[&args[..], &["--format", "json"]].concat())).unwrap();
    assert_eq!(json["period"]["from"], "2026-10-29");
    assert!(json["tiles"]["open_now"]["n"].as_i64().unwrap() > 0);
    let out = env.dir.path().join("dashboard.html");
    let o = out.to_str().unwrap();
    let said = run(
        &env,
        &[&args[..], &["--format", "html", "--out", o]].concat(),
    );
    assert!(said.contains("dashboard written to"), "{said}");
    let html = std::fs::read_to_string(&out).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&out).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
    let doc = check_page(&html, &json, 300);
    // Self-contained: no scripts, nothing loaded or linked.
    for sel in ["script", "link", "img", "iframe", "[src]", "[href]"] {
        let s = Selector::parse(sel).unwrap();
        assert_eq!(doc.select(&s).count(), 0, "{sel}");
    }
    let svgs = Selector::parse("figure svg").unwrap();
    assert!(doc.select(&svgs).count() >= 7);
    assert!(html.contains("<html lang=\"en\">") && html.contains("Service dashboard"));
    // Written again, the page replaces the old one whole (never through a symlink;
    // tests/private_files.rs) and stays private.
    std::fs::write(&out, "old").unwrap();
    run(
        &env,
        &[&args[..], &["--format", "html", "--out", o]].concat(),
    );
    assert_eq!(std::fs::read_to_string(&out).unwrap(), html);
}

#[test]
fn a_scoped_page_in_chinese() {
    let env = demo();
    let cfg = env.dir.path().join("zh.toml");
    let example =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/config.example.toml"))
            .unwrap();
    std::fs::write(
        &cfg,
        example.replace("language = \"en\"", "language = \"zh\""),
    )
    .unwrap();
    let c = cfg.to_str().unwrap();
    let args = [
        "--config",
        c,
        "report",
        "dashboard",
        "--since",
        "2026-11-01",
        "--until",
        "2026-11-20",
        "--type",
        "complaint",
        "--channel",
        "phone",
    ];
    let json: Value =
        serde_json::from_str(&run(&env, &[&args[..], &["--format", "json"]].concat())).unwrap();
    assert_eq!(json["scope_filter"], "type:complaint channel:phone");
    assert_eq!(json["volume"]["days"].as_array().unwrap().len(), 20);
    let html = run(&env, &[&args[..], &["--format", "html"]].concat());
    check_page(&html, &json, 300);
    for zh in [
        "<html lang=\"zh-CN\">",
        "服务看板",
        "每日各渠道工单量与积压",
        "周一",
        "电话",
        "投诉",
    ] {
        assert!(html.contains(zh), "{zh}");
    }
}

#[test]
fn drill_down_filters_list_the_counted_tickets() {
    let env = demo();
    let json: Value = serde_json::from_str(&run(
        &env,
        &["report", "dashboard", "--days", "7", "--format", "json"],
    ))
    .unwrap();
    let picks = [
        "/tiles/open_now",
        "/tiles/breached_now",
        "/tiles/response/breached",
        "/tiles/backlog/start",
        "/volume/days/3/by_channel/0",
        "/heatmap/cells/2/10",
        "/stages/5/tickets",
        "/categories/0/previous",
        "/csat/scores/4",
        "/agents/0/handled",
    ];
    for p in picks {
        let c = json.pointer(p).unwrap_or_else(|| panic!("{p}"));
        let filter = c["filter"].as_str().unwrap();
        let listed: Value = serde_json::from_str(&run(
            &env,
            &[
                "ticket", "list", "--query", filter, "--limit", "100000", "--format", "json",
            ],
        ))
        .unwrap();
        assert_eq!(
            listed.as_array().unwrap().len() as i64,
            c["n"].as_i64().unwrap(),
            "{p}: {filter}"
        );
    }
}

#[test]
fn table_and_csv() {
    let env = demo();
    let t = run(&env, &["report", "dashboard", "--days", "7"]);
    for part in [
        "Dashboard 2026-11-21 – 2026-11-27",
        "open now",
        "Per day",
        "Where tickets wait",
        "Agents",
    ] {
        assert!(t.contains(part), "{part}:\n{t}");
    }
    let csv = run(
        &env,
        &["report", "dashboard", "--days", "7", "--format", "csv"],
    );
    let mut lines = csv.lines();
    assert_eq!(lines.next(), Some("section,key,sub,value,filter"));
    assert!(csv.contains("tiles,open_now,,"), "{csv}");
    assert!(csv.lines().count() > 200);
}

#[test]
fn bad_input_is_a_clean_error() {
    let env = Env::new();
    for (args, needle) in [
        (vec!["report", "dashboard", "--days", "0"], "--days 0"),
        (
            vec!["report", "dashboard", "--since", "yesterday-ish"],
            "not a day",
        ),
        (
            vec![
                "report",
                "dashboard",
                "--since",
                "2026-11-20",
                "--until",
                "2026-11-01",
            ],
            "before",
        ),
        (
            vec!["report", "dashboard", "--type", "weather"],
            "unknown ticket type",
        ),
        (
            vec!["report", "dashboard", "--group", "nobody"],
            "unknown group",
        ),
        (vec!["report", "dashboard", "--channel", "fax"], "fax"),
        (vec!["ticket", "list", "--format", "html"], "--format html"),
    ] {
        let err = env.fails(&args, 1);
        assert!(err.contains(needle), "{args:?}: {err}");
    }
    env.fails(&["report", "dashboard", "--days", "7", "--since", "7d"], 2);
    let err = env
        .cmd(&["report", "dashboard"])
        .env("AFTERCARE_NOW", "soon")
        .output()
        .unwrap();
    assert_eq!(err.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&err.stderr).contains("AFTERCARE_NOW"));
    let missing = env.dir.path().join("no/such/dir/x.html");
    let err = env.fails(
        &[
            "report",
            "dashboard",
            "--format",
            "html",
            "--out",
            missing.to_str().unwrap(),
        ],
        1,
    );
    assert!(err.contains("cannot create"), "{err}");
}

#[test]
fn the_project_report_page_shows_the_numbers_of_the_json() {
    let env = demo();
    for id in ["1", "3"] {
        let json: Value =
            serde_json::from_str(&run(&env, &["project", "report", id, "--format", "json"]))
                .unwrap();
        assert!(json["curve"]["points"].as_array().unwrap().len() > 10);
        let out = env.dir.path().join(format!("project-{id}.html"));
        run(
            &env,
            &[
                "project",
                "report",
                id,
                "--format",
                "html",
                "--out",
                out.to_str().unwrap(),
            ],
        );
        let html = std::fs::read_to_string(&out).unwrap();
        let doc = check_page(&html, &json, 20);
        let svgs = Selector::parse("figure svg").unwrap();
        assert_eq!(
            doc.select(&svgs).count(),
            3,
            "progress curve, Gantt, risk matrix"
        );
        for part in ["Progress: planned versus actual", "Timeline", "Risk matrix"] {
            assert!(html.contains(part), "{part}");
        }
        for sel in ["script", "[src]", "[href]"] {
            assert_eq!(
                doc.select(&Selector::parse(sel).unwrap()).count(),
                0,
                "{sel}"
            );
        }
    }
    let all: Value =
        serde_json::from_str(&run(&env, &["project", "progress", "--format", "json"])).unwrap();
    assert_eq!(
        all["projects"].as_array().unwrap().len(),
        4,
        "the closed one is left out"
    );
    assert!(run(&env, &["project", "progress", "2"]).contains("planned"));
    env.fails(&["project", "progress", "42"], 1);
    env.fails(&["project", "progress", "--format", "html"], 1);
}
