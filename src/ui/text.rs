//! Cells of text for tables: sanitized, one line, cut and padded by display width.

use crate::domain::text::{one_line, pad, pad_left};

/// `s` as one clean line in exactly `cols` columns, left-aligned.
pub fn fit(s: &str, cols: usize) -> String {
    pad(&one_line(s), cols)
}

/// `s` as one clean line in exactly `cols` columns, right-aligned.
pub fn fit_right(s: &str, cols: usize) -> String {
    pad_left(&one_line(s), cols)
}

/// Lines of `s` made safe to draw (escape sequences and controls removed).
pub fn clean_lines(s: &str) -> Vec<String> {
    crate::domain::text::sanitize(s)
        .lines()
        .map(|l| l.replace('\t', "    "))
        .collect()
}

/// A calendar day as `YYYY-MM-DD`, or `none`.
pub fn day(d: Option<chrono::NaiveDate>, none: &str) -> String {
    d.map_or_else(|| none.to_string(), |d| d.to_string())
}

/// `YYYY-MM-DD HH:MM` in the state's display time zone (local unless fixed).
pub fn time(s: &crate::app::State, secs: i64) -> String {
    format_in(s, secs, "%Y-%m-%d %H:%M")
}

/// `YYYY-MM-DD` in the state's display time zone.
pub fn date(s: &crate::app::State, secs: i64) -> String {
    format_in(s, secs, "%Y-%m-%d")
}

fn format_in(s: &crate::app::State, secs: i64, fmt: &str) -> String {
    use chrono::TimeZone;
    match s.time_zone {
        Some(tz) => tz
            .timestamp_opt(secs, 0)
            .single()
            .map(|d| d.format(fmt).to_string())
            .unwrap_or_default(),
        None => chrono::Local
            .timestamp_opt(secs, 0)
            .single()
            .map(|d| d.format(fmt).to_string())
            .unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::text::width;

    #[test]
    fn cells_have_exact_widths_with_wide_text_and_escapes() {
        for s in ["打印机卡纸 printer jam", "a\u{1b}[31mb", "😀😀😀", "x\ny"] {
            assert_eq!(width(&fit(s, 7)), 7, "{s}");
            assert_eq!(width(&fit_right(s, 5)), 5, "{s}");
        }
        assert_eq!(fit("a\u{1b}[31mb", 3), "ab ");
    }
}
