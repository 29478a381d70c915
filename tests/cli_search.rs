//! CLI tests of `aftercare search`, the ticket list's free text, and `db reindex`.

mod common;
use common::{on_both, Env};
use serde_json::Value;

fn ids(v: &Value) -> Vec<i64> {
    v.as_array()
        .expect("array")
        .iter()
        .map(|h| h["id"].as_i64().expect("id"))
        .collect()
}

fn kinds_ids(v: &Value) -> Vec<(String, i64)> {
    v.as_array()
        .expect("array")
        .iter()
        .map(|h| {
            (
                h["kind"].as_str().unwrap().to_string(),
                h["id"].as_i64().unwrap(),
            )
        })
        .collect()
}

fn sample(env: &Env) {
    env.ticket("一个退款申请", &["--body", "客户要求退货"]); // 1
    env.ticket("发票问题", &["--body", "需要开具增值税发票"]); // 2
    env.ticket("Printer jam", &["--body", "the HP printer keeps jamming"]); // 3
    env.ticket("打印机卡纸 paper jam", &["--type", "complaint"]); // 4
    env.ticket("退款 refund", &["--body", "已退款"]); // 5
}

on_both! {
    fn finds_chinese_words_inside_longer_text(env) {
        sample(env);
        let hits = env.json(&["search", "退款"]);
        let mut found = ids(&hits);
        found.sort();
        assert_eq!(found, vec![1, 5]);
        assert_eq!(ids(&env.json(&["search", "发票"])), vec![2]);
        assert_eq!(ids(&env.json(&["search", "增值税发票"])), vec![2]);
        assert_eq!(ids(&env.json(&["search", "卡"])), vec![4]);
        // Not across punctuation or words that are not there.
        assert!(ids(&env.json(&["search", "款申请书"])).is_empty());
    }
}

on_both! {
    fn english_by_prefix_mixed_and_full_width(env) {
        sample(env);
        let mut p = ids(&env.json(&["search", "print"]));
        p.sort();
        assert_eq!(p, vec![3]);
        assert_eq!(ids(&env.json(&["search", "jam", "--limit", "1"])).len(), 1);
        assert_eq!(ids(&env.json(&["search", "打印机", "jam"])), vec![4]);
        assert_eq!(ids(&env.json(&["search", "打印机 jam"])), vec![4]);
        assert_eq!(ids(&env.json(&["search", "ＰＲＩＮＴＥＲ"])), vec![3]);
        assert_eq!(ids(&env.json(&["search", "refund，"])), vec![5]);
    }
}

on_both! {
    fn json_shape_ranking_and_highlights(env) {
        env.ticket("客户说要退款", &["--body", "先看看"]); // 1: title
        env.ticket("别的问题", &["--body", "其中提到退款"]); // 2: body only, newer
        env.ticket("退款", &[]); // 3: exact title
        let hits = env.json(&["search", "退款"]);
        assert_eq!(ids(&hits), vec![3, 1, 2], "exact title, title, then body");
        let h = &hits[2];
        for k in [
            "kind",
            "id",
            "title",
            "snippet",
            "highlights",
            "title_highlights",
            "score",
            "context",
            "updated_at",
        ] {
            assert!(h.get(k).is_some(), "missing {k}");
        }
        assert_eq!(h["kind"], "ticket");
        assert_eq!(h["context"], "new");
        assert_eq!(h["snippet"], "其中提到退款");
        assert_eq!(h["highlights"], serde_json::json!([[4, 6]]));
        assert!(hits[0]["score"].as_f64().unwrap() > hits[1]["score"].as_f64().unwrap());
        let table = env.ok(&["search", "退款"]);
        assert!(table.starts_with("KIND "), "{table}");
        assert!(table.contains("其中提到[退款]"), "{table}");
        let csv = env.ok(&["search", "退款", "--format", "csv"]);
        assert!(csv.starts_with("kind,id,score"), "{csv}");
        assert_eq!(csv.lines().count(), 4);
    }
}

on_both! {
    fn filters_combine_with_words(env) {
        sample(env);
        assert_eq!(ids(&env.json(&["search", "type:complaint jam"])), vec![4]);
        let mut all = ids(&env.json(&["search", "jam"]));
        all.sort();
        assert_eq!(all, vec![3, 4]);
        assert!(ids(&env.json(&["search", "type:complaint", "退款"])).is_empty());
        // Filters alone list the newest matching tickets.
        assert_eq!(ids(&env.json(&["search", "type:complaint"])), vec![4]);
        // The ticket list's free text goes through the same index.
        let list = env.json(&["ticket", "list", "--query", "退款"]);
        assert_eq!(ids(&list), vec![5, 1]);
        let list = env.json(&["ticket", "list", "--query", "type:technical 发票"]);
        assert_eq!(ids(&list), vec![2]);
    }
}

on_both! {
    fn a_leading_minus_leaves_words_out(env) {
        sample(env);
        assert_eq!(ids(&env.json(&["search", "退款 -退货"])), vec![5]);
        let list = env.json(&["ticket", "list", "--query=-退款"]);
        assert_eq!(ids(&list), vec![4, 3, 2]);
        assert_eq!(
            ids(&env.json(&["search", "type:technical -退款"])),
            vec![3, 2]
        );
        let e = env.fails(&["search", "--", "-退款"], 1);
        assert!(e.contains("nothing to search for"), "{e}");
    }
}

on_both! {
    fn every_kind_is_searched_and_kind_narrows(env) {
        env.ticket(
            "华为打印机故障",
            &["--customer", "华为技术有限公司", "--new-customer"],
        );
        env.ok(&[
            "kb",
            "new",
            "--title",
            "打印机故障排查",
            "--body",
            "检查硒鼓",
            "--category",
            "技术支持",
        ]);
        env.ok(&[
            "project",
            "new",
            "--name",
            "打印机升级项目",
            "--goal",
            "三个月内完成",
        ]);
        let hits = env.json(&["search", "打印机"]);
        let mut got = kinds_ids(&hits);
        got.sort();
        assert_eq!(
            got,
            vec![
                ("article".into(), 1),
                ("project".into(), 1),
                ("ticket".into(), 1)
            ]
        );
        let customers = env.json(&["search", "华为", "--kind", "customer"]);
        assert_eq!(kinds_ids(&customers), vec![("customer".into(), 1)]);
        let two = env.json(&["search", "打印机", "--kind", "article,project"]);
        assert_eq!(two.as_array().unwrap().len(), 2);
        assert!(env
            .json(&["search", "打印机", "--kind", "customer"])
            .as_array()
            .unwrap()
            .is_empty());
    }
}

on_both! {
    fn index_follows_every_write(env) {
        let id = env.ticket("旧标题", &[]);
        let id_s = id.to_string();
        env.ok(&["ticket", "edit", &id_s, "--title", "新的退款标题"]);
        assert!(ids(&env.json(&["search", "旧标题"])).is_empty());
        assert_eq!(ids(&env.json(&["search", "退款"])), vec![id]);
        env.ok(&["ticket", "comment", &id_s, "客户补充了发票信息"]);
        let hits = env.json(&["search", "发票"]);
        assert_eq!(ids(&hits), vec![id]);
        assert_eq!(
            hits[0]["snippet"], "客户补充了发票信息",
            "a comment match shows the comment"
        );
        env.ok(&["kb", "new", "--title", "文章", "--body", "原文"]);
        env.ok(&["kb", "edit", "1", "--title", "保修政策"]);
        assert_eq!(
            kinds_ids(&env.json(&["search", "保修"])),
            vec![("article".into(), 1)]
        );
    }
}

on_both! {
    fn reindex_rebuilds_and_reports(env) {
        sample(env);
        env.ok(&["kb", "new", "--title", "退款流程", "--body", "x"]);
        let r = env.json(&["db", "reindex"]);
        assert_eq!(r["tickets"], 5);
        assert_eq!(r["articles"], 1);
        let out = env.ok(&["db", "reindex"]);
        assert!(out.starts_with("search index rebuilt: 5 tickets"), "{out}");
        let mut found = kinds_ids(&env.json(&["search", "退款"]));
        found.sort();
        assert_eq!(
            found,
            vec![
                ("article".into(), 1),
                ("ticket".into(), 1),
                ("ticket".into(), 5)
            ]
        );
    }
}

#[test]
fn optimize_merges_the_index_and_search_still_finds() {
    let env = Env::new();
    sample(&env);
    // Every write transaction adds a segment: several comments, several segments.
    for text in ["已联系客户", "客户要求开发票", "printer fixed"] {
        env.ok(&["ticket", "comment", "3", text]);
    }
    let r = env.json(&["db", "optimize"]);
    assert!(r["segments_before"].as_i64().unwrap() > 1, "{r}");
    assert_eq!(r["segments_after"], 1, "{r}");
    let out = env.ok(&["db", "optimize"]);
    assert!(
        out.starts_with("search index merged: 1 → 1 segments"),
        "{out}"
    );
    assert_eq!(ids(&env.json(&["search", "发票 printer"])), vec![3]);
    env.ok(&["db", "check"]);
}

on_both! {
    fn no_match_is_not_an_error(env) {
        sample(env);
        assert!(env
            .json(&["search", "不存在的词"])
            .as_array()
            .unwrap()
            .is_empty());
        let out = env.cmd(&["search", "不存在的词"]).output().unwrap();
        assert!(out.status.success());
        assert!(String::from_utf8_lossy(&out.stderr).contains("no matches"));
    }
}

on_both! {
    fn errors_are_explained(env) {
        sample(env);
        let e = env.fails(&["search", "，。！"], 1);
        assert!(
            e.contains("nothing to search for") && e.contains("hint:"),
            "{e}"
        );
        let e = env.fails(&["search", "退款", "--kind", "invoice"], 1);
        assert!(
            e.contains("unknown kind 'invoice'") && e.contains("hint:"),
            "{e}"
        );
        let e = env.fails(&["search", "priority:huge 退款"], 1);
        assert!(e.contains("huge"), "{e}");
        let e = env.fails(&["search", "type:nope 退款"], 1);
        assert!(e.contains("unknown ticket type 'nope'"), "{e}");
        let e = env.fails(&["search", "type:complaint 退款", "--kind", "article"], 1);
        assert!(e.contains("tickets only"), "{e}");
        env.fails(&["search"], 2);
    }
}

on_both! {
    fn a_misspelt_field_is_an_error_with_a_suggestion_not_an_empty_text_search(env) {
        env.ok(&[
            "ticket",
            "new",
            "--title",
            "退款 refund",
            "--priority",
            "high",
        ]);
        let err = env.fails(&["ticket", "list", "--query", "priorty:high"], 1);
        assert!(err.contains("unknown field 'priorty:'"), "{err}");
        assert!(err.contains("did you mean priority:?"), "{err}");
        // Quoted, the same word is text to find.
        env.ok(&["ticket", "list", "--query", "\"priorty:high\""]);
        let err = env.fails(&["search", "stge:new 退款"], 1);
        assert!(err.contains("did you mean stage:?"), "{err}");
    }
}

on_both! {
    fn kind_narrows_a_search_and_is_refused_by_a_ticket_list(env) {
        env.ok(&["ticket", "new", "--title", "退款到账 ticket"]);
        env.ok(&[
            "kb",
            "new",
            "--title",
            "退款到账时间",
            "--body",
            "三个工作日",
        ]);
        let hits = env.json(&["search", "kind:article 退款"]);
        let kinds: Vec<&str> = hits
            .as_array()
            .unwrap()
            .iter()
            .map(|h| h["kind"].as_str().unwrap())
            .collect();
        assert_eq!(kinds, ["article"], "{hits}");
        let hits = env.json(&["search", "退款 -kind:article"]);
        assert!(
            hits.as_array()
                .unwrap()
                .iter()
                .all(|h| h["kind"] != "article"),
            "{hits}"
        );
        let err = env.fails(&["ticket", "list", "--query", "kind:article"], 1);
        assert!(err.contains("narrows a search"), "{err}");
        let err = env.fails(&["search", "kind:artcle 退款"], 1);
        assert!(err.contains("unknown kind 'artcle'"), "{err}");
    }
}

on_both! {
    fn articles_come_first_then_tickets(env) {
        env.ok(&[
            "kb",
            "new",
            "--title",
            "到账时间说明",
            "--body",
            "退款三个工作日到账",
        ]);
        for i in 0..30 {
            env.ok(&[
                "ticket",
                "new",
                "--title",
                &format!("退款 {i}"),
                "--body",
                "退款 退款",
            ]);
        }
        let hits = env.json(&["search", "退款", "--limit", "10"]);
        let hits = hits.as_array().unwrap();
        assert_eq!(hits.len(), 10);
        assert_eq!(hits[0]["kind"], "article", "{hits:?}");
        assert!(hits[1..].iter().all(|h| h["kind"] == "ticket"), "{hits:?}");
    }
}
