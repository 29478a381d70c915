//! Mail leaving: an outbox record as a MIME message (lettre), and the way out:
//! SMTP (STARTTLS, TLS or plain) or a sendmail-compatible program.

use super::secret;
use crate::config::{MailConfig, Outgoing, Security, SmtpConfig};
use crate::domain::mail::OutboxMessage;
use crate::error::{Error, Result};
use lettre::message::header::{HeaderName, HeaderValue};
use lettre::message::{Mailbox, Message, SinglePart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Certificate, CertificateStore, Tls, TlsParameters};
use lettre::{SendmailTransport, SmtpTransport, Transport as _};
use std::time::{Duration, UNIX_EPOCH};

/// Why a try did not deliver.
#[derive(Debug, Clone, PartialEq)]
pub enum TryError {
    /// This message was refused for good (a 5xx answer to it).
    Permanent(String),
    /// It may work later (4xx, a timeout).
    Transient(String),
    /// The server could not be used at all (unreachable, TLS, login refused): the
    /// message waits, and this run stops.
    Session(String),
}

/// The way out, ready to send.
pub enum Transport {
    Smtp(Box<SmtpTransport>),
    Sendmail(SendmailTransport),
}

impl Transport {
    /// Sets up the configured way out (reading the SMTP password now).
    pub fn new(m: &MailConfig) -> Result<Transport> {
        match &m.outgoing {
            Some(Outgoing::Smtp(s)) => Ok(Transport::Smtp(Box::new(smtp(s)?))),
            Some(Outgoing::Sendmail(cmd)) => Ok(Transport::Sendmail(
                SendmailTransport::new_with_command(cmd.as_os_str()),
            )),
            None => Err(not_configured()),
        }
    }

    /// Hands one message over; Ok is the server's answer.
    pub fn send(&self, msg: &Message) -> std::result::Result<String, TryError> {
        match self {
            Transport::Smtp(t) => match t.send(msg) {
                Ok(r) => Ok(
                    format!("{} {}", r.code(), r.message().collect::<Vec<_>>().join(" "))
                        .trim()
                        .to_string(),
                ),
                Err(e) => Err(classify(&e)),
            },
            Transport::Sendmail(t) => match t.send(msg) {
                Ok(()) => Ok("accepted by sendmail".into()),
                Err(e) => Err(TryError::Transient(one_line(&format!("sendmail: {e}")))),
            },
        }
    }
}

/// The error of a `mail send` without a way out.
pub fn not_configured() -> Error {
    Error::invalid(
        "no outgoing mail is configured",
        "add [mail] with [mail.smtp] or [mail.sendmail] to the config (README: Connect your mailbox)",
    )
}

fn smtp(s: &SmtpConfig) -> Result<SmtpTransport> {
    let mut b = SmtpTransport::builder_dangerous(s.host.as_str())
        .port(s.port)
        .timeout(Some(Duration::from_secs(s.timeout_seconds)));
    if s.security != Security::None {
        let mut p =
            TlsParameters::builder(s.host.clone()).certificate_store(CertificateStore::WebpkiRoots);
        if let Some(ca) = &s.ca_file {
            let pem = std::fs::read(ca).map_err(|e| {
                Error::invalid(
                    format!("cannot read the CA file '{}': {e}", ca.display()),
                    "check ca_file in [mail.smtp]",
                )
            })?;
            let cert = Certificate::from_pem(&pem).map_err(|e| {
                Error::invalid(
                    format!("'{}' is not a PEM certificate: {e}", ca.display()),
                    "ca_file must hold the CA (or self-signed) certificate in PEM form",
                )
            })?;
            p = p.add_root_certificate(cert);
        }
        let params = p
            .build_rustls()
            .map_err(|e| Error::msg(format!("TLS setup for {}: {e}", s.host)))?;
        b = b.tls(match s.security {
            Security::Tls => Tls::Wrapper(params),
            _ => Tls::Required(params),
        });
    }
    if let Some(user) = &s.user {
        let password = match &s.password {
            Some(p) => secret::resolve(p, "SMTP")?,
            None => String::new(),
        };
        b = b.credentials(Credentials::new(user.clone(), password));
    }
    Ok(b.build())
}

/// Login and session refusals: the server's fault or ours, never the message's.
const SESSION_CODES: [&str; 5] = ["421", "530", "534", "535", "538"];

fn classify(e: &lettre::transport::smtp::Error) -> TryError {
    let text = one_line(&e.to_string());
    let code = e.status().map(|c| c.to_string()).unwrap_or_default();
    if SESSION_CODES.contains(&code.as_str()) {
        return TryError::Session(text);
    }
    if e.is_permanent() {
        TryError::Permanent(text)
    } else if e.is_transient() {
        TryError::Transient(text)
    } else {
        TryError::Session(text)
    }
}

fn one_line(s: &str) -> String {
    crate::domain::mail::header_text(s)
}

/// The MIME message of an outbox record: UTF-8 plain text (lettre picks base64 or
/// quoted-printable, and RFC 2047 for the subject), threading headers, and the
/// RFC 3834 marks that keep auto-responders quiet on what no person wrote.
pub fn build(m: &MailConfig, o: &OutboxMessage) -> std::result::Result<Message, String> {
    let from = Mailbox::new(
        m.name.clone(),
        m.address
            .parse()
            .map_err(|e| format!("support address: {e}"))?,
    );
    let to = Mailbox::new(
        o.to_name.clone(),
        o.to_addr
            .parse()
            .map_err(|e| format!("recipient {}: {e}", o.to_addr))?,
    );
    let mut b = Message::builder()
        .from(from)
        .to(to)
        .subject(o.subject.clone())
        .message_id(Some(format!("<{}>", o.message_id)))
        .date(UNIX_EPOCH + Duration::from_secs(o.created_at.max(0) as u64))
        .user_agent(format!("aftercare {}", env!("CARGO_PKG_VERSION")));
    if let Some(irt) = &o.in_reply_to {
        b = b.in_reply_to(format!("<{irt}>"));
    }
    if !o.references.is_empty() {
        let refs: Vec<String> = o.references.iter().map(|r| format!("<{r}>")).collect();
        b = b.references(refs.join(" "));
    }
    let mut raw = vec![("X-Aftercare-Ticket", o.ticket_id.to_string())];
    if let Some(auto) = o.kind.auto_submitted() {
        raw.push(("Auto-Submitted", auto.to_string()));
        raw.push(("X-Auto-Response-Suppress", "All".to_string()));
    }
    for (name, value) in raw {
        let name = HeaderName::new_from_ascii(name.to_string()).map_err(|e| e.to_string())?;
        b = b.raw_header(HeaderValue::new(name, value));
    }
    b.singlepart(SinglePart::plain(o.body.clone()))
        .map_err(|e| format!("cannot build the message: {e}"))
}
