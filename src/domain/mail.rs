//! Mail rules without I/O: outbox records and states, subjects with the `[#id]` tag,
//! threading headers, the ticket's language, retry backoff, survey answers.

/// Why a message goes to the customer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MailKind {
    /// An agent's reply (a comment visible to the customer).
    Reply,
    /// The customer update of a stage (`[updates.FLOW.STAGE]`).
    Update,
    /// The satisfaction survey invitation.
    Survey,
    /// The notice of a scheduled return visit.
    Visit,
    /// The acknowledgement of a new ticket made from mail.
    Ack,
}

impl MailKind {
    /// The name stored and shown.
    pub fn as_str(self) -> &'static str {
        match self {
            MailKind::Reply => "reply",
            MailKind::Update => "update",
            MailKind::Survey => "survey",
            MailKind::Visit => "visit",
            MailKind::Ack => "ack",
        }
    }

    /// Parses a stored name.
    pub fn parse(s: &str) -> Option<MailKind> {
        [
            MailKind::Reply,
            MailKind::Update,
            MailKind::Survey,
            MailKind::Visit,
            MailKind::Ack,
        ]
        .into_iter()
        .find(|k| k.as_str() == s)
    }

    /// Whether no person wrote it (sent with `Auto-Submitted: auto-generated` or
    /// `auto-replied`, so well-behaved auto-responders stay quiet, RFC 3834).
    pub fn auto_submitted(self) -> Option<&'static str> {
        match self {
            MailKind::Reply | MailKind::Visit => None,
            MailKind::Ack => Some("auto-replied"),
            MailKind::Update | MailKind::Survey => Some("auto-generated"),
        }
    }
}

/// Where a message is: waiting to go, accepted by the server, or given up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MailState {
    Queued,
    Sent,
    Failed,
}

impl MailState {
    /// The name stored and shown.
    pub fn as_str(self) -> &'static str {
        match self {
            MailState::Queued => "queued",
            MailState::Sent => "sent",
            MailState::Failed => "failed",
        }
    }

    /// Parses a stored name.
    pub fn parse(s: &str) -> Option<MailState> {
        match s {
            "queued" => Some(MailState::Queued),
            "sent" => Some(MailState::Sent),
            "failed" => Some(MailState::Failed),
            _ => None,
        }
    }
}

/// A message of the outbox, as queued and as it went.
#[derive(Debug, Clone, PartialEq)]
pub struct OutboxMessage {
    pub id: i64,
    pub ticket_id: i64,
    /// The comment it carries (replies and stage updates).
    pub comment_id: Option<i64>,
    pub kind: MailKind,
    /// Without angle brackets; fixed when queued, the same on every try.
    pub message_id: String,
    pub in_reply_to: Option<String>,
    /// Earlier Message-IDs of the thread, oldest first.
    pub references: Vec<String>,
    pub to_addr: String,
    pub to_name: Option<String>,
    pub subject: String,
    pub body: String,
    /// `zh` or `en`.
    pub lang: String,
    pub state: MailState,
    pub attempts: i64,
    /// Queued: not before this time.
    pub next_at: i64,
    /// The last failure: the server's answer or why it could not be reached.
    pub last_error: Option<String>,
    /// The server's answer when it accepted the message.
    pub response: Option<String>,
    pub created_at: i64,
    pub created_by: String,
    pub sent_at: Option<i64>,
    pub updated_at: i64,
    pub version: i64,
}

/// A message to queue, before it has an id.
#[derive(Debug, Clone, PartialEq)]
pub struct NewOutbox {
    pub ticket_id: i64,
    pub comment_id: Option<i64>,
    pub kind: MailKind,
    pub message_id: String,
    pub in_reply_to: Option<String>,
    pub references: Vec<String>,
    pub to_addr: String,
    pub to_name: Option<String>,
    pub subject: String,
    pub body: String,
    pub lang: String,
}

/// What became of a customer-visible message when it was written.
#[derive(Debug, Clone, PartialEq)]
pub enum Delivery {
    /// Queued for the customer's address (outbox id, address).
    Queued { outbox_id: i64, to: String },
    /// The customer has no mail address: nothing was sent.
    NoAddress { customer: String },
    /// The ticket has no customer.
    NoCustomer,
    /// No `[mail]` with a way out (SMTP or sendmail): nothing is sent by mail.
    NotConfigured,
}

/// Messages kept in `References` (the first and the latest ones, as RFC 5322 suggests
/// trimming long threads).
pub const MAX_REFERENCES: usize = 20;

/// `zh` when the text has Chinese characters, else `en`.
pub fn language_of(text: &str) -> &'static str {
    let cjk = text.chars().any(|c| {
        matches!(c as u32,
            0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F)
    });
    if cjk {
        "zh"
    } else {
        "en"
    }
}

/// A header-safe one-line version of untrusted text (no control characters).
pub fn header_text(s: &str) -> String {
    let one: String = s
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    one.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The subject of a message about ticket `id`: always with the `[#id]` tag that
/// threads the customer's answer back, `Re:` when it answers the customer's mail.
pub fn subject(kind: MailKind, id: i64, title: &str, lang: &str, answers_mail: bool) -> String {
    let title = header_text(title);
    let zh = lang == "zh";
    match kind {
        MailKind::Reply | MailKind::Ack if answers_mail => format!("Re: [#{id}] {title}"),
        MailKind::Reply | MailKind::Ack => format!("[#{id}] {title}"),
        MailKind::Update if zh => format!("[#{id}] 处理进度：{title}"),
        MailKind::Update => format!("[#{id}] Progress: {title}"),
        MailKind::Survey if zh => format!("[#{id}] 满意度调查：{title}"),
        MailKind::Survey => format!("[#{id}] How did we do? {title}"),
        MailKind::Visit if zh => format!("[#{id}] 回访预约：{title}"),
        MailKind::Visit => format!("[#{id}] Return visit: {title}"),
    }
}

/// `In-Reply-To` and `References` for a new message in a thread whose Message-IDs
/// are `thread` (oldest first) and whose latest mail from the customer is
/// `last_inbound`: answer that mail, else the latest message of the thread.
pub fn threading(thread: &[String], last_inbound: Option<&str>) -> (Option<String>, Vec<String>) {
    let in_reply_to = last_inbound
        .map(str::to_string)
        .or_else(|| thread.last().cloned());
    let mut refs: Vec<String> = Vec::new();
    for id in thread {
        if !refs.contains(id) {
            refs.push(id.clone());
        }
    }
    if refs.len() > MAX_REFERENCES {
        let tail = refs.split_off(refs.len() - (MAX_REFERENCES - 1));
        refs.truncate(1);
        refs.extend(tail);
    }
    (in_reply_to, refs)
}

/// A new Message-ID (without brackets) for ticket `ticket` under `domain`; `nonce`
/// makes it unique (time and randomness chosen by the caller).
pub fn message_id(ticket: i64, nonce: u128, domain: &str) -> String {
    format!("aftercare.{ticket}.{nonce:032x}@{domain}")
}

/// How long to wait before try `attempt + 1` after `attempt` failed tries: `base`
/// seconds, doubling, at most six hours.
pub fn backoff(attempt: i64, base: u64) -> i64 {
    let doublings = attempt.saturating_sub(1).clamp(0, 20) as u32;
    (base.saturating_mul(1u64 << doublings)).min(6 * 3600) as i64
}

/// A satisfaction score at the start of a survey answer: `5`, `４分`, `3/5`, `2 - ok`.
pub fn survey_score(answer: &str) -> Option<u8> {
    let mut chars = answer.trim_start().chars();
    let digit = |c: char| match c {
        '1'..='5' => Some(c as u8 - b'0'),
        '１'..='５' => Some((c as u32 - '０' as u32) as u8),
        _ => None,
    };
    let score = digit(chars.next()?)?;
    match chars.next() {
        Some(c) if c.is_ascii_digit() || ('０'..='９').contains(&c) || c == '.' => None,
        _ => Some(score),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_follows_chinese_characters() {
        assert_eq!(language_of("打印机卡纸 printer jam"), "zh");
        assert_eq!(language_of("Printer jam"), "en");
        assert_eq!(language_of(""), "en");
    }

    #[test]
    fn subjects_carry_the_ticket_tag_and_no_line_breaks() {
        assert_eq!(
            subject(MailKind::Reply, 12, "打印机\r\n卡纸", "zh", true),
            "Re: [#12] 打印机 卡纸"
        );
        assert_eq!(
            subject(MailKind::Survey, 3, "Jam", "en", true),
            "[#3] How did we do? Jam"
        );
        assert_eq!(
            subject(MailKind::Update, 3, "卡纸", "zh", false),
            "[#3] 处理进度：卡纸"
        );
        assert_eq!(
            crate::import::thread::ticket_tag(&subject(MailKind::Visit, 99, "x", "en", false)),
            Some(99)
        );
    }

    #[test]
    fn threading_answers_the_customer_and_keeps_references_short() {
        let t: Vec<String> = (0..30).map(|i| format!("m{i}@x")).collect();
        let (irt, refs) = threading(&t, Some("m7@x"));
        assert_eq!(irt.as_deref(), Some("m7@x"));
        assert_eq!(refs.len(), MAX_REFERENCES);
        assert_eq!(refs[0], "m0@x");
        assert_eq!(refs.last().unwrap(), "m29@x");
        assert_eq!(threading(&[], None), (None, vec![]));
        let (irt, _) = threading(&t[..2], None);
        assert_eq!(irt.as_deref(), Some("m1@x"));
    }

    #[test]
    fn backoff_doubles_up_to_six_hours() {
        assert_eq!(backoff(1, 60), 60);
        assert_eq!(backoff(2, 60), 120);
        assert_eq!(backoff(4, 60), 480);
        assert_eq!(backoff(40, 60), 6 * 3600);
        assert_eq!(backoff(0, 1), 1);
    }

    #[test]
    fn survey_answers_give_scores() {
        assert_eq!(survey_score("5"), Some(5));
        assert_eq!(survey_score("  ４分，很满意"), Some(4));
        assert_eq!(survey_score("3/5 ok"), Some(3));
        assert_eq!(survey_score("10"), None);
        assert_eq!(survey_score("6"), None);
        assert_eq!(survey_score("2.5"), None);
        assert_eq!(survey_score("Still broken"), None);
    }

    #[test]
    fn names_round_trip() {
        for k in ["reply", "update", "survey", "visit", "ack"] {
            assert_eq!(MailKind::parse(k).unwrap().as_str(), k);
        }
        for s in ["queued", "sent", "failed"] {
            assert_eq!(MailState::parse(s).unwrap().as_str(), s);
        }
        assert!(MailKind::parse("x").is_none() && MailState::parse("x").is_none());
        assert!(message_id(5, 1, "example.com")
            .ends_with(".5.00000000000000000000000000000001@example.com"));
    }
}
