//! `[mail]`: the support address, outgoing mail (SMTP or a sendmail command) and
//! incoming mail (IMAP and/or Maildir folders). Secrets never live in the file: a
//! password comes from an environment variable or a command's output.

use super::{ConfigError, Source};
use crate::domain::service::Reply;
use serde::Deserialize;
use std::path::PathBuf;
use toml::Spanned;

type Errors = Vec<ConfigError>;

/// `[mail]` as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawMail {
    pub address: Spanned<String>,
    pub name: Option<String>,
    pub acknowledge: Option<Spanned<String>>,
    pub survey: Option<Spanned<String>>,
    pub survey_on_resolve: Option<bool>,
    pub visit_notice: Option<Spanned<String>>,
    pub max_attempts: Option<Spanned<i64>>,
    pub retry_seconds: Option<Spanned<i64>>,
    pub poll_seconds: Option<Spanned<i64>>,
    #[serde(default)]
    pub maildirs: Vec<Spanned<String>>,
    pub smtp: Option<Spanned<RawSmtp>>,
    pub sendmail: Option<Spanned<RawSendmail>>,
    pub imap: Option<Spanned<RawImap>>,
}

/// `[mail.smtp]` as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSmtp {
    pub host: Spanned<String>,
    pub port: Option<Spanned<i64>>,
    pub security: Option<Spanned<String>>,
    pub user: Option<Spanned<String>>,
    pub password_env: Option<Spanned<String>>,
    pub password_cmd: Option<Spanned<String>>,
    /// Only here to say why a password may not be written in the file.
    pub password: Option<Spanned<toml::Value>>,
    pub ca_file: Option<Spanned<String>>,
    pub timeout_seconds: Option<Spanned<i64>>,
}

/// `[mail.sendmail]` as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSendmail {
    pub command: Spanned<String>,
}

/// `[mail.imap]` as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawImap {
    pub host: Spanned<String>,
    pub port: Option<Spanned<i64>>,
    pub security: Option<Spanned<String>>,
    pub user: Spanned<String>,
    pub password_env: Option<Spanned<String>>,
    pub password_cmd: Option<Spanned<String>>,
    pub password: Option<Spanned<toml::Value>>,
    pub folder: Option<Spanned<String>>,
    pub after_fetch: Option<Spanned<String>>,
    pub move_to: Option<Spanned<String>>,
    pub ca_file: Option<Spanned<String>>,
    pub timeout_seconds: Option<Spanned<i64>>,
}

/// How a connection is secured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Security {
    /// Plain connection upgraded with STARTTLS (refused if the server does not offer it).
    StartTls,
    /// TLS from the first byte (SMTPS 465, IMAPS 993).
    Tls,
    /// No encryption (a server on this machine only).
    None,
}

impl Security {
    /// The name used in the config.
    pub fn as_str(self) -> &'static str {
        match self {
            Security::StartTls => "starttls",
            Security::Tls => "tls",
            Security::None => "none",
        }
    }
}

/// Where a password comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Secret {
    /// The value of this environment variable.
    Env(String),
    /// The first line of this command's output (run through `sh -c`).
    Command(String),
}

/// `[mail.smtp]`
#[derive(Debug, Clone, PartialEq)]
pub struct SmtpConfig {
    pub host: String,
    pub port: u16,
    pub security: Security,
    pub user: Option<String>,
    pub password: Option<Secret>,
    /// Extra trusted CA certificates (PEM), e.g. a self-signed server's.
    pub ca_file: Option<PathBuf>,
    pub timeout_seconds: u64,
}

/// What to do with a message on the IMAP server once it is imported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AfterFetch {
    /// Flag it \Seen (only unseen mail is fetched).
    Seen,
    /// Move it to this folder (everything in the folder is fetched).
    Move(String),
}

/// `[mail.imap]`
#[derive(Debug, Clone, PartialEq)]
pub struct ImapConfig {
    pub host: String,
    pub port: u16,
    pub security: Security,
    pub user: String,
    pub password: Secret,
    pub folder: String,
    pub after_fetch: AfterFetch,
    pub ca_file: Option<PathBuf>,
    pub timeout_seconds: u64,
}

/// How mail leaves.
#[derive(Debug, Clone, PartialEq)]
pub enum Outgoing {
    Smtp(SmtpConfig),
    /// A sendmail-compatible program, called as `COMMAND -i -f FROM -- TO`.
    Sendmail(PathBuf),
}

/// The validated `[mail]` section.
#[derive(Debug, Clone, PartialEq)]
pub struct MailConfig {
    /// The support address: sender of what we send; mail from it is never imported.
    pub address: String,
    /// Display name of the sender.
    pub name: Option<String>,
    /// `[[replies]]` id sent when a fetched mail makes a new ticket.
    pub acknowledge: Option<String>,
    /// `[[replies]]` id of the satisfaction survey invitation.
    pub survey: Option<String>,
    /// Queue the survey when a ticket enters a resolved stage.
    pub survey_on_resolve: bool,
    /// `[[replies]]` id sent when a return visit is scheduled.
    pub visit_notice: Option<String>,
    pub max_attempts: u32,
    /// The first retry waits this long; each next one twice as long (at most 6 hours).
    pub retry_seconds: u64,
    /// `mail watch`: how often to look without IMAP IDLE.
    pub poll_seconds: u64,
    pub outgoing: Option<Outgoing>,
    pub imap: Option<ImapConfig>,
    pub maildirs: Vec<PathBuf>,
}

impl MailConfig {
    /// The domain of the support address (the right side of Message-IDs).
    pub fn domain(&self) -> &str {
        self.address
            .rsplit_once('@')
            .map(|(_, d)| d)
            .unwrap_or("localhost")
    }
}

/// A plausible mail address: one `@`, something on both sides, no spaces or brackets.
pub fn valid_address(a: &str) -> bool {
    let Some((local, domain)) = a.rsplit_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.is_empty()
        && !domain.contains('@')
        && !a
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | ',' | '"'))
}

/// Builds `[mail]` (None when absent), checking every value and the reply ids.
pub fn build(
    raw: Option<Spanned<RawMail>>,
    src: &Source,
    replies: &[Reply],
    errs: &mut Errors,
) -> Option<MailConfig> {
    let raw = raw?;
    let at = raw.span().start;
    let m = raw.into_inner();
    let before = errs.len();
    let address = m.address.get_ref().trim().to_lowercase();
    if !valid_address(&address) {
        errs.push(src.error(
            m.address.span().start,
            format!("'{}' is not a mail address", m.address.get_ref()),
            Some("e.g. address = \"support@example.com\"".into()),
        ));
    }
    let reply_id = |r: &Option<Spanned<String>>, errs: &mut Errors| -> Option<String> {
        let r = r.as_ref()?;
        if replies.iter().any(|x| x.id == *r.get_ref()) {
            return Some(r.get_ref().clone());
        }
        errs.push(src.error(
            r.span().start,
            format!("'{}' is not a canned reply", r.get_ref()),
            Some(format!(
                "replies: {}",
                replies
                    .iter()
                    .map(|x| x.id.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        ));
        None
    };
    let acknowledge = reply_id(&m.acknowledge, errs);
    let survey = reply_id(&m.survey, errs);
    let visit_notice = reply_id(&m.visit_notice, errs);
    if m.survey_on_resolve == Some(true) && m.survey.is_none() {
        errs.push(src.error(
            at,
            "survey_on_resolve needs a survey template",
            Some("add survey = \"ID\" naming a [[replies]] entry".into()),
        ));
    }
    let max_attempts = range(&m.max_attempts, 1, 100, "max_attempts", src, errs).unwrap_or(8);
    let retry_seconds =
        range(&m.retry_seconds, 1, 86_400, "retry_seconds", src, errs).unwrap_or(60);
    let poll_seconds = range(&m.poll_seconds, 1, 86_400, "poll_seconds", src, errs).unwrap_or(60);
    let outgoing = match (m.smtp, m.sendmail) {
        (Some(_), Some(s)) => {
            errs.push(src.error(
                s.span().start,
                "[mail.smtp] and [mail.sendmail] are both set",
                Some("mail leaves one way: keep one of them".into()),
            ));
            None
        }
        (Some(s), None) => {
            let at = s.span().start;
            smtp(s.into_inner(), at, src, errs).map(Outgoing::Smtp)
        }
        (None, Some(s)) => {
            let s = s.into_inner();
            let cmd = s.command.get_ref().trim();
            if cmd.is_empty() || cmd.contains(char::is_whitespace) {
                errs.push(src.error(
                    s.command.span().start,
                    "command must be the path of a sendmail-compatible program, without arguments",
                    Some("e.g. command = \"/usr/sbin/sendmail\" (called as COMMAND -i -f FROM -- TO)".into()),
                ));
                None
            } else {
                Some(Outgoing::Sendmail(expand(cmd)))
            }
        }
        (None, None) => None,
    };
    let imap = m.imap.and_then(|i| {
        let at = i.span().start;
        imap(i.into_inner(), at, src, errs)
    });
    let maildirs = m
        .maildirs
        .iter()
        .filter_map(|d| {
            let p = expand(d.get_ref().trim());
            if p.as_os_str().is_empty() {
                errs.push(src.error(d.span().start, "an empty Maildir path", None));
                return None;
            }
            Some(p)
        })
        .collect();
    (errs.len() == before).then_some(MailConfig {
        address,
        name: m
            .name
            .map(|n| n.trim().to_string())
            .filter(|n| !n.is_empty()),
        acknowledge,
        survey,
        survey_on_resolve: m.survey_on_resolve.unwrap_or(false),
        visit_notice,
        max_attempts: max_attempts as u32,
        retry_seconds: retry_seconds as u64,
        poll_seconds: poll_seconds as u64,
        outgoing,
        imap,
        maildirs,
    })
}

fn smtp(s: RawSmtp, at: usize, src: &Source, errs: &mut Errors) -> Option<SmtpConfig> {
    let before = errs.len();
    let security = security(&s.security, Security::StartTls, src, errs);
    let default_port = match security {
        Security::StartTls => 587,
        Security::Tls => 465,
        Security::None => 25,
    };
    let host = host(&s.host, src, errs);
    let port = port(&s.port, default_port, src, errs);
    let password = secret(
        &s.password_env,
        &s.password_cmd,
        &s.password,
        s.user.is_some(),
        at,
        src,
        errs,
    );
    if password.is_some() && s.user.is_none() {
        let at = s
            .password_env
            .as_ref()
            .or(s.password_cmd.as_ref())
            .map(|p| p.span().start)
            .unwrap_or(at);
        errs.push(src.error(
            at,
            "a password without a user",
            Some("add user = \"…\", or remove the password setting".into()),
        ));
    }
    let ca_file = ca_file(&s.ca_file, src, errs);
    let timeout = range(&s.timeout_seconds, 1, 600, "timeout_seconds", src, errs).unwrap_or(30);
    (errs.len() == before).then(|| SmtpConfig {
        host,
        port,
        security,
        user: s.user.map(|u| u.into_inner()),
        password,
        ca_file,
        timeout_seconds: timeout as u64,
    })
}

fn imap(i: RawImap, at: usize, src: &Source, errs: &mut Errors) -> Option<ImapConfig> {
    let before = errs.len();
    let security = security(&i.security, Security::Tls, src, errs);
    let default_port = match security {
        Security::Tls => 993,
        Security::StartTls | Security::None => 143,
    };
    let host = host(&i.host, src, errs);
    let port = port(&i.port, default_port, src, errs);
    if i.user.get_ref().trim().is_empty() {
        errs.push(src.error(i.user.span().start, "the IMAP user is empty", None));
    }
    let password = secret(
        &i.password_env,
        &i.password_cmd,
        &i.password,
        true,
        at,
        src,
        errs,
    );
    let folder = i
        .folder
        .as_ref()
        .map(|f| f.get_ref().trim().to_string())
        .unwrap_or_else(|| "INBOX".into());
    let after_fetch = match i.after_fetch.as_ref().map(|a| (a, a.get_ref().as_str())) {
        None | Some((_, "seen")) => {
            if let Some(m) = &i.move_to {
                errs.push(src.error(
                    m.span().start,
                    "move_to is only used with after_fetch = \"move\"",
                    None,
                ));
            }
            AfterFetch::Seen
        }
        Some((a, "move")) => match i.move_to.as_ref().map(|m| m.get_ref().trim()) {
            Some(to) if !to.is_empty() && to != folder => AfterFetch::Move(to.to_string()),
            _ => {
                errs.push(src.error(
                    a.span().start,
                    "after_fetch = \"move\" needs move_to, a folder other than the fetched one",
                    Some("e.g. move_to = \"Processed\"".into()),
                ));
                AfterFetch::Seen
            }
        },
        Some((a, other)) => {
            errs.push(src.error(
                a.span().start,
                format!("unknown after_fetch '{other}'"),
                Some("use seen (flag as read) or move (with move_to = \"FOLDER\")".into()),
            ));
            AfterFetch::Seen
        }
    };
    let ca_file = ca_file(&i.ca_file, src, errs);
    let timeout = range(&i.timeout_seconds, 1, 600, "timeout_seconds", src, errs).unwrap_or(30);
    if errs.len() > before {
        return None;
    }
    Some(ImapConfig {
        host,
        port,
        security,
        user: i.user.get_ref().trim().to_string(),
        password: password?,
        folder,
        after_fetch,
        ca_file,
        timeout_seconds: timeout as u64,
    })
}

fn security(
    s: &Option<Spanned<String>>,
    default: Security,
    src: &Source,
    errs: &mut Errors,
) -> Security {
    match s.as_ref().map(|s| (s, s.get_ref().as_str())) {
        None => default,
        Some((_, "starttls")) => Security::StartTls,
        Some((_, "tls")) => Security::Tls,
        Some((_, "none")) => Security::None,
        Some((s, other)) => {
            errs.push(src.error(
                s.span().start,
                format!("unknown security '{other}'"),
                Some("use starttls, tls or none".into()),
            ));
            default
        }
    }
}

fn host(h: &Spanned<String>, src: &Source, errs: &mut Errors) -> String {
    let v = h.get_ref().trim();
    if v.is_empty() || v.contains(char::is_whitespace) || v.contains('/') {
        errs.push(src.error(
            h.span().start,
            format!("'{}' is not a host name", h.get_ref()),
            Some("e.g. host = \"mail.example.com\" or \"127.0.0.1\"".into()),
        ));
    }
    v.to_string()
}

fn port(p: &Option<Spanned<i64>>, default: u16, src: &Source, errs: &mut Errors) -> u16 {
    match p {
        None => default,
        Some(p) if (1..=65_535).contains(p.get_ref()) => *p.get_ref() as u16,
        Some(p) => {
            errs.push(src.error(p.span().start, "a port is a number from 1 to 65535", None));
            default
        }
    }
}

fn range(
    v: &Option<Spanned<i64>>,
    lo: i64,
    hi: i64,
    what: &str,
    src: &Source,
    errs: &mut Errors,
) -> Option<i64> {
    let v = v.as_ref()?;
    if (lo..=hi).contains(v.get_ref()) {
        return Some(*v.get_ref());
    }
    errs.push(src.error(
        v.span().start,
        format!("{what} must be between {lo} and {hi}"),
        None,
    ));
    None
}

/// The password source: exactly one of `password_env` / `password_cmd`; a `password`
/// key is refused with the reason.
fn secret(
    env: &Option<Spanned<String>>,
    cmd: &Option<Spanned<String>>,
    plain: &Option<Spanned<toml::Value>>,
    needed: bool,
    at: usize,
    src: &Source,
    errs: &mut Errors,
) -> Option<Secret> {
    if let Some(p) = plain {
        errs.push(src.error(
            p.span().start,
            "passwords are never written in the config file",
            Some(
                "use password_env = \"VAR\" (an environment variable) or password_cmd = \"pass show support/mail\""
                    .into(),
            ),
        ));
        return None;
    }
    match (env, cmd) {
        (Some(_), Some(c)) => {
            errs.push(src.error(
                c.span().start,
                "password_env and password_cmd are both set",
                Some("keep one of them".into()),
            ));
            None
        }
        (Some(e), None) => {
            let v = e.get_ref().trim();
            let ok = !v.is_empty()
                && v.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                && !v.starts_with(|c: char| c.is_ascii_digit());
            if !ok {
                errs.push(src.error(
                    e.span().start,
                    format!("'{}' is not an environment variable name", e.get_ref()),
                    Some("e.g. password_env = \"AFTERCARE_IMAP_PASSWORD\"".into()),
                ));
                return None;
            }
            Some(Secret::Env(v.to_string()))
        }
        (None, Some(c)) => {
            if c.get_ref().trim().is_empty() {
                errs.push(src.error(c.span().start, "password_cmd is empty", None));
                return None;
            }
            Some(Secret::Command(c.get_ref().trim().to_string()))
        }
        (None, None) if needed => {
            errs.push(src.error(
                at,
                "a mail login needs password_env or password_cmd",
                Some("e.g. password_env = \"AFTERCARE_MAIL_PASSWORD\"".into()),
            ));
            None
        }
        (None, None) => None,
    }
}

fn ca_file(f: &Option<Spanned<String>>, src: &Source, errs: &mut Errors) -> Option<PathBuf> {
    let f = f.as_ref()?;
    let p = expand(f.get_ref().trim());
    if !p.is_file() {
        errs.push(src.error(
            f.span().start,
            format!("ca_file '{}' is not a readable file", p.display()),
            Some("name a PEM file with the CA (or self-signed) certificate".into()),
        ));
        return None;
    }
    Some(p)
}

/// `~/…` expanded with $HOME.
fn expand(p: &str) -> PathBuf {
    match (p.strip_prefix("~/"), std::env::var_os("HOME")) {
        (Some(rest), Some(home)) => PathBuf::from(home).join(rest),
        _ => PathBuf::from(p),
    }
}

#[cfg(test)]
mod tests;
