//! `mail …` commands and mail notes of other commands, without mail servers: errors
//! that name the fix, what a reply says about mail, the outbox listing, config checks.
//! (Delivery and fetching against Postfix and Dovecot: tests/mail_servers.rs.)

mod common;

use common::{on_both, Env};

fn with_config(env: &Env, text: &str) -> std::path::PathBuf {
    let p = env.dir.path().join("mail.toml");
    std::fs::write(&p, text).unwrap();
    p
}

/// A port where nothing listens.
fn closed_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

on_both! {
    fn without_mail_the_commands_say_how_to_configure_it(env) {
        for cmd in [["mail", "send"], ["mail", "fetch"], ["mail", "watch"]] {
            let err = env.fails(&cmd, 1);
            assert!(err.starts_with("error: mail is not configured"), "{err}");
            assert!(err.contains("hint: add [mail]"), "{err}");
        }
        // Replies work as before and say nothing about mail.
        let id = env.ticket(
            "Printer jam",
            &["--customer", "it@acme.example", "--new-customer"],
        );
        let out = env.ok(&["ticket", "reply", &id.to_string(), "Hello"]);
        assert_eq!(out, format!("reply added to ticket #{id}\n"));
        let v = env.json(&["ticket", "reply", &id.to_string(), "Again"]);
        assert!(v.get("mail").is_none(), "{v}");
    }
}

on_both! {
    fn replies_say_what_became_of_the_mail_and_the_outbox_lists_it(env) {
        let cfg = with_config(
            env,
            &format!(
                "[mail]\naddress = \"support@example.com\"\nsurvey = \"survey\"\n\
                 [mail.smtp]\nhost = \"127.0.0.1\"\nport = {}\nsecurity = \"none\"\n",
                closed_port()
            ),
        );
        let c = cfg.to_str().unwrap();
        let id = env.ticket(
            "Printer jam",
            &["--config", c, "--customer", "Acme GmbH", "--new-customer"],
        );
        let out = env.ok(&["--config", c, "ticket", "reply", &id.to_string(), "Hello"]);
        assert!(
            out.contains("not sent by mail: customer Acme GmbH has no email address"),
            "{out}"
        );
        assert_eq!(
            env.ok(&["--config", c, "mail", "outbox"]),
            "nothing waiting or failed (0 queued, 0 failed)\n"
        );
        let id = env.ticket(
            "打印机卡纸",
            &[
                "--config",
                c,
                "--customer",
                "li@example.cn",
                "--new-customer",
            ],
        );
        let v = env.json(&[
            "--config",
            c,
            "ticket",
            "comment",
            &id.to_string(),
            "请提供序列号",
        ]);
        assert_eq!(v["mail"]["state"], "queued", "{v}");
        assert_eq!(v["mail"]["to"], "li@example.cn");
        let list = env.json(&["--config", c, "mail", "outbox"]);
        assert_eq!(list[0]["subject"], format!("[#{id}] 打印机卡纸"));
        assert_eq!(list[0]["state"], "queued");
        let shown = env.ok(&["--config", c, "ticket", "show", &id.to_string()]);
        assert!(
            shown.contains("mail #1 · reply · to li@example.cn"),
            "{shown}"
        );
        // Errors name the thing and the fix.
        let err = env.fails(&["--config", c, "mail", "retry", "42"], 1);
        assert!(
            err.starts_with("error: outbox message #42 not found"),
            "{err}"
        );
        let err = env.fails(&["--config", c, "csat", "ask", &id.to_string()], 1);
        assert!(err.contains("is not resolved yet"), "{err}");
        let err = env.fails(&["--config", c, "mail", "fetch"], 1);
        assert!(
            err.starts_with("error: no incoming mail is configured"),
            "{err}"
        );
        env.fails(&["--config", c, "mail", "retry"], 2);
    }
}

on_both! {
    fn config_check_points_at_mail_mistakes(env) {
        let cfg = with_config(
            env,
            "[mail]\naddress = \"support@example.com\"\n[mail.imap]\nhost = \"imap.example.com\"\n\
             user = \"support\"\npassword = \"hunter2\"\n",
        );
        let err = env.fails(&["config", "check", cfg.to_str().unwrap()], 1);
        assert!(
            err.contains("mail.toml:6:12: passwords are never written in the config file"),
            "{err}"
        );
        assert!(err.contains("hint: use password_env"), "{err}");
        let ok = env.ok(&["config", "check", "config.example.toml"]);
        assert!(ok.starts_with("ok:"), "{ok}");
    }
}
