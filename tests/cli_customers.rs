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

on_both! {
    fn a_partial_name_finds_the_one_customer_and_never_creates_another(env) {
        env.ok(&[
            "customer",
            "new",
            "--name",
            "华为技术有限公司",
            "--phone",
            "0755-2878",
        ]);
        let t = env.json(&[
            "ticket",
            "new",
            "--title",
            "打印机",
            "--customer",
            "华为技术",
        ]);
        assert_eq!(t["customer"], "华为技术有限公司", "{t}");
        // By phone too.
        let t = env.json(&["ticket", "new", "--title", "发票", "--customer", "2878"]);
        assert_eq!(t["customer"], "华为技术有限公司", "{t}");
        let all = env.json(&["customer", "list"]);
        assert_eq!(all.as_array().unwrap().len(), 1, "{all}");
    }
}

on_both! {
    fn an_ambiguous_or_unknown_customer_is_refused_and_new_customer_creates(env) {
        env.ok(&["customer", "new", "--name", "华为技术有限公司"]);
        env.ok(&["customer", "new", "--name", "华为终端"]);
        let err = env.fails(&["ticket", "new", "--title", "x", "--customer", "华为"], 1);
        assert!(err.contains("matches several customers"), "{err}");
        assert!(
            err.contains("#1 华为技术有限公司") && err.contains("#2 华为终端"),
            "{err}"
        );
        assert!(err.contains("hint:"), "{err}");
        let err = env.fails(&["ticket", "new", "--title", "x", "--customer", "小米"], 1);
        assert!(err.contains("customer '小米' not found"), "{err}");
        assert!(err.contains("--new-customer"), "{err}");
        // Nothing was written by the refused commands.
        assert_eq!(env.json(&["ticket", "list"]).as_array().unwrap().len(), 0);
        let t = env.json(&[
            "ticket",
            "new",
            "--title",
            "x",
            "--customer",
            "小米",
            "--new-customer",
        ]);
        assert_eq!(t["customer"], "小米");
        assert_eq!(env.json(&["customer", "list"]).as_array().unwrap().len(), 3);
    }
}

on_both! {
    fn merge_moves_tickets_products_and_contacts_and_leaves_a_pointer(env) {
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
            "new",
            "--name",
            "华为",
            "--phone",
            "0755-1",
            "--email",
            "old@huawei.example",
        ]);
        env.ok(&["ticket", "new", "--title", "a", "--customer", "#2"]);
        env.ok(&["ticket", "new", "--title", "b", "--customer", "#2"]);
        env.ok(&["customer", "product", "add", "#2", "--model", "P-100"]);
        let m = env.json(&["customer", "merge", "#2", "#1"]);
        assert_eq!(m["moved"]["tickets"], 2, "{m}");
        assert_eq!(m["moved"]["products"], 1, "{m}");
        assert_eq!(m["from"]["merged_into"], 1, "{m}");
        assert_eq!(m["into"]["phone"], "0755-1", "{m}");
        assert_eq!(m["into"]["email"], "it@huawei.example", "{m}");
        assert!(
            m["into"]["notes"]
                .as_str()
                .unwrap()
                .contains("old@huawei.example"),
            "{m}"
        );
        let t = env.json(&["ticket", "show", "1"]);
        assert_eq!(t["customer"], "华为技术有限公司");
        // The duplicate is gone from lists, and its id leads to the one kept.
        assert_eq!(env.json(&["customer", "list"]).as_array().unwrap().len(), 1);
        let shown = env.json(&["customer", "show", "2"]);
        assert_eq!(shown["id"], 1, "{shown}");
        let t = env.json(&["ticket", "new", "--title", "c", "--customer", "2"]);
        assert_eq!(t["customer"], "华为技术有限公司");
        // Errors: itself, twice, a stale version.
        assert!(env
            .fails(&["customer", "merge", "1", "1"], 1)
            .contains("itself"));
        assert!(env
            .fails(&["customer", "merge", "2", "1"], 1)
            .contains("already merged"));
        env.ok(&["customer", "new", "--name", "dup"]);
        let err = env.fails(&["customer", "merge", "3", "1", "--if-version", "7"], 1);
        assert!(err.contains("conflict"), "{err}");
        let h = env.json(&["ticket", "history", "1"]);
        assert!(h.to_string().contains("\"customer\""), "{h}");
    }
}
