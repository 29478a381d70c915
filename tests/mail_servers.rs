//! Mail against real servers: Postfix and Dovecot from Debian's packages on loopback,
//! started by `scripts/mail-servers.sh start` (which `.ci/run` calls). The tests read
//! the servers' addresses from the AFTERCARE_TEST_* variables that
//! `scripts/mail-servers.sh env` prints; without them they are skipped, with one line.
//!
//! Every test uses mailboxes of its own (the servers take any name at example.test),
//! so they run in parallel.

mod common;

use common::Env;
use lettre::message::header::{HeaderName, HeaderValue};
use lettre::{Message, SmtpTransport, Transport};
use mail_parser::{MessageParser, MimeHeaders};
use serde_json::Value;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::process::{Child, Stdio};
use std::sync::Once;
use std::time::{Duration, Instant};

struct Servers {
    host: String,
    ca: String,
    password: String,
    domain: String,
    smtp_plain: u16,
    smtp_starttls: u16,
    smtp_tls: u16,
    imap_starttls: u16,
    imap_tls: u16,
}

/// The servers, or None (saying so once) when they are not running.
fn servers() -> Option<Servers> {
    static SKIP: Once = Once::new();
    let var = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
    let port = |k: &str| var(k).and_then(|v| v.parse().ok());
    let s = (|| {
        var("AFTERCARE_TEST_MAIL")?;
        Some(Servers {
            host: var("AFTERCARE_TEST_MAIL_HOST")?,
            ca: var("AFTERCARE_TEST_MAIL_CA")?,
            password: var("AFTERCARE_TEST_PASSWORD")?,
            domain: var("AFTERCARE_TEST_MAIL_DOMAIN")?,
            smtp_plain: port("AFTERCARE_TEST_SMTP_PLAIN_PORT")?,
            smtp_starttls: port("AFTERCARE_TEST_SMTP_STARTTLS_PORT")?,
            smtp_tls: port("AFTERCARE_TEST_SMTP_TLS_PORT")?,
            imap_starttls: port("AFTERCARE_TEST_IMAP_STARTTLS_PORT")?,
            imap_tls: port("AFTERCARE_TEST_IMAP_TLS_PORT")?,
        })
    })();
    if s.is_none() {
        SKIP.call_once(|| {
            // Straight to stderr: the test harness captures eprintln!.
            let _ = writeln!(
                std::io::stderr(),
                "mail_servers: skipping the Postfix/Dovecot tests (no AFTERCARE_TEST_MAIL; \
                 run scripts/mail-servers.sh start and eval \"$(scripts/mail-servers.sh env)\")"
            );
        });
    }
    s
}

impl Servers {
    /// A mailbox no other test uses.
    fn address(&self, role: &str) -> String {
        let n = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos();
        format!("{role}-{}-{n:x}@{}", std::process::id(), self.domain)
    }

    /// A customer writing from outside: plain SMTP to Postfix, as another server would.
    fn customer_sends(&self, msg: Message) {
        SmtpTransport::builder_dangerous("127.0.0.1")
            .port(self.smtp_plain)
            .build()
            .send(&msg)
            .expect("Postfix takes the customer's mail");
    }

    fn imap(&self, user: &str) -> imap::Session<TcpStream> {
        let tcp = TcpStream::connect(("127.0.0.1", self.imap_starttls)).expect("Dovecot");
        tcp.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
        let mut c = imap::Client::new(tcp);
        c.read_greeting().unwrap();
        c.login(user, &self.password)
            .map_err(|e| e.0)
            .expect("login")
    }

    /// Every message in `user`'s INBOX, waiting (up to 30 s) until there are `n`.
    fn wait_mailbox(&self, user: &str, n: usize) -> Vec<Vec<u8>> {
        let start = Instant::now();
        loop {
            let mut s = self.imap(user);
            let exists = s.select("INBOX").unwrap().exists as usize;
            if exists >= n {
                let fetched = s.fetch("1:*", "BODY.PEEK[]").unwrap();
                let out: Vec<Vec<u8>> = fetched
                    .iter()
                    .filter_map(|f| f.body().map(<[u8]>::to_vec))
                    .collect();
                let _ = s.logout();
                return out;
            }
            let _ = s.logout();
            assert!(
                start.elapsed() < Duration::from_secs(30),
                "{user} has {exists} of {n} messages after 30 s"
            );
            std::thread::sleep(Duration::from_millis(200));
        }
    }

    fn config(&self, support: &str, smtp: &str, imap: &str, extra: &str) -> String {
        format!(
            "[mail]\naddress = \"{support}\"\nname = \"售后客服 Support\"\n{extra}\n{smtp}\n{imap}\n"
        )
    }

    fn smtp(&self, port: u16, security: &str, user: &str) -> String {
        format!(
            "[mail.smtp]\nhost = \"{}\"\nport = {port}\nsecurity = \"{security}\"\nuser = \"{user}\"\n\
             password_env = \"AFTERCARE_TEST_PASSWORD\"\nca_file = \"{}\"\ntimeout_seconds = 10\n",
            self.host, self.ca
        )
    }

    fn imap_config(&self, port: u16, security: &str, user: &str, password_env: &str) -> String {
        format!(
            "[mail.imap]\nhost = \"{}\"\nport = {port}\nsecurity = \"{security}\"\nuser = \"{user}\"\n\
             password_env = \"{password_env}\"\nca_file = \"{}\"\ntimeout_seconds = 10\n",
            self.host, self.ca
        )
    }
}

/// A test database and config file, and commands that see the test password.
struct Desk {
    env: Env,
    config: std::path::PathBuf,
    password: String,
}

impl Desk {
    fn new(s: &Servers, config: &str) -> Desk {
        let env = Env::new();
        let path = env.dir.path().join("config.toml");
        std::fs::write(&path, config).unwrap();
        Desk {
            env,
            config: path,
            password: s.password.clone(),
        }
    }

    fn set_config(&self, config: &str) {
        std::fs::write(&self.config, config).unwrap();
    }

    fn cmd(&self, args: &[&str]) -> assert_cmd::Command {
        let mut c = self.env.cmd(args);
        c.arg("--config")
            .arg(&self.config)
            .env("AFTERCARE_TEST_PASSWORD", &self.password)
            .env("WRONG_PASSWORD", "not-the-password");
        c
    }

    fn run(&self, args: &[&str]) -> (i32, String, String) {
        let out = self.cmd(args).output().unwrap();
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }

    fn ok(&self, args: &[&str]) -> String {
        let (code, out, err) = self.run(args);
        assert_eq!(code, 0, "{args:?}: {err}{out}");
        out
    }

    fn json(&self, args: &[&str]) -> Value {
        let mut all = args.to_vec();
        all.extend(["--format", "json"]);
        serde_json::from_str(&self.ok(&all)).unwrap_or_else(|e| panic!("{args:?}: {e}"))
    }

    fn show(&self, id: i64) -> Value {
        self.json(&["ticket", "show", &id.to_string()])
    }
}

fn header(m: &mail_parser::Message<'_>, name: &str) -> Option<String> {
    m.header_raw(name).map(|v| v.trim().to_string())
}

fn ids(v: &str) -> Vec<String> {
    v.split_whitespace()
        .map(|s| s.trim_matches(|c| c == '<' || c == '>').to_string())
        .collect()
}

#[test]
fn customer_mail_becomes_a_ticket_and_the_conversation_threads_both_ways() {
    let Some(s) = servers() else { return };
    let (support, customer) = (s.address("sup"), s.address("cust"));
    let desk = Desk::new(
        &s,
        &s.config(
            &support,
            &s.smtp(s.smtp_starttls, "starttls", &support),
            &s.imap_config(
                s.imap_starttls,
                "starttls",
                &support,
                "AFTERCARE_TEST_PASSWORD",
            ),
            "acknowledge = \"ack\"",
        ),
    );

    // 1. The customer writes; Postfix delivers it to Dovecot.
    let first_id = format!("first-{}", s.address("m"));
    s.customer_sends(
        Message::builder()
            .from(format!("李雷 <{customer}>").parse().unwrap())
            .to(support.parse().unwrap())
            .subject("打印机卡纸，急！")
            .message_id(Some(format!("<{first_id}>")))
            .body("你好，办公室的打印机一直卡纸，型号 LaserJet M404。".to_string())
            .unwrap(),
    );
    s.wait_mailbox(&support, 1);

    // 2. mail fetch makes a ticket from it.
    let fetched = desk.json(&["mail", "fetch"]);
    assert_eq!(fetched[0]["kind"], "imap");
    assert_eq!(fetched[0]["tickets"], 1, "{fetched}");
    let id = fetched[0]["ticket_ids"][0].as_i64().unwrap();
    let t = desk.show(id);
    assert_eq!(t["title"], "打印机卡纸，急！");
    assert_eq!(t["channel"], "email");
    assert_eq!(t["stage"], "new");

    // 3. The agent asks for details (a macro: reply + waiting) and the outbox goes out.
    let out = desk.ok(&["ticket", "macro", &id.to_string(), "ask-info"]);
    assert!(out.contains("waiting_customer"), "{out}");
    let sent = desk.json(&["mail", "send"]);
    assert_eq!(sent["sent"], 2, "acknowledgement and reply: {sent}");
    assert_eq!(sent["queued"], 0);

    // 4. Both arrive in the customer's mailbox, threaded, in readable UTF-8.
    let inbox = s.wait_mailbox(&customer, 2);
    let mail = desk.show(id)["mail"].as_array().unwrap().clone();
    assert_eq!(mail.len(), 2);
    assert!(mail
        .iter()
        .all(|m| m["state"] == "sent" && m["response"].as_str().unwrap().starts_with("250")));
    let reply_meta = mail.iter().find(|m| m["kind"] == "reply").unwrap();
    let reply_id = reply_meta["message_id"].as_str().unwrap().to_string();
    let parsed: Vec<_> = inbox
        .iter()
        .map(|raw| MessageParser::default().parse(raw).unwrap())
        .collect();
    let reply = parsed
        .iter()
        .find(|m| m.message_id() == Some(reply_id.as_str()))
        .expect("the reply, with the Message-ID fixed when it was queued");
    assert_eq!(
        reply.subject(),
        Some(format!("Re: [#{id}] 打印机卡纸，急！").as_str())
    );
    assert_eq!(
        ids(&header(reply, "In-Reply-To").unwrap()),
        vec![first_id.clone()]
    );
    assert_eq!(
        ids(&header(reply, "References").unwrap()).first(),
        Some(&first_id)
    );
    assert_eq!(
        reply.from().unwrap().first().unwrap().address(),
        Some(support.as_str())
    );
    assert_eq!(
        reply.from().unwrap().first().unwrap().name(),
        Some("售后客服 Support")
    );
    assert!(reply.body_text(0).unwrap().contains("请提供设备序列号"));
    let ct = reply.content_type().unwrap();
    assert_eq!((ct.ctype(), ct.subtype()), ("text", Some("plain")));
    assert_eq!(
        ct.attribute("charset").map(str::to_lowercase).as_deref(),
        Some("utf-8")
    );
    let raw = inbox
        .iter()
        .find(|r| String::from_utf8_lossy(r).contains(&reply_id))
        .unwrap();
    let head_end = raw.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    assert!(
        raw[..head_end].is_ascii(),
        "headers are MIME-encoded (RFC 2047)"
    );
    assert_eq!(header(reply, "Auto-Submitted"), None, "a person wrote it");
    let ack = parsed
        .iter()
        .find(|m| m.message_id() != Some(reply_id.as_str()))
        .unwrap();
    assert_eq!(
        header(ack, "Auto-Submitted").as_deref(),
        Some("auto-replied")
    );
    assert!(ack.subject().unwrap().contains(&format!("[#{id}]")));

    // 5. The customer answers; the answer lands on the same ticket and moves it on.
    s.customer_sends(
        Message::builder()
            .from(format!("李雷 <{customer}>").parse().unwrap())
            .to(support.parse().unwrap())
            .subject(format!("回复：Re: [#{id}] 打印机卡纸，急！"))
            .in_reply_to(format!("<{reply_id}>"))
            .references(format!("<{first_id}> <{reply_id}>"))
            .body(format!(
                "序列号：SN-2026-001，购买日期 2026-03-01。\n\n在 2026年12月6日，售后客服 写道：\n> {}",
                "请提供设备序列号"
            ))
            .unwrap(),
    );
    s.wait_mailbox(&support, 2);
    let fetched = desk.json(&["mail", "fetch"]);
    assert_eq!(
        (
            fetched[0]["tickets"].as_i64(),
            fetched[0]["replies"].as_i64()
        ),
        (Some(0), Some(1)),
        "{fetched}"
    );
    let t = desk.show(id);
    assert_eq!(
        t["stage"], "in_progress",
        "out of waiting by on_customer_reply"
    );
    let comments = t["comments"].as_array().unwrap();
    assert_eq!(
        comments.last().unwrap()["body"],
        "序列号：SN-2026-001，购买日期 2026-03-01。",
        "the quoted history is cut"
    );
    let version = t["version"].clone();
    let count = comments.len();

    // 6. Fetching again changes nothing: not after flags are cleared on the server
    //    (UIDVALIDITY + UID), not for a copy under a new UID (Message-ID).
    let again = desk.json(&["mail", "fetch"]);
    assert_eq!(again[0]["read"], 0);
    let mut imap = s.imap(&support);
    imap.select("INBOX").unwrap();
    imap.store("1:*", "-FLAGS (\\Seen)").unwrap();
    let copy = s.wait_mailbox(&support, 2).pop().unwrap();
    imap.append("INBOX", &copy).finish().unwrap();
    let _ = imap.logout();
    let again = desk.json(&["mail", "fetch"]);
    assert_eq!(again[0]["tickets"], 0);
    assert_eq!(again[0]["replies"], 0);
    assert_eq!(again[0]["duplicates"], 1, "the copy: {again}");
    let t = desk.show(id);
    assert_eq!(t["version"], version);
    assert_eq!(t["comments"].as_array().unwrap().len(), count);
    assert_eq!(desk.json(&["ticket", "list"]).as_array().unwrap().len(), 1);
    let mut imap = s.imap(&support);
    imap.select("INBOX").unwrap();
    assert!(
        imap.uid_search("UNSEEN").unwrap().is_empty(),
        "all flagged seen again"
    );
    let _ = imap.logout();
}

#[test]
fn smtp_refused_4xx_and_5xx_keep_mail_queued_then_failed_with_the_reason() {
    let Some(s) = servers() else { return };
    let support = s.address("sup");
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let tries = "max_attempts = 2\nretry_seconds = 1";
    let down = s.config(
        &support,
        &format!("[mail.smtp]\nhost = \"127.0.0.1\"\nport = {closed}\nsecurity = \"none\"\ntimeout_seconds = 5\n"),
        "",
        tries,
    );
    let up = s.config(
        &support,
        &s.smtp(s.smtp_starttls, "starttls", &support),
        "",
        tries,
    );
    let desk = Desk::new(&s, &down);

    // Refused: queued, tried, retried, failed with the reason; nothing lost.
    let customer = s.address("cust");
    let id = desk.json(&[
        "ticket",
        "new",
        "--title",
        "Printer jam",
        "--customer",
        &customer,
        "--new-customer",
    ])["id"]
        .as_i64()
        .unwrap();
    let out = desk.ok(&[
        "ticket",
        "reply",
        &id.to_string(),
        "Please send the serial number.",
    ]);
    assert!(
        out.contains(&format!("mail #1 to {customer} queued")),
        "{out}"
    );
    let (code, out, err) = desk.run(&["mail", "send"]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        err.starts_with("error: sending stopped:")
            && err.contains("hint: 1 message(s) stay queued"),
        "{err}"
    );
    assert!(out.contains("retry   #1"), "{out}");
    let q = desk.json(&["mail", "outbox"]);
    assert_eq!(
        (q[0]["state"].as_str(), q[0]["attempts"].as_i64()),
        (Some("queued"), Some(1))
    );
    assert!(
        q[0]["last_error"]
            .as_str()
            .unwrap()
            .to_lowercase()
            .contains("refused"),
        "{q}"
    );
    std::thread::sleep(Duration::from_millis(1100));
    let (code, ..) = desk.run(&["mail", "send"]);
    assert_eq!(code, 1);
    let q = desk.json(&["mail", "outbox", "--failed"]);
    assert_eq!(q[0]["state"], "failed");
    assert_eq!(q[0]["attempts"], 2, "{q}");
    assert!(
        !q[0]["last_error"].as_str().unwrap().contains("tries"),
        "{q}"
    );

    // The server is back: retry, and it goes out exactly once.
    desk.set_config(&up);
    desk.ok(&["mail", "retry", "1"]);
    let sent = desk.json(&["mail", "send"]);
    assert_eq!(sent["sent"], 1, "{sent}");
    assert_eq!(
        desk.json(&["mail", "send"])["results"]
            .as_array()
            .unwrap()
            .len(),
        0
    );
    assert_eq!(s.wait_mailbox(&customer, 1).len(), 1);

    // 4xx: kept for a retry with the server's words, then failed.
    let temp = s.address("tempfail");
    let id = desk.json(&[
        "ticket",
        "new",
        "--title",
        "Jam",
        "--customer",
        &temp,
        "--new-customer",
    ])["id"]
        .as_i64()
        .unwrap();
    desk.ok(&["ticket", "reply", &id.to_string(), "Hello"]);
    let r = desk.json(&["mail", "send"]);
    assert_eq!(r["results"][0]["state"], "queued", "{r}");
    assert!(
        r["results"][0]["error"].as_str().unwrap().contains("450"),
        "{r}"
    );
    assert_eq!(
        r["stopped"],
        Value::Null,
        "one recipient's 4xx does not stop the run"
    );
    std::thread::sleep(Duration::from_millis(1100));
    let r = desk.json(&["mail", "send"]);
    assert_eq!(r["results"][0]["state"], "failed", "{r}");
    let why = r["results"][0]["error"].as_str().unwrap();
    assert!(
        why.contains("450") && why.contains("temporarily unavailable"),
        "{why}"
    );

    // 5xx: refused for good at once, with the server's answer.
    let rej = s.address("reject");
    let id = desk.json(&[
        "ticket",
        "new",
        "--title",
        "Jam",
        "--customer",
        &rej,
        "--new-customer",
    ])["id"]
        .as_i64()
        .unwrap();
    desk.ok(&["ticket", "reply", &id.to_string(), "Hello"]);
    let r = desk.json(&["mail", "send"]);
    assert_eq!(r["results"][0]["state"], "failed", "{r}");
    assert_eq!(r["results"][0]["attempt"], 1);
    let why = r["results"][0]["error"].as_str().unwrap();
    assert!(
        why.contains("550") && why.contains("Recipient refused"),
        "{why}"
    );
    let shown = desk.ok(&["ticket", "show", &id.to_string()]);
    assert!(
        shown.contains("FAILED:") && shown.contains("550"),
        "{shown}"
    );
    // Nothing lost: every message is in the outbox with its state.
    assert_eq!(
        desk.json(&["mail", "outbox", "--all"])
            .as_array()
            .unwrap()
            .len(),
        3
    );
}

#[test]
fn a_wrong_imap_password_is_a_clear_error_and_imports_nothing() {
    let Some(s) = servers() else { return };
    let (support, customer) = (s.address("sup"), s.address("cust"));
    s.customer_sends(
        Message::builder()
            .from(customer.parse().unwrap())
            .to(support.parse().unwrap())
            .subject("Hello")
            .body("Anyone there?".to_string())
            .unwrap(),
    );
    s.wait_mailbox(&support, 1);
    let desk = Desk::new(
        &s,
        &s.config(
            &support,
            "",
            &s.imap_config(s.imap_tls, "tls", &support, "WRONG_PASSWORD"),
            "",
        ),
    );
    let (code, out, err) = desk.run(&["mail", "fetch"]);
    assert_eq!(code, 1, "{out}");
    let first = err.lines().next().unwrap();
    assert!(
        first.starts_with(&format!(
            "error: IMAP login to {}:{} as {support} failed",
            s.host, s.imap_tls
        )),
        "{err}"
    );
    assert!(err.lines().nth(1).unwrap().starts_with("hint: "), "{err}");
    assert!(!err.contains("panicked"));
    assert!(desk
        .json(&["ticket", "list"])
        .as_array()
        .unwrap()
        .is_empty());
    let mut imap = s.imap(&support);
    imap.select("INBOX").unwrap();
    assert_eq!(
        imap.uid_search("UNSEEN").unwrap().len(),
        1,
        "left unread on the server"
    );
    let _ = imap.logout();
    // An unset variable is named.
    let desk = Desk::new(
        &s,
        &s.config(
            &support,
            "",
            &s.imap_config(s.imap_tls, "tls", &support, "NO_SUCH_VAR_X"),
            "",
        ),
    );
    let (code, _, err) = desk.run(&["mail", "fetch"]);
    assert_eq!(code, 1);
    assert!(err.contains("NO_SUCH_VAR_X is not set"), "{err}");
}

#[test]
fn a_bounce_marks_the_message_failed_and_is_never_answered() {
    let Some(s) = servers() else { return };
    let (support, lost) = (s.address("sup"), s.address("bounce"));
    let desk = Desk::new(
        &s,
        &s.config(
            &support,
            &s.smtp(s.smtp_tls, "tls", &support),
            &s.imap_config(s.imap_tls, "tls", &support, "AFTERCARE_TEST_PASSWORD"),
            "acknowledge = \"ack\"",
        ),
    );
    let id = desk.json(&[
        "ticket",
        "new",
        "--title",
        "发票问题",
        "--customer",
        &lost,
        "--new-customer",
    ])["id"]
        .as_i64()
        .unwrap();
    desk.ok(&["ticket", "reply", &id.to_string(), "发票已寄出。"]);
    assert_eq!(
        desk.json(&["mail", "send"])["sent"],
        1,
        "accepted over SMTPS (465)"
    );
    s.wait_mailbox(&support, 1); // Postfix returns it to the support address.
                                 // Something that is not mail at all sits in the folder too.
    let mut imap = s.imap(&support);
    imap.append("INBOX", b"just some words, no headers\r\n")
        .finish()
        .unwrap();
    let _ = imap.logout();
    let f = desk.json(&["mail", "fetch"]);
    assert_eq!(f[0]["skipped"], 1, "{f}");
    assert_eq!(
        (f[0]["bounces"].as_i64(), f[0]["tickets"].as_i64()),
        (Some(1), Some(0)),
        "{f}"
    );
    let t = desk.show(id);
    let m = &t["mail"][0];
    assert_eq!(m["state"], "failed");
    assert!(
        m["last_error"]
            .as_str()
            .unwrap()
            .contains("mailbox unavailable"),
        "{m}"
    );
    let note = t["comments"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(note["internal"], true);
    assert!(note["body"]
        .as_str()
        .unwrap()
        .contains("could not be delivered"));
    assert_eq!(
        desk.json(&["mail", "outbox", "--all"])
            .as_array()
            .unwrap()
            .len(),
        1,
        "no answer to the report"
    );
    assert_eq!(desk.json(&["mail", "outbox", "--failed"])[0]["id"], m["id"]);
    // Fetching again: nothing new, and what could not be read stays unread for a person.
    let again = desk.json(&["mail", "fetch"]);
    assert_eq!(
        (again[0]["read"].as_i64(), again[0]["skipped"].as_i64()),
        (Some(0), Some(0))
    );
    let mut imap = s.imap(&support);
    imap.select("INBOX").unwrap();
    assert_eq!(imap.uid_search("UNSEEN").unwrap().len(), 1);
    let _ = imap.logout();
}

/// Reads the child's stdout lines in the background.
fn lines(child: &mut Child) -> std::sync::mpsc::Receiver<String> {
    let out = child.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for l in BufReader::new(out).lines().map_while(Result::ok) {
            if tx.send(l).is_err() {
                break;
            }
        }
    });
    rx
}

#[test]
fn mail_watch_takes_new_mail_within_seconds_by_idle_and_answers_it() {
    let Some(s) = servers() else { return };
    let (support, customer) = (s.address("sup"), s.address("cust"));
    let desk = Desk::new(
        &s,
        &s.config(
            &support,
            &s.smtp(s.smtp_tls, "tls", &support),
            &s.imap_config(s.imap_tls, "tls", &support, "AFTERCARE_TEST_PASSWORD"),
            // Polling alone would take 5 minutes: only IDLE can be this quick.
            "acknowledge = \"ack\"\npoll_seconds = 300",
        ),
    );
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("aftercare"))
        .args(["--db"])
        .arg(&desk.env.db)
        .arg("--config")
        .arg(&desk.config)
        .args(["mail", "watch"])
        .env("AFTERCARE_TEST_PASSWORD", &s.password)
        .env("AFTERCARE_ACTOR", "watch")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    struct Kill(Child);
    impl Drop for Kill {
        fn drop(&mut self) {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
    let rx = lines(&mut child);
    let _guard = Kill(child);
    let first = rx
        .recv_timeout(Duration::from_secs(30))
        .expect("watch starts");
    assert!(first.contains("watching: IMAP IDLE"), "{first}");
    let t0 = Instant::now();
    s.customer_sends(
        Message::builder()
            .from(customer.parse().unwrap())
            .to(support.parse().unwrap())
            .subject("Router keeps rebooting")
            .raw_header(HeaderValue::new(
                HeaderName::new_from_ascii_str("X-Test"),
                "watch".into(),
            ))
            .body("Since the update it reboots every hour.".to_string())
            .unwrap(),
    );
    let mut seen = Vec::new();
    while t0.elapsed() < Duration::from_secs(20) {
        if let Ok(l) = rx.recv_timeout(Duration::from_millis(500)) {
            seen.push(l);
        }
        if seen.iter().any(|l| l.contains("sent    #1")) {
            break;
        }
    }
    assert!(
        seen.iter().any(|l| l.contains("1 new ticket(s)")),
        "{seen:?}"
    );
    assert!(seen.iter().any(|l| l.contains("sent    #1")), "{seen:?}");
    assert!(t0.elapsed() < Duration::from_secs(20));
    let ack = s.wait_mailbox(&customer, 1);
    let m = MessageParser::default().parse(&ack[0]).unwrap();
    assert_eq!(m.subject(), Some("Re: [#1] Router keeps rebooting"));
}

/// The console end to end (issue 14 item 4): customer mail fetched from Dovecot with
/// `:mail fetch` on the worker, a reply typed with `r`, previewed and sent with `y`,
/// queued (the status line says for whom), then delivered by the console's own
/// background sender through Postfix into the customer's mailbox.
#[test]
fn the_console_fetches_and_its_reply_reaches_the_customers_mailbox() {
    use aftercare::app::keys::Key;
    use aftercare::app::msg::{Msg, Note, TicketsNote};
    let Some(s) = servers() else { return };
    let (support, customer) = (s.address("sup"), s.address("cust"));
    let desk = Desk::new(
        &s,
        &s.config(
            &support,
            &s.smtp(s.smtp_starttls, "starttls", &support),
            &s.imap_config(
                s.imap_starttls,
                "starttls",
                &support,
                "AFTERCARE_TEST_PASSWORD",
            ),
            "poll_seconds = 3600",
        ),
    );
    s.customer_sends(
        Message::builder()
            .from(format!("韩梅梅 <{customer}>").parse().unwrap())
            .to(support.parse().unwrap())
            .subject("投影仪没有信号")
            .body("会议室的投影仪显示无信号。".to_string())
            .unwrap(),
    );
    s.wait_mailbox(&support, 1);
    let config = aftercare::config::Config::load(&desk.config, true).unwrap();
    let d = aftercare::ops::Desk::open(&desk.env.db, config, "李娜").unwrap();
    let mut h = aftercare::tui::headless::Headless::with_worker(d, 120, 40);
    h.start();
    let keys = |h: &mut aftercare::tui::headless::Headless, seq: &str| {
        for k in Key::parse_seq(seq).unwrap() {
            h.send(Msg::Key(k));
        }
    };
    let typed = |h: &mut aftercare::tui::headless::Headless, text: &str| {
        for c in text.chars() {
            h.send(Msg::Key(Key::ch(c)));
        }
    };
    let noted = |h: &aftercare::tui::headless::Headless, f: &dyn Fn(&TicketsNote) -> bool| {
        h.state
            .toasts
            .iter()
            .any(|t| matches!(&t.note, Note::Tickets(n) if f(n)))
    };
    // `:mail fetch` runs on the worker; its result puts the ticket in the list.
    keys(&mut h, ":");
    typed(&mut h, "mail fetch");
    keys(&mut h, "enter");
    h.settle(Duration::from_secs(30));
    assert!(
        noted(&h, &|n| matches!(
            n,
            TicketsNote::MailFetched { tickets: 1, .. }
        )),
        "{:?}",
        h.state.toasts
    );
    h.settle(Duration::from_secs(10));
    let id = h.desk.newest_ticket_id().unwrap();
    assert_eq!(h.desk.ticket(id).unwrap().title, "投影仪没有信号");
    // From here the console's own sender runs, as in the terminal (it would have
    // fetched the mail too, at its start).
    h.start_mail();
    h.send(Msg::Key(Key::ch(':')));
    typed(&mut h, &id.to_string());
    keys(&mut h, "enter r");
    typed(&mut h, "请检查 HDMI 线是否插紧，我们下午派人过去。");
    keys(&mut h, "enter y");
    assert!(noted(
        &h,
        &|n| matches!(n, TicketsNote::MailQueued { to, .. } if *to == customer)
    ));
    // The console's sender delivers it; the status line says so.
    let start = Instant::now();
    while !noted(&h, &|n| matches!(n, TicketsNote::MailSentTo { .. })) {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "{:?}",
            h.state.toasts
        );
        h.settle_mail(Duration::from_secs(1));
    }
    let inbox = s.wait_mailbox(&customer, 1);
    let reply = MessageParser::default().parse(&inbox[0]).unwrap();
    assert_eq!(
        reply.subject(),
        Some(format!("Re: [#{id}] 投影仪没有信号").as_str())
    );
    assert!(reply.body_text(0).unwrap().contains("HDMI 线是否插紧"));
    let d = h.state.tickets.detail.clone().unwrap();
    assert!(
        d.mail
            .iter()
            .any(|m| m.state == aftercare::domain::mail::MailState::Sent),
        "the open detail shows it sent"
    );
}
