//! CLI tests of customers in depth: edit, products, warranty, history, errors.

mod common;
use common::on_both;

on_both! {
    fn edit_changes_fields_with_audit_and_version_checks(env) {
        env.ok(&[
            "customer",
            "new",
            "--name",
            "上海远景",
            "--email",
            "a@yj.example",
            "--phone",
            "021-1",
        ]);
        let c = env.json(&[
            "customer",
            "edit",
            "1",
            "--org",
            "远景集团",
            "--phone",
            "",
            "--chat",
            "wx:yuanjing",
            "--if-version",
            "1",
        ]);
        assert_eq!(c["organization"], "远景集团");
        assert_eq!(c["phone"], serde_json::Value::Null);
        assert_eq!(c["chat"], "wx:yuanjing");
        assert_eq!(c["version"], 2);
        let err = env.fails(
            &["customer", "edit", "1", "--name", "x", "--if-version", "1"],
            1,
        );
        assert!(err.contains("conflict") && err.contains("tester"), "{err}");
        let err = env.fails(&["customer", "edit", "1", "--email", "not-an-address"], 1);
        assert!(err.contains("not an email address"), "{err}");
        let err = env.fails(&["customer", "edit", "1", "--name", "  "], 1);
        assert!(err.contains("cannot be empty"), "{err}");
        env.fails(&["customer", "edit", "99", "--name", "x"], 1);
        // By email too; nothing changed means no new version.
        let c = env.json(&["customer", "edit", "a@yj.example", "--org", "远景集团"]);
        assert_eq!(c["version"], 2);
        let out = env.ok(&["customer", "edit", "1", "--notes", "VIP 客户"]);
        assert!(out.contains("version 3"), "{out}");
    }
}

on_both! {
    fn products_warranty_and_history(env) {
        env.ok(&[
            "customer",
            "new",
            "--name",
            "华为技术有限公司",
            "--email",
            "it@hw.example",
        ]);
        let p = env.json(&[
            "customer",
            "product",
            "add",
            "华为技术有限公司",
            "--model",
            "LaserJet M404",
            "--serial",
            "CN-8842",
            "--purchased",
            "2025-03-01",
            "--warranty-end",
            "2099-12-31",
        ]);
        assert_eq!(p["warranty"], "in_warranty");
        env.ok(&[
            "customer",
            "product",
            "add",
            "1",
            "--model",
            "Scanner S2",
            "--serial",
            "SC-1",
            "--warranty-end",
            "2001-01-01",
        ]);
        env.ok(&["customer", "product", "add", "1", "--model", "Cable"]);
        let list = env.json(&["customer", "product", "list", "1"]);
        let states: Vec<&str> = list
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["warranty"].as_str().unwrap())
            .collect();
        assert_eq!(states, vec!["in_warranty", "expired", "unknown"]);

        // The ticket names the expired scanner: its warranty is what counts.
        let t1 = env.json(&[
            "ticket",
            "new",
            "--title",
            "SC-1 无法开机",
            "--customer",
            "1",
        ]);
        assert_eq!(t1["warranty"], "expired");
        assert_eq!(t1["warranty_product"]["serial"], "SC-1");
        // Nothing named: in warranty because one product is.
        let t2 = env.json(&["ticket", "new", "--title", "help", "--customer", "1"]);
        assert_eq!(t2["warranty"], "in_warranty");
        let t3 = env.json(&["ticket", "new", "--title", "no customer"]);
        assert_eq!(t3["warranty"], "unknown");
        let show = env.ok(&["ticket", "show", "1"]);
        assert!(
            show.contains("warranty") && show.contains("expired — Scanner S2 SC-1"),
            "{show}"
        );

        // Resolve one ticket with a reply: the customer's history shows how.
        env.ok(&["ticket", "comment", "2", "已远程修复，请重启"]);
        env.ok(&["ticket", "move", "2", "resolved"]);
        let v = env.json(&["customer", "show", "1"]);
        assert_eq!(v["ticket_count"], 2);
        assert_eq!(v["open_tickets"], 1);
        let tickets = v["tickets"].as_array().unwrap();
        assert_eq!(tickets[0]["id"], 2);
        assert_eq!(tickets[0]["done"], true);
        assert_eq!(tickets[0]["resolution"], "已远程修复，请重启");
        assert_eq!(tickets[1]["resolution"], serde_json::Value::Null);
        assert_eq!(v["products"].as_array().unwrap().len(), 3);
        let table = env.ok(&["customer", "show", "it@hw.example"]);
        assert!(
            table.contains("in warranty") && table.contains("已远程修复"),
            "{table}"
        );
    }
}

on_both! {
    fn product_errors(env) {
        env.ok(&["customer", "new", "--name", "A"]);
        let err = env.fails(
            &[
                "customer",
                "product",
                "add",
                "1",
                "--model",
                "X",
                "--purchased",
                "2026-13-01",
            ],
            1,
        );
        assert!(
            err.contains("not a date") && err.contains("YYYY-MM-DD"),
            "{err}"
        );
        let err = env.fails(
            &[
                "customer",
                "product",
                "add",
                "1",
                "--model",
                "X",
                "--purchased",
                "2026-02-01",
                "--warranty-end",
                "2025-01-01",
            ],
            1,
        );
        assert!(err.contains("before the purchase"), "{err}");
        let err = env.fails(&["customer", "product", "add", "1", "--model", " "], 1);
        assert!(err.contains("needs a model"), "{err}");
        let err = env.fails(&["customer", "product", "add", "nobody", "--model", "X"], 1);
        assert!(err.contains("not found"), "{err}");
        env.fails(&["customer", "product", "add", "1"], 2);
    }
}
