//! CLI tests of tags, relations, merging and routing.

mod common;
use common::{on_both, Env};
use serde_json::Value;

fn show(env: &Env, id: i64) -> Value {
    env.json(&["ticket", "show", &id.to_string()])
}

on_both! {
    fn tags_add_remove_filter_and_errors(env) {
        let a = env.ticket("打印机卡纸", &["--tag", "VIP,打印机"]);
        let b = env.ticket("发票", &[]);
        assert_eq!(show(env, a)["tags"], serde_json::json!(["vip", "打印机"]));
        let r = env.json(&[
            "ticket",
            "tag",
            &b.to_string(),
            "退款",
            "#urgent",
            "--if-version",
            "1",
        ]);
        assert_eq!(r["tags"], serde_json::json!(["urgent", "退款"]));
        assert_eq!(r["version"], 3);
        let err = env.fails(
            &["ticket", "tag", &b.to_string(), "x", "--if-version", "1"],
            1,
        );
        assert!(err.contains("conflict"), "{err}");
        let ids = |q: &str| -> Vec<i64> {
            env.json(&["ticket", "list", &format!("--query={q}")])
                .as_array()
                .unwrap()
                .iter()
                .map(|t| t["id"].as_i64().unwrap())
                .collect()
        };
        assert_eq!(ids("tag:vip"), vec![a]);
        assert_eq!(ids("tag:退款,vip"), vec![b, a]);
        assert_eq!(ids("-tag:vip"), vec![b]);
        env.ok(&["ticket", "untag", &a.to_string(), "VIP"]);
        assert_eq!(ids("tag:vip"), Vec::<i64>::new());
        let err = env.fails(&["ticket", "untag", &a.to_string(), "nope"], 1);
        assert!(
            err.contains("has no tag 'nope'") && err.contains("打印机"),
            "{err}"
        );
        let err = env.fails(&["ticket", "tag", &a.to_string(), "two words"], 1);
        assert!(err.contains("contains"), "{err}");
        env.fails(&["ticket", "tag", "99", "x"], 1);
        env.fails(&["ticket", "tag", "1"], 2);
        let tags = env.json(&["ticket", "tags"]);
        assert_eq!(tags.as_array().unwrap().len(), 3);
        let h = env.json(&["ticket", "history", &b.to_string()]);
        assert!(h
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["action"] == "tag" && e["new"] == "退款"));
        env.ok(&["db", "check"]);
    }
}

on_both! {
    fn relations_parent_child_related_and_errors(env) {
        let p = env.ticket("全公司网络中断", &[]);
        let c1 = env.ticket("财务部断网", &[]);
        let c2 = env.ticket("销售部断网", &[]);
        let other = env.ticket("打印机", &[]);
        env.ok(&[
            "ticket",
            "relate",
            &c1.to_string(),
            &p.to_string(),
            "--as",
            "parent",
        ]);
        env.ok(&[
            "ticket",
            "relate",
            &p.to_string(),
            &c2.to_string(),
            "--as",
            "child",
        ]);
        let r = env.json(&["ticket", "relate", &other.to_string(), &p.to_string()]);
        assert_eq!(r["related"][0]["id"], p);
        let s = show(env, p);
        let kids: Vec<i64> = s["relations"]["children"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["id"].as_i64().unwrap())
            .collect();
        assert_eq!(kids, vec![c1, c2]);
        assert_eq!(s["relations"]["related"][0]["id"], other);
        assert_eq!(show(env, c1)["relations"]["parent"]["id"], p);
        let table = env.ok(&["ticket", "show", &p.to_string()]);
        assert!(
            table.contains("child") && table.contains("财务部断网"),
            "{table}"
        );
        // Relating twice changes nothing.
        let v = show(env, c1)["version"].clone();
        env.ok(&[
            "ticket",
            "relate",
            &c1.to_string(),
            &p.to_string(),
            "--as",
            "parent",
        ]);
        assert_eq!(show(env, c1)["version"], v);

        let err = env.fails(
            &[
                "ticket",
                "relate",
                &p.to_string(),
                &c1.to_string(),
                "--as",
                "parent",
            ],
            1,
        );
        assert!(err.contains("cycle"), "{err}");
        let err = env.fails(
            &[
                "ticket",
                "relate",
                &c1.to_string(),
                &other.to_string(),
                "--as",
                "parent",
            ],
            1,
        );
        assert!(err.contains("already has a parent"), "{err}");
        let err = env.fails(&["ticket", "relate", &p.to_string(), &p.to_string()], 1);
        assert!(err.contains("itself"), "{err}");
        let err = env.fails(&["ticket", "relate", &p.to_string(), "99"], 1);
        assert!(err.contains("not found"), "{err}");
        let err = env.fails(
            &[
                "ticket",
                "relate",
                &p.to_string(),
                &c1.to_string(),
                "--as",
                "cousin",
            ],
            1,
        );
        assert!(err.contains("unknown relation"), "{err}");
        env.ok(&["ticket", "unrelate", &p.to_string(), &c1.to_string()]);
        assert_eq!(show(env, c1)["relations"]["parent"], Value::Null);
        let err = env.fails(&["ticket", "unrelate", &p.to_string(), &c1.to_string()], 1);
        assert!(err.contains("not related"), "{err}");
        env.ok(&["db", "check"]);
    }
}

on_both! {
    fn merge_moves_comments_and_closes_the_duplicate(env) {
        let keep = env.ticket("打印机卡纸", &["--type", "technical"]);
        let dup = env.ticket(
            "打印机又卡纸了",
            &["--body", "同一台打印机", "--tag", "vip"],
        );
        env.ok(&["ticket", "comment", &dup.to_string(), "请提供型号"]);
        env.ok(&[
            "ticket",
            "comment",
            &dup.to_string(),
            "内部备注",
            "--internal",
        ]);
        env.ok(&["ticket", "move", &dup.to_string(), "in_progress"]);
        let m = env.json(&["ticket", "merge", &dup.to_string(), &keep.to_string()]);
        assert_eq!(m["comments_moved"], 2);
        // in_progress cannot move to closed by the workflow; a merge closes anyway.
        assert_eq!(m["duplicate_stage"], "closed");
        let d = show(env, dup);
        assert_eq!(d["stage"], "closed");
        assert!(d["closed_at"].is_string());
        assert_eq!(d["relations"]["duplicate_of"]["id"], keep);
        let dc = d["comments"].as_array().unwrap();
        assert_eq!(dc.len(), 1);
        assert_eq!(dc[0]["body"], format!("merged into #{keep}"));
        let k = show(env, keep);
        let bodies: Vec<&str> = k["comments"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["body"].as_str().unwrap())
            .collect();
        assert!(
            bodies.contains(&"请提供型号") && bodies.contains(&"内部备注"),
            "{bodies:?}"
        );
        assert!(
            bodies.iter().any(|b| b.contains("同一台打印机")),
            "{bodies:?}"
        );
        assert_eq!(k["tags"], serde_json::json!(["vip"]));
        assert_eq!(k["relations"]["duplicates"][0]["id"], dup);
        let events = |id: i64| -> Vec<String> {
            env.json(&["ticket", "history", &id.to_string()])
                .as_array()
                .unwrap()
                .iter()
                .map(|e| {
                    format!(
                        "{}:{}",
                        e["action"].as_str().unwrap(),
                        e["field"].as_str().unwrap_or("")
                    )
                })
                .collect()
        };
        assert!(events(dup).contains(&"merge:merged_into".to_string()));
        assert!(events(keep).contains(&"merge:merged_from".to_string()));

        let third = env.ticket("third", &[]);
        let err = env.fails(
            &["ticket", "merge", &dup.to_string(), &third.to_string()],
            1,
        );
        assert!(err.contains("already merged"), "{err}");
        let err = env.fails(
            &["ticket", "merge", &third.to_string(), &dup.to_string()],
            1,
        );
        assert!(
            err.contains(&format!("merge into #{keep} instead")),
            "{err}"
        );
        let err = env.fails(
            &["ticket", "merge", &third.to_string(), &third.to_string()],
            1,
        );
        assert!(err.contains("itself"), "{err}");
        let err = env.fails(
            &[
                "ticket",
                "merge",
                &third.to_string(),
                &keep.to_string(),
                "--if-version",
                "7",
            ],
            1,
        );
        assert!(err.contains("conflict"), "{err}");
        env.ok(&["db", "check"]);
    }
}

on_both! {
    fn routing_by_type_channel_tag_and_route_again(env) {
        let group = |id: i64| show(env, id)["group"].clone();
        let tech = env.ticket("login fails", &[]);
        let ret = env.ticket("退货", &["--type", "return"]);
        let sales = env.ticket("报价", &["--type", "inquiry", "--channel", "phone"]);
        let mail_inquiry = env.ticket("报价", &["--type", "inquiry", "--channel", "email"]);
        let vip = env.ticket("退货", &["--type", "return", "--tag", "vip"]);
        assert_eq!(group(tech), "technical");
        assert_eq!(group(ret), "logistics");
        assert_eq!(group(sales), "sales");
        assert_eq!(group(mail_inquiry), "technical");
        assert_eq!(group(vip), "customer_care");
        let ids = |q: &str| {
            env.json(&["ticket", "list", &format!("--query={q}")])
                .as_array()
                .unwrap()
                .len()
        };
        assert_eq!(ids("group:logistics"), 1);
        assert_eq!(ids("group:technical,sales"), 3);
        let err = env.fails(&["ticket", "list", "--query", "group:nope"], 1);
        assert!(
            err.contains("unknown group 'nope'") && err.contains("logistics"),
            "{err}"
        );

        // After a change of type, `route` sends it to its new group.
        env.ok(&["ticket", "edit", &tech.to_string(), "--type", "return"]);
        let r = env.json(&["route", &tech.to_string()]);
        assert_eq!(
            (r["group"].as_str(), r["previous_group"].as_str()),
            (Some("logistics"), Some("technical"))
        );
        assert_eq!(r["changed"], true);
        let again = env.json(&["route", &tech.to_string()]);
        assert_eq!(again["changed"], false);
        let err = env.fails(&["route", &tech.to_string(), "--if-version", "1"], 1);
        assert!(err.contains("conflict"), "{err}");
        env.fails(&["route", "999"], 1);
        env.ok(&["db", "check"]);
    }
}

on_both! {
    fn routing_from_a_users_config(env) {
        let cfg = env.dir.path().join("c.toml");
        let base = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/config.example.toml"))
            .unwrap();
        let start = base.find("[routing]").unwrap();
        let end = base[start..].find("# ---").unwrap() + start;
        let mine = "[routing]\n[[routing.groups]]\nid = \"hotline\"\nen = \"Hotline\"\nzh = \"热线\"\nlead = \"李娜\"\n\n[[routing.rules]]\nchannel = [\"phone\"]\ngroup = \"hotline\"\n\n";
        std::fs::write(&cfg, format!("{}{mine}{}", &base[..start], &base[end..])).unwrap();
        let c = cfg.display().to_string();
        env.ok(&["config", "check", &c]);
        let id = env.json(&[
            "--config",
            &c,
            "ticket",
            "new",
            "--title",
            "x",
            "--channel",
            "phone",
        ])["id"]
            .as_i64()
            .unwrap();
        assert_eq!(show(env, id)["group"], "hotline");
        let other = env.json(&["--config", &c, "ticket", "new", "--title", "y"]);
        assert_eq!(other["group"], Value::Null);
        let out = env.ok(&["--config", &c, "route", &id.to_string()]);
        assert!(out.contains("hotline") && out.contains("李娜"), "{out}");

        std::fs::write(
            &cfg,
            format!(
                "{}[routing]\n[[routing.rules]]\ntype = [\"nope\"]\ngroup = \"ghost\"\n{}",
                &base[..start],
                &base[end..]
            ),
        )
        .unwrap();
        let err = env.fails(&["config", "check", &c], 1);
        assert!(err.contains("ghost") && err.contains("nope"), "{err}");
        assert!(err.contains("c.toml:"), "{err}");
    }
}
