//! Mail threading helpers: cleaning subjects, finding a `[#123]` ticket tag, cutting
//! quoted history from replies, and a content key for mail without a Message-ID.

/// Reply and forward prefixes, compared case-insensitively (English and Chinese).
const PREFIXES: &[&str] = &[
    "re:",
    "re：",
    "fw:",
    "fwd:",
    "fw：",
    "aw:",
    "sv:",
    "回复:",
    "回复：",
    "答复:",
    "答复：",
    "转发:",
    "转发：",
];

/// The subject without `Re:`/`Fwd:`/`回复：` prefixes and without a `[#123]` tag.
pub fn clean_subject(subject: &str) -> String {
    let mut s = strip_ticket_tag(subject.trim()).trim().to_string();
    loop {
        let lower = s.to_lowercase();
        match PREFIXES.iter().find(|p| lower.starts_with(*p)) {
            // Prefixes are ASCII or CJK, both the same length lowercased.
            Some(p) => s = s[p.len()..].trim_start().to_string(),
            None => break,
        }
    }
    s
}

/// The ticket id in a `[#123]` tag of a subject, if any.
pub fn ticket_tag(subject: &str) -> Option<i64> {
    let mut rest = subject;
    while let Some(i) = rest.find("[#") {
        let after = &rest[i + 2..];
        let digits: String = after.chars().take_while(|c| c.is_ascii_digit()).collect();
        if !digits.is_empty() && after[digits.len()..].starts_with(']') {
            return digits.parse().ok().filter(|n| *n > 0);
        }
        rest = after;
    }
    None
}

fn strip_ticket_tag(subject: &str) -> String {
    match ticket_tag(subject) {
        Some(n) => subject.replacen(&format!("[#{n}]"), "", 1),
        None => subject.to_string(),
    }
}

/// A reply without the quoted message it answers: cut at an attribution line
/// ("On … wrote:", "在…写道：", "-----Original Message-----", "-----原始邮件-----",
/// a "From:"/"发件人:" header block) and drop trailing `>` quoted lines.
/// Returns the text unchanged when cutting would leave nothing.
pub fn strip_quoted(body: &str) -> String {
    let lines: Vec<&str> = body.lines().collect();
    let mut end = lines.len();
    for (i, line) in lines.iter().enumerate() {
        let t = line.trim();
        let lower = t.to_lowercase();
        let attribution = (lower.starts_with("on ") && lower.ends_with("wrote:"))
            || (t.starts_with('在') && (t.ends_with("写道：") || t.ends_with("写道:")))
            || lower.contains("-----original message-----")
            || t.contains("-----原始邮件-----")
            || ((t.starts_with("发件人:")
                || t.starts_with("发件人：")
                || lower.starts_with("from:"))
                && lines.get(i + 1).is_some_and(|n| {
                    let n = n.trim().to_lowercase();
                    n.starts_with("sent:")
                        || n.starts_with("date:")
                        || n.starts_with("发送时间")
                        || n.starts_with("to:")
                }));
        if attribution {
            end = i;
            break;
        }
    }
    while end > 0 && (lines[end - 1].trim().is_empty() || lines[end - 1].starts_with('>')) {
        end -= 1;
    }
    if end == 0 {
        return body.trim().to_string();
    }
    lines[..end].join("\n").trim().to_string()
}

/// A stable 128-bit FNV-1a hash of the parts, as `hash:` plus 32 hex digits: the key of
/// a mail without Message-ID (the same mail imported twice gets the same key).
pub fn content_key(parts: &[&str]) -> String {
    const OFFSET: u128 = 0x6c62272e07bb014262b821756295c58d;
    const PRIME: u128 = 0x0000000001000000000000000000013B;
    let mut h = OFFSET;
    for p in parts {
        for b in p.bytes().chain(std::iter::once(0u8)) {
            h ^= b as u128;
            h = h.wrapping_mul(PRIME);
        }
    }
    format!("hash:{h:032x}")
}

/// A Message-ID without angle brackets and surrounding space (None when empty).
pub fn normalize_id(id: &str) -> Option<String> {
    let t = id
        .trim()
        .trim_start_matches('<')
        .trim_end_matches('>')
        .trim();
    (!t.is_empty()).then(|| t.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subjects_lose_prefixes_and_tags() {
        assert_eq!(clean_subject("Re: RE: Fwd: printer jam"), "printer jam");
        assert_eq!(clean_subject("回复：退款申请 [#12]"), "退款申请");
        assert_eq!(clean_subject("答复: 转发：发票"), "发票");
        assert_eq!(clean_subject("Regarding invoice"), "Regarding invoice");
    }

    #[test]
    fn ticket_tags_are_found() {
        assert_eq!(ticket_tag("Re: [#42] printer"), Some(42));
        assert_eq!(ticket_tag("[#x] [#7]"), Some(7));
        assert_eq!(ticket_tag("[#0]"), None);
        assert_eq!(ticket_tag("#42 no brackets"), None);
        assert_eq!(ticket_tag("[#99999999999999999999]"), None);
    }

    #[test]
    fn quoted_history_is_cut() {
        let mail = "Still broken.\n\nOn Mon, 2 Mar 2026, Support wrote:\n> try again\n> thanks";
        assert_eq!(strip_quoted(mail), "Still broken.");
        let zh = "还是不行。\n\n在 2026年3月2日 客服 写道：\n> 请重启";
        assert_eq!(strip_quoted(zh), "还是不行。");
        let outlook = "OK\n-----原始邮件-----\n发件人: a";
        assert_eq!(strip_quoted(outlook), "OK");
        assert_eq!(strip_quoted("> only quoted"), "> only quoted");
        assert_eq!(
            strip_quoted("plain\n> q\ntext after"),
            "plain\n> q\ntext after"
        );
    }

    #[test]
    fn content_keys_are_stable() {
        let a = content_key(&["a@b.c", "subject", "body"]);
        assert_eq!(a, content_key(&["a@b.c", "subject", "body"]));
        assert_ne!(a, content_key(&["a@b.c", "subjectbody", ""]));
        assert!(a.starts_with("hash:") && a.len() == 37);
        assert_eq!(normalize_id(" <x@y> "), Some("x@y".into()));
        assert_eq!(normalize_id("<>"), None);
    }
}
