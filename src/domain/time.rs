//! Time helpers: Unix seconds ↔ RFC 3339 and local display, relative durations.

use chrono::{DateTime, Local, NaiveDate, TimeZone, Utc};

/// How a calendar day is written everywhere: commands, config, JSON, the database.
pub const DAY_FORMAT: &str = "%Y-%m-%d";

/// Parses a day written `YYYY-MM-DD` (blanks around it ignored).
pub fn parse_day(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), DAY_FORMAT).ok()
}

/// Now, in Unix seconds.
pub fn now() -> i64 {
    Utc::now().timestamp()
}

/// RFC 3339 with the local offset, e.g. `2026-11-23T14:02:00+08:00`.
pub fn rfc3339(secs: i64) -> String {
    match Local.timestamp_opt(secs, 0).single() {
        Some(dt) => dt.to_rfc3339_opts(chrono::SecondsFormat::Secs, false),
        None => DateTime::<Utc>::from_timestamp(secs, 0)
            .unwrap_or_default()
            .to_rfc3339(),
    }
}

/// Short local time for tables: `2026-11-23 14:02`.
pub fn short(secs: i64) -> String {
    Local
        .timestamp_opt(secs, 0)
        .single()
        .map(|dt| dt.format("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_default()
}

/// Parses `30m`, `4h`, `2d`, `1w` (also `-2d`) into seconds.
pub fn parse_duration(s: &str) -> Option<i64> {
    let s = s.trim();
    let (neg, s) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s),
    };
    let unit = s.chars().last()?;
    let num: f64 = s[..s.len() - unit.len_utf8()].parse().ok()?;
    let mult = match unit {
        'm' => 60.0,
        'h' => 3600.0,
        'd' => 86400.0,
        'w' => 7.0 * 86400.0,
        _ => return None,
    };
    let v = (num * mult).round();
    // `inf`, `NaN` and 1e300 parse as numbers; no duration is longer than a thousand years.
    if !v.is_finite() || v.abs() > MAX_DURATION_SECS as f64 {
        return None;
    }
    let v = v as i64;
    Some(if neg { -v } else { v })
}

/// The longest duration `parse_duration` accepts: a thousand years.
pub const MAX_DURATION_SECS: i64 = 1_000 * 366 * 86_400;

/// A duration as `parse_duration` reads it back exactly: `2d`, `-90m`, `1.5m`.
pub fn format_duration(secs: i64) -> String {
    let sign = if secs < 0 { "-" } else { "" };
    let a = secs.unsigned_abs();
    for (unit, len) in [('w', 7 * 86_400), ('d', 86_400), ('h', 3_600), ('m', 60)] {
        if a % len == 0 && (a > 0 || unit == 'm') {
            return format!("{sign}{}{unit}", a / len);
        }
    }
    format!("{sign}{}m", a as f64 / 60.0)
}

/// A compact countdown like `3h12m`, `-2d4h` (negative when past).
pub fn countdown(secs: i64) -> String {
    let sign = if secs < 0 { "-" } else { "" };
    let s = secs.unsigned_abs();
    let (d, h, m) = (s / 86400, (s % 86400) / 3600, (s % 3600) / 60);
    if d > 0 {
        format!("{sign}{d}d{h}h")
    } else if h > 0 {
        format!("{sign}{h}h{m:02}m")
    } else {
        format!("{sign}{m}m")
    }
}

/// A countdown of business time in hours (`7h30m`, `-27h00m`, `312h`): a business
/// "day" is not 24 hours, so no days; minutes only below 100 hours.
pub fn business_countdown(secs: i64) -> String {
    let sign = if secs < 0 { "-" } else { "" };
    let s = secs.unsigned_abs();
    let (h, m) = (s / 3600, (s % 3600) / 60);
    if h >= 100 {
        format!("{sign}{h}h")
    } else if h > 0 {
        format!("{sign}{h}h{m:02}m")
    } else {
        format!("{sign}{m}m")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_are_written_one_way() {
        let d = parse_day(" 2026-11-23 ").unwrap();
        assert_eq!(d.to_string(), "2026-11-23");
        assert_eq!(d.format(DAY_FORMAT).to_string(), d.to_string());
        assert_eq!(parse_day("2026-02-30"), None);
        assert_eq!(parse_day("23.11.2026"), None);
    }

    #[test]
    fn durations() {
        assert_eq!(parse_duration("2d"), Some(172_800));
        assert_eq!(parse_duration("30m"), Some(1800));
        assert_eq!(parse_duration("-4h"), Some(-14_400));
        assert_eq!(parse_duration("1.5h"), Some(5400));
        assert_eq!(parse_duration("2x"), None);
        assert_eq!(parse_duration(""), None);
    }

    #[test]
    fn business_countdowns_stay_in_hours() {
        assert_eq!(business_countdown(27 * 3600), "27h00m");
        assert_eq!(business_countdown(-(2285 * 3600 + 59)), "-2285h");
        assert_eq!(business_countdown(30 * 60), "30m");
    }

    #[test]
    fn countdowns() {
        assert_eq!(countdown(3 * 3600 + 12 * 60), "3h12m");
        assert_eq!(countdown(-(2 * 86400 + 4 * 3600)), "-2d4h");
        assert_eq!(countdown(59), "0m");
    }

    #[test]
    fn rfc3339_has_an_offset() {
        let s = rfc3339(1_700_000_000);
        assert!(
            s.ends_with('Z') || s[s.len() - 6..].starts_with(['+', '-']),
            "{s}"
        );
    }
}
