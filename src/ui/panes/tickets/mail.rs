//! The ticket's mail in its detail: each message with its state (queued, sent,
//! failed with the server's answer) and, when one failed, the key that sends it again.

use crate::app::keys::Context;
use crate::app::{Lang, State};
use crate::domain::mail::{MailState, OutboxMessage};
use crate::domain::text::one_line;
use crate::ui::theme::Theme;
use ratatui::text::{Line, Span};

/// The detail's "Mail" lines (none when the ticket never had mail).
pub fn mail_lines(s: &State, mail: &[OutboxMessage], th: &Theme) -> Vec<Line<'static>> {
    if mail.is_empty() {
        return Vec::new();
    }
    let zh = s.lang == Lang::Zh;
    let mut out = vec![
        Line::raw(""),
        Line::styled(
            format!("── {} ({}) ", if zh { "邮件" } else { "Mail" }, mail.len()),
            th.header,
        ),
    ];
    for m in mail {
        let (state, style) = match m.state {
            MailState::Queued if zh => ("排队中", th.warn),
            MailState::Queued => ("queued", th.warn),
            MailState::Sent if zh => ("已发送", th.ok),
            MailState::Sent => ("sent", th.ok),
            MailState::Failed if zh => ("失败", th.error),
            MailState::Failed => ("failed", th.error),
        };
        let when = match m.state {
            MailState::Sent => m.sent_at.map(|t| crate::ui::text::time(s, t)),
            MailState::Queued if m.attempts > 0 => Some(format!(
                "{} {}",
                if zh { "下次重试" } else { "next try" },
                crate::ui::text::time(s, m.next_at)
            )),
            _ => None,
        };
        let mut spans = vec![
            Span::styled(
                format!(
                    "{} · #{} {} → ",
                    crate::ui::text::time(s, m.created_at),
                    m.id,
                    m.kind.as_str()
                ),
                th.dim,
            ),
            Span::raw(one_line(&m.to_addr)),
            Span::raw("  "),
            Span::styled(state.to_string(), style),
        ];
        if let Some(w) = when {
            spans.push(Span::styled(format!(" {w}"), th.dim));
        }
        if m.attempts > 1 || m.state == MailState::Failed {
            spans.push(Span::styled(
                format!(
                    " ({} {})",
                    m.attempts,
                    match (zh, m.attempts) {
                        (true, _) => "次尝试",
                        (false, 1) => "try",
                        _ => "tries",
                    }
                ),
                th.dim,
            ));
        }
        if let Some(n) = s.tickets.retried_mail.get(&m.id) {
            let times = if *n > 1 {
                format!(" ×{n}")
            } else {
                String::new()
            };
            spans.push(Span::styled(
                format!(
                    " · {}{times}",
                    if zh {
                        "已重新排队"
                    } else {
                        "queued again"
                    }
                ),
                th.warn,
            ));
        }
        out.push(Line::from(spans));
        if let Some(e) = m
            .last_error
            .as_deref()
            .filter(|_| m.state != MailState::Sent)
        {
            out.push(Line::styled(format!("  {}", one_line(e)), th.error));
        }
    }
    if mail.iter().any(|m| m.state == MailState::Failed) {
        let key = s
            .keymap
            .keys_for(&[Context::Detail, Context::Global], "mail-retry")
            .into_iter()
            .next()
            .unwrap_or_else(|| ":mail-retry".into());
        out.push(Line::styled(
            if zh {
                format!("  {key} 重新发送失败的邮件")
            } else {
                format!("  {key} sends the failed mail again")
            },
            th.dim,
        ));
    }
    out
}

/// The outbox panel: pending and failed mail, newest first.
pub fn outbox_lines(s: &State, rows: &[OutboxMessage], th: &Theme) -> Vec<Line<'static>> {
    let zh = s.lang == Lang::Zh;
    if rows.is_empty() {
        return vec![Line::styled(
            if zh {
                "发件箱是空的：没有待发送或失败的邮件。"
            } else {
                "The outbox is empty: nothing waits or failed."
            },
            th.dim,
        )];
    }
    let mut out = Vec::new();
    for m in rows {
        let (state, style) = match (m.state, zh) {
            (MailState::Queued, true) => ("排队中", th.warn),
            (MailState::Queued, false) => ("queued", th.warn),
            (MailState::Sent, true) => ("已发送", th.ok),
            (MailState::Sent, false) => ("sent", th.ok),
            (MailState::Failed, true) => ("失败", th.error),
            (MailState::Failed, false) => ("failed", th.error),
        };
        out.push(Line::from(vec![
            Span::styled(format!("#{:<5} ", m.id), th.dim),
            Span::styled(
                format!("{} #{} ", if zh { "工单" } else { "ticket" }, m.ticket_id),
                th.accent,
            ),
            Span::raw(format!("{} → {}  ", m.kind.as_str(), one_line(&m.to_addr))),
            Span::styled(state.to_string(), style),
            Span::styled(
                format!("  {} {}", m.attempts, if zh { "次尝试" } else { "tries" }),
                th.dim,
            ),
        ]));
        out.push(Line::raw(format!("       {}", one_line(&m.subject))));
        if let Some(e) = &m.last_error {
            out.push(Line::styled(format!("       {}", one_line(e)), th.error));
        }
    }
    out
}
