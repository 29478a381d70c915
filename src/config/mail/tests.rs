use crate::config::{AfterFetch, Config, ConfigError, Outgoing, Secret, Security, DEFAULT_TOML};

fn errs(text: &str) -> Vec<ConfigError> {
    Config::check_str(text, "t.toml").err().unwrap_or_default()
}

/// The commented `[mail]` example of config.example.toml, switched on.
fn example() -> String {
    let start = DEFAULT_TOML
        .find("# [mail]\n")
        .expect("the example has a [mail] block");
    let end = start + DEFAULT_TOML[start..].find("\n\n").expect("the block ends");
    DEFAULT_TOML[start..end]
        .lines()
        .filter(|l| !l.starts_with("# # ") && *l != "#")
        .map(|l| l.strip_prefix("# ").unwrap_or(l))
        .filter(|l| !l.starts_with("# ") && !l.trim_start().starts_with('#'))
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

#[test]
fn without_mail_there_is_no_mail() {
    assert!(Config::builtin().mail.is_none());
}

#[test]
fn the_documented_example_is_valid() {
    let text = example();
    let c = Config::check_str(&text, "t.toml").unwrap_or_else(|e| panic!("{text}\n{e:?}"));
    let m = c.mail.unwrap();
    assert_eq!(m.address, "support@example.com");
    assert_eq!(m.domain(), "example.com");
    assert_eq!(m.acknowledge.as_deref(), Some("ack"));
    assert_eq!(m.maildirs.len(), 1);
    match m.outgoing.unwrap() {
        Outgoing::Smtp(s) => {
            assert_eq!((s.port, s.security), (587, Security::StartTls));
            assert_eq!(
                s.password,
                Some(Secret::Env("AFTERCARE_SMTP_PASSWORD".into()))
            );
        }
        other => panic!("{other:?}"),
    }
    let i = m.imap.unwrap();
    assert_eq!(
        (i.port, i.security, i.after_fetch),
        (993, Security::Tls, AfterFetch::Seen)
    );
    assert_eq!(i.password, Secret::Command("pass show support/imap".into()));
}

#[test]
fn ports_follow_security_and_sendmail_is_one_way_out() {
    let c = Config::check_str(
        "[mail]\naddress = \"a@b.c\"\n[mail.sendmail]\ncommand = \"/usr/sbin/sendmail\"\n\
         [mail.imap]\nhost = \"h\"\nsecurity = \"starttls\"\nuser = \"u\"\npassword_env = \"P\"\n\
         after_fetch = \"move\"\nmove_to = \"Done\"\n",
        "t.toml",
    )
    .unwrap();
    let m = c.mail.unwrap();
    assert!(matches!(m.outgoing, Some(Outgoing::Sendmail(_))));
    let i = m.imap.unwrap();
    assert_eq!(i.port, 143);
    assert_eq!(i.after_fetch, AfterFetch::Move("Done".into()));
}

#[test]
fn a_password_in_the_file_is_refused_at_its_line() {
    let e = errs("[mail]\naddress = \"a@b.c\"\n[mail.smtp]\nhost = \"h\"\nuser = \"u\"\npassword = \"hunter2\"\n");
    assert_eq!((e[0].line, e[0].column), (6, 12), "{e:?}");
    assert!(e[0].message.contains("never written in the config"));
    assert!(e[0].hint.as_deref().unwrap().contains("password_env"));
}

#[test]
fn each_bad_value_is_reported_with_its_place() {
    let text = "[mail]\naddress = \"not an address\"\nacknowledge = \"nope\"\nmax_attempts = 0\n\
                [mail.smtp]\nhost = \"h\"\nsecurity = \"ssl\"\nport = 70000\nuser = \"u\"\n\
                password_env = \"X\"\npassword_cmd = \"y\"\n[mail.imap]\nhost = \"h\"\nuser = \"u\"\n\
                after_fetch = \"move\"\n";
    let e = errs(text);
    let at = |needle: &str| {
        e.iter()
            .find(|x| x.message.contains(needle))
            .map(|x| x.line)
            .unwrap_or_else(|| panic!("no error with '{needle}' in {e:?}"))
    };
    assert_eq!(at("not a mail address"), 2);
    assert_eq!(at("not a canned reply"), 3);
    assert_eq!(at("max_attempts"), 4);
    assert_eq!(at("unknown security 'ssl'"), 7);
    assert_eq!(at("port is a number"), 8);
    assert_eq!(at("both set"), 11);
    assert_eq!(at("needs password_env or password_cmd"), 12);
    assert_eq!(at("needs move_to"), 15);
}

#[test]
fn smtp_and_sendmail_together_and_a_missing_ca_file_are_errors() {
    let e = errs("[mail]\naddress = \"a@b.c\"\n[mail.smtp]\nhost = \"h\"\n[mail.sendmail]\ncommand = \"sendmail\"\n");
    assert!(
        e.iter()
            .any(|x| x.message.contains("both set") && x.line == 5),
        "{e:?}"
    );
    let e = errs(
        "[mail]\naddress = \"a@b.c\"\n[mail.smtp]\nhost = \"h\"\nca_file = \"/no/such.pem\"\n",
    );
    assert!(
        e.iter()
            .any(|x| x.message.contains("ca_file") && x.line == 5),
        "{e:?}"
    );
    let e = errs("[mail]\naddress = \"a@b.c\"\nsurvey_on_resolve = true\n");
    assert!(e[0].message.contains("survey_on_resolve needs a survey"));
    let e = errs("[mail]\nname = \"x\"\n");
    assert!(e[0].message.contains("address"), "{e:?}");
}

#[test]
fn customer_reply_rules_are_checked_against_the_flow() {
    let bad_stage = DEFAULT_TOML.replacen(
        "on_customer_reply = \"in_progress\"",
        "on_customer_reply = \"nowhere\"",
        1,
    );
    let e = errs(&bad_stage);
    assert!(e[0].message.contains("'nowhere' is not a stage"), "{e:?}");
    let not_open = DEFAULT_TOML.replacen(
        "on_customer_reply = \"in_progress\"",
        "on_customer_reply = \"resolved\"",
        1,
    );
    assert!(errs(&not_open)[0].message.contains("is a resolved stage"));
    let not_allowed = DEFAULT_TOML.replacen(
        "on_customer_reply = \"in_progress\"",
        "on_customer_reply = \"analysing\"",
        1,
    );
    let e = errs(&not_allowed);
    assert!(
        e[0].message.contains("waiting stage 'waiting_customer'"),
        "{e:?}"
    );
    assert!(e[0].hint.as_deref().unwrap().contains("\"analysing\""));
    let days = DEFAULT_TOML.replacen("reopen_days = 14", "reopen_days = -1", 1);
    assert!(errs(&days)[0].message.contains("reopen_days"));
    let wf = Config::builtin().workflow;
    let std = wf.flow_for("technical");
    assert_eq!(std.customer_reply.to.as_deref(), Some("in_progress"));
    assert_eq!(
        std.after_customer_reply("waiting_customer").unwrap().id,
        "in_progress"
    );
    assert_eq!(
        std.after_customer_reply("resolved").unwrap().id,
        "in_progress"
    );
}

#[test]
fn replies_may_have_one_text_per_language() {
    let c = Config::builtin();
    let s = c.service.reply("survey").unwrap();
    assert!(s.text_in("zh").contains("满意"));
    assert!(s.text_in("en").contains("score"));
    assert!(s.text.contains("满意") && s.text.contains("score"));
    let ack = c.service.reply("ack").unwrap();
    assert_eq!(ack.text_in("zh"), ack.text);
    let e = errs("[[replies]]\nid = \"x\"\ntitle = \"t\"\n");
    assert!(e[0].message.contains("has no text"), "{e:?}");
    let e = errs("[[replies]]\nid = \"x\"\ntitle = \"t\"\nzh = \"{bogus}\"\n");
    assert!(e[0].message.contains("unknown placeholder"), "{e:?}");
}
