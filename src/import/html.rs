//! HTML mail bodies to plain text: tags stripped, scripts and styles dropped,
//! entities decoded, line breaks kept for <br>, <p>, <div>, <li>, headings and rows.

/// Elements whose content is never text for a reader.
const SKIP: &[&str] = &["script", "style", "head", "title", "template", "noscript"];
/// Elements that start and end a line.
const BLOCK: &[&str] = &[
    "p",
    "div",
    "li",
    "tr",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "table",
    "blockquote",
    "pre",
    "section",
    "article",
    "header",
    "footer",
    "hr",
    "dl",
    "dt",
    "dd",
    "address",
    "center",
];

/// Converts an HTML document or fragment to plain text.
pub fn to_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len() / 2);
    let mut rest = html;
    let mut skip_until: Option<String> = None;
    let mut pre = 0usize;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix("<!--") {
            rest = after.find("-->").map(|i| &after[i + 3..]).unwrap_or("");
            continue;
        }
        if rest.starts_with('<') {
            let Some((tag, len)) = read_tag(rest) else {
                // A lone '<' is text.
                if skip_until.is_none() {
                    push_text(&mut out, "<", pre > 0);
                }
                rest = &rest[1..];
                continue;
            };
            rest = &rest[len..];
            if let Some(end) = &skip_until {
                if tag.closing && &tag.name == end {
                    skip_until = None;
                }
                continue;
            }
            if SKIP.contains(&tag.name.as_str()) && !tag.closing && !tag.self_closing {
                skip_until = Some(tag.name.clone());
                continue;
            }
            match tag.name.as_str() {
                "br" => line_break(&mut out),
                "pre" => {
                    paragraph(&mut out);
                    pre = if tag.closing {
                        pre.saturating_sub(1)
                    } else {
                        pre + 1
                    };
                }
                "li" if !tag.closing => {
                    newline(&mut out);
                    out.push_str("- ");
                }
                "td" | "th" if !tag.closing && !out.ends_with('\n') && !out.is_empty() => {
                    out.push('\t')
                }
                "img" => {
                    if let Some(alt) = tag.alt.filter(|a| !a.trim().is_empty()) {
                        push_text(&mut out, &format!("[{}]", decode_entities(&alt)), false);
                    }
                }
                "p" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "blockquote" | "table" => {
                    paragraph(&mut out)
                }
                name if BLOCK.contains(&name) => newline(&mut out),
                _ => {}
            }
            continue;
        }
        let end = rest.find('<').unwrap_or(rest.len());
        if skip_until.is_none() {
            push_text(&mut out, &decode_entities(&rest[..end]), pre > 0);
        }
        rest = &rest[end..];
    }
    tidy(&out)
}

struct Tag {
    name: String,
    closing: bool,
    self_closing: bool,
    alt: Option<String>,
}

/// Reads `<name attrs…>` at the start of `s`; returns the tag and its length in bytes.
fn read_tag(s: &str) -> Option<(Tag, usize)> {
    let bytes = s.as_bytes();
    let mut i = 1;
    let closing = bytes.get(1) == Some(&b'/');
    if closing {
        i += 1;
    }
    let start = i;
    while i < bytes.len()
        && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'!' || bytes[i] == b'?')
    {
        i += 1;
    }
    if i == start {
        return None;
    }
    let name = s[start..i].to_ascii_lowercase();
    // Find the closing '>' outside quoted attribute values.
    let mut quote: Option<u8> = None;
    let attrs_start = i;
    while i < bytes.len() {
        let b = bytes[i];
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None if b == b'"' || b == b'\'' => quote = Some(b),
            None if b == b'>' => break,
            None => {}
        }
        i += 1;
    }
    let attrs = &s[attrs_start..i.min(s.len())];
    let len = (i + 1).min(s.len());
    Some((
        Tag {
            self_closing: attrs.trim_end().ends_with('/'),
            alt: (name == "img").then(|| attr(attrs, "alt")).flatten(),
            name,
            closing,
        },
        len,
    ))
}

/// The value of attribute `name` in an attribute list.
fn attr(attrs: &str, name: &str) -> Option<String> {
    let lower = attrs.to_ascii_lowercase();
    let mut from = 0;
    while let Some(pos) = lower[from..].find(name) {
        let at = from + pos;
        from = at + name.len();
        let before_ok = at == 0 || lower.as_bytes()[at - 1].is_ascii_whitespace();
        let rest = lower[from..].trim_start();
        if !before_ok || !rest.starts_with('=') {
            continue;
        }
        let value_at = attrs.len() - rest.len() + 1;
        let v = attrs[value_at..].trim_start();
        return Some(match v.chars().next() {
            Some(q @ ('"' | '\'')) => v[1..].split(q).next().unwrap_or("").to_string(),
            _ => v.split_whitespace().next().unwrap_or("").to_string(),
        });
    }
    None
}

fn push_text(out: &mut String, text: &str, pre: bool) {
    if pre {
        out.push_str(text);
        return;
    }
    for c in text.chars() {
        if c.is_whitespace() && c != '\u{a0}' {
            if !out.is_empty() && !out.ends_with([' ', '\n', '\t']) {
                out.push(' ');
            }
        } else {
            out.push(if c == '\u{a0}' { ' ' } else { c });
        }
    }
}

/// Ends the current line (nothing when already at the start of one).
fn newline(out: &mut String) {
    while out.ends_with(' ') {
        out.pop();
    }
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
}

/// A `<br>`: always a line break.
fn line_break(out: &mut String) {
    while out.ends_with(' ') {
        out.pop();
    }
    out.push('\n');
}

/// Ends the paragraph: an empty line follows.
fn paragraph(out: &mut String) {
    newline(out);
    if !out.is_empty() && !out.ends_with("\n\n") {
        out.push('\n');
    }
}

/// Trims the end of each line, and keeps at most one empty line between paragraphs.
fn tidy(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut blank = 0;
    for line in s.lines() {
        let line = line.trim_end();
        if line.is_empty() {
            blank += 1;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank > 0 { "\n\n" } else { "\n" });
        }
        blank = 0;
        out.push_str(line);
    }
    out
}

/// Decodes `&amp;`, `&#20320;`, `&#x4F60;` and the common named entities.
pub fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let end = rest[1..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '#'))
            .map(|e| e + 1)
            .unwrap_or(rest.len());
        let name = &rest[1..end];
        let decoded = if let Some(num) = name.strip_prefix('#') {
            let code = match num.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok(),
                None => num.parse::<u32>().ok(),
            };
            code.and_then(char::from_u32)
                .filter(|c| *c != '\0')
                .map(String::from)
        } else {
            named(name).map(str::to_string)
        };
        match decoded {
            Some(d) => {
                out.push_str(&d);
                rest = &rest[end..];
                if rest.starts_with(';') {
                    rest = &rest[1..];
                }
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn named(name: &str) -> Option<&'static str> {
    Some(match name {
        "amp" | "AMP" => "&",
        "lt" | "LT" => "<",
        "gt" | "GT" => ">",
        "quot" | "QUOT" => "\"",
        "apos" => "'",
        "nbsp" => "\u{a0}",
        "copy" => "©",
        "reg" => "®",
        "trade" => "™",
        "mdash" => "—",
        "ndash" => "–",
        "hellip" => "…",
        "middot" => "·",
        "bull" => "•",
        "laquo" => "«",
        "raquo" => "»",
        "ldquo" => "“",
        "rdquo" => "”",
        "lsquo" => "‘",
        "rsquo" => "’",
        "yen" => "¥",
        "euro" => "€",
        "pound" => "£",
        "cent" => "¢",
        "times" => "×",
        "divide" => "÷",
        "deg" => "°",
        "plusmn" => "±",
        "shy" => "",
        "zwnj" => "",
        "zwj" => "",
        "ensp" | "emsp" | "thinsp" => " ",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_breaks_and_drops_markup() {
        let html = "<html><head><title>x</title><style>p{color:red}</style></head>\
            <body><p>您好，</p><p>打印机&nbsp;<b>卡纸</b>了。<br>型号：HP&amp;Co</p>\
            <div>第二行</div><ul><li>一</li><li>二</li></ul>\
            <script>alert('x<p>')</script><!-- hidden <p> --></body></html>";
        assert_eq!(
            to_text(html),
            "您好，\n\n打印机 卡纸了。\n型号：HP&Co\n\n第二行\n- 一\n- 二"
        );
    }

    #[test]
    fn entities_numeric_named_and_broken() {
        assert_eq!(
            decode_entities("&#20320;&#x597D; &lt;a&gt; &copy"),
            "你好 <a> ©"
        );
        assert_eq!(decode_entities("AT&T & co &bogus;"), "AT&T & co &bogus;");
        assert_eq!(decode_entities("&#0;&#xFFFFFFFF;"), "&#0;&#xFFFFFFFF;");
    }

    #[test]
    fn odd_markup_is_survived() {
        assert_eq!(to_text("a < b and c > d"), "a < b and c > d");
        assert_eq!(to_text("<p title='x>y'>text</p>"), "text");
        assert_eq!(to_text("<img alt=\"logo\" src=x>hi"), "[logo]hi");
        assert_eq!(to_text("<pre>  a\n    b</pre>after"), "  a\n    b\n\nafter");
        assert_eq!(
            to_text("<table><tr><td>a</td><td>b</td></tr></table>"),
            "a\tb"
        );
        assert_eq!(to_text("unclosed <b"), "unclosed");
        assert_eq!(to_text(""), "");
    }
}
