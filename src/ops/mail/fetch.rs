//! Mail coming in: an IMAP folder (TLS or STARTTLS) and Maildir folders, each
//! message imported through the same path as `import`, in one transaction with the
//! record that its mailbox handed it over (IMAP: UIDVALIDITY and UID; Maildir: the
//! file's unique name). A re-run or a crash never imports anything twice.

use super::super::intake::{count, import_one};
use super::super::intake_run::{Ctx, Outcome};
use super::tls::{self, Stream};
use super::{queue, secret};
use crate::config::{AfterFetch, ImapConfig, MailConfig, Security};
use crate::domain::intake::ImportSummary;
use crate::domain::mail::MailKind;
use crate::error::{Error, Result};
use crate::import::{mail, maildir, RawMessage};
use crate::ops::Desk;
use crate::store::mailbox;
use std::path::Path;
use std::time::Duration;

/// Messages fetched from IMAP in one command.
const BATCH: usize = 50;

/// A logged-in IMAP session with its folder selected.
pub(crate) struct Imap {
    pub session: imap::Session<Stream>,
    /// `imap://user@host:port/folder`: the key of what this folder handed over.
    pub source: String,
    pub uid_validity: u32,
    pub idle: bool,
    can_move: bool,
}

fn imap_error(cfg: &ImapConfig, what: &str, e: imap::Error) -> Error {
    Error::invalid(
        format!(
            "IMAP {what} on {}:{} failed: {}",
            cfg.host,
            cfg.port,
            crate::domain::mail::header_text(&e.to_string())
        ),
        "check [mail.imap] in the config and that the server is running",
    )
}

/// Connects, secures, logs in and selects the folder.
pub(crate) fn open(cfg: &ImapConfig) -> Result<Imap> {
    let password = secret::resolve(&cfg.password, "IMAP")?;
    let timeout = Duration::from_secs(cfg.timeout_seconds);
    let tcp = tls::connect(&cfg.host, cfg.port, timeout, "IMAP")?;
    let client = match cfg.security {
        Security::Tls => {
            let stream =
                tls::handshake(tls::client_config(cfg.ca_file.as_deref())?, &cfg.host, tcp)?;
            let mut c = imap::Client::new(stream);
            c.read_greeting()
                .map_err(|e| imap_error(cfg, "greeting", e))?;
            c
        }
        Security::StartTls => {
            let mut plain = imap::Client::new(Stream::Plain(tcp));
            plain
                .read_greeting()
                .map_err(|e| imap_error(cfg, "greeting", e))?;
            let caps = plain
                .capabilities()
                .map_err(|e| imap_error(cfg, "CAPABILITY", e))?;
            if !caps.has_str("STARTTLS") {
                return Err(Error::invalid(
                    format!("the IMAP server {}:{} does not offer STARTTLS", cfg.host, cfg.port),
                    "use security = \"tls\" (port 993), or \"none\" only for a server on this machine",
                ));
            }
            let Stream::Plain(mut tcp) = plain
                .into_inner()
                .map_err(|e| imap_error(cfg, "STARTTLS", e))?
            else {
                return Err(Error::msg(
                    "STARTTLS on a connection that is already secured",
                ));
            };
            tls::imap_starttls(&mut tcp).map_err(|e| {
                Error::invalid(
                    format!("IMAP STARTTLS on {}:{} failed: {e}", cfg.host, cfg.port),
                    "use security = \"tls\" (port 993) if the server offers that",
                )
            })?;
            let stream =
                tls::handshake(tls::client_config(cfg.ca_file.as_deref())?, &cfg.host, tcp)?;
            let mut c = imap::Client::new(stream);
            // The greeting came before STARTTLS; none follows the handshake.
            c.greeting_read = true;
            c
        }
        Security::None => {
            let mut c = imap::Client::new(Stream::Plain(tcp));
            c.read_greeting()
                .map_err(|e| imap_error(cfg, "greeting", e))?;
            c
        }
    };
    let mut session = client.login(&cfg.user, &password).map_err(|(e, _)| {
        Error::invalid(
            format!(
                "IMAP login to {}:{} as {} failed: {}",
                cfg.host,
                cfg.port,
                cfg.user,
                crate::domain::mail::header_text(&e.to_string())
            ),
            "check user in [mail.imap] and the password that password_env / password_cmd gives",
        )
    })?;
    let caps = session
        .capabilities()
        .map_err(|e| imap_error(cfg, "CAPABILITY", e))?;
    let (idle, can_move) = (caps.has_str("IDLE"), caps.has_str("MOVE"));
    drop(caps);
    let mbox = session.select(&cfg.folder).map_err(|e| {
        Error::invalid(
            format!("cannot open the IMAP folder '{}': {e}", cfg.folder),
            "check folder in [mail.imap] (INBOX is the usual one)",
        )
    })?;
    let uid_validity = mbox.uid_validity.ok_or_else(|| {
        Error::msg(format!(
            "the IMAP folder '{}' has no UIDVALIDITY",
            cfg.folder
        ))
    })?;
    Ok(Imap {
        session,
        source: format!(
            "imap://{}@{}:{}/{}",
            cfg.user, cfg.host, cfg.port, cfg.folder
        ),
        uid_validity,
        idle,
        can_move,
    })
}

impl Desk {
    /// Fetches new mail from the configured IMAP folder and Maildir folders into
    /// tickets; one summary per mailbox. An IMAP failure (unreachable, login
    /// refused) is an error and imports nothing from that server.
    pub fn fetch_mail(&mut self) -> Result<Vec<ImportSummary>> {
        let m = self.mail_config()?.clone();
        let mut out = Vec::new();
        if let Some(cfg) = &m.imap {
            let mut imap = open(cfg)?;
            out.push(self.fetch_imap(&m, cfg, &mut imap)?);
            let _ = imap.session.logout();
        }
        for dir in &m.maildirs {
            out.push(self.fetch_maildir(&m, dir)?);
        }
        if out.is_empty() {
            return Err(Error::invalid(
                "no incoming mail is configured",
                "add [mail.imap] or maildirs = [\"…\"] to [mail] (README: Connect your mailbox)",
            ));
        }
        Ok(out)
    }

    /// Fetches what the selected IMAP folder holds that was not imported yet.
    pub(crate) fn fetch_imap(
        &mut self,
        m: &MailConfig,
        cfg: &ImapConfig,
        imap: &mut Imap,
    ) -> Result<ImportSummary> {
        let mut summary = ImportSummary {
            kind: "imap".into(),
            source: imap.source.clone(),
            ..Default::default()
        };
        // Flagging: only unseen mail is new. Moving: everything left in the folder is.
        let query = match cfg.after_fetch {
            AfterFetch::Seen => "UNSEEN",
            AfterFetch::Move(_) => "ALL",
        };
        let mut uids: Vec<u32> = imap
            .session
            .uid_search(query)
            .map_err(|e| imap_error(cfg, "SEARCH", e))?
            .into_iter()
            .collect();
        uids.sort_unstable();
        for chunk in uids.chunks(BATCH) {
            let mut todo = Vec::new();
            let mut done = Vec::new();
            for uid in chunk {
                let item = format!("{}:{uid}", imap.uid_validity);
                match mailbox::taken(self.store.conn(), &imap.source, &item)? {
                    // Imported before: only the flag or move may be missing.
                    Some(true) => done.push(*uid),
                    // Not mail we could read: left as it is for a person.
                    Some(false) => {}
                    None => todo.push(*uid),
                }
            }
            if !todo.is_empty() {
                let fetches = imap
                    .session
                    .uid_fetch(uid_set(&todo), "(UID BODY.PEEK[])")
                    .map_err(|e| imap_error(cfg, "FETCH", e))?;
                for f in fetches.iter() {
                    let (Some(uid), Some(body)) = (f.uid, f.body()) else {
                        continue;
                    };
                    summary.read += 1;
                    let raw = RawMessage {
                        origin: format!("{};UID={uid}", imap.source),
                        bytes: body.to_vec(),
                    };
                    let item = format!("{}:{uid}", imap.uid_validity);
                    if self.take(m, &imap.source, &item, &raw, &mut summary)? {
                        done.push(uid);
                    }
                }
            }
            if !done.is_empty() {
                after_fetch(cfg, imap, &done)?;
            }
        }
        Ok(summary)
    }

    /// Imports the messages of a Maildir not taken before (left where they are, for
    /// the program that fills the folder).
    pub(crate) fn fetch_maildir(&mut self, m: &MailConfig, dir: &Path) -> Result<ImportSummary> {
        let source = format!("maildir:{}", dir.display());
        let mut summary = ImportSummary {
            kind: "maildir".into(),
            source: dir.display().to_string(),
            ..Default::default()
        };
        for path in maildir::files(dir)? {
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default();
            // The unique part; flags after ':' change when a mail client reads it.
            let unique = name.split(':').next().unwrap_or(name).to_string();
            if mailbox::seen(self.store.conn(), &source, &unique)? {
                continue;
            }
            summary.read += 1;
            match std::fs::read(&path) {
                Ok(bytes) => {
                    let raw = RawMessage {
                        origin: path.display().to_string(),
                        bytes,
                    };
                    self.take(m, &source, &unique, &raw, &mut summary)?;
                }
                // Not recorded: a file being written may be readable next time.
                Err(e) => summary.skipped.push(crate::import::unreadable(&path, e)),
            }
        }
        Ok(summary)
    }

    /// Imports one message and records it as taken, in one transaction; a new ticket
    /// from a person's mail gets the acknowledgement, if configured. Returns whether
    /// it was imported (false: skipped as unreadable mail, left for a person).
    fn take(
        &mut self,
        m: &MailConfig,
        source: &str,
        item: &str,
        raw: &RawMessage,
        summary: &mut ImportSummary,
    ) -> Result<bool> {
        let now = self.now();
        let parsed = mail::parse(raw);
        let ctx = Ctx {
            desk_now: now,
            actor: &self.actor,
            config: &self.config,
        };
        self.store.write(|c| {
            let item_mail = match &parsed {
                Ok(i) => i,
                Err(s) => {
                    summary.skipped.push(s.clone());
                    mailbox::mark_seen(c, source, item, None, now)?;
                    return Ok(false);
                }
            };
            let outcome = import_one(c, &ctx, item_mail, summary)?;
            if let (Outcome::Ticket(id), Some(ack)) = (&outcome, &m.acknowledge) {
                if item_mail.automatic.is_none() {
                    queue::queue_template(
                        c,
                        ctx.config,
                        *id,
                        MailKind::Ack,
                        ack,
                        None,
                        now,
                        ctx.actor,
                    )?;
                }
            }
            mailbox::mark_seen(c, source, item, Some(&item_mail.key), now)?;
            count(outcome, item_mail, summary);
            Ok(true)
        })
    }
}

/// Flags or moves messages that are imported (again, after a crash between the
/// import and this step).
fn after_fetch(cfg: &ImapConfig, imap: &mut Imap, uids: &[u32]) -> Result<()> {
    let set = uid_set(uids);
    match &cfg.after_fetch {
        AfterFetch::Seen => {
            imap.session
                .uid_store(&set, "+FLAGS.SILENT (\\Seen)")
                .map_err(|e| imap_error(cfg, "STORE", e))?;
        }
        AfterFetch::Move(to) => {
            let moved = move_to(imap, &set, to);
            if moved.is_err() {
                // The folder may not exist yet: create it once and try again.
                let _ = imap.session.create(to);
                move_to(imap, &set, to)
                    .map_err(|e| imap_error(cfg, &format!("MOVE to '{to}'"), e))?;
            }
        }
    }
    Ok(())
}

fn move_to(imap: &mut Imap, set: &str, to: &str) -> imap::Result<()> {
    if imap.can_move {
        return imap.session.uid_mv(set, to);
    }
    imap.session.uid_copy(set, to)?;
    imap.session.uid_store(set, "+FLAGS.SILENT (\\Deleted)")?;
    imap.session.uid_expunge(set).map(|_| ())
}

/// `1,5,7` for UID commands.
fn uid_set(uids: &[u32]) -> String {
    uids.iter()
        .map(u32::to_string)
        .collect::<Vec<_>>()
        .join(",")
}
