//! What users type into a record's fields, read one way by every operation: a
//! required name or title, and edits where `None` keeps the old value (agents
//! named by login or name: lookup.rs).

use crate::domain::text::sanitize;
use crate::error::{Error, Result};

/// A required name or title, trimmed and sanitized; `record` says what needs it
/// ("an issue"), `field` which option gives it ("title" for --title).
pub(super) fn required(value: &str, record: &str, field: &str) -> Result<String> {
    let text = sanitize(value.trim());
    if text.is_empty() {
        return Err(Error::invalid(
            format!("{record} needs a {field}"),
            format!("give one with --{field} \"…\""),
        ));
    }
    Ok(text)
}

/// A name or title after an edit: the new one trimmed, or the old when none or empty.
pub(super) fn edit_title(new: Option<&str>, old: &str) -> String {
    new.map(|s| sanitize(s.trim()))
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| old.to_string())
}

/// Free text after an edit: the new text (empty clears), or the old when none.
pub(super) fn edit_text(new: Option<&str>, old: &str) -> String {
    new.map(sanitize).unwrap_or_else(|| old.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_required_field_is_trimmed_and_an_empty_one_says_which_option() {
        assert_eq!(
            required("  灯不亮 ", "an issue", "title").unwrap(),
            "灯不亮"
        );
        let e = required("  ", "a task", "name").unwrap_err();
        match e {
            Error::Invalid { message, hint } => {
                assert_eq!(message, "a task needs a name");
                assert_eq!(hint.as_deref(), Some("give one with --name \"…\""));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn edits_keep_the_old_value_unless_a_new_one_is_given() {
        assert_eq!(edit_title(None, "旧"), "旧");
        assert_eq!(edit_title(Some("  "), "旧"), "旧");
        assert_eq!(edit_title(Some(" 新 "), "旧"), "新");
        assert_eq!(edit_text(None, "old"), "old");
        assert_eq!(edit_text(Some(""), "old"), "");
        assert_eq!(edit_text(Some(" x "), "old"), " x ");
    }
}
