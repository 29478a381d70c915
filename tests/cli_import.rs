//! CLI tests of mail import: eml, mbox, Maildir; threading, idempotence, skipped
//! messages with reasons, GBK/GB2312 and quoted-printable bodies, dry runs.

mod common;
use common::{on_both, Env};
use serde_json::Value;
use std::path::PathBuf;

fn fixture(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/mail")
        .join(name)
        .display()
        .to_string()
}

/// Every table of the database, for "nothing changed" checks.
fn tables(env: &Env) -> Value {
    env.json(&["export", "json"])["tables"].clone()
}

fn ticket(env: &Env, id: i64) -> Value {
    env.json(&["ticket", "show", &id.to_string()])
}

on_both! {
    fn real_mbox_with_chinese_mail_imports_cleanly_and_twice_changes_nothing(env) {
        env.ok(&[
            "agent",
            "new",
            "客服小王",
            "--email",
            "support@support.example",
        ]);
        let s = env.json(&["import", "mbox", &fixture("support.mbox")]);
        assert_eq!(s["read"], 8);
        assert_eq!(s["tickets"], 3, "{s}");
        assert_eq!(s["replies"], 3);
        assert_eq!(s["duplicates"], 0);
        assert_eq!(s["skipped"], 2);
        assert_eq!(s["skipped_by_reason"]["no sender address (From)"], 1);
        assert_eq!(
            s["skipped_by_reason"]["not a mail message (no header block)"],
            1
        );
        let origins: Vec<&str> = s["skipped_items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["origin"].as_str().unwrap())
            .collect();
        assert!(
            origins.iter().all(|o| o.contains("support.mbox:")),
            "{origins:?}"
        );
        assert_eq!(s["customers_created"], 4);

        let before = tables(env);
        let again = env.json(&["import", "mbox", &fixture("support.mbox")]);
        assert_eq!(again["tickets"], 0);
        assert_eq!(again["replies"], 0);
        assert_eq!(again["duplicates"], 6);
        assert_eq!(again["customers_created"], 0);
        assert_eq!(tables(env), before, "a second import must change nothing");
        env.ok(&["db", "check"]);
    }
}

on_both! {
    fn replies_thread_by_headers_and_subject_tag(env) {
        env.ok(&[
            "agent",
            "new",
            "客服小王",
            "--email",
            "support@support.example",
        ]);
        env.ok(&["import", "mbox", &fixture("support.mbox")]);
        let t = ticket(env, 1);
        assert_eq!(t["title"], "ERP 系统登录失败 login fails");
        assert_eq!(t["channel"], "email");
        assert_eq!(t["customer"], "陈杰");
        // ">From " in the mbox is unescaped in the body.
        assert!(t["body"]
            .as_str()
            .unwrap()
            .contains("\nFrom the logs: error 401."));
        let comments = t["comments"].as_array().unwrap();
        let authors: Vec<&str> = comments
            .iter()
            .map(|c| c["author"].as_str().unwrap())
            .collect();
        // In-Reply-To (agent), References (customer), [#1] in the subject (a colleague).
        assert_eq!(authors, vec!["客服小王", "陈杰", "Zhou Min"]);
        assert!(comments.iter().all(|c| c["internal"] == false));
        // Quoted history is cut from replies.
        assert_eq!(comments[0]["body"], "陈先生您好，请清除浏览器缓存后重试。");
        assert_eq!(
            comments[1]["body"],
            "还是不行。\nFrom the browser console: 401 again."
        );
        // The agent's reply is the first response.
        assert!(t["first_response_at"].is_string());
        let h = env.json(&["ticket", "history", "1"]);
        let actions: Vec<&str> = h
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["action"].as_str().unwrap())
            .collect();
        assert!(
            actions.contains(&"reply") && actions.contains(&"customer_reply"),
            "{actions:?}"
        );
        // The mail without Message-ID is a ticket of its own, keyed by content.
        assert_eq!(ticket(env, 3)["title"], "Web form: request a call back");
    }
}

on_both! {
    fn gbk_and_gb2312_mail_is_decoded(env) {
        env.ok(&["import", "mbox", &fixture("support.mbox")]);
        let t = ticket(env, 2);
        assert_eq!(t["title"], "交换机频繁掉线");
        assert_eq!(t["customer"], "刘洋");
        assert!(t["body"].as_str().unwrap().contains("请派工程师上门检修"));
        env.ok(&["import", "eml", &fixture("gbk_refund.eml")]);
        let list = env.json(&["ticket", "list", "--query", "退款"]);
        let t = &list[0];
        assert_eq!(t["title"], "退款申请");
        assert_eq!(t["customer"], "王强");
        assert!(t["body"].as_str().unwrap().contains("扫描仪无法开机"));
    }
}

on_both! {
    fn quoted_printable_multipart_with_attachment_and_html_only(env) {
        let s = env.json(&["import", "eml", &fixture("multipart_qp_attachment.eml")]);
        assert_eq!(
            (s["tickets"].as_i64(), s["attachments"].as_i64()),
            (Some(1), Some(1))
        );
        let t = ticket(env, 1);
        assert_eq!(t["title"], "打印机卡纸 printer jam");
        assert_eq!(t["customer"], "李娜");
        let body = t["body"].as_str().unwrap();
        // The plain part is preferred over the HTML one.
        assert!(body.starts_with("您好，\n\n我们上周购买的打印机"), "{body}");
        assert!(!body.contains("<p>"));
        let a = &t["attachments"][0];
        assert_eq!(a["filename"], "发票-2026-0301.pdf");
        assert_eq!(a["size"], 1065);
        assert_eq!(a["content_type"], "application/pdf");

        env.ok(&["import", "eml", &fixture("html_only.eml")]);
        let body = ticket(env, 2)["body"].as_str().unwrap().to_string();
        assert!(body.contains("¥1,200 instead of ¥1,020"), "{body}");
        assert!(body.contains("- Order 5521\n- Invoice INV-7781"), "{body}");
        assert!(!body.contains('<'));
    }
}

on_both! {
    fn an_eml_folder_and_a_maildir(env) {
        let s = env.json(&["import", "eml", &fixture("")]);
        assert_eq!(s["read"], 3);
        assert_eq!(s["tickets"], 3);
        let s = env.json(&["import", "maildir", &fixture("maildir")]);
        // tmp/ holds a delivery in progress: not read.
        assert_eq!(s["read"], 2);
        assert_eq!(
            (s["tickets"].as_i64(), s["replies"].as_i64()),
            (Some(1), Some(1))
        );
        let t = ticket(env, 4);
        assert_eq!(t["title"], "Lieferung fehlt / delivery missing");
        assert!(t["body"].as_str().unwrap().contains("Grüße, Anna"));
        assert_eq!(t["comments"].as_array().unwrap().len(), 1);
        let again = env.json(&["import", "maildir", &fixture("maildir")]);
        assert_eq!(again["duplicates"], 2);
    }
}

on_both! {
    fn dry_run_reports_and_saves_nothing(env) {
        env.ok(&["ticket", "new", "--title", "existing"]);
        let before = tables(env);
        let s = env.json(&["import", "mbox", &fixture("support.mbox"), "--dry-run"]);
        assert_eq!(s["dry_run"], true);
        assert_eq!(s["tickets"], 3);
        assert_eq!(tables(env), before);
        let out = env.ok(&["import", "mbox", &fixture("support.mbox"), "--dry-run"]);
        assert!(out.contains("dry run: nothing was saved"), "{out}");
    }
}

on_both! {
    fn mail_without_message_id_is_not_imported_twice(env) {
        let path = env.dir.path().join("no-id.eml");
        std::fs::write(
            &path,
            "From: 客户 <kehu@example.cn>\nSubject: 无 Message-ID 的邮件\nDate: Tue, 3 Mar 2026 08:00:00 +0800\n\n正文\n",
        )
        .unwrap();
        let p = path.display().to_string();
        assert_eq!(env.json(&["import", "eml", &p])["tickets"], 1);
        assert_eq!(env.json(&["import", "eml", &p])["duplicates"], 1);
    }
}

on_both! {
    fn replies_to_a_merged_ticket_land_on_the_surviving_one(env) {
        let first = env.dir.path().join("a.eml");
        std::fs::write(
            &first,
            "From: a@kehu.example\nSubject: broken\nMessage-ID: <m1@kehu.example>\n\nfirst\n",
        )
        .unwrap();
        env.ok(&["import", "eml", &first.display().to_string()]);
        let keep = env.ticket("the real one", &[]);
        env.ok(&["ticket", "merge", "1", &keep.to_string()]);
        let reply = env.dir.path().join("b.eml");
        std::fs::write(
            &reply,
            "From: a@kehu.example\nSubject: Re: broken\nMessage-ID: <m2@kehu.example>\nIn-Reply-To: <m1@kehu.example>\n\nstill broken\n",
        )
        .unwrap();
        let s = env.json(&["import", "eml", &reply.display().to_string()]);
        assert_eq!(s["replies"], 1);
        let t = ticket(env, keep);
        let bodies: Vec<&str> = t["comments"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["body"].as_str().unwrap())
            .collect();
        assert!(bodies.contains(&"still broken"), "{bodies:?}");
    }
}

on_both! {
    fn import_errors_are_clean(env) {
        let err = env.fails(&["import", "mbox", &fixture("gbk_refund.eml")], 1);
        assert!(err.contains("not an mbox file"), "{err}");
        assert!(err.contains("hint: "), "{err}");
        let err = env.fails(&["import", "maildir", &fixture("")], 1);
        assert!(err.contains("not a Maildir"), "{err}");
        let err = env.fails(&["import", "eml", "/nonexistent/x.eml"], 1);
        assert!(err.contains("cannot read"), "{err}");
        let empty = env.dir.path().join("empty");
        std::fs::create_dir(&empty).unwrap();
        let err = env.fails(&["import", "eml", &empty.display().to_string()], 1);
        assert!(err.contains("no .eml files"), "{err}");
        env.fails(&["import", "mbox"], 2);
        // A garbage file given as eml is skipped with its reason, not an error.
        let junk = env.dir.path().join("junk.eml");
        std::fs::write(&junk, b"\x00\x01\x02 not mail at all").unwrap();
        let s = env.json(&["import", "eml", &junk.display().to_string()]);
        assert_eq!(s["skipped"], 1);
        assert_eq!(s["tickets"], 0);
    }
}
