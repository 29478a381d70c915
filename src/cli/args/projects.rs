//! Arguments of the `project`, `task`, `milestone`, `risk` and `kb` commands.

use clap::{Args, Subcommand};
use std::path::PathBuf;

/// Project commands.
#[derive(Debug, Subcommand)]
#[command(defer = true)]
pub enum ProjectCmd {
    /// Create a project.
    New(ProjectNew),
    /// List projects.
    List,
    /// Show a project with milestones, tasks and risks.
    Show {
        /// Project id.
        id: i64,
    },
    /// A status report (--kind milestones: milestone report, --kind risks: risk notice);
    /// Markdown as text (--format md), JSON, or one HTML page with the progress curve,
    /// Gantt timeline and risk matrix (--format html --out FILE).
    Report(ProjectReportArgs),
    /// Planned versus actual progress by day with the forecast end against the due
    /// date; without an id, every active project and all of them together.
    Progress {
        /// Project id (default: all active projects).
        id: Option<i64>,
    },
    /// Print the Gantt timeline (tasks, milestones, critical path, today).
    Gantt {
        /// Project id.
        id: i64,
        /// day, week or month.
        #[arg(long, default_value = "week")]
        zoom: String,
        /// Total width in columns.
        #[arg(long, default_value_t = 100)]
        width: usize,
        /// First date shown, YYYY-MM-DD (default: just before the first task).
        #[arg(long)]
        from: Option<String>,
    },
    /// Change a project's name, status (planning, active, on_hold), owner, goal or due date.
    Edit(ProjectEditArgs),
    /// Record the customer's acceptance; the project becomes accepted.
    Accept {
        /// Project id.
        id: i64,
        /// Who accepted, on the customer's side.
        #[arg(long)]
        by: String,
        /// What they said.
        #[arg(long, default_value = "", allow_hyphen_values = true)]
        notes: String,
        #[command(flatten)]
        guard: Guard,
    },
    /// Close an accepted project with its retrospective (--publish: also as a KB article).
    Close(ProjectCloseArgs),
    /// Link a ticket to a project (--remove unlinks it).
    LinkTicket {
        /// Project id.
        id: i64,
        /// Ticket id.
        ticket: i64,
        /// Unlink instead.
        #[arg(long)]
        remove: bool,
    },
    /// The issue log.
    #[command(subcommand)]
    Issue(IssueCmd),
    /// Documents kept with a project (plans, reports, minutes, customer feedback).
    #[command(subcommand)]
    Doc(DocCmd),
}

// `project new`
#[derive(Debug, Args)]
pub struct ProjectNew {
    /// Project name.
    #[arg(long, allow_hyphen_values = true)]
    pub name: String,
    /// Customer: id, email, name, or a unique part of a name, organisation, email or
    /// phone (several matches are listed; nothing matching is an error).
    #[arg(long)]
    pub customer: Option<String>,
    /// Create the customer named by --customer when none matches.
    #[arg(long, requires = "customer")]
    pub new_customer: bool,
    /// Owner (agent name or id).
    #[arg(long)]
    pub owner: Option<String>,
    /// The goal, e.g. "upgrade the ERP system within three months".
    #[arg(long, allow_hyphen_values = true)]
    pub goal: Option<String>,
    /// How the goal is measured, e.g. "response time".
    #[arg(long, allow_hyphen_values = true)]
    pub metric: Option<String>,
    /// Target value of the metric, e.g. "+20%".
    #[arg(long, allow_hyphen_values = true)]
    pub target: Option<String>,
    /// Due date, YYYY-MM-DD.
    #[arg(long)]
    pub due: Option<String>,
}

/// Knowledge-base commands.
#[derive(Debug, Subcommand)]
#[command(defer = true)]
pub enum KbCmd {
    /// Create an article (body from --body, --file, or $EDITOR).
    New(KbNew),
    /// List articles (with --stale: those past their review date).
    List {
        /// Only this category (and its sub-categories, written `category/sub`).
        #[arg(long)]
        category: Option<String>,
        /// Only this status: draft, published or archived.
        #[arg(long)]
        status: Option<String>,
        /// Only articles past their review date.
        #[arg(long)]
        stale: bool,
    },
    /// Show one article.
    Show {
        /// Article id.
        id: i64,
    },
    /// Edit an article in $EDITOR (or replace fields with flags).
    Edit(KbEdit),
    /// Archive an article (kept, but no longer suggested).
    Archive {
        /// Article id.
        id: i64,
    },
    /// Articles that may answer a ticket, best first.
    Suggest {
        /// Ticket id.
        ticket: i64,
        /// At most this many.
        #[arg(long, default_value_t = 5)]
        limit: usize,
    },
    /// Categories with their article counts.
    Categories,
}

// `kb new`
#[derive(Debug, Args)]
pub struct KbNew {
    /// Title.
    #[arg(long, allow_hyphen_values = true)]
    pub title: String,
    /// Category (技术支持, 售后服务 …).
    #[arg(long, default_value = "general")]
    pub category: String,
    /// Body text (Markdown).
    #[arg(long, allow_hyphen_values = true)]
    pub body: Option<String>,
    /// Read the body from this file.
    #[arg(long, conflicts_with = "body")]
    pub file: Option<PathBuf>,
    /// Owner (agent name or id).
    #[arg(long)]
    pub owner: Option<String>,
    /// draft, published or archived.
    #[arg(long)]
    pub status: Option<String>,
    /// Review by this date, YYYY-MM-DD.
    #[arg(long)]
    pub review_by: Option<String>,
}

// `kb edit`
#[derive(Debug, Args)]
pub struct KbEdit {
    /// Article id.
    pub id: i64,
    /// New title.
    #[arg(long, allow_hyphen_values = true)]
    pub title: Option<String>,
    /// New category.
    #[arg(long)]
    pub category: Option<String>,
    /// Replace the body with this file's text (otherwise $EDITOR opens).
    #[arg(long)]
    pub file: Option<PathBuf>,
    /// draft, published or archived.
    #[arg(long)]
    pub status: Option<String>,
    /// Review by this date, YYYY-MM-DD.
    #[arg(long)]
    pub review_by: Option<String>,
}

// `--if-version V` for project parts: refuse when the record has moved on.
#[derive(Debug, Args)]
pub struct Guard {
    /// Only change the record if its version is still V.
    #[arg(long = "if-version", value_name = "V")]
    pub if_version: Option<i64>,
}

// `project report`
#[derive(Debug, Args)]
pub struct ProjectReportArgs {
    /// Project id.
    pub id: i64,
    /// status (progress, milestones, top risks, open issues, next steps), milestones, or risks.
    #[arg(long, default_value = "status")]
    pub kind: String,
    /// For --kind risks: the smallest probability × impact score listed.
    #[arg(long, default_value_t = 12)]
    pub threshold: i64,
    /// Write the report to this new file instead of printing it (created 0600; an
    /// existing file is left alone).
    #[arg(long, value_name = "PATH")]
    pub out: Option<PathBuf>,
}

// `project edit`
#[derive(Debug, Args)]
pub struct ProjectEditArgs {
    /// Project id.
    pub id: i64,
    /// New name.
    #[arg(long, allow_hyphen_values = true)]
    pub name: Option<String>,
    /// planning, active or on_hold.
    #[arg(long)]
    pub status: Option<String>,
    /// Owner (agent name or id).
    #[arg(long)]
    pub owner: Option<String>,
    /// The goal.
    #[arg(long, allow_hyphen_values = true)]
    pub goal: Option<String>,
    /// How the goal is measured.
    #[arg(long, allow_hyphen_values = true)]
    pub metric: Option<String>,
    /// Target value of the metric.
    #[arg(long, allow_hyphen_values = true)]
    pub target: Option<String>,
    /// Due date, YYYY-MM-DD.
    #[arg(long)]
    pub due: Option<String>,
    #[command(flatten)]
    pub guard: Guard,
}

// `project close`
#[derive(Debug, Args)]
pub struct ProjectCloseArgs {
    /// Project id.
    pub id: i64,
    /// Retrospective: what went well.
    #[arg(long, default_value = "", allow_hyphen_values = true)]
    pub went_well: String,
    /// Retrospective: what did not go well.
    #[arg(long, default_value = "", allow_hyphen_values = true)]
    pub went_badly: String,
    /// Retrospective: lessons for next time.
    #[arg(long, default_value = "", allow_hyphen_values = true)]
    pub lessons: String,
    /// Also publish the retrospective as a knowledge-base article (category 项目复盘).
    #[arg(long)]
    pub publish: bool,
    #[command(flatten)]
    pub guard: Guard,
}

/// `project issue …`: the issue log.
#[derive(Debug, Subcommand)]
#[command(defer = true)]
pub enum IssueCmd {
    /// Log an issue on a project.
    New {
        /// Project id.
        project: i64,
        /// What happened.
        #[arg(long, allow_hyphen_values = true)]
        title: String,
        /// More detail.
        #[arg(long, allow_hyphen_values = true)]
        detail: Option<String>,
        /// low, medium, high or critical.
        #[arg(long, default_value = "medium")]
        severity: String,
        /// Owner (agent name or id).
        #[arg(long)]
        owner: Option<String>,
        /// Resolve by, YYYY-MM-DD.
        #[arg(long)]
        due: Option<String>,
    },
    /// A project's issue log (open issues first).
    List {
        /// Project id.
        project: i64,
        /// Only open issues.
        #[arg(long)]
        open: bool,
    },
    /// Change an issue: status, resolution, severity, owner, due date.
    Update {
        /// Issue id.
        id: i64,
        /// open, in_progress, resolved or closed.
        #[arg(long)]
        status: Option<String>,
        /// How it was resolved.
        #[arg(long, allow_hyphen_values = true)]
        resolution: Option<String>,
        /// low, medium, high or critical.
        #[arg(long)]
        severity: Option<String>,
        /// Owner (agent name or id).
        #[arg(long)]
        owner: Option<String>,
        /// Resolve by, YYYY-MM-DD.
        #[arg(long)]
        due: Option<String>,
        #[command(flatten)]
        guard: Guard,
    },
}

/// `project doc …`: documents kept with a project.
#[derive(Debug, Subcommand)]
#[command(defer = true)]
pub enum DocCmd {
    /// File a document (a path or a URL) with a project.
    Add {
        /// Project id.
        project: i64,
        /// Title.
        #[arg(long, allow_hyphen_values = true)]
        title: String,
        /// A path or a URL.
        #[arg(long, allow_hyphen_values = true)]
        location: String,
        /// plan, report, minutes, feedback or other.
        #[arg(long, default_value = "other")]
        kind: String,
    },
    /// A project's documents.
    List {
        /// Project id.
        project: i64,
    },
}

/// Task commands.
#[derive(Debug, Subcommand)]
#[command(defer = true)]
pub enum TaskCmd {
    /// Create a task (work package); prints its id.
    New(TaskNew),
    /// List the tasks of a project (or of every open project), with forecast and slip.
    List {
        /// Project id.
        #[arg(long)]
        project: Option<i64>,
    },
    /// Show one task with its dependencies and schedule.
    Show {
        /// Task id.
        id: i64,
    },
    /// Move (--start, --by) or stretch (--end) a task.
    Move {
        /// Task id.
        id: i64,
        /// New start, YYYY-MM-DD (keeps the length in working days unless --end is given).
        #[arg(long, conflicts_with = "by")]
        start: Option<String>,
        /// New end, YYYY-MM-DD.
        #[arg(long, conflicts_with = "by")]
        end: Option<String>,
        /// Shift by N working days, e.g. 3, 3d or -2d.
        #[arg(long, allow_hyphen_values = true, value_name = "Nd")]
        by: Option<String>,
        #[command(flatten)]
        guard: Guard,
    },
    /// Set a task's progress in percent (100 marks it done).
    Progress {
        /// Task id.
        id: i64,
        /// 0–100.
        percent: i64,
        #[command(flatten)]
        guard: Guard,
    },
    /// Mark a task done (today, or --on DATE).
    Done {
        /// Task id.
        id: i64,
        /// The day it was finished, YYYY-MM-DD.
        #[arg(long)]
        on: Option<String>,
        #[command(flatten)]
        guard: Guard,
    },
    /// Make a task start after another ends (finish-to-start, plus lag); cycles are refused.
    Link {
        /// Task id.
        id: i64,
        /// The task it waits for.
        #[arg(long)]
        after: i64,
        /// Working days between the other's end and this start.
        #[arg(long, default_value_t = 0, allow_hyphen_values = true)]
        lag: i64,
        #[command(flatten)]
        guard: Guard,
    },
    /// Remove a dependency.
    Unlink {
        /// Task id.
        id: i64,
        /// The task it no longer waits for.
        #[arg(long)]
        after: i64,
        #[command(flatten)]
        guard: Guard,
    },
}

// `task new`
#[derive(Debug, Args)]
pub struct TaskNew {
    /// Project id.
    #[arg(long)]
    pub project: i64,
    /// Task name.
    #[arg(long, allow_hyphen_values = true)]
    pub name: String,
    /// Milestone id.
    #[arg(long)]
    pub milestone: Option<i64>,
    /// Owner (agent name or id).
    #[arg(long)]
    pub owner: Option<String>,
    /// Planned start, YYYY-MM-DD.
    #[arg(long)]
    pub start: Option<String>,
    /// Planned end, YYYY-MM-DD (default: from the estimate).
    #[arg(long)]
    pub end: Option<String>,
    /// Estimated effort in hours.
    #[arg(long)]
    pub estimate: Option<f64>,
    /// Start after these tasks end (comma-separated ids).
    #[arg(long, value_delimiter = ',')]
    pub after: Vec<i64>,
}

/// Milestone commands.
#[derive(Debug, Subcommand)]
#[command(defer = true)]
pub enum MilestoneCmd {
    /// Create a milestone; prints its id.
    New {
        /// Project id.
        #[arg(long)]
        project: i64,
        /// Name.
        #[arg(long, allow_hyphen_values = true)]
        name: String,
        /// What is delivered.
        #[arg(long, allow_hyphen_values = true)]
        deliverable: Option<String>,
        /// Due date, YYYY-MM-DD.
        #[arg(long)]
        due: Option<String>,
    },
    /// A project's milestones with forecasts.
    List {
        /// Project id.
        #[arg(long)]
        project: i64,
    },
    /// Mark a milestone reached.
    Done {
        /// Milestone id.
        id: i64,
        #[command(flatten)]
        guard: Guard,
    },
}

/// Risk commands.
#[derive(Debug, Subcommand)]
#[command(defer = true)]
pub enum RiskCmd {
    /// Add a risk to a project's register; prints its id.
    New {
        /// Project id.
        #[arg(long)]
        project: i64,
        /// What might happen.
        #[arg(long, allow_hyphen_values = true)]
        title: String,
        /// 1 (rare) – 5 (almost certain).
        #[arg(long, default_value_t = 3)]
        probability: i64,
        /// 1 (minor) – 5 (severe).
        #[arg(long, default_value_t = 3)]
        impact: i64,
        /// Owner (agent name or id).
        #[arg(long)]
        owner: Option<String>,
        /// The planned response.
        #[arg(long, allow_hyphen_values = true)]
        response: Option<String>,
    },
    /// Risks, highest probability × impact first.
    List {
        /// Only this project.
        #[arg(long)]
        project: Option<i64>,
        /// Only risks scoring at least this much.
        #[arg(long)]
        min_score: Option<i64>,
        /// Also closed and mitigated risks.
        #[arg(long)]
        all: bool,
    },
    /// Show one risk.
    Show {
        /// Risk id.
        id: i64,
    },
    /// Change a risk's status, rating, response or owner.
    Update {
        /// Risk id.
        id: i64,
        /// open, mitigated, closed or occurred.
        #[arg(long)]
        status: Option<String>,
        /// 1–5.
        #[arg(long)]
        probability: Option<i64>,
        /// 1–5.
        #[arg(long)]
        impact: Option<i64>,
        /// The planned response.
        #[arg(long, allow_hyphen_values = true)]
        response: Option<String>,
        /// Owner (agent name or id).
        #[arg(long)]
        owner: Option<String>,
        /// New title.
        #[arg(long, allow_hyphen_values = true)]
        title: Option<String>,
        #[command(flatten)]
        guard: Guard,
    },
}
