//! Table files (CSV, JSON arrays of objects) and the column mapping
//! `title=Subject,body=Description,customer=Email …` onto ticket fields.

use crate::domain::time::DAY_FORMAT;
use crate::error::{Error, Result};
use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone};
use serde_json::Value;
use std::path::Path;

/// The ticket fields a column can feed, with what they mean and the header names
/// recognised when no `--map` is given (case-insensitive).
pub const FIELDS: &[(&str, &str, &[&str])] = &[
    (
        "title",
        "short summary (required)",
        &["title", "subject", "summary", "标题", "主题"],
    ),
    (
        "body",
        "description",
        &["body", "description", "content", "text", "描述", "内容"],
    ),
    (
        "customer",
        "customer name, email or id (new ones are created)",
        &["customer", "customer_name", "客户"],
    ),
    (
        "email",
        "the customer's email address",
        &["email", "e-mail", "mail", "邮箱"],
    ),
    (
        "phone",
        "the customer's phone",
        &["phone", "tel", "telephone", "电话"],
    ),
    (
        "org",
        "the customer's organisation",
        &["org", "organization", "organisation", "company", "公司"],
    ),
    (
        "channel",
        "phone, email, chat, social, web, other",
        &["channel", "source", "渠道"],
    ),
    (
        "type",
        "a ticket type of the workflow",
        &["type", "category", "类型"],
    ),
    (
        "priority",
        "low, normal, high, urgent",
        &["priority", "prio", "优先级"],
    ),
    (
        "stage",
        "a stage of the ticket's flow",
        &["stage", "status", "状态"],
    ),
    (
        "assignee",
        "agent name",
        &["assignee", "agent", "owner", "负责人"],
    ),
    (
        "created_at",
        "when the ticket was opened",
        &["created_at", "created", "date", "创建时间"],
    ),
    (
        "updated_at",
        "when it last changed (used for resolved/closed times)",
        &["updated_at", "updated", "更新时间"],
    ),
    (
        "tags",
        "tags, separated by , ; or spaces",
        &["tags", "labels", "标签"],
    ),
    (
        "id",
        "an id in the source system: a row with an id imported before is skipped",
        &["id", "external_id", "ticket_id", "编号", "工单号"],
    ),
];

/// Which column feeds which field.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Mapping {
    /// (field, column name) pairs as given.
    pub pairs: Vec<(String, String)>,
}

fn field_list() -> String {
    FIELDS.iter().map(|f| f.0).collect::<Vec<_>>().join(", ")
}

impl Mapping {
    /// Parses `field=Column,field=Column`.
    pub fn parse(spec: &str) -> Result<Mapping> {
        let mut pairs: Vec<(String, String)> = Vec::new();
        for part in spec.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let Some((field, column)) = part.split_once('=') else {
                return Err(Error::invalid(
                    format!("'{part}' in --map is not field=COLUMN"),
                    "e.g. --map title=Subject,body=Description,customer=Email",
                ));
            };
            let field = field.trim().to_lowercase();
            if !FIELDS.iter().any(|f| f.0 == field) {
                return Err(Error::invalid(
                    format!("unknown field '{field}' in --map"),
                    format!("fields: {}", field_list()),
                ));
            }
            if pairs.iter().any(|(f, _)| *f == field) {
                return Err(Error::invalid(
                    format!("field '{field}' is mapped twice in --map"),
                    "map each field once",
                ));
            }
            pairs.push((field, column.trim().to_string()));
        }
        if pairs.is_empty() {
            return Err(Error::invalid(
                "--map is empty",
                "e.g. --map title=Subject,body=Description",
            ));
        }
        Ok(Mapping { pairs })
    }

    /// Field → column index for these headers: the given mapping, or the recognised
    /// header names when there is none. A title column is required.
    pub fn resolve(
        map: Option<&Mapping>,
        headers: &[String],
    ) -> Result<Vec<(&'static str, usize)>> {
        let find = |name: &str| {
            headers
                .iter()
                .position(|h| h == name)
                .or_else(|| headers.iter().position(|h| h.eq_ignore_ascii_case(name)))
        };
        let mut out = Vec::new();
        for (field, _, aliases) in FIELDS {
            let col = match map {
                Some(m) => match m.pairs.iter().find(|(f, _)| f == field) {
                    Some((_, column)) => Some(find(column).ok_or_else(|| {
                        Error::invalid(
                            format!("the file has no column '{column}' (mapped to {field})"),
                            format!("its columns: {}", headers.join(", ")),
                        )
                    })?),
                    None => None,
                },
                None => aliases.iter().find_map(|a| find(a)),
            };
            if let Some(c) = col {
                out.push((*field, c));
            }
        }
        if !out.iter().any(|(f, _)| *f == "title") {
            return Err(Error::invalid(
                "no column gives the ticket title",
                format!(
                    "map one with --map title=COLUMN; the file's columns: {}",
                    headers.join(", ")
                ),
            ));
        }
        Ok(out)
    }
}

/// Rows of a table file: header names and, per row, where it was and its cells.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Table {
    pub headers: Vec<String>,
    pub rows: Vec<(String, Vec<String>)>,
}

/// How a text file is encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextEncoding {
    /// UTF-8 when valid, else GB18030 (a superset of GBK and GB2312: Excel in China).
    Auto,
    Utf8,
    Gbk,
}

impl TextEncoding {
    /// Parses `auto`, `utf-8`, `gbk` (also `gb2312`, `gb18030`).
    pub fn parse(s: &str) -> Result<TextEncoding> {
        match s.trim().to_lowercase().replace('_', "-").as_str() {
            "auto" => Ok(TextEncoding::Auto),
            "utf-8" | "utf8" => Ok(TextEncoding::Utf8),
            "gbk" | "gb2312" | "gb18030" | "cp936" => Ok(TextEncoding::Gbk),
            other => Err(Error::invalid(
                format!("unknown encoding '{other}'"),
                "use auto, utf-8 or gbk",
            )),
        }
    }
}

/// Decodes a text file.
pub fn decode(bytes: &[u8], enc: TextEncoding, name: &str) -> Result<String> {
    let utf8 = || {
        let b = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        std::str::from_utf8(b).map(str::to_string)
    };
    let gbk = || {
        let (text, had_errors) = encoding_rs::GB18030.decode_without_bom_handling(bytes);
        (!had_errors).then(|| text.into_owned())
    };
    let bad = |what: &str| {
        Error::invalid(
            format!("'{name}' is not {what} text"),
            "give the encoding with --encoding utf-8 or --encoding gbk",
        )
    };
    match enc {
        TextEncoding::Utf8 => utf8().map_err(|_| bad("UTF-8")),
        TextEncoding::Gbk => gbk().ok_or_else(|| bad("GBK")),
        TextEncoding::Auto => utf8().ok().or_else(gbk).ok_or_else(|| bad("UTF-8 or GBK")),
    }
}

/// Reads a CSV file (header row first).
pub fn read_csv(path: &Path, enc: TextEncoding, delimiter: u8) -> Result<Table> {
    let name = path.display().to_string();
    let text = decode(&super::read_file(path)?, enc, &name)?;
    let mut r = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(text.as_bytes());
    let bad = |e: csv::Error| Error::invalid(format!("'{name}': {e}"), "check the file is CSV");
    let headers: Vec<String> = r
        .headers()
        .map_err(bad)?
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    if headers.iter().all(|h| h.is_empty()) {
        return Err(Error::invalid(
            format!("'{name}' has no header row"),
            "the first line must name the columns",
        ));
    }
    let mut rows = Vec::new();
    for rec in r.records() {
        let rec = rec.map_err(bad)?;
        let line = rec.position().map(|p| p.line()).unwrap_or(0);
        rows.push((
            format!("{name}:{line}"),
            rec.iter().map(str::to_string).collect(),
        ));
    }
    Ok(Table { headers, rows })
}

/// Rows from a JSON array of objects (or an object whose `tickets` is one).
pub fn json_rows(v: &Value, name: &str) -> Result<Table> {
    let items = match v {
        Value::Array(a) => a,
        Value::Object(o) => match o.get("tickets") {
            Some(Value::Array(a)) => a,
            _ => {
                return Err(Error::invalid(
                    format!("'{name}' is neither an aftercare export nor a list of records"),
                    "give a JSON array of objects, one per ticket",
                ))
            }
        },
        _ => {
            return Err(Error::invalid(
                format!("'{name}' is not a JSON array of records"),
                "give a JSON array of objects, one per ticket",
            ))
        }
    };
    let mut headers: Vec<String> = Vec::new();
    for item in items {
        if let Value::Object(o) = item {
            for k in o.keys() {
                if !headers.contains(k) {
                    headers.push(k.clone());
                }
            }
        }
    }
    let mut rows = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let origin = format!("{name} record {}", i + 1);
        let cells = match item {
            Value::Object(o) => headers
                .iter()
                .map(|h| o.get(h).map(cell).unwrap_or_default())
                .collect(),
            // Not an object: no cells, so the row is skipped for its missing title.
            _ => vec![String::new(); headers.len()],
        };
        rows.push((origin, cells));
    }
    Ok(Table { headers, rows })
}

fn cell(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Array(a) => a.iter().map(cell).collect::<Vec<_>>().join(","),
        other => other.to_string(),
    }
}

/// Parses a time: Unix seconds (or milliseconds), RFC 3339, RFC 2822, or a local
/// `YYYY-MM-DD[ HH:MM[:SS]]` (also with `/` or `.`, or 年月日) in `tz`.
pub fn parse_time<Tz: TimeZone>(s: &str, tz: &Tz) -> Option<i64> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    if s.len() >= 9 && s.chars().all(|c| c.is_ascii_digit()) {
        let n: i64 = s.parse().ok()?;
        return Some(if n > 100_000_000_000 { n / 1000 } else { n });
    }
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Some(t.timestamp());
    }
    if let Ok(t) = DateTime::parse_from_rfc2822(s) {
        return Some(t.timestamp());
    }
    let local = |ndt: NaiveDateTime| {
        tz.from_local_datetime(&ndt)
            .earliest()
            .map(|t| t.timestamp())
    };
    for f in [
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M",
        "%Y/%m/%d %H:%M:%S",
        "%Y/%m/%d %H:%M",
        "%Y.%m.%d %H:%M:%S",
        "%Y.%m.%d %H:%M",
    ] {
        if let Ok(ndt) = NaiveDateTime::parse_from_str(s, f) {
            return local(ndt);
        }
    }
    // The canonical day first, then the spellings spreadsheets export.
    for f in [DAY_FORMAT, "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日"] {
        if let Ok(d) = NaiveDate::parse_from_str(s, f) {
            return local(d.and_hms_opt(0, 0, 0)?);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mapping_parses_and_resolves() {
        let m = Mapping::parse("title=Subject, body=Description,customer=Email").unwrap();
        let headers: Vec<String> = ["Email", "subject", "Description"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let r = Mapping::resolve(Some(&m), &headers).unwrap();
        assert_eq!(r, vec![("title", 1), ("body", 2), ("customer", 0)]);
        assert!(Mapping::parse("titel=x")
            .unwrap_err()
            .to_string()
            .contains("titel"));
        assert!(Mapping::parse("title").is_err());
        assert!(Mapping::parse("title=a,title=b").is_err());
        let missing = Mapping::parse("title=Nope").unwrap();
        assert!(Mapping::resolve(Some(&missing), &headers).is_err());
        // Without a mapping, known header names are used.
        let auto = Mapping::resolve(None, &headers).unwrap();
        assert_eq!(auto, vec![("title", 1), ("body", 2), ("email", 0)]);
        assert!(Mapping::resolve(None, &["x".to_string()]).is_err());
    }

    #[test]
    fn gbk_csv_is_decoded() {
        let (bytes, _, _) = encoding_rs::GBK.encode("标题,优先级\n退款申请,高\n");
        let text = decode(&bytes, TextEncoding::Auto, "x.csv").unwrap();
        assert!(text.starts_with("标题"));
        assert!(decode(&bytes, TextEncoding::Utf8, "x.csv").is_err());
        assert_eq!(
            decode(b"\xEF\xBB\xBFa,b", TextEncoding::Auto, "x").unwrap(),
            "a,b"
        );
    }

    #[test]
    fn times_in_many_shapes() {
        let tz = chrono_tz::Asia::Shanghai;
        let t = 1_772_416_800; // 2026-03-02 10:00 +08:00
        assert_eq!(parse_time("2026-03-02 10:00", &tz), Some(t));
        assert_eq!(parse_time("2026/03/02 10:00:00", &tz), Some(t));
        assert_eq!(parse_time("2026-03-02T02:00:00Z", &tz), Some(t));
        assert_eq!(parse_time("Mon, 2 Mar 2026 10:00:00 +0800", &tz), Some(t));
        assert_eq!(parse_time("1772416800", &tz), Some(t));
        assert_eq!(parse_time("1772416800000", &tz), Some(t));
        assert_eq!(parse_time("2026年3月2日", &tz), Some(t - 36_000));
        assert_eq!(parse_time("yesterday", &tz), None);
    }

    #[test]
    fn json_rows_take_every_key() {
        let v: Value =
            serde_json::json!([{"title": "a", "tags": ["x", "y"]}, {"title": "b", "n": 3}, 5]);
        let t = json_rows(&v, "f.json").unwrap();
        let col = |h: &str| t.headers.iter().position(|x| x == h).unwrap();
        let cell = |r: usize, h: &str| t.rows[r].1[col(h)].as_str();
        assert_eq!(t.headers.len(), 3);
        assert_eq!(
            (cell(0, "title"), cell(0, "tags"), cell(0, "n")),
            ("a", "x,y", "")
        );
        assert_eq!(
            (cell(1, "title"), cell(1, "tags"), cell(1, "n")),
            ("b", "", "3")
        );
        assert!(t.rows[2].1.iter().all(String::is_empty));
        assert!(json_rows(&serde_json::json!("x"), "f").is_err());
    }
}
