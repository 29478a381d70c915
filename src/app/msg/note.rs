//! What the console tells the user, as data: the UI turns each note into text in
//! the user's language, so no `update` holds a user-visible sentence.

use super::dashboard::DashboardNote;
use super::failure::Failure;
use super::kb::KbNote;
use super::level::Level;
use super::projects::ProjectsNote;
use super::team::TeamNote;
use super::tickets::TicketsNote;
use crate::app::command::CommandError;

/// A message for a toast.
#[derive(Debug, Clone, PartialEq)]
pub enum Note {
    /// An operation failed.
    Failed(Failure),
    /// A command line or binding that does not parse.
    BadCommand(CommandError),
    NoTicket,
    /// `n` key bindings in the config were not used; the first one.
    KeyProblems {
        n: usize,
        first: String,
    },
    LoadingDemo,
    DemoLoaded,
    /// `demo` on a database that already has `total` tickets: nothing is loaded.
    DemoNotEmpty {
        total: i64,
    },
    /// The user is `name` now; remembered in the file `saved` (if any).
    IdentitySet {
        name: String,
        saved: Option<String>,
    },
    /// `iam NAME` for no agent of that name.
    NoSuchAgent(String),
    EditorEmpty,
    /// Quitting leaves `n` unsent drafts (kept on disk for the next start).
    UnsentDrafts {
        n: usize,
    },
    /// `n` drafts of an earlier session were found on disk and put back.
    DraftsRestored {
        n: usize,
    },
    /// Drafts cannot be kept on disk (the error); they live only until quitting.
    DraftsNotKept(String),
    Tickets(TicketsNote),
    Projects(ProjectsNote),
    Kb(KbNote),
    Team(TeamNote),
    Dashboard(DashboardNote),
}

impl Note {
    /// The note's level.
    pub fn level(&self) -> Level {
        match self {
            Note::Failed(_) | Note::BadCommand(_) => Level::Error,
            Note::NoTicket
            | Note::KeyProblems { .. }
            | Note::EditorEmpty
            | Note::DemoNotEmpty { .. }
            | Note::NoSuchAgent(_)
            | Note::UnsentDrafts { .. }
            | Note::DraftsNotKept(_) => Level::Warn,
            Note::Tickets(n) => n.level(),
            Note::Projects(n) => n.level(),
            Note::Kb(n) => n.level(),
            Note::Dashboard(n) => n.level(),
            Note::LoadingDemo
            | Note::DemoLoaded
            | Note::IdentitySet { .. }
            | Note::DraftsRestored { .. }
            | Note::Team(_) => Level::Info,
        }
    }
}

impl From<TicketsNote> for Note {
    fn from(n: TicketsNote) -> Note {
        Note::Tickets(n)
    }
}

impl From<ProjectsNote> for Note {
    fn from(n: ProjectsNote) -> Note {
        Note::Projects(n)
    }
}

impl From<KbNote> for Note {
    fn from(n: KbNote) -> Note {
        Note::Kb(n)
    }
}

impl From<TeamNote> for Note {
    fn from(n: TeamNote) -> Note {
        Note::Team(n)
    }
}

impl From<DashboardNote> for Note {
    fn from(n: DashboardNote) -> Note {
        Note::Dashboard(n)
    }
}

impl From<Failure> for Note {
    fn from(f: Failure) -> Note {
        Note::Failed(f)
    }
}
