//! Picking strings by language: the console's table, filling templates, command
//! descriptions and record statuses.

use super::table::Strings;
use super::{en, zh};
use crate::app::command::Spec;
use crate::app::ctx::Lang;

/// The strings of `lang`.
pub fn strings(lang: Lang) -> &'static Strings {
    match lang {
        Lang::En => &en::STRINGS,
        Lang::Zh => &zh::STRINGS,
    }
}

/// Replaces `{key}` placeholders in `template`.
pub fn fill(template: &str, args: &[(&str, &str)]) -> String {
    let mut out = template.to_string();
    for (k, v) in args {
        out = out.replace(&format!("{{{k}}}"), v);
    }
    out
}

/// A command's one-line description in `lang` (both are declared with the command).
pub fn describe(spec: &Spec, lang: Lang) -> &'static str {
    match lang {
        Lang::En => spec.en,
        Lang::Zh => spec.zh,
    }
}

/// A project, task or article status (`on_hold`, `published` …) as shown.
pub fn status_label(status: &str, lang: Lang) -> String {
    match lang {
        Lang::En => status.replace('_', " "),
        Lang::Zh => zh::status(status)
            .map(str::to_string)
            .unwrap_or_else(|| status.to_string()),
    }
}

/// `s` for plurals in English.
pub fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_fill() {
        assert_eq!(
            fill("{pos} of {total}", &[("pos", "3"), ("total", "9")]),
            "3 of 9"
        );
    }
}
