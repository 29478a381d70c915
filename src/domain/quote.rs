//! The $EDITOR template of a reply: the draft on top, then a scissors line and the
//! customer's last message quoted below it. Everything from the scissors line down
//! is cut off when the file comes back, so the quote is there to read, never sent.

/// The line that ends what is sent (git's scissors line, known to many editors).
pub const SCISSORS: &str = "# ------------------------ >8 ------------------------";

/// What the editor opens: `draft`, then (when there is something to quote) the
/// scissors line, a line saying what it does, and `quote` by `author` as `> ` lines.
pub fn template(draft: &str, quote: Option<(&str, &str)>) -> String {
    let mut out = draft.trim_end().to_string();
    out.push('\n');
    let Some((author, text)) = quote.filter(|(_, t)| !t.trim().is_empty()) else {
        return out;
    };
    out.push('\n');
    out.push_str(SCISSORS);
    out.push_str("\n# 此线以下的内容不会发送。Everything below this line is left out.\n");
    if !author.trim().is_empty() {
        out.push_str(&format!("# {}:\n", author.trim()));
    }
    for line in text.trim_end().lines() {
        if line.is_empty() {
            out.push_str(">\n");
        } else {
            out.push_str("> ");
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// The text to send: everything above the first scissors line, without the blank
/// lines at its end.
pub fn strip(text: &str) -> String {
    let mut kept = Vec::new();
    for line in text.lines() {
        if line.trim_end() == SCISSORS {
            break;
        }
        kept.push(line);
    }
    kept.join("\n").trim_end().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_quote_is_below_the_scissors_and_cut_on_save() {
        let t = template(
            "谢谢您的耐心。",
            Some(("王女士", "打印机还是卡纸。\n\n请尽快处理")),
        );
        assert!(t.starts_with("谢谢您的耐心。\n\n# -----"), "{t}");
        assert!(t.contains("> 打印机还是卡纸。\n>\n> 请尽快处理\n"), "{t}");
        assert!(t.ends_with('\n'));
        // The agent writes more above the line; the quote never goes out.
        let saved = t.replace("谢谢您的耐心。", "谢谢您的耐心。\n今天下午上门更换搓纸轮。");
        assert_eq!(strip(&saved), "谢谢您的耐心。\n今天下午上门更换搓纸轮。");
    }

    #[test]
    fn without_a_quote_the_draft_ends_with_a_newline_and_comes_back_whole() {
        assert_eq!(template("Hello", None), "Hello\n");
        assert_eq!(template("Hello", Some(("A", "  \n"))), "Hello\n");
        assert_eq!(strip("Hello\n\n"), "Hello");
        // A '>' line the agent wrote above the line is theirs and stays.
        assert_eq!(strip("> you said\nyes\n"), "> you said\nyes");
    }

    #[test]
    fn only_the_exact_scissors_line_cuts() {
        let text = format!("a\n# ---- >8 almost\nb\n{SCISSORS}  \nquoted\n");
        assert_eq!(strip(&text), "a\n# ---- >8 almost\nb");
    }
}
