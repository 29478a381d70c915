//! The dashboard of a period and scope (`report dashboard`, the console's pane 5).

use super::Desk;
use crate::domain::time::parse_duration;
use crate::error::{Error, Result};
use crate::report::dashboard::{self, Dashboard, Data, Period, Scope};
use chrono::{Duration, NaiveDate};

/// The longest period a dashboard covers, in days.
pub const MAX_DAYS: i64 = 366;

impl Desk {
    /// The dashboard of `period` narrowed to `scope`, as it stands now.
    pub fn dashboard(&self, period: Period, scope: Scope) -> Result<Dashboard> {
        self.dashboard_read(period, scope, true)
    }

    /// The dashboard computed from the tickets themselves, never from the stored
    /// facts (what the facts stand for; tests compare the two).
    pub fn dashboard_from_sources(&self, period: Period, scope: Scope) -> Result<Dashboard> {
        self.dashboard_read(period, scope, false)
    }

    fn dashboard_read(&self, period: Period, scope: Scope, facts: bool) -> Result<Dashboard> {
        if let Some(t) = &scope.ty {
            self.check_type(t)?;
        }
        if let Some(g) = &scope.group {
            self.check_groups(std::slice::from_ref(g))?;
        }
        let (start, end) = period.bounds(&self.config);
        let agents = self.agents()?.into_iter().map(|a| (a.id, a.name)).collect();
        let logged = self.time_logged_by_agent(start, end)?.into_iter().collect();
        let data = Data::load_with(
            self.store.conn(),
            &self.config,
            period,
            scope,
            self.now(),
            (agents, logged),
            facts,
        )?;
        Ok(dashboard::compute(&data))
    }

    /// The period of `--days N` (the last N days, today included) or `--since`/`--until`
    /// (days, `today`, or a span back from today such as `30d`, today included).
    pub fn dashboard_period(
        &self,
        days: Option<i64>,
        since: Option<&str>,
        until: Option<&str>,
    ) -> Result<Period> {
        let today = self.today();
        let to = match until {
            Some(u) => self.dashboard_day(u, "--until")?,
            None => today,
        };
        let from = match (since, days) {
            (Some(s), _) => self.dashboard_day(s, "--since")?,
            (None, Some(n)) if !(1..=MAX_DAYS).contains(&n) => {
                return Err(Error::invalid(
                    format!("--days {n} is out of range"),
                    format!("give 1 to {MAX_DAYS} days, e.g. --days 30"),
                ))
            }
            (None, Some(n)) => to - Duration::days(n - 1),
            (None, None) => to - Duration::days(29),
        };
        if to < from {
            return Err(Error::invalid(
                format!("bad period: {to} is before {from}"),
                "give --since an earlier day than --until (both days are included)",
            ));
        }
        let p = Period { from, to };
        if p.days() > MAX_DAYS {
            return Err(Error::invalid(
                format!("the period has {} days", p.days()),
                format!("a dashboard covers at most {MAX_DAYS} days"),
            ));
        }
        Ok(p)
    }

    /// A day of a dashboard period: `YYYY-MM-DD`, `today`, or `30d` (the first of the
    /// last 30 days).
    fn dashboard_day(&self, s: &str, flag: &str) -> Result<NaiveDate> {
        let s = s.trim();
        let today = self.today();
        if s.eq_ignore_ascii_case("today") {
            return Ok(today);
        }
        if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
            return Ok(d);
        }
        match parse_duration(s) {
            Some(span) if span > 0 => {
                let days = (span + 86_399) / 86_400;
                Ok(today - Duration::days(days - 1))
            }
            _ => Err(Error::invalid(
                format!("{flag}: '{s}' is not a day"),
                "write YYYY-MM-DD, `today`, or a span back from today such as 7d or 4w",
            )),
        }
    }
}
