//! The fixed statuses of projects, tasks, risks, issues and articles: one enum each,
//! with the stable name used in commands, JSON and the database.

use std::fmt;
use std::str::FromStr;

/// Declares a status enum: its variants with their stable names (the first is the
/// default), `ALL`, `as_str`, `Display`, `FromStr` (an error naming the choices) and
/// `Serialize` as the name.
macro_rules! statuses {
    ($(#[$m:meta])* $name:ident, $what:literal, { $($(#[$vm:meta])* $v:ident = $s:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
        pub enum $name {
            $($(#[$vm])* #[serde(rename = $s)] $v),+
        }

        impl $name {
            /// Every status, in their usual order.
            pub const ALL: &'static [$name] = &[$($name::$v),+];

            /// The stable name used in commands, JSON and the database.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$v => $s),+
                }
            }

            /// The names, comma-separated (for hints).
            pub fn names() -> String {
                Self::ALL.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ")
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self::ALL[0]
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for $name {
            type Err = String;
            fn from_str(s: &str) -> Result<Self, String> {
                Self::ALL
                    .iter()
                    .copied()
                    .find(|x| x.as_str() == s)
                    .ok_or_else(|| format!("unknown {} '{s}' (use {})", $what, Self::names()))
            }
        }
    };
}

statuses!(
    /// Where a project stands.
    ProjectStatus, "project status", {
        Planning = "planning",
        Active = "active",
        OnHold = "on_hold",
        /// The customer signed it off.
        Accepted = "accepted",
        Closed = "closed",
    }
);

statuses!(
    /// Where a task stands.
    TaskStatus, "task status", {
        Todo = "todo",
        Doing = "doing",
        Done = "done",
        Blocked = "blocked",
    }
);

statuses!(
    /// Where a risk stands.
    RiskStatus, "risk status", {
        Open = "open",
        Mitigated = "mitigated",
        Closed = "closed",
        /// It happened.
        Occurred = "occurred",
    }
);

statuses!(
    /// Where an entry of a project's issue log stands.
    IssueStatus, "issue status", {
        Open = "open",
        InProgress = "in_progress",
        Resolved = "resolved",
        Closed = "closed",
    }
);

statuses!(
    /// Where a knowledge-base article stands.
    ArticleStatus, "article status", {
        Draft = "draft",
        Published = "published",
        Archived = "archived",
    }
);

impl IssueStatus {
    /// Whether an issue in this status still needs work.
    pub fn is_open(self) -> bool {
        matches!(self, IssueStatus::Open | IssueStatus::InProgress)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_errors_list_the_choices() {
        for s in ProjectStatus::ALL {
            assert_eq!(s.as_str().parse::<ProjectStatus>(), Ok(*s));
        }
        assert_eq!("on_hold".parse(), Ok(ProjectStatus::OnHold));
        assert_eq!("in_progress".parse(), Ok(IssueStatus::InProgress));
        assert_eq!(
            "paused".parse::<ProjectStatus>(),
            Err(
                "unknown project status 'paused' (use planning, active, on_hold, accepted, closed)"
                    .into()
            )
        );
        assert_eq!(TaskStatus::default(), TaskStatus::Todo);
        assert_eq!(ArticleStatus::default(), ArticleStatus::Draft);
        assert_eq!(
            serde_json::to_value(IssueStatus::InProgress).unwrap(),
            serde_json::json!("in_progress")
        );
        assert!(IssueStatus::InProgress.is_open() && !IssueStatus::Resolved.is_open());
    }
}
