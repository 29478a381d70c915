//! An agent's profile as rules: skills with levels, working weekdays, out-of-office
//! periods, and which days the agent is available (with the team calendar's holidays).

use super::sla::Calendar;
use chrono::{DateTime, Datelike, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;
use std::fmt;

/// The level of a skill written without one (`invoice` means `invoice:3`).
pub const DEFAULT_LEVEL: u8 = 3;

/// Weekday names, Monday first, as written in commands and config.
pub const WEEKDAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// A skill with a level from 1 (beginner) to 5 (expert).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skill {
    pub name: String,
    pub level: u8,
}

impl fmt::Display for Skill {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.name, self.level)
    }
}

/// Parses `printer:4` or `invoice` (level 3).
pub fn parse_skill(s: &str) -> Result<Skill, String> {
    let s = s.trim();
    let (name, level) = match s.rsplit_once(':') {
        Some((n, l)) => {
            let level: u8 = l
                .trim()
                .parse()
                .map_err(|_| format!("skill '{s}': the level '{l}' is not a number"))?;
            (n.trim(), level)
        }
        None => (s, DEFAULT_LEVEL),
    };
    if name.is_empty() {
        return Err(format!("skill '{s}' has no name"));
    }
    if !(1..=5).contains(&level) {
        return Err(format!("skill '{s}': the level must be 1 to 5"));
    }
    Ok(Skill {
        name: name.to_lowercase(),
        level,
    })
}

/// Parses a list of skills, dropping empty entries; a repeated name keeps the last level.
pub fn parse_skills<S: AsRef<str>>(list: &[S]) -> Result<Vec<Skill>, String> {
    let mut out: Vec<Skill> = Vec::new();
    for s in list
        .iter()
        .map(AsRef::as_ref)
        .filter(|s| !s.trim().is_empty())
    {
        let skill = parse_skill(s)?;
        out.retain(|k| k.name != skill.name);
        out.push(skill);
    }
    Ok(out)
}

/// Skills as stored text entries, lenient: an unreadable entry counts at the default level.
pub fn skills_of(stored: &[String]) -> Vec<Skill> {
    stored
        .iter()
        .filter(|s| !s.trim().is_empty())
        .map(|s| {
            parse_skill(s).unwrap_or_else(|_| Skill {
                name: s.trim().to_lowercase(),
                level: DEFAULT_LEVEL,
            })
        })
        .collect()
}

/// Parses `mon,tue,wed`, `mon-fri` or a mix (`mon-wed,sat`); full names work too.
pub fn parse_weekdays(s: &str) -> Result<[bool; 7], String> {
    let day = |w: &str| -> Result<usize, String> {
        let w = w.trim().to_lowercase();
        WEEKDAYS
            .iter()
            .position(|n| w.len() >= 3 && w.starts_with(n))
            .ok_or_else(|| format!("unknown weekday '{w}'"))
    };
    let mut out = [false; 7];
    for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        match part.split_once('-') {
            Some((a, b)) => {
                let (a, b) = (day(a)?, day(b)?);
                if b < a {
                    return Err(format!("weekday range '{part}' runs backwards"));
                }
                out[a..=b].iter_mut().for_each(|d| *d = true);
            }
            None => out[day(part)?] = true,
        }
    }
    if !out.iter().any(|d| *d) {
        return Err("no working day given".into());
    }
    Ok(out)
}

/// Weekdays as `mon,tue,wed`.
pub fn weekdays_text(days: &[bool; 7]) -> String {
    WEEKDAYS
        .iter()
        .zip(days)
        .filter(|(_, on)| **on)
        .map(|(n, _)| *n)
        .collect::<Vec<_>>()
        .join(",")
}

/// Parses a date `YYYY-MM-DD`.
pub fn parse_date(s: &str) -> Result<NaiveDate, String> {
    super::time::parse_day(s).ok_or_else(|| format!("'{}' is not a date (YYYY-MM-DD)", s.trim()))
}

/// Parses an inclusive date range `2026-12-01..2026-12-05` (or one date).
pub fn parse_date_range(s: &str) -> Result<(NaiveDate, NaiveDate), String> {
    let (a, b) = match s.split_once("..") {
        Some((a, b)) => (parse_date(a)?, parse_date(b)?),
        None => {
            let d = parse_date(s)?;
            (d, d)
        }
    };
    if b < a {
        return Err(format!("the range '{}' ends before it starts", s.trim()));
    }
    Ok((a, b))
}

/// An out-of-office period, both dates inclusive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ooo {
    pub id: i64,
    pub agent_id: i64,
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub note: String,
}

impl Ooo {
    /// Whether `d` falls in the period.
    pub fn covers(&self, d: NaiveDate) -> bool {
        self.start <= d && d <= self.end
    }
}

/// Why an agent is or is not working on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DayStatus {
    Working,
    /// Not one of the agent's weekdays.
    DayOff,
    /// A holiday of the team calendar.
    Holiday,
    OutOfOffice,
    /// The agent is deactivated.
    Inactive,
}

impl DayStatus {
    /// The name used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            DayStatus::Working => "working",
            DayStatus::DayOff => "day_off",
            DayStatus::Holiday => "holiday",
            DayStatus::OutOfOffice => "out_of_office",
            DayStatus::Inactive => "inactive",
        }
    }
}

/// When one agent works: own weekdays (or the team's), the team calendar, OOO periods.
#[derive(Debug, Clone)]
pub struct AgentDays<'a> {
    pub calendar: &'a Calendar,
    /// The agent's weekdays; `None` follows the team calendar.
    pub workdays: Option<[bool; 7]>,
    pub ooo: &'a [Ooo],
    pub active: bool,
}

impl AgentDays<'_> {
    /// The weekdays in effect, Monday first.
    pub fn weekdays(&self) -> [bool; 7] {
        self.workdays.unwrap_or(self.calendar.workdays)
    }

    /// Whether and why the agent works on `d`. Extra working days (调休) and holidays
    /// of the team calendar apply to everyone.
    pub fn status(&self, d: NaiveDate) -> DayStatus {
        if !self.active {
            return DayStatus::Inactive;
        }
        if self.ooo.iter().any(|o| o.covers(d)) {
            return DayStatus::OutOfOffice;
        }
        if self.calendar.extra_workdays.contains(&d) {
            return DayStatus::Working;
        }
        if self.calendar.holidays.contains(&d) {
            return DayStatus::Holiday;
        }
        if self.weekdays()[d.weekday().num_days_from_monday() as usize] {
            DayStatus::Working
        } else {
            DayStatus::DayOff
        }
    }

    /// Whether the agent works on `d`.
    pub fn works(&self, d: NaiveDate) -> bool {
        self.status(d) == DayStatus::Working
    }

    /// Hours of work a working day holds: the weekly capacity over the weekdays.
    pub fn day_capacity(&self, weekly_hours: f64) -> f64 {
        let n = self.weekdays().iter().filter(|d| **d).count();
        if n == 0 {
            0.0
        } else {
            weekly_hours.max(0.0) / n as f64
        }
    }

    /// The end of the OOO period covering `d`, following back-to-back periods.
    pub fn back_on(&self, d: NaiveDate) -> Option<NaiveDate> {
        let mut end = self.ooo.iter().find(|o| o.covers(d))?.end;
        while let Some(next) = self
            .ooo
            .iter()
            .filter(|o| o.covers(end.succ_opt().unwrap_or(end)) && o.end > end)
            .map(|o| o.end)
            .max()
        {
            end = next;
        }
        end.succ_opt()
    }
}

/// The calendar date of `secs` in `tz`.
pub fn local_date(tz: Tz, secs: i64) -> NaiveDate {
    DateTime::<Utc>::from_timestamp(secs, 0)
        .unwrap_or_default()
        .with_timezone(&tz)
        .date_naive()
}

/// The first instant of date `d` in `tz`, in Unix seconds.
pub fn day_start(tz: Tz, d: NaiveDate) -> i64 {
    let naive = d.and_time(NaiveTime::MIN);
    tz.from_local_datetime(&naive)
        .earliest()
        .map(|dt| dt.timestamp())
        // A midnight skipped by a DST jump: one hour later exists.
        .or_else(|| {
            tz.from_local_datetime(&(naive + chrono::Duration::hours(1)))
                .earliest()
                .map(|dt| dt.timestamp())
        })
        .unwrap_or_else(|| naive.and_utc().timestamp())
}

/// The Monday of the week holding `d`.
pub fn week_start(d: NaiveDate) -> NaiveDate {
    d - chrono::Duration::days(d.weekday().num_days_from_monday() as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> NaiveDate {
        parse_date(s).unwrap()
    }

    fn cal() -> Calendar {
        Calendar::test_shanghai()
    }

    #[test]
    fn skills_parse_with_and_without_levels() {
        let s = parse_skills(&["Printer:4", "invoice", " ", "打印机:5", "printer:2"]).unwrap();
        let text: Vec<String> = s.iter().map(Skill::to_string).collect();
        assert_eq!(text, ["invoice:3", "打印机:5", "printer:2"]);
        assert!(parse_skill("x:6").is_err());
        assert!(parse_skill("x:0").is_err());
        assert!(parse_skill(":4").is_err());
        assert!(parse_skill("x:high").is_err());
        assert_eq!(skills_of(&["odd:9".into()])[0].level, DEFAULT_LEVEL);
    }

    #[test]
    fn weekdays_parse_lists_and_ranges() {
        assert_eq!(
            parse_weekdays("mon-wed,sat").unwrap(),
            [true, true, true, false, false, true, false]
        );
        assert_eq!(
            weekdays_text(&parse_weekdays("Tuesday, fri").unwrap()),
            "tue,fri"
        );
        assert!(parse_weekdays("fri-mon").is_err());
        assert!(parse_weekdays("funday").is_err());
        assert!(parse_weekdays("").is_err());
    }

    #[test]
    fn date_ranges() {
        assert_eq!(
            parse_date_range("2026-12-01..2026-12-05").unwrap(),
            (date("2026-12-01"), date("2026-12-05"))
        );
        assert_eq!(
            parse_date_range("2026-12-01").unwrap(),
            (date("2026-12-01"), date("2026-12-01"))
        );
        assert!(parse_date_range("2026-12-05..2026-12-01").is_err());
        assert!(parse_date_range("2026-13-01..2026-12-05").is_err());
    }

    #[test]
    fn availability_combines_weekdays_holidays_and_ooo() {
        let c = cal();
        let ooo = [Ooo {
            id: 1,
            agent_id: 1,
            start: date("2026-12-01"),
            end: date("2026-12-02"),
            note: String::new(),
        }];
        let mut a = AgentDays {
            calendar: &c,
            workdays: Some(parse_weekdays("tue-sat").unwrap()),
            ooo: &ooo,
            active: true,
        };
        assert_eq!(a.status(date("2026-11-30")), DayStatus::DayOff, "a Monday");
        assert_eq!(
            a.status(date("2026-12-05")),
            DayStatus::Working,
            "a Saturday"
        );
        assert_eq!(a.status(date("2026-12-01")), DayStatus::OutOfOffice);
        assert_eq!(a.status(date("2026-10-01")), DayStatus::Holiday);
        assert_eq!(
            a.status(date("2026-09-27")),
            DayStatus::Working,
            "调休 Sunday"
        );
        assert_eq!(a.back_on(date("2026-12-01")), Some(date("2026-12-03")));
        assert_eq!(a.back_on(date("2026-12-03")), None);
        assert!((a.day_capacity(40.0) - 8.0).abs() < 1e-9);
        a.workdays = None;
        assert_eq!(a.status(date("2026-11-30")), DayStatus::Working);
        a.active = false;
        assert_eq!(a.status(date("2026-11-30")), DayStatus::Inactive);
    }

    #[test]
    fn back_on_follows_back_to_back_periods() {
        let c = cal();
        let p = |id, s, e| Ooo {
            id,
            agent_id: 1,
            start: date(s),
            end: date(e),
            note: String::new(),
        };
        let ooo = [
            p(1, "2026-12-01", "2026-12-03"),
            p(2, "2026-12-04", "2026-12-08"),
        ];
        let a = AgentDays {
            calendar: &c,
            workdays: None,
            ooo: &ooo,
            active: true,
        };
        assert_eq!(a.back_on(date("2026-12-02")), Some(date("2026-12-09")));
    }

    #[test]
    fn day_bounds_in_the_team_zone() {
        let tz = chrono_tz::Asia::Shanghai;
        let s = day_start(tz, date("2026-11-23"));
        assert_eq!(local_date(tz, s), date("2026-11-23"));
        assert_eq!(local_date(tz, s - 1), date("2026-11-22"));
        assert_eq!(week_start(date("2026-11-26")), date("2026-11-23"));
    }
}
