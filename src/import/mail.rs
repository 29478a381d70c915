//! One raw mail message to what the importer needs: sender, subject, plain-text body
//! (HTML converted), thread ids, date and attachment names and sizes.

use super::thread::{content_key, normalize_id};
use super::RawMessage;
use crate::domain::intake::Skipped;
use crate::domain::text::sanitize;
use mail_parser::{HeaderValue, MessageParser, MimeHeaders, PartType};

/// Longest body kept, in characters; the rest is cut with a note.
pub const MAX_BODY_CHARS: usize = 200_000;

/// An attachment's name, decoded size and type.
#[derive(Debug, Clone, PartialEq)]
pub struct AttachmentInfo {
    pub filename: String,
    pub size: i64,
    pub content_type: Option<String>,
}

/// A parsed mail, sanitized, ready to become a ticket or a reply.
#[derive(Debug, Clone, PartialEq)]
pub struct MailItem {
    pub origin: String,
    /// The Message-ID, or a content hash (`hash:…`) when there is none.
    pub key: String,
    /// In-Reply-To then References (newest first): ids of earlier mail in the thread.
    pub thread_ids: Vec<String>,
    pub from_email: String,
    pub from_name: Option<String>,
    /// The subject as written (decoded, sanitized).
    pub subject: String,
    /// Unix seconds from the Date header, if it has a readable one.
    pub date: Option<i64>,
    pub body: String,
    pub attachments: Vec<AttachmentInfo>,
    /// Why no person wrote it (auto-reply, bulk), if so: never answered.
    pub automatic: Option<String>,
    /// The delivery status report it is, if it is one.
    pub bounce: Option<super::auto::Bounce>,
}

/// Why mail is skipped (the reasons summaries group by).
pub mod reason {
    pub const UNREADABLE: &str = "unreadable file";
    pub const NOT_MAIL: &str = "not a mail message (no header block)";
    pub const NO_SENDER: &str = "no sender address (From)";
    pub const BAD_SENDER: &str = "invalid sender address";
    pub const EMPTY: &str = "empty message (no subject and no text)";
}

fn skip(origin: &str, reason: &str, detail: impl Into<String>) -> Skipped {
    Skipped {
        origin: origin.to_string(),
        reason: reason.to_string(),
        detail: detail.into(),
    }
}

/// Whether `raw` starts with an RFC 5322 header line (`Name: value`).
fn has_header_block(raw: &[u8]) -> bool {
    let start = raw
        .iter()
        .position(|b| !matches!(b, b'\r' | b'\n' | b' ' | b'\t'))
        .unwrap_or(raw.len());
    let line = &raw[start..];
    let line = &line[..line.iter().position(|b| *b == b'\n').unwrap_or(line.len())];
    match line.iter().position(|b| *b == b':') {
        Some(0) | None => false,
        Some(i) => line[..i]
            .iter()
            .all(|b| (33..=126).contains(b) && *b != b':'),
    }
}

fn ids(v: &HeaderValue<'_>) -> Vec<String> {
    match v {
        HeaderValue::Text(t) => t.split_whitespace().filter_map(normalize_id).collect(),
        HeaderValue::TextList(l) => l.iter().filter_map(|t| normalize_id(t)).collect(),
        _ => Vec::new(),
    }
}

fn valid_email(e: &str) -> bool {
    let Some((local, domain)) = e.rsplit_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.is_empty()
        && !e
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | ',' | '"'))
}

/// Parses one message; a message that cannot be imported is returned as `Skipped`.
pub fn parse(raw: &RawMessage) -> Result<MailItem, Skipped> {
    let origin = raw.origin.as_str();
    if raw.bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(skip(origin, reason::EMPTY, "the message is empty"));
    }
    if !has_header_block(&raw.bytes) {
        return Err(skip(origin, reason::NOT_MAIL, ""));
    }
    let Some(m) = MessageParser::default().parse(&raw.bytes) else {
        return Err(skip(origin, reason::NOT_MAIL, ""));
    };
    let sender = m.from().or_else(|| m.sender()).and_then(|a| a.first());
    let Some(addr) = sender.and_then(|a| a.address()) else {
        return Err(skip(origin, reason::NO_SENDER, ""));
    };
    let from_email = sanitize(addr.trim()).to_lowercase();
    if !valid_email(&from_email) {
        return Err(skip(origin, reason::BAD_SENDER, from_email));
    }
    let from_name = sender
        .and_then(|a| a.name())
        .map(|n| sanitize(n.trim()).trim_matches('"').trim().to_string())
        .filter(|n| !n.is_empty() && *n != from_email);
    let subject = m.subject().map(|s| sanitize(s.trim())).unwrap_or_default();
    let mut body = body_text(&m);
    if body.chars().count() > MAX_BODY_CHARS {
        body = body.chars().take(MAX_BODY_CHARS).collect::<String>() + "\n[… cut at import]";
    }
    let attachments = attachments(&m);
    if subject.is_empty() && body.trim().is_empty() && attachments.is_empty() {
        return Err(skip(origin, reason::EMPTY, ""));
    }
    let date = m.date().map(|d| d.to_timestamp()).filter(|t| *t > 0);
    let mut thread_ids = ids(m.in_reply_to());
    let mut refs = ids(m.references());
    refs.reverse();
    thread_ids.extend(refs);
    let key = m
        .message_id()
        .and_then(normalize_id)
        .map(|id| sanitize(&id))
        .unwrap_or_else(|| {
            let date = date.map(|d| d.to_string()).unwrap_or_default();
            content_key(&[&from_email, &date, &subject, &body])
        });
    let mut seen = std::collections::HashSet::new();
    thread_ids.retain(|id| *id != key && seen.insert(id.clone()));
    Ok(MailItem {
        origin: origin.to_string(),
        key,
        thread_ids,
        from_email,
        from_name,
        subject,
        date,
        body,
        attachments,
        automatic: super::auto::automatic(&m),
        bounce: super::auto::bounce(&m),
    })
}

/// The text bodies joined; plain text preferred, HTML converted when it is the only form.
fn body_text(m: &mail_parser::Message<'_>) -> String {
    let mut parts = Vec::new();
    for id in &m.text_body {
        if let Some(p) = m.part(*id) {
            match &p.body {
                PartType::Text(t) => parts.push(t.to_string()),
                PartType::Html(h) => parts.push(super::html::to_text(h)),
                _ => {}
            }
        }
    }
    if parts.iter().all(|p| p.trim().is_empty()) {
        parts = m
            .html_body
            .iter()
            .filter_map(|id| m.part(*id))
            .filter_map(|p| match &p.body {
                PartType::Html(h) => Some(super::html::to_text(h)),
                PartType::Text(t) => Some(t.to_string()),
                _ => None,
            })
            .collect();
    }
    let text = parts.join("\n\n");
    sanitize(text.trim())
}

fn attachments(m: &mail_parser::Message<'_>) -> Vec<AttachmentInfo> {
    m.attachments()
        .map(|p| {
            let name = p
                .attachment_name()
                .map(|n| sanitize(n.trim()))
                .filter(|n| !n.is_empty())
                .unwrap_or_else(|| "unnamed".to_string());
            let content_type = p.content_type().map(|ct| match ct.subtype() {
                Some(sub) => format!("{}/{}", ct.ctype(), sub).to_lowercase(),
                None => ct.ctype().to_lowercase(),
            });
            AttachmentInfo {
                filename: name,
                size: p.contents().len() as i64,
                content_type,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(s: &str) -> RawMessage {
        RawMessage {
            origin: "t.eml".into(),
            bytes: s.as_bytes().to_vec(),
        }
    }

    #[test]
    fn parses_sender_subject_body_and_thread() {
        let m = parse(&raw(
            "From: \"Li Lei\" <LI.LEI@Example.com>\r\nSubject: Re: printer\r\n\
             Message-ID: <b@x>\r\nIn-Reply-To: <a@x>\r\nReferences: <r0@x> <a@x>\r\n\
             Date: Mon, 2 Mar 2026 10:00:00 +0800\r\n\r\nhello\x1b[31m\r\n",
        ))
        .unwrap();
        assert_eq!(m.from_email, "li.lei@example.com");
        assert_eq!(m.from_name.as_deref(), Some("Li Lei"));
        assert_eq!(m.key, "b@x");
        assert_eq!(m.thread_ids, vec!["a@x", "r0@x"]);
        assert_eq!(m.body, "hello");
        assert_eq!(m.date, Some(1_772_416_800));
    }

    #[test]
    fn broken_messages_are_skipped_with_reasons() {
        let r = |s: &str| parse(&raw(s)).unwrap_err().reason;
        assert_eq!(r("just some text\nno headers"), reason::NOT_MAIL);
        assert_eq!(r("Subject: x\n\nbody"), reason::NO_SENDER);
        assert_eq!(r("From: nobody\nSubject: x\n\nbody"), reason::NO_SENDER);
        assert_eq!(r("From: a@\nSubject: x\n\nbody"), reason::BAD_SENDER);
        assert_eq!(r("From: a@b.c\n\n"), reason::EMPTY);
        assert_eq!(r("\n\n"), reason::EMPTY);
    }

    #[test]
    fn without_message_id_the_key_is_a_content_hash() {
        let text = "From: a@b.c\nSubject: x\n\nbody";
        let a = parse(&raw(text)).unwrap();
        assert!(a.key.starts_with("hash:"));
        assert_eq!(a.key, parse(&raw(text)).unwrap().key);
    }
}
