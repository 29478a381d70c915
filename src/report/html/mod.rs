//! Reports as one self-contained HTML file: inline CSS, charts as inline SVG, the
//! numbers as tables; no scripts, nothing fetched. Every number in a table carries
//! `data-json` (its JSON pointer in `--format json`), and every ticket count the
//! filter that lists its tickets (`data-filter`, shown as a tooltip).

pub mod charts;
mod dashboard;
mod project;
mod project_charts;
mod words;

pub use dashboard::dashboard_page;
pub use project::project_page;
pub use words::word;

use std::fmt::Write;

/// Escapes text for HTML content and attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Control characters never reach the page.
            c if c.is_control() && c != '\n' && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

/// One table cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Plain text.
    Text(String),
    /// A number shown as `shown`, whose value is at `pointer` in the JSON.
    Num {
        shown: String,
        pointer: String,
        value: String,
    },
    /// A ticket count, its JSON pointer (of the count object) and its filter.
    Count {
        n: i64,
        pointer: String,
        filter: String,
    },
}

impl Cell {
    /// Text.
    pub fn text(s: impl Into<String>) -> Cell {
        Cell::Text(s.into())
    }

    /// A count object `{n, filter}` found at `pointer`.
    pub fn count(c: &crate::report::dashboard::Counted, pointer: impl Into<String>) -> Cell {
        Cell::Count {
            n: c.n,
            pointer: pointer.into(),
            filter: c.filter.clone(),
        }
    }

    /// An optional number at `pointer`, shown by `show` (`–` when missing).
    pub fn num(v: Option<f64>, pointer: impl Into<String>, show: impl Fn(f64) -> String) -> Cell {
        Cell::Num {
            shown: v.map_or_else(|| "–".to_string(), &show),
            pointer: pointer.into(),
            value: v.map_or_else(|| "null".to_string(), |x| x.to_string()),
        }
    }

    fn html(&self) -> String {
        match self {
            Cell::Text(s) => format!("<td>{}</td>", esc(s)),
            Cell::Num {
                shown,
                pointer,
                value,
            } => format!(
                "<td class=\"num\" data-json=\"{}\" data-value=\"{}\">{}</td>",
                esc(pointer),
                esc(value),
                esc(shown)
            ),
            Cell::Count { n, pointer, filter } => format!(
                "<td class=\"num\" data-json=\"{}/n\" data-value=\"{n}\" data-filter=\"{}\" title=\"aftercare ticket list --query '{}'\">{n}</td>",
                esc(pointer),
                esc(filter),
                esc(filter)
            ),
        }
    }
}

/// A percentage with no decimals.
pub fn pct(v: f64) -> String {
    format!("{:.0}%", v * 100.0)
}

/// One decimal.
pub fn dec1(v: f64) -> String {
    format!("{v:.1}")
}

/// Two decimals.
pub fn dec2(v: f64) -> String {
    format!("{v:.2}")
}

const STYLE: &str = "
body{font-family:system-ui,-apple-system,'Segoe UI','Noto Sans CJK SC','Microsoft YaHei',sans-serif;
 margin:24px auto;max-width:1040px;color:#282828;background:#fff;line-height:1.4}
h1{font-size:1.6em;margin:0 0 4px} h2{font-size:1.2em;margin:28px 0 8px;border-bottom:1px solid #ddd;padding-bottom:4px}
.meta{color:#666;margin:0 0 16px}
.tiles{display:flex;flex-wrap:wrap;gap:10px;margin:12px 0}
.tile{border:1px solid #ddd;border-radius:6px;padding:8px 14px;min-width:120px}
.tile .v{font-size:1.6em;font-weight:600;display:block}
.tile .l{color:#555;font-size:.9em}
figure{margin:8px 0} figure svg{max-width:100%;height:auto}
.pair{display:flex;flex-wrap:wrap;gap:12px} .pair figure{margin:8px 0}
table{border-collapse:collapse;margin:8px 0 4px;font-size:.9em}
th,td{border:1px solid #e2e2e2;padding:3px 8px;text-align:left}
th{background:#f5f5f5} td.num{text-align:right;font-variant-numeric:tabular-nums}
.wide{overflow-x:auto} .note{color:#666;font-size:.85em}
.warn{color:#b00020;font-weight:600} .ok{color:#00734a;font-weight:600}
@media print{body{margin:0} h2{break-after:avoid} figure,table{break-inside:avoid}}
";

/// An HTML page being written.
pub struct Page {
    lang: String,
    title: String,
    body: String,
}

impl Page {
    /// A page in `lang` (`en` or `zh`).
    pub fn new(lang: &str, title: &str) -> Page {
        Page {
            lang: lang.to_string(),
            title: title.to_string(),
            body: String::new(),
        }
    }

    /// Raw HTML (already escaped).
    pub fn raw(&mut self, html: &str) {
        self.body.push_str(html);
        self.body.push('\n');
    }

    /// A heading.
    pub fn h2(&mut self, id: &str, text: &str) {
        let _ = writeln!(self.body, "<h2 id=\"{}\">{}</h2>", esc(id), esc(text));
    }

    /// A paragraph of `class`.
    pub fn p(&mut self, class: &str, text: &str) {
        let _ = writeln!(self.body, "<p class=\"{class}\">{}</p>", esc(text));
    }

    /// An SVG chart with a caption.
    pub fn figure(&mut self, svg: &str, caption: &str) {
        let _ = writeln!(
            self.body,
            "<figure role=\"img\" aria-label=\"{}\">{svg}</figure>",
            esc(caption)
        );
    }

    /// A table with a header row.
    pub fn table(&mut self, id: &str, headers: &[&str], rows: &[Vec<Cell>]) {
        let _ = write!(
            self.body,
            "<div class=\"wide\"><table id=\"{}\"><thead><tr>",
            esc(id)
        );
        for h in headers {
            let _ = write!(self.body, "<th>{}</th>", esc(h));
        }
        self.body.push_str("</tr></thead><tbody>\n");
        for r in rows {
            self.body.push_str("<tr>");
            for c in r {
                self.body.push_str(&c.html());
            }
            self.body.push_str("</tr>\n");
        }
        self.body.push_str("</tbody></table></div>\n");
    }

    /// The finished document.
    pub fn finish(self) -> String {
        let lang = if self.lang == "zh" { "zh-CN" } else { "en" };
        format!(
            "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"generator\" content=\"aftercare\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n{}</body>\n</html>\n",
            esc(&self.title),
            self.body
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_and_cells() {
        assert_eq!(
            esc("<a href=\"x\">&'\u{1b}[31m"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;[31m"
        );
        let c = Cell::count(
            &crate::report::dashboard::Counted {
                n: 3,
                filter: "created:2026-11-01 customer:\"A&B\"".into(),
            },
            "/tiles/open_now",
        );
        assert_eq!(
            c.html(),
            "<td class=\"num\" data-json=\"/tiles/open_now/n\" data-value=\"3\" data-filter=\"created:2026-11-01 customer:&quot;A&amp;B&quot;\" title=\"aftercare ticket list --query 'created:2026-11-01 customer:&quot;A&amp;B&quot;'\">3</td>"
        );
        assert_eq!(
            Cell::num(None, "/x", pct).html(),
            "<td class=\"num\" data-json=\"/x\" data-value=\"null\">–</td>"
        );
        let mut p = Page::new("zh", "看板 <1>");
        p.h2("a", "标题");
        let html = p.finish();
        assert!(
            html.contains("<html lang=\"zh-CN\">")
                && html.contains("<title>看板 &lt;1&gt;</title>")
        );
        assert!(!html.contains("<script"));
    }
}
