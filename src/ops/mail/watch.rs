//! `mail watch`: fetch and send, then wait for new mail (IMAP IDLE where the server
//! offers it, else polling), over and over. A server that is down is reported and
//! tried again on the next round; nothing stops the watch but the caller.

use super::fetch;
use super::send::SendSummary;
use crate::domain::intake::ImportSummary;
use crate::error::Result;
use crate::ops::Desk;
use std::time::Duration;

/// What the watch reports as it goes.
#[derive(Debug, Clone, PartialEq)]
pub enum WatchEvent {
    /// One mailbox was fetched.
    Fetched(ImportSummary),
    /// The outbox was sent.
    Sent(SendSummary),
    /// Something failed this round (it is tried again next round).
    Error(String),
    /// Waiting for new mail: by IMAP IDLE or by polling, at most this long.
    Waiting { idle: bool, seconds: u64 },
}

impl Desk {
    /// Fetches and sends in rounds until `report` returns false. Each round fetches
    /// every configured mailbox, sends what is due, then waits: IMAP IDLE wakes it
    /// as soon as mail arrives, else it polls every `poll_seconds`.
    pub fn watch_mail(&mut self, mut report: impl FnMut(&WatchEvent) -> bool) -> Result<()> {
        let m = self.mail_config()?.clone();
        if m.imap.is_none() && m.maildirs.is_empty() && m.outgoing.is_none() {
            return Err(crate::error::Error::invalid(
                "[mail] has neither incoming nor outgoing mail configured",
                "add [mail.imap], maildirs, [mail.smtp] or [mail.sendmail]",
            ));
        }
        let wait = Duration::from_secs(m.poll_seconds);
        loop {
            let mut events = Vec::new();
            let mut session = None;
            if let Some(cfg) = &m.imap {
                match fetch::open(cfg) {
                    Ok(mut s) => {
                        match self.fetch_imap(&m, cfg, &mut s) {
                            Ok(sum) => events.push(WatchEvent::Fetched(sum)),
                            Err(e) => events.push(WatchEvent::Error(e.to_string())),
                        }
                        session = Some(s);
                    }
                    Err(e) => events.push(WatchEvent::Error(e.to_string())),
                }
            }
            for dir in &m.maildirs {
                match self.fetch_maildir(&m, dir) {
                    Ok(sum) => events.push(WatchEvent::Fetched(sum)),
                    Err(e) => events.push(WatchEvent::Error(e.to_string())),
                }
            }
            if m.outgoing.is_some() {
                match self.send_mail(1000) {
                    Ok(sum) => events.push(WatchEvent::Sent(sum)),
                    Err(e) => events.push(WatchEvent::Error(e.to_string())),
                }
            }
            let idle = session.as_ref().is_some_and(|s| s.idle);
            events.push(WatchEvent::Waiting {
                idle,
                seconds: wait.as_secs(),
            });
            for e in &events {
                if !report(e) {
                    return Ok(());
                }
            }
            match session.as_mut() {
                Some(s) if s.idle => {
                    // Any untagged response (EXISTS …) ends the wait; a failure too.
                    let _ = s
                        .session
                        .idle()
                        .timeout(wait)
                        .keepalive(false)
                        .wait_while(|_| false);
                }
                _ => std::thread::sleep(wait),
            }
            if let Some(mut s) = session {
                let _ = s.session.logout();
            }
        }
    }
}
