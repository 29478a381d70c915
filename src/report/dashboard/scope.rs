//! What the dashboard covers: a period of whole days and an optional scope
//! (group, type, channel), each also as filter text.

use super::counted::quoted;
use crate::config::Config;
use crate::domain::team::day_start;
use crate::domain::ticket::Channel;
use chrono::{Duration, NaiveDate};
use serde::Serialize;

/// Whole days, both included, in the business calendar's time zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Period {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl Period {
    /// The last `days` days up to and including `today`.
    pub fn last_days(today: NaiveDate, days: i64) -> Period {
        Period {
            from: today - Duration::days(days.max(1) - 1),
            to: today,
        }
    }

    /// How many days.
    pub fn days(&self) -> i64 {
        (self.to - self.from).num_days() + 1
    }

    /// The period of the same length just before this one.
    pub fn previous(&self) -> Period {
        let n = Duration::days(self.days());
        Period {
            from: self.from - n,
            to: self.to - n,
        }
    }

    /// `[start, end)` in Unix seconds.
    pub fn bounds(&self, cfg: &Config) -> (i64, i64) {
        let tz = cfg.sla.calendar.tz;
        (
            day_start(tz, self.from),
            day_start(tz, self.to + Duration::days(1)),
        )
    }

    /// Every day of the period, in order.
    pub fn each_day(&self) -> impl Iterator<Item = NaiveDate> {
        let from = self.from;
        (0..self.days()).map(move |i| from + Duration::days(i))
    }

    /// `created:FROM..TO`.
    pub fn created(&self) -> String {
        format!("created:{}", days_text(self.from, self.to))
    }
}

/// `D` for one day, `A..B` for several.
pub(super) fn days_text(a: NaiveDate, b: NaiveDate) -> String {
    if a == b {
        a.to_string()
    } else {
        format!("{a}..{b}")
    }
}

/// What the dashboard is narrowed to; each part optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Scope {
    /// A routing group id, or `none` for tickets without one.
    pub group: Option<String>,
    #[serde(rename = "type")]
    pub ty: Option<String>,
    pub channel: Option<Channel>,
}

impl Scope {
    /// Whether a ticket with these values is in scope.
    pub fn admits(&self, ty: &str, channel: &str, group: Option<&str>) -> bool {
        self.ty.as_deref().is_none_or(|t| t == ty)
            && self.channel.is_none_or(|c| c.as_str() == channel)
            && self.group.as_deref().is_none_or(|g| match group {
                None => g == "none",
                Some(x) => x == g,
            })
    }

    /// The scope as filter terms (empty without a scope).
    pub fn terms(&self) -> String {
        let mut parts = Vec::new();
        if let Some(g) = &self.group {
            parts.push(format!("group:{}", quoted(g)));
        }
        if let Some(t) = &self.ty {
            parts.push(format!("type:{}", quoted(t)));
        }
        if let Some(c) = self.channel {
            parts.push(format!("channel:{c}"));
        }
        parts.join(" ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_scope_is_filter_terms_and_a_period_has_one_before_it() {
        let s = Scope {
            group: Some("none".into()),
            ty: Some("technical".into()),
            channel: Some(Channel::Chat),
        };
        assert_eq!(s.terms(), "group:none type:technical channel:chat");
        assert!(s.admits("technical", "chat", None));
        assert!(!s.admits("technical", "chat", Some("sales")));
        assert!(!s.admits("complaint", "chat", None));
        let p = Period::last_days(NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(), 30);
        assert_eq!(p.from.to_string(), "2026-11-01");
        assert_eq!(
            (p.days(), p.previous().to.to_string()),
            (30, "2026-10-31".into())
        );
    }
}
