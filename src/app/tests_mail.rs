//! Mail in the console at the update level (issue 14 item 4): `:mail fetch|send|
//! outbox` as effects (fetch and send on the worker), `S` in the detail sends the
//! ticket's failed mail again, and what the sender reports becomes the status line.

use super::handle;
use super::msg::{Effect, Job, Msg, Note, TicketsFx, TicketsMsg, TicketsNote};
use super::tests::{enter, key, loaded, typed};
use crate::domain::mail::{Delivery, MailKind, MailState, OutboxMessage};
use crate::ops::mail::WorkerEvent;

fn palette(s: &mut super::State, line: &str) -> Vec<Effect> {
    key(s, ":");
    typed(s, line);
    enter(s)
}

fn message(id: i64, state: MailState) -> OutboxMessage {
    OutboxMessage {
        id,
        ticket_id: 50,
        comment_id: Some(1),
        kind: MailKind::Reply,
        message_id: format!("m{id}@example.test"),
        in_reply_to: None,
        references: Vec::new(),
        to_addr: "wang@example.test".into(),
        to_name: None,
        subject: "[#50] 打印机卡纸".into(),
        body: "您好".into(),
        lang: "zh".into(),
        state,
        attempts: 8,
        next_at: 0,
        last_error: Some("550 5.1.1 mailbox unavailable".into()),
        response: None,
        created_at: super::tests::NOW,
        created_by: "李娜".into(),
        sent_at: None,
        updated_at: super::tests::NOW,
        version: 3,
    }
}

fn noted(s: &super::State, f: impl Fn(&TicketsNote) -> bool) -> bool {
    s.toasts
        .iter()
        .any(|t| matches!(&t.note, Note::Tickets(n) if f(n)))
}

#[test]
fn the_palette_fetches_sends_and_shows_the_outbox() {
    let mut s = loaded();
    assert_eq!(
        palette(&mut s, "mail fetch"),
        vec![Effect::Tickets(TicketsFx::FetchMail)]
    );
    assert_eq!(
        palette(&mut s, "mail send"),
        vec![Effect::Tickets(TicketsFx::SendMail)]
    );
    assert_eq!(
        palette(&mut s, "mail outbox"),
        vec![Effect::Tickets(TicketsFx::LoadOutbox)]
    );
    assert!(palette(&mut s, "mail nonsense").is_empty());
    assert!(noted(
        &s,
        |n| matches!(n, TicketsNote::BadMailAction(a) if a == "nonsense")
    ));
    // Network work never runs on the UI thread.
    for fx in [TicketsFx::FetchMail, TicketsFx::SendMail] {
        assert_eq!(
            crate::tui::background::job_of(&Effect::Tickets(fx)),
            Some(Job::Mail)
        );
    }
}

#[test]
fn s_in_the_detail_queues_the_failed_mail_again_with_the_versions_seen() {
    let mut s = loaded();
    key(&mut s, "enter");
    let fx = key(&mut s, "S");
    assert!(fx.is_empty());
    assert!(noted(&s, |n| matches!(
        n,
        TicketsNote::NoFailedMail { id: 50 }
    )));
    s.tickets.detail.as_mut().unwrap().mail =
        vec![message(7, MailState::Sent), message(8, MailState::Failed)];
    assert_eq!(
        key(&mut s, "S"),
        vec![Effect::Tickets(TicketsFx::RetryMail {
            ticket: 50,
            messages: vec![(8, 3)]
        })]
    );
    let fx = handle(
        &mut s,
        Msg::Tickets(TicketsMsg::MailRetried {
            ticket: 50,
            ids: vec![8],
        }),
    );
    assert!(fx.contains(&Effect::Tickets(TicketsFx::LoadDetail { id: 50 })));
}

#[test]
fn the_status_line_says_queued_then_sent_or_failed() {
    let mut s = loaded();
    key(&mut s, "enter");
    handle(
        &mut s,
        Msg::Tickets(TicketsMsg::Delivery {
            id: 50,
            delivery: Delivery::Queued {
                outbox_id: 9,
                to: "wang@example.test".into(),
            },
        }),
    );
    assert!(noted(&s, |n| matches!(
        n,
        TicketsNote::MailQueued { id: 50, .. }
    )));
    let fx = handle(
        &mut s,
        Msg::Tickets(TicketsMsg::Mail(WorkerEvent::Sent {
            id: 9,
            ticket_id: 50,
            to: "wang@example.test".into(),
        })),
    );
    assert!(noted(&s, |n| matches!(
        n,
        TicketsNote::MailSentTo { id: 50, .. }
    )));
    assert!(
        fx.contains(&Effect::Tickets(TicketsFx::LoadDetail { id: 50 })),
        "the open detail shows the new state"
    );
    handle(
        &mut s,
        Msg::Tickets(TicketsMsg::Mail(WorkerEvent::Failed {
            id: 10,
            ticket_id: 49,
            error: "550 no such user".into(),
            attempts: 3,
        })),
    );
    assert!(noted(
        &s,
        |n| matches!(n, TicketsNote::MailFailed { id: 49, error, tries: 3 } if error.contains("550"))
    ));
    // A customer without an address: said, nothing pretended.
    handle(
        &mut s,
        Msg::Tickets(TicketsMsg::Delivery {
            id: 50,
            delivery: Delivery::NoAddress {
                customer: "王女士".into(),
            },
        }),
    );
    assert!(noted(&s, |n| matches!(
        n,
        TicketsNote::MailNoAddress { .. }
    )));
    // New mail: the list refreshes (the live queue puts the tickets on top).
    let fx = handle(
        &mut s,
        Msg::Tickets(TicketsMsg::Mail(WorkerEvent::Fetched {
            tickets: vec![51],
            replies: 2,
        })),
    );
    assert!(fx.contains(&Effect::LoadStatus), "{fx:?}");
    assert!(noted(&s, |n| matches!(
        n,
        TicketsNote::MailFetched {
            tickets: 1,
            replies: 2
        }
    )));
}

fn screen(s: &super::State) -> String {
    let mut term =
        ratatui::Terminal::new(ratatui::backend::TestBackend::new(s.size.0, s.size.1)).unwrap();
    term.draw(|f| crate::ui::render(s, f)).unwrap();
    crate::tui::headless::buffer_text(term.backend().buffer())
}

#[test]
fn mail_given_up_at_its_last_try_says_so_and_not_tried_again_later() {
    let mut s = loaded();
    handle(
        &mut s,
        Msg::Tickets(TicketsMsg::Mail(WorkerEvent::Failed {
            id: 10,
            ticket_id: 49,
            error: "connection refused".into(),
            attempts: 5,
        })),
    );
    let shown = screen(&s);
    assert!(
        shown.contains("mail on #49 given up after 5 tries: connection refused"),
        "{shown}"
    );
    assert!(!shown.contains("tried again later"), "{shown}");
    s.lang = super::Lang::Zh;
    handle(
        &mut s,
        Msg::Tickets(TicketsMsg::Mail(WorkerEvent::Failed {
            id: 11,
            ticket_id: 48,
            error: "refused".into(),
            attempts: 1,
        })),
    );
    assert!(
        screen(&s).contains("#48 的邮件尝试 1 次后放弃：refused"),
        "{}",
        screen(&s)
    );
}

#[test]
fn s_marks_the_mail_queued_again_in_the_detail_even_when_it_fails_again_at_once() {
    let mut s = loaded();
    key(&mut s, "enter");
    s.tickets.detail.as_mut().unwrap().mail = vec![message(8, MailState::Failed)];
    let before = screen(&s);
    assert!(before.contains("failed"), "{before}");
    assert!(!before.contains("queued again"), "{before}");
    key(&mut s, "S");
    handle(
        &mut s,
        Msg::Tickets(TicketsMsg::MailRetried {
            ticket: 50,
            ids: vec![8],
        }),
    );
    // The sender, woken at once, failed again before the detail was read back.
    let after = screen(&s);
    assert!(after.contains("failed (8 tries) · queued again"), "{after}");
    assert!(
        after.contains("1 failed message of #50 queued again"),
        "the toast says it too: {after}"
    );
    key(&mut s, "S");
    handle(
        &mut s,
        Msg::Tickets(TicketsMsg::MailRetried {
            ticket: 50,
            ids: vec![8],
        }),
    );
    assert!(screen(&s).contains("· queued again ×2"), "{}", screen(&s));
}
