//! Every user-visible string of the console, one table per language (en.rs, zh.rs).
//! Templates use `{name}` placeholders filled by [`fill`].

mod en;
pub mod plan;
pub mod team;
pub mod ticket_extras;
mod zh;

use crate::app::command::Spec;
use crate::app::note::Note;
use crate::app::state::Lang;

/// The console's strings in one language.
#[derive(Debug)]
pub struct Strings {
    pub tabs: [&'static str; 4],
    pub col_id: &'static str,
    pub col_sla: &'static str,
    pub col_priority: &'static str,
    pub col_type: &'static str,
    pub col_stage: &'static str,
    pub col_customer: &'static str,
    pub col_assignee: &'static str,
    pub col_title: &'static str,
    pub col_project: &'static str,
    pub col_status: &'static str,
    pub col_owner: &'static str,
    pub col_due: &'static str,
    pub col_category: &'static str,
    pub col_review: &'static str,
    pub col_agent: &'static str,
    pub col_groups: &'static str,
    pub col_skills: &'static str,
    pub col_open: &'static str,
    pub col_capacity: &'static str,
    pub mode_normal: &'static str,
    pub mode_detail: &'static str,
    pub mode_filter: &'static str,
    pub mode_palette: &'static str,
    pub mode_pick: &'static str,
    pub mode_form: &'static str,
    pub mode_conflict: &'static str,
    pub mode_help: &'static str,
    pub mode_comment: &'static str,
    pub all_tickets: &'static str,
    /// `{pos}` of `{total}`
    pub position: &'static str,
    pub near_sla: &'static str,
    pub breached: &'static str,
    pub marked: &'static str,
    pub journal_local: &'static str,
    pub journal_shared: &'static str,
    pub journal_server: &'static str,
    pub read_only: &'static str,
    pub others: &'static str,
    pub alone: &'static str,
    pub loading: &'static str,
    pub no_tickets: &'static str,
    pub nobody: &'static str,
    pub welcome_title: &'static str,
    pub welcome_body: &'static str,
    pub welcome_demo: &'static str,
    pub welcome_new: &'static str,
    pub welcome_quit: &'static str,
    pub too_small: &'static str,
    pub detail_customer: &'static str,
    pub detail_assignee: &'static str,
    pub detail_priority: &'static str,
    pub detail_type: &'static str,
    pub detail_stage: &'static str,
    pub detail_channel: &'static str,
    pub detail_created: &'static str,
    pub detail_due: &'static str,
    pub detail_version: &'static str,
    pub detail_comments: &'static str,
    pub detail_history: &'static str,
    pub detail_reply: &'static str,
    pub detail_note: &'static str,
    pub detail_draft: &'static str,
    pub detail_keys: &'static str,
    pub help_title: &'static str,
    pub help_context: &'static str,
    pub conflict_title: &'static str,
    pub conflict_theirs: &'static str,
    pub conflict_mine: &'static str,
    pub conflict_seen: &'static str,
    pub conflict_keys: &'static str,
    pub form_title: &'static str,
    pub form_fields: [&'static str; 5],
    pub form_keys: &'static str,
    pub pick_titles: [&'static str; 6],
    pub pick_empty: &'static str,
    pub prompt_filter: &'static str,
    pub prompt_reply: &'static str,
    pub prompt_note: &'static str,
    pub palette_title: &'static str,
    pub project_goal: &'static str,
    pub project_milestones: &'static str,
    pub project_tasks: &'static str,
    pub project_risks: &'static str,
    pub kb_owner: &'static str,
    pub kb_stale: &'static str,
    pub team_load: &'static str,
    pub empty_list: &'static str,
    pub change_move: &'static str,
    pub change_assign: &'static str,
    pub change_priority: &'static str,
    pub change_type: &'static str,
    pub change_reply: &'static str,
    pub change_note: &'static str,
}

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

/// A command's one-line description in `lang`.
pub fn describe(spec: &Spec, lang: Lang) -> &'static str {
    match lang {
        Lang::En => spec.desc,
        Lang::Zh => zh::describe(spec.name).unwrap_or(spec.desc),
    }
}

/// The text of a toast.
pub fn note(n: &Note, lang: Lang) -> String {
    match lang {
        Lang::En => en::note(n),
        Lang::Zh => zh::note(n),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::command::COMMANDS;

    #[test]
    fn every_command_has_a_chinese_description() {
        for c in COMMANDS {
            assert!(zh::describe(c.name).is_some(), "{}", c.name);
        }
    }

    #[test]
    fn templates_fill() {
        assert_eq!(
            fill("{pos} of {total}", &[("pos", "3"), ("total", "9")]),
            "3 of 9"
        );
    }
}
