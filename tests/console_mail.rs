//! Mail in the console (issue 14 item 4) on a real database, with a real SMTP
//! refusal (a closed port on loopback, no mock): a reply is previewed, queued (the
//! status line says so and to whom), the background sender tries it and records the
//! server's answer, the detail shows each message's state, and `S` queues the
//! failed one again. Delivery to a real mailbox is in tests/mail_servers.rs.

use aftercare::app::chrome::Overlay;
use aftercare::app::keys::Key;
use aftercare::app::msg::{Msg, Note, Panel, TicketsNote};
use aftercare::config::Config;
use aftercare::domain::mail::MailState;
use aftercare::ops::{CustomerInput, Desk, TicketInput};
use aftercare::tui::headless::Headless;
use std::path::Path;
use std::time::Duration;

fn keys(h: &mut Headless, seq: &str) {
    for k in Key::parse_seq(seq).unwrap() {
        h.send(Msg::Key(k));
    }
}

fn typed(h: &mut Headless, text: &str) {
    for c in text.chars() {
        h.send(Msg::Key(Key::ch(c)));
    }
}

/// A port on loopback where nothing listens: connecting is refused at once.
fn closed_port() -> u16 {
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = l.local_addr().unwrap().port();
    drop(l);
    port
}

fn config(dir: &Path, port: u16) -> Config {
    let path = dir.join("config.toml");
    std::fs::write(
        &path,
        format!(
            "[mail]\naddress = \"support@example.test\"\nmax_attempts = 1\nretry_seconds = 1\n\
             poll_seconds = 3600\n[mail.smtp]\nhost = \"127.0.0.1\"\nport = {port}\n\
             security = \"none\"\ntimeout_seconds = 5\n"
        ),
    )
    .unwrap();
    Config::load(&path, true).expect("the test config")
}

fn has(h: &Headless, f: impl Fn(&TicketsNote) -> bool) -> bool {
    h.state
        .toasts
        .iter()
        .any(|t| matches!(&t.note, Note::Tickets(n) if f(n)))
}

fn console(dir: &Path) -> Headless {
    let mut d = Desk::open(&dir.join("m.db"), config(dir, closed_port()), "李娜").unwrap();
    d.create_customer(CustomerInput {
        name: "王女士".into(),
        email: Some("wang@example.test".into()),
        ..Default::default()
    })
    .unwrap();
    d.create_ticket(TicketInput {
        title: "打印机卡纸".into(),
        body: "每天卡纸三次".into(),
        customer: Some("王女士".into()),
        ..Default::default()
    })
    .unwrap();
    d.create_ticket(TicketInput {
        title: "没有客户的工单".into(),
        ..Default::default()
    })
    .unwrap();
    let mut h = Headless::new(d, 120, 40);
    h.start();
    h.start_mail();
    assert!(h.mail.running());
    h
}

#[test]
fn a_reply_is_queued_tried_and_failed_with_the_reason_then_sent_again_from_the_detail() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = console(dir.path());
    // Ticket 1 is the second row (newest first).
    keys(&mut h, "j enter r");
    typed(&mut h, "已安排工程师明天上门。");
    keys(&mut h, "enter");
    assert!(matches!(h.state.overlay, Overlay::Confirm(_)));
    keys(&mut h, "y");
    assert!(
        has(
            &h,
            |n| matches!(n, TicketsNote::MailQueued { id: 1, to } if to == "wang@example.test")
        ),
        "the status line says queued and to whom: {:?}",
        h.state.toasts
    );
    // The sender (its own thread) tries, the closed port refuses, one try allowed.
    let mut waited = 0;
    while !has(&h, |n| matches!(n, TicketsNote::MailFailed { id: 1, .. })) {
        assert!(waited < 30, "no failure reported: {:?}", h.state.toasts);
        h.settle_mail(Duration::from_secs(1));
        waited += 1;
    }
    let d = h.state.tickets.detail.clone().unwrap();
    assert_eq!(d.mail.len(), 1, "the detail shows the message");
    assert_eq!(d.mail[0].state, MailState::Failed);
    let reason = d.mail[0].last_error.clone().unwrap_or_default();
    assert!(!reason.is_empty());
    h.draw();
    let screen = h.screen();
    assert!(screen.contains("wang@example.test"), "{screen}");
    assert!(screen.contains("failed"), "{screen}");
    // Its one try was its last: the status line says it gave up, not that the
    // server is tried again later (nothing is left to try).
    assert!(screen.contains("given up after 1 try"), "{screen}");
    assert!(
        !screen.contains("1 tries"),
        "the count is said once: {screen}"
    );
    assert!(
        !has(&h, |n| matches!(n, TicketsNote::MailTrouble(_))),
        "{:?}",
        h.state.toasts
    );
    // `S` queues it again (the same message, tries counted afresh).
    keys(&mut h, "S");
    assert!(has(&h, |n| matches!(
        n,
        TicketsNote::MailRetried { id: 1, n: 1 }
    )));
    let m = h.desk.mail_message(d.mail[0].id).unwrap();
    // The sender, woken by the retry, may already have tried again (the port still
    // refuses): the retry is the newer version, queued or failed once more.
    assert!(m.version > d.mail[0].version, "S wrote the retry: {m:?}");
    assert!(
        matches!(m.state, MailState::Queued | MailState::Failed),
        "{m:?}"
    );
    assert_eq!(m.message_id, d.mail[0].message_id, "same Message-ID");
    // The detail shows it, whatever the sender did since.
    h.draw();
    assert!(h.screen().contains("queued again"), "{}", h.screen());
}

#[test]
fn a_reply_to_a_customer_without_an_address_says_it_was_not_mailed() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = console(dir.path());
    keys(&mut h, "enter r");
    typed(&mut h, "稍后电话联系");
    keys(&mut h, "enter y");
    assert!(has(&h, |n| matches!(
        n,
        TicketsNote::MailNoAddress {
            id: 2,
            customer: None
        }
    )));
    assert!(h.desk.ticket_mail(2).unwrap().is_empty(), "nothing queued");
}

#[test]
fn the_palette_shows_the_outbox_and_fetch_without_incoming_mail_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = console(dir.path());
    keys(&mut h, "j enter r");
    typed(&mut h, "您好");
    keys(&mut h, "enter y esc");
    keys(&mut h, ":");
    typed(&mut h, "mail outbox");
    keys(&mut h, "enter");
    let Overlay::Panel { panel, .. } = &h.state.overlay else {
        panic!("{:?}", h.state.overlay)
    };
    let Panel::Outbox(rows) = panel.as_ref() else {
        panic!("outbox panel")
    };
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].ticket_id, 1);
    h.draw();
    assert!(h.screen().contains("Outbox (1)"), "{}", h.screen());
    keys(&mut h, "esc :");
    typed(&mut h, "mail fetch");
    keys(&mut h, "enter");
    // No IMAP or Maildir in this config: a clear error, nothing else.
    assert!(
        h.state
            .toasts
            .iter()
            .any(|t| t.level == aftercare::app::msg::Level::Error),
        "{:?}",
        h.state.toasts
    );
}
