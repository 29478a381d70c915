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
        Msg::Tickets(TicketsMsg::MailRetried { ticket: 50, n: 1 }),
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
        })),
    );
    assert!(noted(
        &s,
        |n| matches!(n, TicketsNote::MailFailed { id: 49, error } if error.contains("550"))
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
