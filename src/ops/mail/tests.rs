//! Mail operations on a temporary database with a fixed clock, without mail servers:
//! queueing in the change's transaction, threading, the sender against a closed port,
//! leases, retries, bounces, customer replies, surveys, Maildir fetching.
//! (Tests against real Postfix and Dovecot are in tests/mail_servers.rs.)

use crate::config::Config;
use crate::domain::mail::{Delivery, MailKind, MailState};
use crate::ops::mail::{OutboxFilter, SendOutcome};
use crate::ops::{Desk, MailSource, TicketInput};
use crate::store::{audit, outbox};
use std::path::Path;

const NOW: i64 = 1_790_000_000; // a Tuesday in 2026

/// A port where nothing listens: connecting is refused.
fn closed_port() -> u16 {
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    l.local_addr().unwrap().port()
}

struct T {
    desk: Desk,
    dir: tempfile::TempDir,
}

impl T {
    fn new() -> T {
        T::with(&format!(
            "[mail]\naddress = \"support@example.com\"\nname = \"客服\"\nacknowledge = \"ack\"\n\
             survey = \"survey\"\nvisit_notice = \"visit-notice\"\nmax_attempts = 2\n\
             retry_seconds = 60\n[mail.smtp]\nhost = \"127.0.0.1\"\nport = {}\nsecurity = \"none\"\n\
             timeout_seconds = 5\n",
            closed_port()
        ))
    }

    fn with(config: &str) -> T {
        let dir = tempfile::tempdir().unwrap();
        let cfg = Config::check_str(config, "t.toml").unwrap_or_else(|e| panic!("{e:?}"));
        let mut desk = Desk::open(&dir.path().join("t.db"), cfg, "李娜").unwrap();
        desk.set_now(Some(NOW));
        T { desk, dir }
    }

    fn ticket(&mut self, title: &str, customer: Option<&str>) -> i64 {
        self.desk
            .create_ticket(TicketInput {
                title: title.into(),
                customer: customer.map(str::to_string),
                new_customer: true,
                ..Default::default()
            })
            .unwrap()
            .id
    }

    /// Imports one mail given as text; returns the summary's (tickets, replies, bounces).
    fn import(&mut self, name: &str, text: &str) -> (Vec<i64>, usize, usize) {
        let p = self.dir.path().join(name);
        std::fs::write(&p, text.replace('\n', "\r\n")).unwrap();
        let s = self.desk.import_mail(MailSource::Eml, &p, false).unwrap();
        (s.tickets, s.replies, s.bounces)
    }

    fn outbox(&self) -> Vec<crate::domain::mail::OutboxMessage> {
        let mut v = self.desk.mail_outbox(OutboxFilter::All, None, 100).unwrap();
        v.reverse();
        v
    }
}

fn customer_mail(id: &str, subject: &str, body: &str, extra: &str) -> String {
    format!(
        "From: 李雷 <li.lei@example.net>\nTo: support@example.com\nSubject: {subject}\n\
         Message-ID: <{id}>\nDate: Tue, 22 Sep 2026 10:00:00 +0800\n{extra}\
         Content-Type: text/plain; charset=utf-8\n\n{body}\n"
    )
}

#[test]
fn a_reply_is_queued_in_its_transaction_threaded_and_tagged() {
    let mut t = T::new();
    let (ids, ..) = t.import(
        "a.eml",
        &customer_mail("c1@example.net", "打印机卡纸", "卡纸了", ""),
    );
    let id = ids[0];
    let c = t.desk.comment(id, "请提供序列号。", false, None).unwrap();
    let out = t.outbox();
    assert_eq!(out.len(), 1);
    let m = &out[0];
    assert_eq!((m.kind, m.state), (MailKind::Reply, MailState::Queued));
    assert_eq!(m.comment_id, Some(c.comment.id));
    assert_eq!(m.to_addr, "li.lei@example.net");
    assert_eq!(m.subject, format!("Re: [#{id}] 打印机卡纸"));
    assert_eq!(m.in_reply_to.as_deref(), Some("c1@example.net"));
    assert_eq!(m.references, vec!["c1@example.net"]);
    assert_eq!(m.lang, "zh");
    assert!(m.message_id.ends_with("@example.com"), "{}", m.message_id);
    assert_eq!(m.body, "请提供序列号。");
    assert_eq!(
        t.desk.comment_delivery(id, c.comment.id).unwrap(),
        Delivery::Queued {
            outbox_id: m.id,
            to: m.to_addr.clone()
        }
    );
    let history = audit::history(t.desk.store.conn(), "ticket", id).unwrap();
    assert!(history.iter().any(|e| e.action == "mail"
        && e.new.as_deref() == Some(&format!("#{} reply queued to li.lei@example.net", m.id))));
    // The next message continues the thread after ours.
    t.desk.comment(id, "还有一个问题", false, None).unwrap();
    let second = &t.outbox()[1];
    assert_eq!(second.in_reply_to.as_deref(), Some("c1@example.net"));
    assert_eq!(
        second.references,
        vec!["c1@example.net".to_string(), m.message_id.clone()]
    );
    assert_ne!(second.message_id, m.message_id);
    // Internal notes stay inside.
    t.desk.comment(id, "内部备注", true, None).unwrap();
    assert_eq!(t.outbox().len(), 2);
}

#[test]
fn without_an_address_or_without_mail_nothing_is_queued() {
    let mut t = T::new();
    let id = t.ticket("Printer jam", Some("Acme GmbH"));
    let c = t.desk.comment(id, "Hello", false, None).unwrap();
    assert!(t.outbox().is_empty());
    assert_eq!(
        t.desk.comment_delivery(id, c.comment.id).unwrap(),
        Delivery::NoAddress {
            customer: "Acme GmbH".into()
        }
    );
    let none = t.ticket("No customer", None);
    let c = t.desk.comment(none, "Hello", false, None).unwrap();
    assert_eq!(
        t.desk.comment_delivery(none, c.comment.id).unwrap(),
        Delivery::NoCustomer
    );

    let mut plain = T::with("");
    let id = plain.ticket("Printer jam", Some("it@acme.example"));
    let c = plain.desk.comment(id, "Hello", false, None).unwrap();
    assert!(plain.outbox().is_empty());
    assert_eq!(
        plain.desk.comment_delivery(id, c.comment.id).unwrap(),
        Delivery::NotConfigured
    );
    assert!(plain.desk.send_mail(10).is_err());
}

#[test]
fn a_failed_queue_write_rolls_the_reply_back() {
    let mut t = T::new();
    let id = t.ticket("Printer jam", Some("it@acme.example"));
    let before = t.desk.ticket(id).unwrap();
    // The support address's domain cannot be a Message-ID clash: force one instead by
    // making the outbox refuse every row.
    crate::store::outbox::tests_block_inserts(t.desk.store.conn());
    let err = t.desk.comment(id, "Hello", false, None).unwrap_err();
    assert!(err.to_string().contains("outbox"), "{err}");
    let after = t.desk.ticket(id).unwrap();
    assert_eq!(after.version, before.version);
    assert!(
        t.desk.comments(id).unwrap().is_empty(),
        "the reply was rolled back"
    );
}

#[test]
fn updates_surveys_and_visit_notices_speak_the_tickets_language() {
    let mut t = T::new();
    let zh = t
        .desk
        .create_ticket(TicketInput {
            title: "服务态度差".into(),
            ty: Some("complaint".into()),
            customer: Some("wang@example.cn".into()),
            new_customer: true,
            ..Default::default()
        })
        .unwrap()
        .id;
    let en = t
        .desk
        .create_ticket(TicketInput {
            title: "Rude technician".into(),
            ty: Some("complaint".into()),
            customer: Some("bob@example.org".into()),
            new_customer: true,
            ..Default::default()
        })
        .unwrap()
        .id;
    let out = t.outbox();
    assert_eq!(out.len(), 2, "the 'accepted' update of each complaint");
    assert_eq!(out[0].kind, MailKind::Update);
    assert_eq!(out[0].subject, format!("[#{zh}] 处理进度：服务态度差"));
    assert!(out[0].body.contains("已受理") && !out[0].body.contains("accepted"));
    assert!(out[1].body.contains("accepted") && !out[1].body.contains("受理"));
    // The survey is for solved tickets only.
    let e = t.desk.ask_survey(en, None).unwrap_err();
    assert!(e.to_string().contains("not resolved"));
    let std = t.ticket("Printer jam", Some("bob@example.org"));
    t.desk.move_ticket(std, "resolved", None).unwrap();
    let d = t.desk.ask_survey(std, None).unwrap();
    assert!(matches!(d, Delivery::Queued { .. }));
    let survey = t.outbox().pop().unwrap();
    assert_eq!(survey.kind, MailKind::Survey);
    assert!(survey.body.contains("score from 1 to 5") && !survey.body.contains("满意"));
    t.desk
        .schedule_visit(zh, "2026-09-30", None, Some("问满意度"))
        .unwrap();
    let visit = t.outbox().pop().unwrap();
    assert_eq!(visit.kind, MailKind::Visit);
    assert!(
        visit.body.ends_with("回访日期：2026-09-30"),
        "{}",
        visit.body
    );
    assert!(
        !visit.body.contains("问满意度"),
        "the note is for the agent"
    );
}

#[test]
fn an_unreachable_server_keeps_mail_queued_until_the_last_try() {
    let mut t = T::new();
    let id = t.ticket("Printer jam", Some("it@acme.example"));
    t.desk.comment(id, "Hello", false, None).unwrap();
    let s = t.desk.send_mail(10).unwrap();
    assert_eq!(s.results.len(), 1);
    let SendOutcome::Retrying { error, next_at } = &s.results[0].outcome else {
        panic!("{s:?}")
    };
    assert!(error.to_lowercase().contains("refused"), "{error}");
    assert_eq!(*next_at, NOW + 60);
    assert!(s.stopped.is_some(), "an unreachable server ends the run");
    assert_eq!((s.queued, s.failed), (1, 0));
    let m = &t.outbox()[0];
    assert_eq!((m.state, m.attempts), (MailState::Queued, 1));
    // Not due yet: nothing is tried.
    assert!(t.desk.send_mail(10).unwrap().results.is_empty());
    t.desk.set_now(Some(NOW + 61));
    let s = t.desk.send_mail(10).unwrap();
    let SendOutcome::Failed(why) = &s.results[0].outcome else {
        panic!("{s:?}")
    };
    assert!(
        !why.contains("tries"),
        "the count is a field, not text: {why}"
    );
    let m = t.desk.mail_message(m.id).unwrap();
    assert_eq!((m.state, m.attempts), (MailState::Failed, 2));
    assert_eq!(m.last_error.as_deref(), Some(why.as_str()));
    assert_eq!(
        t.desk
            .mail_outbox(OutboxFilter::Failed, None, 10)
            .unwrap()
            .len(),
        1
    );
    // Retry: queued again with fresh tries; a stale version is a conflict.
    assert!(t
        .desk
        .retry_mail(m.id, Some(m.version - 1))
        .unwrap_err()
        .is_conflict());
    let again = t.desk.retry_mail(m.id, Some(m.version)).unwrap();
    assert_eq!((again.state, again.attempts), (MailState::Queued, 0));
    let events = audit::history(t.desk.store.conn(), "mail", m.id).unwrap();
    let actions: Vec<&str> = events.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, ["retry", "failed", "retry"]);
}

#[test]
fn a_crash_between_claim_and_record_sends_again_after_the_lease() {
    let mut t = T::new();
    let id = t.ticket("Printer jam", Some("it@acme.example"));
    t.desk.comment(id, "Hello", false, None).unwrap();
    // A sender takes the message and dies before recording anything.
    let taken = t
        .desk
        .store
        .write(|c| outbox::claim_due(c, NOW, NOW + 300))
        .unwrap()
        .unwrap();
    assert_eq!(taken.attempts, 1);
    assert!(t.desk.send_mail(10).unwrap().results.is_empty(), "leased");
    t.desk.set_now(Some(NOW + 301));
    let s = t.desk.send_mail(10).unwrap();
    assert_eq!(s.results.len(), 1, "tried again after the lease");
    assert_eq!(s.results[0].attempt, 2);
    let m = t.desk.mail_message(taken.id).unwrap();
    assert_eq!(
        m.message_id, taken.message_id,
        "the same message, the same Message-ID"
    );
}

#[test]
fn a_sent_message_is_not_sent_again_and_unknown_ids_are_not_found() {
    let mut t = T::new();
    let id = t.ticket("Printer jam", Some("it@acme.example"));
    t.desk.comment(id, "Hello", false, None).unwrap();
    let m = t.outbox().remove(0);
    t.desk
        .store
        .write(|c| {
            let m = outbox::claim_due(c, NOW, NOW + 60)?.unwrap();
            outbox::record(
                c,
                &crate::store::write::Stamp::new(NOW, "t"),
                m.id,
                m.version,
                &outbox::Outcome::Sent("250 ok"),
            )
        })
        .unwrap();
    let e = t.desk.retry_mail(m.id, None).unwrap_err();
    assert!(e.to_string().contains("already sent"), "{e}");
    let e = t.desk.retry_mail(999, None).unwrap_err();
    assert!(e.to_string().contains("not found"), "{e}");
}

fn dsn(original: &str) -> String {
    format!(
        "From: Mail Delivery System <MAILER-DAEMON@mx.example.net>\nTo: support@example.com\n\
Subject: Undelivered Mail Returned to Sender\nMessage-ID: <dsn-{original}>\nAuto-Submitted: auto-replied\n\
MIME-Version: 1.0\nContent-Type: multipart/report; report-type=delivery-status; boundary=\"B\"\n\n\
--B\nContent-Type: text/plain\n\nYour message could not be delivered.\n\
--B\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example.net\n\n\
Final-Recipient: rfc822; it@acme.example\nAction: failed\nStatus: 5.1.1\n\
Diagnostic-Code: smtp; 550 5.1.1 <it@acme.example>: Recipient address rejected: User unknown\n\
--B\nContent-Type: text/rfc822-headers\n\nFrom: support@example.com\nMessage-ID: <{original}>\nSubject: x\n--B--\n"
    )
}

#[test]
fn a_bounce_fails_the_message_and_notes_it_on_the_ticket_once() {
    let mut t = T::new();
    let id = t.ticket("Printer jam", Some("it@acme.example"));
    t.desk.comment(id, "Hello", false, None).unwrap();
    let m = t.outbox().remove(0);
    t.desk
        .store
        .write(|c| {
            let m = outbox::claim_due(c, NOW, NOW + 60)?.unwrap();
            outbox::record(
                c,
                &crate::store::write::Stamp::new(NOW, "t"),
                m.id,
                m.version,
                &outbox::Outcome::Sent("250 ok"),
            )
        })
        .unwrap();
    let (tickets, replies, bounces) = t.import("dsn.eml", &dsn(&m.message_id));
    assert_eq!((tickets.len(), replies, bounces), (0, 0, 1));
    let m = t.desk.mail_message(m.id).unwrap();
    assert_eq!(m.state, MailState::Failed);
    let why = m.last_error.unwrap();
    assert!(
        why.contains("bounced by it@acme.example") && why.contains("User unknown"),
        "{why}"
    );
    let notes: Vec<_> = t
        .desk
        .comments(id)
        .unwrap()
        .into_iter()
        .filter(|c| c.internal)
        .collect();
    assert_eq!(notes.len(), 1);
    assert!(notes[0].body.contains("could not be delivered"));
    // The same report again changes nothing; nothing answers it.
    assert_eq!(t.import("dsn2.eml", &dsn(&m.message_id)), (vec![], 0, 0));
    assert_eq!(t.outbox().len(), 1);
}

#[test]
fn customer_replies_leave_waiting_reopen_or_start_a_linked_ticket() {
    let mut t = T::new();
    let (ids, ..) = t.import(
        "a.eml",
        &customer_mail("c1@example.net", "打印机卡纸", "卡纸了", ""),
    );
    let id = ids[0];
    t.desk.apply_macro(id, "ask-info", None).unwrap();
    assert_eq!(t.desk.ticket(id).unwrap().stage, "waiting_customer");
    let ours = t.outbox().pop().unwrap().message_id;
    let answer = |n: u32| {
        customer_mail(
            &format!("c{n}@example.net"),
            "回复：打印机卡纸",
            "序列号 SN123\n\n在 2026年9月22日 客服 写道：\n> 请提供",
            &format!("In-Reply-To: <{ours}>\n"),
        )
    };
    let (new, replies, _) = t.import("b.eml", &answer(2));
    assert_eq!((new.len(), replies), (0, 1));
    let tk = t.desk.ticket(id).unwrap();
    assert_eq!(tk.stage, "in_progress", "moved out of waiting");
    let last = t.desk.comments(id).unwrap().pop().unwrap();
    assert_eq!(last.body, "序列号 SN123", "the quote is cut");
    // Within reopen_days a reply reopens …
    t.desk.move_ticket(id, "resolved", None).unwrap();
    t.desk.set_now(Some(NOW + 3 * 86_400));
    t.import("c.eml", &answer(3));
    assert_eq!(t.desk.ticket(id).unwrap().stage, "in_progress");
    // … after them it starts a new ticket linked to the old one.
    t.desk.move_ticket(id, "resolved", None).unwrap();
    t.desk.set_now(Some(NOW + 20 * 86_400));
    let (new, replies, _) = t.import("d.eml", &answer(4));
    assert_eq!((new.len(), replies), (1, 0));
    assert_eq!(t.desk.ticket(id).unwrap().stage, "resolved");
    let rel = t.desk.relations(new[0]).unwrap();
    assert_eq!(
        rel.related.iter().map(|l| l.id).collect::<Vec<_>>(),
        vec![id]
    );
}

#[test]
fn a_survey_answer_records_the_score_without_reopening() {
    let mut t = T::new();
    let (ids, ..) = t.import(
        "a.eml",
        &customer_mail("c1@example.net", "Printer jam", "jam", ""),
    );
    let id = ids[0];
    t.desk.move_ticket(id, "resolved", None).unwrap();
    t.desk.ask_survey(id, None).unwrap();
    let survey = t.outbox().pop().unwrap();
    let answer = customer_mail(
        "c2@example.net",
        &format!("Re: {}", survey.subject),
        "5 — quick and friendly",
        &format!("In-Reply-To: <{}>\n", survey.message_id),
    );
    t.import("b.eml", &answer);
    assert_eq!(t.desk.ticket(id).unwrap().stage, "resolved");
    let csat = t.desk.csat(id).unwrap().unwrap();
    assert_eq!(csat.score, 5);
    assert_eq!(csat.rated_by, "李雷");
}

#[test]
fn auto_replies_become_notes_and_our_own_mail_is_ignored() {
    let mut t = T::new();
    let (ids, ..) = t.import(
        "a.eml",
        &customer_mail("c1@example.net", "Printer jam", "jam", ""),
    );
    let id = ids[0];
    t.desk.apply_macro(id, "ask-info", None).unwrap();
    let ours = t.outbox().pop().unwrap().message_id;
    let ooo = customer_mail(
        "ooo@example.net",
        "Automatic reply: Printer jam",
        "I am out of the office until Monday.",
        &format!("In-Reply-To: <{ours}>\nAuto-Submitted: auto-replied\n"),
    );
    t.import("ooo.eml", &ooo);
    assert_eq!(
        t.desk.ticket(id).unwrap().stage,
        "waiting_customer",
        "not moved"
    );
    let note = t.desk.comments(id).unwrap().pop().unwrap();
    assert!(note.internal && note.body.starts_with("[Auto-Submitted: auto-replied]"));
    let own = "From: support@example.com\nTo: x@example.net\nSubject: loop\nMessage-ID: <own1@example.com>\n\nhello\n";
    let p = t.dir.path().join("own.eml");
    std::fs::write(&p, own).unwrap();
    let s = t.desk.import_mail(MailSource::Eml, &p, false).unwrap();
    assert!(s.tickets.is_empty());
    assert_eq!(s.skipped.len(), 1);
    assert!(s.skipped[0].reason.contains("own support address"));
    // Our own sent message coming back (a copy, a Sent folder) is a duplicate.
    let copy = format!(
        "From: support@example.com\nTo: li.lei@example.net\nSubject: x\nMessage-ID: <{ours}>\n\nx\n"
    );
    let p = t.dir.path().join("copy.eml");
    std::fs::write(&p, copy).unwrap();
    let s = t.desk.import_mail(MailSource::Eml, &p, false).unwrap();
    assert_eq!(s.duplicates, 1);
}

fn maildir(root: &Path, files: &[(&str, &str)]) {
    for sub in ["new", "cur", "tmp"] {
        std::fs::create_dir_all(root.join(sub)).unwrap();
    }
    for (name, text) in files {
        std::fs::write(root.join("new").join(name), text.replace('\n', "\r\n")).unwrap();
    }
}

#[test]
fn maildir_fetch_imports_once_and_acknowledges_people_only() {
    let dir = tempfile::tempdir().unwrap();
    let md = dir.path().join("Maildir");
    maildir(
        &md,
        &[
            (
                "1790000000.1.host",
                &customer_mail("m1@example.net", "打印机卡纸", "卡纸了", ""),
            ),
            (
                "1790000001.2.host",
                &customer_mail(
                    "m2@example.net",
                    "Newsletter",
                    "Sale!",
                    "Precedence: bulk\n",
                ),
            ),
            ("1790000002.3.host", "just text, not mail"),
        ],
    );
    let mut t = T::with(&format!(
        "[mail]\naddress = \"support@example.com\"\nacknowledge = \"ack\"\nmaildirs = [\"{}\"]\n\
         [mail.sendmail]\ncommand = \"/usr/sbin/sendmail\"\n",
        md.display()
    ));
    let sums = t.desk.fetch_mail().unwrap();
    assert_eq!(sums.len(), 1);
    let s = &sums[0];
    assert_eq!((s.read, s.tickets.len(), s.skipped.len()), (3, 2, 1));
    let acks: Vec<_> = t
        .outbox()
        .into_iter()
        .filter(|m| m.kind == MailKind::Ack)
        .collect();
    assert_eq!(acks.len(), 1, "bulk mail is not answered");
    assert_eq!(acks[0].ticket_id, s.tickets[0]);
    assert_eq!(acks[0].in_reply_to.as_deref(), Some("m1@example.net"));
    assert!(
        acks[0].body.contains("客服团队 正在处理"),
        "no agent yet: {}",
        acks[0].body
    );
    // A mail client marks it read (new/ → cur/ with flags): still the same message.
    std::fs::rename(
        md.join("new/1790000000.1.host"),
        md.join("cur/1790000000.1.host:2,S"),
    )
    .unwrap();
    let again = t.desk.fetch_mail().unwrap();
    assert_eq!((again[0].read, again[0].tickets.len()), (0, 0));
    assert_eq!(t.outbox().len(), 1);
}
