//! Tickets and their fixed vocabularies: priority and channel.

use super::text::CleanText;
use super::workflow::StageKind;
use serde::Serialize;
use std::fmt;
use std::str::FromStr;

/// How urgent a ticket is; ordered low < normal < high < urgent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Priority {
    Low = 1,
    Normal = 2,
    High = 3,
    Urgent = 4,
}

impl Priority {
    /// All priorities, lowest first.
    pub const ALL: [Priority; 4] = [
        Priority::Low,
        Priority::Normal,
        Priority::High,
        Priority::Urgent,
    ];

    /// The stable name used in commands, config and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Priority::Low => "low",
            Priority::Normal => "normal",
            Priority::High => "high",
            Priority::Urgent => "urgent",
        }
    }

    /// The Chinese label.
    pub fn zh(self) -> &'static str {
        match self {
            Priority::Low => "低",
            Priority::Normal => "中",
            Priority::High => "高",
            Priority::Urgent => "紧急",
        }
    }

    /// The integer stored in the database (1–4).
    pub fn rank(self) -> i64 {
        self as i64
    }

    /// The priority stored as `rank`, if valid.
    pub fn from_rank(rank: i64) -> Option<Priority> {
        Priority::ALL.into_iter().find(|p| p.rank() == rank)
    }
}

impl fmt::Display for Priority {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Priority {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.trim().to_lowercase().as_str() {
            "low" | "p4" | "低" => Ok(Priority::Low),
            "normal" | "medium" | "p3" | "中" | "普通" => Ok(Priority::Normal),
            "high" | "p2" | "高" => Ok(Priority::High),
            "urgent" | "p1" | "critical" | "紧急" => Ok(Priority::Urgent),
            other => Err(format!("unknown priority '{other}'")),
        }
    }
}

/// Where a ticket came in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    Phone,
    Email,
    Chat,
    Social,
    Web,
    Other,
}

impl Channel {
    /// All channels.
    pub const ALL: [Channel; 6] = [
        Channel::Phone,
        Channel::Email,
        Channel::Chat,
        Channel::Social,
        Channel::Web,
        Channel::Other,
    ];

    /// The stable name used in commands and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Phone => "phone",
            Channel::Email => "email",
            Channel::Chat => "chat",
            Channel::Social => "social",
            Channel::Web => "web",
            Channel::Other => "other",
        }
    }

    /// The Chinese label.
    pub fn zh(self) -> &'static str {
        match self {
            Channel::Phone => "电话",
            Channel::Email => "邮件",
            Channel::Chat => "在线聊天",
            Channel::Social => "社交媒体",
            Channel::Web => "网页",
            Channel::Other => "其他",
        }
    }
}

impl fmt::Display for Channel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Channel {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.trim().to_lowercase().as_str() {
            "phone" | "tel" | "电话" => Ok(Channel::Phone),
            "email" | "mail" | "邮件" => Ok(Channel::Email),
            "chat" | "im" | "在线" | "在线聊天" => Ok(Channel::Chat),
            "social" | "weibo" | "wechat" | "社交媒体" => Ok(Channel::Social),
            "web" | "form" | "网页" => Ok(Channel::Web),
            "other" | "其他" => Ok(Channel::Other),
            other => Err(format!("unknown channel '{other}'")),
        }
    }
}

/// A support ticket as stored. Times are Unix seconds, UTC.
#[derive(Debug, Clone, PartialEq)]
pub struct Ticket {
    pub id: i64,
    pub title: String,
    pub body: String,
    pub stage: String,
    pub ty: String,
    pub priority: Priority,
    pub channel: Channel,
    pub customer_id: Option<i64>,
    pub customer: Option<String>,
    pub assignee_id: Option<i64>,
    pub assignee: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
    pub updated_by: String,
    pub first_response_at: Option<i64>,
    pub resolved_at: Option<i64>,
    pub closed_at: Option<i64>,
    pub first_response_due: Option<i64>,
    pub resolution_due: Option<i64>,
    /// When the next SLA limit falls, in business hours as the SLA engine computes it:
    /// the earliest live clock or stage limit; `None` while nothing runs (done, paused).
    pub next_due: Option<i64>,
    pub version: i64,
}

/// The times a ticket's stage decides: what a move sets, and what undoing it puts back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct StageTimes {
    pub resolved_at: Option<i64>,
    pub closed_at: Option<i64>,
    pub first_response_at: Option<i64>,
}

impl StageTimes {
    /// The times of ticket `t` as they are.
    pub fn of(t: &Ticket) -> StageTimes {
        StageTimes {
            resolved_at: t.resolved_at,
            closed_at: t.closed_at,
            first_response_at: t.first_response_at,
        }
    }

    /// The stage rules: the times after entering a stage of `kind` at `now`. Resolving
    /// keeps an earlier resolution time, closing stamps `now`, an open or waiting stage
    /// clears both; leaving the active stages implies a first response.
    pub fn entering(self, kind: StageKind, now: i64) -> StageTimes {
        let (resolved_at, closed_at) = match kind {
            StageKind::Resolved => (Some(self.resolved_at.unwrap_or(now)), None),
            StageKind::Closed => (Some(self.resolved_at.unwrap_or(now)), Some(now)),
            StageKind::Open | StageKind::Waiting => (None, None),
        };
        let first_response_at = match self.first_response_at {
            None if !kind.is_active() => Some(now),
            fr => fr,
        };
        StageTimes {
            resolved_at,
            closed_at,
            first_response_at,
        }
    }
}

/// What a new ticket is made of, before it has an id. Its text is [`CleanText`]:
/// the store accepts no other.
#[derive(Debug, Clone)]
pub struct NewTicket {
    pub title: CleanText,
    pub body: CleanText,
    pub ty: String,
    pub priority: Priority,
    pub channel: Channel,
    pub customer_id: Option<i64>,
    pub assignee_id: Option<i64>,
}

/// A reply to the customer or an internal note on a ticket.
#[derive(Debug, Clone, PartialEq)]
pub struct Comment {
    pub id: i64,
    pub ticket_id: i64,
    pub author: String,
    pub body: String,
    pub internal: bool,
    pub created_at: i64,
}

/// One recorded change: who did what to which record, when.
#[derive(Debug, Clone, PartialEq)]
pub struct AuditEvent {
    pub id: i64,
    pub at: i64,
    pub actor: String,
    pub entity: String,
    pub entity_id: i64,
    pub action: String,
    pub field: Option<String>,
    pub old: Option<String>,
    pub new: Option<String>,
    pub version: Option<i64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn priority_parses_english_chinese_and_aliases() {
        assert_eq!("HIGH".parse::<Priority>(), Ok(Priority::High));
        assert_eq!("紧急".parse::<Priority>(), Ok(Priority::Urgent));
        assert_eq!("p3".parse::<Priority>(), Ok(Priority::Normal));
        assert!("bogus".parse::<Priority>().is_err());
        assert!(Priority::Urgent > Priority::Low);
        assert_eq!(Priority::from_rank(3), Some(Priority::High));
        assert_eq!(Priority::from_rank(9), None);
    }

    #[test]
    fn stage_rules_set_resolution_closing_and_first_response() {
        let none = StageTimes::default();
        let closed = none.entering(StageKind::Closed, 100);
        assert_eq!(
            closed,
            StageTimes {
                resolved_at: Some(100),
                closed_at: Some(100),
                first_response_at: Some(100)
            }
        );
        // Closing a resolved ticket keeps when it was resolved and who answered first.
        let resolved = StageTimes {
            resolved_at: Some(50),
            closed_at: None,
            first_response_at: Some(10),
        };
        let c = resolved.entering(StageKind::Closed, 100);
        assert_eq!(
            (c.resolved_at, c.closed_at, c.first_response_at),
            (Some(50), Some(100), Some(10))
        );
        // Reopening clears resolution and closing, never the first response.
        let open = c.entering(StageKind::Open, 200);
        assert_eq!(
            (open.resolved_at, open.closed_at, open.first_response_at),
            (None, None, Some(10))
        );
        assert_eq!(none.entering(StageKind::Waiting, 5), none);
    }

    #[test]
    fn channel_parses_and_prints() {
        for c in Channel::ALL {
            assert_eq!(c.as_str().parse::<Channel>(), Ok(c));
            assert_eq!(c.zh().parse::<Channel>(), Ok(c));
        }
        assert!("fax".parse::<Channel>().is_err());
    }
}
