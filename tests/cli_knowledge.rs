//! CLI tests of the knowledge base with tickets: stale articles, archive, suggestions,
//! links, solved counts, replies that quote an article, categories.

mod common;
use common::{on_both, Env};

fn kb(env: &Env, title: &str, category: &str, body: &str, extra: &[&str]) -> i64 {
    let mut args = vec![
        "kb",
        "new",
        "--title",
        title,
        "--category",
        category,
        "--body",
        body,
        "--status",
        "published",
    ];
    args.extend(extra);
    env.json(&args)["id"].as_i64().unwrap()
}

on_both! {
    fn stale_articles_are_flagged_and_listed(env) {
        let old = kb(
            env,
            "旧的保修政策",
            "售后服务",
            "一年保修",
            &["--review-by", "2020-01-01"],
        );
        let fresh = kb(
            env,
            "退款流程",
            "售后服务",
            "七天无理由",
            &["--review-by", "2999-12-31"],
        );
        let gone = kb(
            env,
            "停产型号",
            "技术支持",
            "x",
            &["--review-by", "2020-01-01"],
        );
        env.ok(&["kb", "archive", &gone.to_string()]);
        let stale = env.json(&["kb", "list", "--stale"]);
        let ids: Vec<i64> = stale
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["id"].as_i64().unwrap())
            .collect();
        assert_eq!(ids, vec![old], "archived articles are never stale");
        let a = env.json(&["kb", "show", &old.to_string()]);
        assert_eq!(a["stale"], true);
        assert_eq!(
            env.json(&["kb", "show", &fresh.to_string()])["stale"],
            false
        );
        let text = env.ok(&["kb", "show", &old.to_string()]);
        assert!(
            text.contains("stale: the review was due on 2020-01-01"),
            "{text}"
        );
        let table = env.ok(&["kb", "list"]);
        assert!(table.contains("stale"), "{table}");
        let archived = env.json(&["kb", "list", "--status", "archived"]);
        assert_eq!(archived.as_array().unwrap().len(), 1);
        assert_eq!(archived[0]["status"], "archived");
        let e = env.fails(&["kb", "list", "--status", "gone"], 1);
        assert!(
            e.contains("unknown article status") && e.contains("hint:"),
            "{e}"
        );
    }
}

on_both! {
    fn archive_is_audited_and_idempotent(env) {
        let id = kb(env, "文章", "general", "x", &[]).to_string();
        let out = env.ok(&["kb", "archive", &id]);
        assert!(out.contains("archived (version 2)"), "{out}");
        let again = env.json(&["kb", "archive", &id]);
        assert_eq!(again["version"], 2);
        assert_eq!(again["status"], "archived");
        let e = env.fails(&["kb", "archive", "99"], 1);
        assert!(e.contains("article #99 not found"), "{e}");
    }
}

on_both! {
    fn suggestions_rank_articles_for_a_ticket(env) {
        let jam = kb(
            env,
            "打印机卡纸怎么办",
            "技术支持/打印机",
            "打开前盖，取出卡纸 paper jam",
            &[],
        );
        let refund = kb(env, "退款流程", "售后服务", "退款需要发票", &[]);
        let _toner = kb(
            env,
            "更换硒鼓",
            "技术支持/打印机",
            "打印机提示硒鼓不足",
            &[],
        );
        let off = kb(env, "打印机卡纸（旧）", "技术支持", "打印机卡纸 jam", &[]);
        env.ok(&["kb", "archive", &off.to_string()]);
        let t = env.ticket("打印机又卡纸了", &["--body", "paper jam in tray 2"]);
        let s = env.json(&["kb", "suggest", &t.to_string()]);
        let ids: Vec<i64> = s
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["id"].as_i64().unwrap())
            .collect();
        assert_eq!(ids[0], jam, "{s}");
        assert!(!ids.contains(&refund), "nothing in common: {s}");
        assert!(!ids.contains(&off), "archived articles are not suggested");
        assert_eq!(s[0]["linked"], false);
        env.ok(&["ticket", "link-article", &t.to_string(), &jam.to_string()]);
        let s = env.json(&["kb", "suggest", &t.to_string(), "--limit", "1"]);
        assert_eq!(s.as_array().unwrap().len(), 1);
        assert_eq!(s[0]["linked"], true);
        let e = env.fails(&["kb", "suggest", "99"], 1);
        assert!(e.contains("ticket #99 not found"), "{e}");
    }
}

on_both! {
    fn links_count_solved_tickets(env) {
        let a = kb(env, "重启路由器", "技术支持", "先断电", &[]).to_string();
        let t1 = env.ticket("网络断了", &[]).to_string();
        let t2 = env.ticket("又断网", &[]).to_string();
        let r = env.json(&["ticket", "link-article", &t1, &a]);
        assert_eq!(r["changed"], true);
        assert_eq!(r["articles"][0]["id"], 1);
        let r = env.json(&["ticket", "link-article", &t1, &a]);
        assert_eq!(r["changed"], false, "linking twice changes nothing");
        env.ok(&["ticket", "link-article", &t2, &a]);
        let v = env.json(&["kb", "show", &a]);
        assert_eq!(v["linked_tickets"], serde_json::json!([2, 1]));
        assert_eq!(v["solved_count"], 0);
        env.ok(&["ticket", "move", &t1, "resolved"]);
        assert_eq!(env.json(&["kb", "show", &a])["solved_count"], 1);
        assert_eq!(env.json(&["kb", "list"])[0]["solved_count"], 1);
        let h = env.json(&["ticket", "history", &t1]);
        let link = h
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["action"] == "link-article")
            .expect("audited");
        assert_eq!(link["new"], "#1 重启路由器");
        let out = env.ok(&["ticket", "unlink-article", &t2, &a]);
        assert!(out.contains("unlinked"), "{out}");
        assert_eq!(
            env.json(&["kb", "show", &a])["linked_tickets"],
            serde_json::json!([1])
        );
        let e = env.fails(&["ticket", "link-article", &t1, "99"], 1);
        assert!(e.contains("article #99 not found"), "{e}");
        let e = env.fails(&["ticket", "link-article", "99", &a], 1);
        assert!(e.contains("ticket #99 not found"), "{e}");
    }
}

on_both! {
    fn a_reply_can_quote_an_article(env) {
        let a = kb(
            env,
            "退款流程",
            "售后服务",
            "1. 提交申请\n2. 等待审核",
            &[],
        )
        .to_string();
        let t = env.ticket("我要退款", &[]).to_string();
        let c = env.json(&["ticket", "comment", &t, "您好，请参考：", "--article", &a]);
        assert_eq!(
            c["body"],
            "您好，请参考：\n\n退款流程\n\n1. 提交申请\n2. 等待审核"
        );
        assert_eq!(c["internal"], false);
        let only = env.json(&["ticket", "comment", &t, "--article", &a, "--internal"]);
        assert!(only["body"].as_str().unwrap().starts_with("退款流程"));
        assert_eq!(only["internal"], true);
        assert_eq!(
            env.json(&["kb", "show", &a])["linked_tickets"],
            serde_json::json!([1])
        );
        let out = env.ok(&["ticket", "comment", &t, "plain reply"]);
        assert_eq!(out, format!("reply added to ticket #{t}\n"));
        env.fails(&["ticket", "comment", &t], 2);
        let e = env.fails(&["ticket", "comment", &t, "--article", "42"], 1);
        assert!(e.contains("article #42 not found"), "{e}");
        env.ok(&["kb", "archive", &a]);
        let e = env.fails(&["ticket", "comment", &t, "--article", &a], 1);
        assert!(e.contains("archived") && e.contains("hint:"), "{e}");
    }
}

on_both! {
    fn categories_and_sub_categories(env) {
        kb(env, "a", "技术支持/打印机", "x", &[]);
        kb(env, "b", "技术支持", "x", &[]);
        kb(env, "c", "售后服务", "x", &[]);
        let cats = env.json(&["kb", "categories"]);
        assert_eq!(cats.as_array().unwrap().len(), 3);
        assert_eq!(cats[0]["articles"], 1);
        let under = env.json(&["kb", "list", "--category", "技术支持"]);
        assert_eq!(
            under.as_array().unwrap().len(),
            2,
            "a category lists its sub-categories"
        );
        let leaf = env.json(&["kb", "list", "--category", "技术支持/打印机"]);
        assert_eq!(leaf.as_array().unwrap().len(), 1);
    }
}
