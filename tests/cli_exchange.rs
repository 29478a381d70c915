//! CLI tests of export json|csv, loading an export into an empty database, and
//! importing tickets from CSV and JSON files with a column mapping.

mod common;
use common::{on_both, Env};
use serde_json::Value;

fn fixture(name: &str) -> String {
    format!("{}/tests/fixtures/mail/{name}", env!("CARGO_MANIFEST_DIR"))
}

/// A database with a bit of everything part B touches.
fn populated() -> Env {
    let env = Env::new();
    env.ok(&["agent", "new", "李娜", "--email", "support@support.example"]);
    env.ok(&[
        "customer",
        "new",
        "--name",
        "华为技术有限公司",
        "--email",
        "it@huawei.example",
    ]);
    env.ok(&[
        "customer",
        "product",
        "add",
        "1",
        "--model",
        "LaserJet M404",
        "--serial",
        "SN-1",
        "--purchased",
        "2025-01-02",
        "--warranty-end",
        "2099-12-31",
    ]);
    env.ok(&["import", "mbox", &fixture("support.mbox")]);
    env.ok(&["import", "eml", &fixture("multipart_qp_attachment.eml")]);
    let t = env.ticket("SN-1 打印机卡纸", &["--customer", "1", "--tag", "vip"]);
    env.ok(&["ticket", "comment", &t.to_string(), "已更换硒鼓"]);
    env.ok(&["ticket", "relate", &t.to_string(), "1", "--as", "related"]);
    env.ok(&["ticket", "merge", "3", "2"]);
    env
}

fn export(env: &Env) -> Value {
    env.json(&["export", "json"])
}

#[test]
fn export_then_import_into_an_empty_database_gives_the_same_data() {
    let a = populated();
    let file = a.dir.path().join("export.json");
    a.ok(&["export", "json", "--out", &file.display().to_string()]);
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assert_eq!(doc["format"], "aftercare-export");
    let tables = doc["tables"].as_object().unwrap();
    for t in [
        "tickets",
        "comments",
        "customers",
        "products",
        "agents",
        "audit",
        "projects",
        "ticket_tags",
        "ticket_links",
        "mail_messages",
        "attachments",
    ] {
        assert!(tables.contains_key(t), "missing table {t}");
    }
    assert!(!tables.contains_key("counters"));
    // Times are RFC 3339.
    let created = doc["tables"]["tickets"][0]["created_at"].as_str().unwrap();
    assert!(
        chrono::DateTime::parse_from_rfc3339(created).is_ok(),
        "{created}"
    );

    let b = Env::new();
    let loaded = b.json(&["import", "json", &file.display().to_string()]);
    assert_eq!(
        loaded["restored"]["tickets"],
        doc["tables"]["tickets"].as_array().unwrap().len()
    );
    assert_eq!(export(&b)["tables"], doc["tables"]);
    // Same ids, same tickets, working indexes and counters.
    assert_eq!(
        b.json(&["ticket", "show", "1"]),
        a.json(&["ticket", "show", "1"])
    );
    assert_eq!(
        b.json(&["ticket", "list", "--query", "交换机"]),
        a.json(&["ticket", "list", "--query", "交换机"])
    );
    b.ok(&["db", "check"]);
    // The mail ids came along: importing the mbox again changes nothing.
    let again = b.json(&["import", "mbox", &fixture("support.mbox")]);
    assert_eq!(
        (again["tickets"].as_i64(), again["replies"].as_i64()),
        (Some(0), Some(0))
    );
}

#[test]
fn an_export_only_loads_into_an_empty_database() {
    let a = populated();
    let file = a.dir.path().join("e.json");
    a.ok(&["export", "json", "--out", &file.display().to_string()]);
    let err = a.fails(&["import", "json", &file.display().to_string()], 1);
    assert!(err.contains("not empty"), "{err}");
    assert!(err.contains("hint: "), "{err}");
    let b = Env::new();
    let err = b.fails(
        &["import", "json", &file.display().to_string(), "--dry-run"],
        1,
    );
    assert!(err.contains("loaded whole"), "{err}");
    // A document from a newer schema, or with unknown tables, is refused untouched.
    let mut doc: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    doc["schema_version"] = 9999.into();
    let newer = b.dir.path().join("newer.json");
    std::fs::write(&newer, doc.to_string()).unwrap();
    let err = b.fails(&["import", "json", &newer.display().to_string()], 1);
    assert!(err.contains("newer"), "{err}");
    doc["schema_version"] = 1.into();
    doc["tables"]["martians"] = serde_json::json!([]);
    std::fs::write(&newer, doc.to_string()).unwrap();
    let err = b.fails(&["import", "json", &newer.display().to_string()], 1);
    assert!(err.contains("martians"), "{err}");
    assert_eq!(b.json(&["ticket", "list"]), serde_json::json!([]));
}

#[test]
fn export_csv_writes_one_file_per_table() {
    let a = populated();
    let dir = a.dir.path().join("csv");
    a.ok(&["export", "csv", "--out", &dir.display().to_string()]);
    let tickets = std::fs::read_to_string(dir.join("tickets.csv")).unwrap();
    let header = tickets.lines().next().unwrap();
    assert!(header.starts_with("id,title,body,stage"), "{header}");
    assert!(header.contains("group_id"));
    assert!(tickets.contains("ERP 系统登录失败 login fails"));
    assert!(dir.join("comments.csv").exists() && dir.join("audit.csv").exists());
    let err = a.fails(&["export", "csv"], 2);
    assert!(err.contains("--out"), "{err}");
}

const CSV: &str = "工单号,主题,描述,客户邮箱,客户,优先级,渠道,创建时间,标签,状态\n\
T-1,打印机卡纸,每十页卡一次,li@a.example,李娜,高,电话,2026-03-01 09:00,vip;打印机,\n\
T-2,发票抬头错误,,wang@b.example,王强,紧急,邮件,2026/03/02 10:30,,已解决\n\
T-3,,没有标题,,,,,,,\n\
T-4,坏日期,x,,,低,,yesterday,,\n\
T-5,坏优先级,x,,,超级,,,,\n";

const MAP: &str = "id=工单号,title=主题,body=描述,email=客户邮箱,customer=客户,priority=优先级,\
channel=渠道,created_at=创建时间,tags=标签,stage=状态";

on_both! {
    fn csv_import_with_mapping_gbk_dry_run_and_skips(env) {
        let path = env.dir.path().join("tickets.csv");
        let (gbk, _, _) = encoding_rs::GBK.encode(CSV);
        std::fs::write(&path, &gbk).unwrap();
        let p = path.display().to_string();
        let dry = env.json(&["import", "csv", &p, "--map", MAP, "--dry-run"]);
        assert_eq!(
            (dry["tickets"].as_i64(), dry["skipped"].as_i64()),
            (Some(2), Some(3))
        );
        assert_eq!(env.json(&["ticket", "list"]), serde_json::json!([]));

        let s = env.json(&["import", "csv", &p, "--map", MAP]);
        assert_eq!(s["tickets"], 2);
        assert_eq!(s["skipped_by_reason"]["empty title"], 1);
        assert_eq!(s["skipped_by_reason"]["unreadable date"], 1);
        assert_eq!(s["skipped_by_reason"]["unknown priority"], 1);
        let t1 = env.json(&["ticket", "show", "1"]);
        assert_eq!(t1["title"], "打印机卡纸");
        assert_eq!(t1["priority"], "high");
        assert_eq!(t1["channel"], "phone");
        assert_eq!(t1["customer"], "李娜");
        assert_eq!(t1["tags"], serde_json::json!(["vip", "打印机"]));
        assert!(t1["created_at"].as_str().unwrap().starts_with("2026-03-01"));
        let t2 = env.json(&["ticket", "show", "2"]);
        assert_eq!(t2["stage"], "resolved");
        assert!(t2["resolved_at"].is_string());
        let again = env.json(&["import", "csv", &p, "--map", MAP]);
        assert_eq!(
            (again["tickets"].as_i64(), again["duplicates"].as_i64()),
            (Some(0), Some(2))
        );
        env.ok(&["db", "check"]);

        let err = env.fails(&["import", "csv", &p, "--map", "title=Nope"], 1);
        assert!(
            err.contains("no column 'Nope'") && err.contains("主题"),
            "{err}"
        );
        let err = env.fails(&["import", "csv", &p, "--map", "titel=主题"], 1);
        assert!(err.contains("unknown field 'titel'"), "{err}");
        let err = env.fails(&["import", "csv", &p, "--encoding", "utf-8"], 1);
        assert!(err.contains("not UTF-8"), "{err}");
        // Without --map, known header names (also Chinese ones) are used.
        let auto = env.json(&["import", "csv", &p]);
        assert_eq!(auto["tickets"], 0, "{auto}");
        let odd = env.dir.path().join("odd.csv");
        std::fs::write(&odd, "x,y\n1,2\n").unwrap();
        let err = env.fails(&["import", "csv", &odd.display().to_string()], 1);
        assert!(
            err.contains("no column gives the ticket title") && err.contains("x, y"),
            "{err}"
        );
    }
}

on_both! {
    fn json_rows_import_with_default_names(env) {
        let path = env.dir.path().join("rows.json");
        std::fs::write(
            &path,
            r#"[{"title": "退款申请", "body": "订单 88", "customer": "王强", "priority": "urgent", "type": "complaint", "tags": ["vip"]},
                {"title": "", "body": "no title"},
                {"title": "Where is my parcel", "type": "return", "channel": "web", "email": "tom@x.example"}]"#,
        )
        .unwrap();
        let p = path.display().to_string();
        let s = env.json(&["import", "json", &p]);
        assert_eq!(
            (s["tickets"].as_i64(), s["skipped"].as_i64()),
            (Some(2), Some(1))
        );
        let t = env.json(&["ticket", "show", "1"]);
        assert_eq!(
            (t["type"].as_str(), t["stage"].as_str()),
            (Some("complaint"), Some("accepted"))
        );
        assert_eq!(t["group"], "customer_care");
        let t = env.json(&["ticket", "show", "2"]);
        assert_eq!(t["group"], "logistics");
        assert_eq!(t["customer"], "tom");
        let bad = env.dir.path().join("bad.json");
        std::fs::write(&bad, "{not json").unwrap();
        let err = env.fails(&["import", "json", &bad.display().to_string()], 1);
        assert!(err.contains("not JSON"), "{err}");
    }
}
