//! Mail in the Tickets pane: `:mail fetch|send|outbox`, sending a ticket's failed
//! mail again from its detail, and what the background sender and fetcher report
//! (a reply queued / sent / failed in the status line, new mail in the list).

use super::state::TicketsState;
use crate::app::chrome::Overlay;
use crate::app::command::Command;
use crate::app::ctx::Ctx;
use crate::app::msg::{Note, Panel, TicketsFx, TicketsMsg, TicketsNote};
use crate::app::outcome::{Outcome, Request};
use crate::domain::mail::{Delivery, MailState};
use crate::ops::mail::WorkerEvent;

/// Applies `mail ACTION` or `mail-retry`.
pub fn update(s: &mut TicketsState, ctx: &Ctx, cmd: Command) -> Outcome {
    match cmd {
        Command::Mail(None) => Outcome::request(Request::Run(Command::Mail(Some("outbox".into())))),
        Command::Mail(Some(a)) => match a.trim() {
            "fetch" => Outcome::effect(TicketsFx::FetchMail),
            "send" => Outcome::effect(TicketsFx::SendMail),
            "outbox" => Outcome::effect(TicketsFx::LoadOutbox),
            other => Outcome::note(TicketsNote::BadMailAction(other.to_string())),
        },
        Command::MailRetry => {
            let Some(d) = s.detail.as_ref() else {
                return Outcome::note(Note::NoTicket);
            };
            let _ = ctx;
            let failed: Vec<(i64, i64)> = d
                .mail
                .iter()
                .filter(|m| m.state == MailState::Failed)
                .map(|m| (m.id, m.version))
                .collect();
            if failed.is_empty() {
                return Outcome::note(TicketsNote::NoFailedMail { id: d.id });
            }
            Outcome::effect(TicketsFx::RetryMail {
                ticket: d.id,
                messages: failed,
            })
        }
        _ => Outcome::none(),
    }
}

/// Applies a mail result.
pub fn handle(s: &mut TicketsState, ctx: &Ctx, msg: TicketsMsg) -> Outcome {
    let open = |s: &TicketsState, id: i64| s.detail.as_ref().is_some_and(|d| d.id == id);
    match msg {
        TicketsMsg::Delivery { id, delivery } => match delivery {
            Delivery::Queued { to, .. } => {
                let out = Outcome::note(TicketsNote::MailQueued { id, to });
                reload(s, id, out)
            }
            Delivery::NoAddress { customer } => Outcome::note(TicketsNote::MailNoAddress {
                id,
                customer: Some(customer),
            }),
            Delivery::NoCustomer => {
                Outcome::note(TicketsNote::MailNoAddress { id, customer: None })
            }
            Delivery::NotConfigured => Outcome::none(),
        },
        TicketsMsg::Mail(e) => match e {
            WorkerEvent::Sent { ticket_id, to, .. } => reload(
                s,
                ticket_id,
                Outcome::note(TicketsNote::MailSentTo { id: ticket_id, to }),
            ),
            WorkerEvent::Retrying {
                ticket_id, error, ..
            } => reload(
                s,
                ticket_id,
                Outcome::note(TicketsNote::MailRetrying {
                    id: ticket_id,
                    error,
                }),
            ),
            WorkerEvent::Failed {
                ticket_id,
                error,
                attempts,
                ..
            } => reload(
                s,
                ticket_id,
                Outcome::note(TicketsNote::MailFailed {
                    id: ticket_id,
                    error,
                    tries: attempts,
                }),
            ),
            WorkerEvent::Fetched { tickets, replies } => {
                // The live queue shows what arrived; the note says how much.
                Outcome::note(TicketsNote::MailFetched {
                    tickets: tickets.len(),
                    replies,
                })
                .and(Request::Refresh)
            }
            WorkerEvent::Error(why) => Outcome::note(TicketsNote::MailTrouble(why)),
        },
        TicketsMsg::MailRetried { ticket, ids } => {
            // The Mail section marks them, so `S` shows even when the sender, woken
            // at once, fails again before the next frame.
            for id in &ids {
                *s.retried_mail.entry(*id).or_insert(0) += 1;
            }
            let out = Outcome::note(TicketsNote::MailRetried {
                id: ticket,
                n: ids.len(),
            });
            if open(s, ticket) {
                out.and_effect(TicketsFx::LoadDetail { id: ticket })
            } else {
                out
            }
        }
        TicketsMsg::MailSent { sent, failed } => {
            let out = Outcome::note(TicketsNote::MailRound { sent, failed });
            match s.detail.as_ref() {
                Some(d) => out.and_effect(TicketsFx::LoadDetail { id: d.id }),
                None => out,
            }
        }
        TicketsMsg::Outbox(rows) if !ctx.dialog => Outcome::dialog(Overlay::Panel {
            panel: Box::new(Panel::Outbox(rows)),
            scroll: 0,
        }),
        _ => Outcome::none(),
    }
}

/// `out`, and a fresh detail when ticket `id` is open (its mail states changed).
fn reload(s: &TicketsState, id: i64, out: Outcome) -> Outcome {
    if s.detail.as_ref().is_some_and(|d| d.id == id) {
        out.and_effect(TicketsFx::LoadDetail { id })
    } else {
        out
    }
}
