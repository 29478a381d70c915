//! English strings.

use super::Strings;
use crate::app::note::Note;

/// The English table.
pub static STRINGS: Strings = Strings {
    tabs: ["Tickets", "Projects", "Knowledge base", "Team"],
    col_id: "ID",
    col_sla: "SLA",
    col_priority: "Pri",
    col_type: "Type",
    col_stage: "Stage",
    col_customer: "Customer",
    col_assignee: "Agent",
    col_title: "Title",
    col_project: "Project",
    col_status: "Status",
    col_owner: "Owner",
    col_due: "Due",
    col_category: "Category",
    col_review: "Review by",
    col_agent: "Agent",
    col_groups: "Groups",
    col_skills: "Skills",
    col_open: "Open",
    col_capacity: "Hours/wk",
    mode_normal: "NORMAL",
    mode_detail: "DETAIL",
    mode_filter: "FILTER",
    mode_palette: "COMMAND",
    mode_pick: "PICK",
    mode_form: "NEW",
    mode_conflict: "CONFLICT",
    mode_help: "HELP",
    mode_comment: "WRITE",
    all_tickets: "all tickets",
    position: "{pos}/{total}",
    near_sla: "{n} near SLA",
    breached: "{n} breached",
    marked: "{n} selected",
    journal_local: "{mode} · local",
    journal_shared: "{mode} · shared drive",
    read_only: "read-only",
    others: "also active: {names}",
    alone: "no one else active",
    loading: "loading…",
    no_tickets: "No tickets match this filter.",
    nobody: "—",
    welcome_title: "Welcome to aftercare",
    welcome_body: "This database has no tickets yet.",
    welcome_demo: "{key}  load demo data (2000 bilingual tickets, agents, projects, articles)",
    welcome_new: "{key}  create the first ticket",
    welcome_quit: "{key}  quit",
    too_small: "Terminal too small: {w}×{h}. aftercare needs at least {mw}×{mh}.",
    detail_customer: "Customer",
    detail_assignee: "Assignee",
    detail_priority: "Priority",
    detail_type: "Type",
    detail_stage: "Stage",
    detail_channel: "Channel",
    detail_created: "Created",
    detail_due: "Due",
    detail_version: "Version",
    detail_comments: "Comments",
    detail_history: "History",
    detail_reply: "reply",
    detail_note: "internal note",
    detail_draft: "unsent draft",
    detail_keys: "{move} move · {assign} assign · {reply} reply · {note} note · {close} back",
    help_title: "Keys",
    help_context: "in {context}",
    conflict_title: "Someone else changed this ticket",
    conflict_theirs: "Theirs (now)",
    conflict_mine: "Mine",
    conflict_seen: "as you saw it",
    conflict_keys: "{mine} apply mine on top · {theirs} keep theirs",
    form_title: "New ticket",
    form_fields: ["Title", "Customer", "Type", "Priority", "Body"],
    form_keys: "{next} next field · {submit} create · {editor} $EDITOR · {cancel} cancel",
    pick_titles: [
        "Move to",
        "Assign to",
        "Priority",
        "Type",
        "Sort by",
        "Saved views",
    ],
    pick_empty: "nothing matches",
    prompt_filter: "filter",
    prompt_reply: "reply #{id}",
    prompt_note: "note #{id}",
    palette_title: "Command",
    project_goal: "Goal",
    project_milestones: "Milestones",
    project_tasks: "Tasks",
    project_risks: "Risks",
    kb_owner: "Owner",
    kb_stale: "review overdue",
    team_load: "load",
    empty_list: "Nothing here yet.",
    change_move: "move to {v}",
    change_assign: "assign to {v}",
    change_priority: "priority {v}",
    change_type: "type {v}",
    change_reply: "reply: {v}",
    change_note: "note: {v}",
};

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// A toast in English.
pub fn note(n: &Note) -> String {
    match n {
        Note::Moved { n, stage } => format!("{n} ticket{} moved to {stage}", plural(*n)),
        Note::Assigned { n, agent: Some(a) } => format!("{n} ticket{} assigned to {a}", plural(*n)),
        Note::Assigned { n, agent: None } => format!("{n} ticket{} unassigned", plural(*n)),
        Note::PrioritySet { n, priority } => {
            format!("priority {priority} on {n} ticket{}", plural(*n))
        }
        Note::TypeSet { n, ty } => format!("type {ty} on {n} ticket{}", plural(*n)),
        Note::Replied { id } => format!("reply sent on #{id}"),
        Note::Noted { id } => format!("note added to #{id}"),
        Note::Created { id } => format!("ticket #{id} created"),
        Note::Undone => "undone".into(),
        Note::NothingToUndo => "nothing to undo".into(),
        Note::CannotUndo => "the last change (a comment or a new ticket) cannot be undone".into(),
        Note::SkippedConflicts { ids } => format!(
            "{} ticket{} changed by someone else and left as they are: {}",
            ids.len(),
            plural(ids.len()),
            ids.iter()
                .map(|i| format!("#{i}"))
                .collect::<Vec<_>>()
                .join(" ")
        ),
        Note::Failed {
            message,
            hint: Some(h),
        } => format!("{message} — {h}"),
        Note::Failed {
            message,
            hint: None,
        } => message.clone(),
        Note::DraftKept { id } => format!("your text for #{id} is kept as a draft"),
        Note::NoTicket => "no ticket selected".into(),
        Note::NoCommonStage => "the selected tickets have no stage in common to move to".into(),
        Note::NoAgents => "no agents yet: add one with `aftercare agent new NAME`".into(),
        Note::BadFilter { column, message } => format!("filter, column {column}: {message}"),
        Note::BadCommand(m) => m.clone(),
        Note::UnknownView(v) => format!("no saved view named '{v}'"),
        Note::KeyProblems { n, first } => format!(
            "{n} key binding{} ignored (defaults kept): {first}",
            plural(*n)
        ),
        Note::LoadingDemo => "loading demo data…".into(),
        Note::DemoLoaded => "demo data loaded".into(),
        Note::EditorEmpty => "the editor text was empty: nothing sent".into(),
        Note::ReadOnly => "the database is read-only".into(),
        Note::TitleNeeded => "a ticket needs a title".into(),
        Note::TimerStarted { work } => format!("timer started on {work}"),
        Note::TimerStopped { minutes, work } => {
            format!("timer stopped: {minutes} min logged on {work}")
        }
        Note::Plan(p) => super::plan::note(p, crate::app::state::Lang::En),
        Note::Extra(n) => super::ticket_extras::note(n, crate::app::state::Lang::En),
        Note::Kb(k) => crate::ui::kb_views::note(k, crate::app::state::Lang::En),
        Note::UnsentDrafts { n } => format!(
            "{n} unsent draft{}: kept for next time; quit again to leave",
            plural(*n),
        ),
        Note::DraftsRestored { n } => {
            format!("{n} unsent draft{} from last time put back", plural(*n))
        }
        Note::DraftsNotKept(e) => format!("drafts are not kept on disk: {e}"),
    }
}
