//! Every user action, named. One table gives each command its stable kebab-case
//! name, its one-line description and its default keys per context; the keymap,
//! the `:` palette and the `?` help are all generated from it.

/// A user action. Variants with an argument take it from the palette
/// (`:move resolved`) or a binding (`"s d" = "sort due"`); without one they ask.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    Noop,
    Quit,
    Help,
    Palette,
    PlanTab(Option<String>),
    GanttZoom(Option<String>),
    GanttEarlier,
    GanttLater,
    PlanFocus,
    PlanList,
    TaskEarlier,
    TaskLater,
    TaskShorter,
    TaskLonger,
    ProgressUp,
    ProgressDown,
    TaskDone,
    ProjectReport(Option<String>),
    PaneNext,
    PanePrev,
    PaneTickets,
    PaneProjects,
    PaneKb,
    PaneTeam,
    Refresh,
    Undo,
    Language(Option<String>),
    Theme(Option<String>),
    Down,
    Up,
    PageDown,
    PageUp,
    Top,
    Bottom,
    Open,
    Close,
    NextTicket,
    PrevTicket,
    Filter(Option<String>),
    FilterClear,
    Sort(Option<String>),
    SortReverse,
    View(Option<String>),
    Select,
    SelectAll,
    SelectClear,
    Move(Option<String>),
    Assign(Option<String>),
    Unassign,
    Priority(Option<String>),
    Type(Option<String>),
    Reply(Option<String>),
    Note(Option<String>),
    ReplyEditor,
    NoteEditor,
    NewTicket(Option<String>),
    Submit,
    Cancel,
    Complete,
    DeleteBack,
    DeleteForward,
    CursorLeft,
    CursorRight,
    LineStart,
    LineEnd,
    DeleteWord,
    ClearLine,
    EditExternal,
    FieldNext,
    FieldPrev,
    KeepMine,
    KeepTheirs,
    LoadDemo,
    BreachNext,
    CustomerView,
    VisitsDue,
    Csat(Option<String>),
    Macro(Option<String>),
    ReplyTemplate(Option<String>),
    Tag(Option<String>),
    AssignAuto,
    TimerStart,
    TimerStop,
    Search(Option<String>),
    SuggestArticles,
    LinkArticle,
    InsertArticle,
    EditArticle,
    KbArticles,
    CategoryNext,
    CategoryPrev,
    StaleArticles,
    Playbooks,
    StartPlaybook(Option<String>),
    StartDrill(Option<String>),
    StepDone(Option<String>),
    StepUndo(Option<String>),
}

/// One row of the command table.
#[derive(Debug, Clone, Copy)]
pub struct Spec {
    /// The stable name bound in `[keys]` and typed in the palette.
    pub name: &'static str,
    /// The argument it takes, for help (`STAGE`), if any.
    pub arg: Option<&'static str>,
    /// One line of help (English; translations live in the UI's string tables).
    pub desc: &'static str,
    /// Default keys: (context, key sequence).
    pub keys: &'static [(&'static str, &'static str)],
}

const fn spec(
    name: &'static str,
    arg: Option<&'static str>,
    desc: &'static str,
    keys: &'static [(&'static str, &'static str)],
) -> Spec {
    Spec {
        name,
        arg,
        desc,
        keys,
    }
}

/// The command table: names, descriptions and default keys per context.
#[rustfmt::skip]
pub const COMMANDS: &[Spec] = &[
    spec("noop", None, "Do nothing (bind a key to it to remove a default)", &[]),
    spec("quit", None, "Quit aftercare", &[("global", "q"), ("global", "C-c")]),
    spec("help", None, "Show the keys of the current pane", &[("global", "?"), ("global", "F1")]),
    spec("palette", None, "Open the command palette", &[("global", ":")]),
    spec("pane-next", None, "Go to the next pane", &[("global", "tab")]),
    spec("pane-prev", None, "Go to the previous pane", &[("global", "S-tab")]),
    spec("pane-tickets", None, "Go to the Tickets pane", &[("global", "1"), ("global", "g t")]),
    spec("pane-projects", None, "Go to the Projects pane", &[("global", "2"), ("global", "g p")]),
    spec("pane-kb", None, "Go to the Knowledge base pane", &[("global", "3"), ("global", "g k")]),
    spec("pane-team", None, "Go to the Team pane", &[("global", "4"), ("global", "g w")]),
    spec("refresh", None, "Reload what is on screen", &[("global", "C-r")]),
    spec("undo", None, "Undo your last change", &[("global", "u")]),
    spec("language", Some("en|zh"), "Switch the interface language", &[]),
    spec("theme", Some("dark|light"), "Switch the colour theme", &[]),
    spec("down", None, "Move down one row", &[("list", "j"), ("list", "down"), ("detail", "j"), ("detail", "down"), ("palette", "down"), ("palette", "C-n"), ("picker", "down"), ("picker", "C-n"), ("help", "j"), ("help", "down")]),
    spec("up", None, "Move up one row", &[("list", "k"), ("list", "up"), ("detail", "k"), ("detail", "up"), ("palette", "up"), ("palette", "C-p"), ("picker", "up"), ("picker", "C-p"), ("help", "k"), ("help", "up")]),
    spec("page-down", None, "Move down one page", &[("list", "pgdn"), ("list", "C-d"), ("detail", "pgdn"), ("detail", "C-d"), ("picker", "pgdn"), ("help", "pgdn")]),
    spec("page-up", None, "Move up one page", &[("list", "pgup"), ("list", "C-u"), ("detail", "pgup"), ("detail", "C-u"), ("picker", "pgup"), ("help", "pgup")]),
    spec("top", None, "Go to the first row", &[("list", "g g"), ("list", "home"), ("detail", "g g"), ("detail", "home")]),
    spec("bottom", None, "Go to the last row", &[("list", "G"), ("list", "end"), ("list", "g e"), ("detail", "G"), ("detail", "end")]),
    spec("open", None, "Open the selected record", &[("list", "enter")]),
    spec("close", None, "Close the detail view or dialog", &[("detail", "esc"), ("detail", "q"), ("help", "esc"), ("help", "q"), ("help", "?")]),
    spec("next-ticket", None, "Show the next ticket in the list", &[("detail", "J")]),
    spec("prev-ticket", None, "Show the previous ticket in the list", &[("detail", "K")]),
    spec("filter", Some("QUERY"), "Filter tickets (stage:new type:complaint 退款 …)", &[("tickets", "/")]),
    spec("filter-clear", None, "Clear the filter", &[("tickets", "\\")]),
    spec("sort", Some("COLUMN"), "Sort the list by a column", &[("tickets", "s")]),
    spec("sort-reverse", None, "Reverse the sort order", &[("tickets", "S")]),
    spec("view", Some("NAME"), "Apply a saved view", &[("tickets", "v")]),
    spec("select", None, "Select or unselect the row (for bulk changes)", &[("tickets", "space"), ("tickets", "x")]),
    spec("select-all", None, "Select every loaded row", &[("tickets", "C-a")]),
    spec("select-clear", None, "Clear the selection", &[("tickets", "esc")]),
    spec("move", Some("STAGE"), "Move the ticket(s) to another stage", &[("tickets", "m"), ("detail", "m")]),
    spec("assign", Some("AGENT"), "Assign the ticket(s) to an agent", &[("tickets", "a"), ("detail", "a")]),
    spec("assign-auto", None, "Assign to the best available agent (skills, load, availability)", &[("tickets", "@"), ("detail", "@")]),
    spec("timer-start", None, "Start your timer on the ticket", &[("tickets", "T"), ("detail", "T")]),
    spec("timer-stop", None, "Stop your timer and log the time", &[("tickets", "C-t"), ("detail", "C-t"), ("team", "C-t")]),
    spec("unassign", None, "Remove the assignee", &[("tickets", "A"), ("detail", "A")]),
    spec("priority", Some("PRIORITY"), "Set the priority", &[("tickets", "p"), ("detail", "p")]),
    spec("type", Some("TYPE"), "Set the ticket type", &[("tickets", "t"), ("detail", "t")]),
    spec("reply", Some("TEXT"), "Reply to the customer", &[("tickets", "r"), ("detail", "r")]),
    spec("note", Some("TEXT"), "Add an internal note", &[("tickets", "n"), ("detail", "n")]),
    spec("reply-editor", None, "Write a reply in $EDITOR", &[("tickets", "R"), ("detail", "R")]),
    spec("note-editor", None, "Write an internal note in $EDITOR", &[("tickets", "N"), ("detail", "N")]),
    spec("new", Some("TITLE"), "Create a new ticket", &[("tickets", "c"), ("welcome", "c")]),
    spec("submit", None, "Confirm", &[("input", "enter"), ("picker", "enter"), ("form", "C-s")]),
    spec("cancel", None, "Cancel (a draft is kept)", &[("input", "esc"), ("picker", "esc"), ("conflict", "esc"), ("global", "esc")]),
    spec("complete", None, "Complete the command name", &[("palette", "tab")]),
    spec("delete-back", None, "Delete the character before the cursor", &[("input", "backspace")]),
    spec("delete-forward", None, "Delete the character under the cursor", &[("input", "del")]),
    spec("cursor-left", None, "Move the cursor left", &[("input", "left")]),
    spec("cursor-right", None, "Move the cursor right", &[("input", "right")]),
    spec("line-start", None, "Move the cursor to the start", &[("input", "home"), ("input", "C-a")]),
    spec("line-end", None, "Move the cursor to the end", &[("input", "end"), ("input", "C-e")]),
    spec("delete-word", None, "Delete the word before the cursor", &[("input", "C-w")]),
    spec("clear-line", None, "Clear the text", &[("input", "C-u")]),
    spec("edit-external", None, "Continue this text in $EDITOR", &[("input", "C-o")]),
    spec("field-next", None, "Go to the next field", &[("form", "tab"), ("form", "down")]),
    spec("field-prev", None, "Go to the previous field", &[("form", "S-tab"), ("form", "up")]),
    spec("keep-mine", None, "Apply my change on top of theirs", &[("conflict", "m"), ("conflict", "enter")]),
    spec("keep-theirs", None, "Keep their version, drop my change", &[("conflict", "t")]),
    spec("demo", None, "Load demo data (2000 tickets)", &[("welcome", "d")]),
    spec("breach-next", None, "Open tickets by due time: what breaches next, and why", &[("tickets", "g b")]),
    spec("customer-view", None, "Show the ticket's customer: organisation, contacts, products, tickets", &[("tickets", "C"), ("detail", "c")]),
    spec("visits-due", None, "List the return visits due today", &[("tickets", "g v"), ("detail", "g v")]),
    spec("csat", Some("1-5"), "Record the customer's satisfaction with a resolved ticket", &[("tickets", "*"), ("detail", "*")]),
    spec("macro", Some("MACRO"), "Apply a macro from the config to the ticket", &[("tickets", "M"), ("detail", "M")]),
    spec("reply-template", Some("TEMPLATE"), "Put a filled canned reply into the reply draft", &[("tickets", "i"), ("detail", "i")]),
    spec("tag", Some("TAGS"), "Add tags to the ticket", &[("tickets", "#"), ("detail", "#")]),
    spec("search", Some("WORDS"), "Search tickets, articles, customers and projects", &[("global", "C-f")]),
    spec("suggest-articles", None, "Suggest knowledge-base articles for the ticket", &[("tickets", "b"), ("detail", "b")]),
    spec("link-article", None, "Link the article to the ticket (it helped solve it)", &[("kb", "l")]),
    spec("insert-article", None, "Put the article into the ticket's reply draft (and link it)", &[("kb", "i")]),
    spec("edit-article", None, "Edit the article in $EDITOR", &[("kb", "e")]),
    spec("kb-articles", None, "Back to the article list", &[("kb", "esc")]),
    spec("category-next", None, "Select the next category of the tree", &[("kb", "]"), ("kb", "right")]),
    spec("category-prev", None, "Select the previous category of the tree", &[("kb", "["), ("kb", "left")]),
    spec("stale-articles", None, "Show only articles past their review date (again: all)", &[("kb", "!")]),
    spec("playbooks", None, "Show the emergency playbooks and incidents", &[("kb", "P")]),
    spec("start-playbook", Some("PLAYBOOK"), "Start the playbook as an incident", &[("kb", "s")]),
    spec("start-drill", Some("PLAYBOOK"), "Start the playbook as a drill", &[("kb", "D")]),
    spec("step-done", Some("N"), "Mark the incident's next (or Nth) step done", &[("kb", "x")]),
    spec("step-undo", Some("N"), "Mark the incident's last done (or Nth) step not done", &[("kb", "X")]),
    spec("project-tab", Some("gantt|risks|issues|docs"), "Show the next tab of the project (or the one named)", &[("projects", "t")]),
    spec("gantt-zoom", Some("day|week|month"), "Zoom the Gantt chart (day → week → month)", &[("projects", "z")]),
    spec("gantt-earlier", None, "Scroll the Gantt chart back in time", &[("projects", "h"), ("projects", "left")]),
    spec("gantt-later", None, "Scroll the Gantt chart forward in time", &[("projects", "l"), ("projects", "right")]),
    spec("plan-focus", None, "Switch the keys between the project list and its plan", &[("projects", "enter")]),
    spec("plan-list", None, "Give the keys back to the project list", &[("projects", "esc")]),
    spec("task-earlier", None, "Move the selected task one working day earlier", &[("projects", "lt")]),
    spec("task-later", None, "Move the selected task one working day later", &[("projects", "gt")]),
    spec("task-shorter", None, "End the selected task one working day earlier", &[("projects", "{")]),
    spec("task-longer", None, "End the selected task one working day later", &[("projects", "}")]),
    spec("progress-up", None, "Add 10% progress to the selected task", &[("projects", "+")]),
    spec("progress-down", None, "Take 10% progress off the selected task", &[("projects", "minus")]),
    spec("task-done", None, "Mark the selected task done", &[("projects", "D")]),
    spec("project-report", Some("PATH"), "Write the project's status report to a file (.md or .json)", &[("projects", "w")]),
];

impl Command {
    /// The command's stable name.
    pub fn name(&self) -> &'static str {
        use Command::*;
        match self {
            Noop => "noop",
            Quit => "quit",
            Help => "help",
            Palette => "palette",
            PaneNext => "pane-next",
            PanePrev => "pane-prev",
            PaneTickets => "pane-tickets",
            PaneProjects => "pane-projects",
            PaneKb => "pane-kb",
            PaneTeam => "pane-team",
            Refresh => "refresh",
            Undo => "undo",
            Language(_) => "language",
            Theme(_) => "theme",
            Down => "down",
            Up => "up",
            PageDown => "page-down",
            PageUp => "page-up",
            Top => "top",
            Bottom => "bottom",
            Open => "open",
            Close => "close",
            NextTicket => "next-ticket",
            PrevTicket => "prev-ticket",
            Filter(_) => "filter",
            FilterClear => "filter-clear",
            Sort(_) => "sort",
            SortReverse => "sort-reverse",
            View(_) => "view",
            Select => "select",
            SelectAll => "select-all",
            SelectClear => "select-clear",
            Move(_) => "move",
            Assign(_) => "assign",
            Unassign => "unassign",
            Priority(_) => "priority",
            Type(_) => "type",
            Reply(_) => "reply",
            Note(_) => "note",
            ReplyEditor => "reply-editor",
            NoteEditor => "note-editor",
            NewTicket(_) => "new",
            Submit => "submit",
            Cancel => "cancel",
            Complete => "complete",
            DeleteBack => "delete-back",
            DeleteForward => "delete-forward",
            CursorLeft => "cursor-left",
            CursorRight => "cursor-right",
            LineStart => "line-start",
            LineEnd => "line-end",
            DeleteWord => "delete-word",
            ClearLine => "clear-line",
            EditExternal => "edit-external",
            FieldNext => "field-next",
            FieldPrev => "field-prev",
            KeepMine => "keep-mine",
            KeepTheirs => "keep-theirs",
            LoadDemo => "demo",
            BreachNext => "breach-next",
            CustomerView => "customer-view",
            VisitsDue => "visits-due",
            Csat(_) => "csat",
            Macro(_) => "macro",
            ReplyTemplate(_) => "reply-template",
            Tag(_) => "tag",
            PlanTab(_) => "project-tab",
            GanttZoom(_) => "gantt-zoom",
            GanttEarlier => "gantt-earlier",
            GanttLater => "gantt-later",
            PlanFocus => "plan-focus",
            PlanList => "plan-list",
            TaskEarlier => "task-earlier",
            TaskLater => "task-later",
            TaskShorter => "task-shorter",
            TaskLonger => "task-longer",
            ProgressUp => "progress-up",
            ProgressDown => "progress-down",
            TaskDone => "task-done",
            ProjectReport(_) => "project-report",
            AssignAuto => "assign-auto",
            TimerStart => "timer-start",
            TimerStop => "timer-stop",
            Search(_) => "search",
            SuggestArticles => "suggest-articles",
            LinkArticle => "link-article",
            InsertArticle => "insert-article",
            EditArticle => "edit-article",
            KbArticles => "kb-articles",
            CategoryNext => "category-next",
            CategoryPrev => "category-prev",
            StaleArticles => "stale-articles",
            Playbooks => "playbooks",
            StartPlaybook(_) => "start-playbook",
            StartDrill(_) => "start-drill",
            StepDone(_) => "step-done",
            StepUndo(_) => "step-undo",
        }
    }

    /// Builds a command from its name and optional argument.
    pub fn from_parts(name: &str, arg: Option<&str>) -> Result<Command, String> {
        use Command::*;
        let arg = arg
            .map(str::trim)
            .filter(|a| !a.is_empty())
            .map(str::to_string);
        let spec = find(name).ok_or_else(|| format!("unknown command '{name}'"))?;
        if arg.is_some() && spec.arg.is_none() {
            return Err(format!("'{name}' takes no argument"));
        }
        Ok(match spec.name {
            "noop" => Noop,
            "quit" => Quit,
            "help" => Help,
            "palette" => Palette,
            "pane-next" => PaneNext,
            "pane-prev" => PanePrev,
            "pane-tickets" => PaneTickets,
            "pane-projects" => PaneProjects,
            "pane-kb" => PaneKb,
            "pane-team" => PaneTeam,
            "refresh" => Refresh,
            "undo" => Undo,
            "language" => Language(arg),
            "theme" => Theme(arg),
            "down" => Down,
            "up" => Up,
            "page-down" => PageDown,
            "page-up" => PageUp,
            "top" => Top,
            "bottom" => Bottom,
            "open" => Open,
            "close" => Close,
            "next-ticket" => NextTicket,
            "prev-ticket" => PrevTicket,
            "filter" => Filter(arg),
            "filter-clear" => FilterClear,
            "sort" => Sort(arg),
            "sort-reverse" => SortReverse,
            "view" => View(arg),
            "select" => Select,
            "select-all" => SelectAll,
            "select-clear" => SelectClear,
            "move" => Move(arg),
            "assign" => Assign(arg),
            "unassign" => Unassign,
            "priority" => Priority(arg),
            "type" => Type(arg),
            "reply" => Reply(arg),
            "note" => Note(arg),
            "reply-editor" => ReplyEditor,
            "note-editor" => NoteEditor,
            "new" => NewTicket(arg),
            "submit" => Submit,
            "cancel" => Cancel,
            "complete" => Complete,
            "delete-back" => DeleteBack,
            "delete-forward" => DeleteForward,
            "cursor-left" => CursorLeft,
            "cursor-right" => CursorRight,
            "line-start" => LineStart,
            "line-end" => LineEnd,
            "delete-word" => DeleteWord,
            "clear-line" => ClearLine,
            "edit-external" => EditExternal,
            "field-next" => FieldNext,
            "field-prev" => FieldPrev,
            "keep-mine" => KeepMine,
            "keep-theirs" => KeepTheirs,
            "demo" => LoadDemo,
            "breach-next" => BreachNext,
            "customer-view" => CustomerView,
            "visits-due" => VisitsDue,
            "csat" => Csat(arg),
            "macro" => Macro(arg),
            "reply-template" => ReplyTemplate(arg),
            "tag" => Tag(arg),
            "project-tab" => PlanTab(arg),
            "gantt-zoom" => GanttZoom(arg),
            "gantt-earlier" => GanttEarlier,
            "gantt-later" => GanttLater,
            "plan-focus" => PlanFocus,
            "plan-list" => PlanList,
            "task-earlier" => TaskEarlier,
            "task-later" => TaskLater,
            "task-shorter" => TaskShorter,
            "task-longer" => TaskLonger,
            "progress-up" => ProgressUp,
            "progress-down" => ProgressDown,
            "task-done" => TaskDone,
            "project-report" => ProjectReport(arg),
            "assign-auto" => AssignAuto,
            "timer-start" => TimerStart,
            "timer-stop" => TimerStop,
            "search" => Search(arg),
            "suggest-articles" => SuggestArticles,
            "link-article" => LinkArticle,
            "insert-article" => InsertArticle,
            "edit-article" => EditArticle,
            "kb-articles" => KbArticles,
            "category-next" => CategoryNext,
            "category-prev" => CategoryPrev,
            "stale-articles" => StaleArticles,
            "playbooks" => Playbooks,
            "start-playbook" => StartPlaybook(arg),
            "start-drill" => StartDrill(arg),
            "step-done" => StepDone(arg),
            "step-undo" => StepUndo(arg),
            other => return Err(format!("unknown command '{other}'")),
        })
    }

    /// Parses `name [argument…]` as typed in the palette or written in `[keys]`.
    pub fn parse(line: &str) -> Result<Command, String> {
        let line = line.trim().trim_start_matches(':').trim_start();
        if line.is_empty() {
            return Err("no command given".into());
        }
        let (name, arg) = match line.split_once(char::is_whitespace) {
            Some((n, a)) => (n, Some(a)),
            None => (line, None),
        };
        Command::from_parts(name, arg)
    }

    /// The command's table row.
    pub fn spec(&self) -> &'static Spec {
        find(self.name()).expect("every command is in the table")
    }
}

/// The table row named `name`.
pub fn find(name: &str) -> Option<&'static Spec> {
    COMMANDS.iter().find(|s| s.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_table_row_builds_its_command_and_back() {
        for s in COMMANDS {
            let c = Command::from_parts(s.name, None).unwrap();
            assert_eq!(c.name(), s.name);
            assert!(c.spec().desc.len() > 3);
        }
        let mut names: Vec<_> = COMMANDS.iter().map(|s| s.name).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), COMMANDS.len(), "names are unique");
    }

    #[test]
    fn names_are_kebab_case() {
        for s in COMMANDS {
            assert!(
                s.name.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
                "{}",
                s.name
            );
        }
    }

    #[test]
    fn palette_lines_parse_with_arguments() {
        assert_eq!(
            Command::parse(":move resolved"),
            Ok(Command::Move(Some("resolved".into())))
        );
        assert_eq!(
            Command::parse("assign 李娜"),
            Ok(Command::Assign(Some("李娜".into())))
        );
        assert_eq!(
            Command::parse("filter stage:new type:complaint"),
            Ok(Command::Filter(Some("stage:new type:complaint".into())))
        );
        assert_eq!(Command::parse("move"), Ok(Command::Move(None)));
        assert!(Command::parse("quit now").is_err());
        assert!(Command::parse("frobnicate").is_err());
        assert!(Command::parse("  ").is_err());
    }
}
