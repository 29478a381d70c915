//! What the console tells the user, as data: the UI turns each note into text in
//! the user's language, so `update` never holds a user-visible string.

/// How loud a note is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Info,
    Warn,
    Error,
}

/// A message for a toast.
#[derive(Debug, Clone, PartialEq)]
pub enum Note {
    /// `n` tickets moved to `stage`.
    Moved {
        n: usize,
        stage: String,
    },
    Assigned {
        n: usize,
        agent: Option<String>,
    },
    PrioritySet {
        n: usize,
        priority: String,
    },
    TypeSet {
        n: usize,
        ty: String,
    },
    Replied {
        id: i64,
    },
    Noted {
        id: i64,
    },
    Created {
        id: i64,
    },
    Undone,
    NothingToUndo,
    /// Comments and new tickets cannot be taken back.
    CannotUndo,
    /// Some writes of a bulk change met newer versions and were skipped.
    SkippedConflicts {
        ids: Vec<i64>,
    },
    /// An operation failed: the error line and its hint.
    Failed {
        message: String,
        hint: Option<String>,
    },
    /// A draft was kept after a failed or cancelled send.
    DraftKept {
        id: i64,
    },
    NoTicket,
    NoCommonStage,
    NoAgents,
    /// A timer started on `work` (`#12`, `task #3`).
    TimerStarted {
        work: String,
    },
    /// A timer stopped: `minutes` logged on `work`.
    TimerStopped {
        minutes: i64,
        work: String,
    },
    BadFilter {
        column: usize,
        message: String,
    },
    BadCommand(String),
    UnknownView(String),
    /// `n` key bindings in the config were not used; the first one.
    KeyProblems {
        n: usize,
        first: String,
    },
    LoadingDemo,
    DemoLoaded,
    EditorEmpty,
    ReadOnly,
    TitleNeeded,
    /// A note of the Tickets-pane extras.
    Extra(super::ticket_extras::ExtraNote),
    /// Quitting would drop `n` unsent drafts.
    /// A toast of the Knowledge base pane.
    Kb(super::kb::KbNote),
    UnsentDrafts {
        n: usize,
    },
    /// `n` drafts of an earlier session were found on disk and put back.
    DraftsRestored {
        n: usize,
    },
    /// Drafts cannot be kept on disk (the error); they live only until quitting.
    DraftsNotKept(String),
    /// A note of the Projects pane's plan.
    Plan(super::projects_state::PlanNote),
}

impl Note {
    /// The note's level.
    pub fn level(&self) -> Level {
        match self {
            Note::Failed { .. } | Note::BadFilter { .. } | Note::BadCommand(_) | Note::ReadOnly => {
                Level::Error
            }
            Note::SkippedConflicts { .. }
            | Note::CannotUndo
            | Note::NothingToUndo
            | Note::DraftKept { .. }
            | Note::NoTicket
            | Note::NoCommonStage
            | Note::NoAgents
            | Note::UnknownView(_)
            | Note::KeyProblems { .. }
            | Note::EditorEmpty
            | Note::TitleNeeded
            | Note::UnsentDrafts { .. }
            | Note::DraftsNotKept(_) => Level::Warn,
            Note::Extra(n) => n.level(),
            _ => Level::Info,
        }
    }
}
