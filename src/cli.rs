//! The command line: clap types only. `cli/` turns each command into calls of `ops`.

mod agent;
mod args;
mod config_cmd;
mod customers;
mod db;
mod dispatch;
mod intake;
mod knowledge;
mod mail;
mod output;
mod paths;
mod people;
mod playbook;
mod project;
mod project_progress;
mod projects;
mod relations;
mod report;
mod report_agents;
mod report_dashboard;
mod report_service;
mod risk;
mod search;
mod service;
mod task;
mod tickets;
mod time;

pub use args::*;
pub use dispatch::run;

use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// aftercare — terminal helpdesk and project console for after-sales and support teams.
///
/// With no command, opens the full-screen console.
#[derive(Debug, Parser)]
#[command(name = "aftercare", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    /// The database: an SQLite file (created if missing) or a PostgreSQL server
    /// (postgres://USER@HOST/DATABASE).
    #[arg(long, global = true, env = "AFTERCARE_DB", value_name = "PATH|URL")]
    pub db: Option<PathBuf>,
    /// The TOML configuration file (built-in defaults if missing).
    #[arg(long, global = true, env = "AFTERCARE_CONFIG", value_name = "PATH")]
    pub config: Option<PathBuf>,
    /// Who is acting; recorded with every change (default: the OS user name).
    #[arg(long, global = true, env = "AFTERCARE_ACTOR", value_name = "NAME")]
    pub actor: Option<String>,
    /// Write a debug log to FILE (AFTERCARE_LOG=LEVEL logs to the data folder).
    #[arg(long, global = true, value_name = "FILE")]
    pub log: Option<PathBuf>,
    /// Output format of commands that print records.
    #[arg(long, global = true, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// CSV cells as stored: without the `'` that keeps a spreadsheet from running
    /// cells starting with = + - @ as formulas.
    #[arg(long, global = true)]
    pub csv_raw: bool,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// How records are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Aligned columns for people.
    Table,
    /// One JSON document (an array for lists, an object for one record).
    Json,
    /// Comma-separated values with a header row.
    Csv,
    /// Markdown text (reports); other commands print it like table.
    Md,
    /// One self-contained HTML page with charts (`report dashboard`, `project report`).
    Html,
}

/// The commands.
#[derive(Debug, Subcommand)]
#[command(defer = true)]
pub enum Command {
    /// Fill an empty database with realistic bilingual sample data.
    Demo {
        /// How many tickets to create.
        #[arg(long, default_value_t = 5000)]
        tickets: u64,
        /// Seed for the generator: the same seed gives the same data.
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Create, list, show, move, assign and comment on tickets.
    #[command(subcommand)]
    Ticket(TicketCmd),
    /// Customers: who they are, what they bought, their tickets.
    #[command(subcommand)]
    Customer(CustomerCmd),
    /// Support agents.
    #[command(subcommand)]
    Agent(AgentCmd),
    /// Customer projects.
    #[command(subcommand)]
    Project(ProjectCmd),
    /// Knowledge-base articles.
    #[command(subcommand)]
    Kb(KbCmd),
    /// Project tasks (work packages): plan, move, progress, dependencies.
    #[command(subcommand)]
    Task(TaskCmd),
    /// Project milestones.
    #[command(subcommand)]
    Milestone(MilestoneCmd),
    /// Project risk registers.
    #[command(subcommand)]
    Risk(RiskCmd),
    /// Check or print the configuration.
    #[command(subcommand)]
    Config(ConfigCmd),
    /// Database information, checks and backups.
    #[command(subcommand)]
    Db(DbCmd),
    /// Track time on tickets and tasks: timers and logged entries.
    #[command(subcommand)]
    Time(TimeCmd),
    /// Reports: time logged, agent performance.
    #[command(subcommand)]
    Report(ReportCmd),
    /// Search tickets, customers, articles and projects (Chinese inside longer words too).
    Search(SearchArgs),
    /// Emergency plans (应急预案): start a playbook as a checklist, follow its steps.
    #[command(subcommand)]
    Playbook(PlaybookCmd),
    /// Import mail (eml, mbox, Maildir) or tickets (CSV, JSON), or load an export.
    #[command(subcommand)]
    Import(ImportCmd),
    /// Export every table: one JSON document, or one CSV file per table.
    #[command(subcommand)]
    Export(ExportCmd),
    /// Route a ticket to a group again by the [routing] rules of the config.
    Route {
        /// Ticket id.
        id: i64,
        #[command(flatten)]
        guard: IfVersion,
    },
    /// Service levels: a ticket's clocks and why, what breaches next, escalations.
    #[command(subcommand)]
    Sla(SlaCmd),
    /// Satisfaction surveys (满意度): the solved tickets still to ask.
    #[command(subcommand)]
    Csat(CsatCmd),
    /// Return visits (回访): schedule, list, mark done.
    #[command(subcommand)]
    Visit(VisitCmd),
    /// Macros from the config: several changes and a reply in one step.
    #[command(subcommand)]
    Macro(MacroCmd),
    /// Canned replies from the config.
    #[command(subcommand)]
    Reply(ReplyCmd),
    /// Mail in and out: fetch, send, the outbox, retry, watch ([mail] in the config).
    #[command(subcommand)]
    Mail(MailCmd),
    /// Print a shell completion script.
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), e.g. `aftercare man > ~/.local/share/man/man1/aftercare.1`.
    Man,
}

/// The version line: the program's and the database engine's.
fn long_version() -> String {
    format!(
        "{} (SQLite {})",
        env!("CARGO_PKG_VERSION"),
        crate::store::sqlite_version()
    )
}

/// The clap command with the run-time parts (the engine's version) filled in.
pub fn command() -> clap::Command {
    <Cli as clap::CommandFactory>::command().version(long_version())
}

/// Parses the process's arguments. The clap tree is built once, and only the
/// commands on the path given get their options (every command enum is
/// `defer`red): building all of them was a tenth of a short command's start-up.
pub fn parse() -> Result<Cli, clap::Error> {
    use clap::FromArgMatches;
    let cmd = command();
    let args = argv_with(&cmd, std::env::args_os());
    let matches = cmd.try_get_matches_from(args)?;
    Cli::from_arg_matches(&matches)
}

/// The command line as clap should see it. `search` takes words that may start with
/// `-` (`search printer -refund`), so its words must come after its options: options
/// given among or after the words are moved in front of them.
pub fn argv(args: impl IntoIterator<Item = std::ffi::OsString>) -> Vec<std::ffi::OsString> {
    argv_with(&command(), args)
}

/// `argv` with the clap tree already built.
fn argv_with(
    cmd: &clap::Command,
    args: impl IntoIterator<Item = std::ffi::OsString>,
) -> Vec<std::ffi::OsString> {
    let args: Vec<std::ffi::OsString> = args.into_iter().collect();
    let takes_value = |c: &clap::Command, name: &str| -> Option<bool> {
        let arg = c.get_arguments().find(|a| a.get_long() == Some(name))?;
        Some(arg.get_action().takes_values())
    };
    // Find the subcommand, skipping global options (and their values) before it.
    let mut i = 1;
    while i < args.len() {
        let t = args[i].to_string_lossy();
        match t.strip_prefix("--") {
            Some(long) if !long.contains('=') && takes_value(cmd, long) == Some(true) => i += 2,
            _ if t.starts_with('-') => i += 1,
            _ => break,
        }
    }
    if args
        .get(i)
        .map(|s| s.to_string_lossy() != "search")
        .unwrap_or(true)
    {
        return args;
    }
    // Subcommands' arguments are added when clap first builds them (`defer`): a
    // built copy of `search` lists its options.
    let Some(mut search) = cmd.find_subcommand("search").cloned() else {
        return args;
    };
    search.build();
    let search = &search;
    let (mut options, mut words) = (Vec::new(), Vec::new());
    let mut rest = args[i + 1..].iter();
    while let Some(t) = rest.next() {
        let s = t.to_string_lossy();
        if s == "--" {
            words.push(t.clone());
            words.extend(rest.by_ref().cloned());
            break;
        }
        let known = |long: &str| takes_value(search, long).or_else(|| takes_value(cmd, long));
        match s
            .strip_prefix("--")
            .map(|l| l.split_once('=').map_or((l, false), |(n, _)| (n, true)))
        {
            Some((name, has_value)) if known(name).is_some() => {
                options.push(t.clone());
                if known(name) == Some(true) && !has_value {
                    options.extend(rest.next().cloned());
                }
            }
            _ if s == "-h" => options.push(t.clone()),
            _ => words.push(t.clone()),
        }
    }
    let mut out = args[..=i].to_vec();
    out.extend(options);
    out.extend(words);
    out
}

#[cfg(test)]
mod tests {
    /// Every command's help line (`about`) as declared, before clap builds the tree
    /// (a deferred command has its variant's doc then), and after.
    fn abouts(cmd: &clap::Command, path: &str, out: &mut Vec<(String, Option<String>)>) {
        for sub in cmd.get_subcommands() {
            let at = format!("{path} {}", sub.get_name());
            out.push((at.clone(), sub.get_about().map(|a| a.to_string())));
            abouts(sub, &at, out);
        }
    }

    /// Commands' options are added only when clap builds a command (`defer`). A
    /// deferred argument struct's doc comment then replaced the command's help line
    /// (`ticket comment --help` began with `--if-version`'s text): every command
    /// keeps its own line once built.
    #[test]
    fn building_the_tree_keeps_every_commands_help_line() {
        let mut cmd = super::command();
        let mut before = Vec::new();
        abouts(&cmd, "aftercare", &mut before);
        cmd.build();
        let mut after = Vec::new();
        abouts(&cmd, "aftercare", &mut after);
        assert!(before.len() > 100, "{} commands", before.len());
        // Building adds `help` subcommands; every declared command is still there.
        let after: std::collections::HashMap<_, _> = after.into_iter().collect();
        for (at, was) in &before {
            let now = after.get(at).unwrap_or_else(|| panic!("{at} is gone"));
            if was.is_some() {
                assert_eq!(was, now, "{at}");
            }
        }
        let comment = cmd
            .find_subcommand("ticket")
            .and_then(|t| t.find_subcommand("comment"))
            .unwrap();
        assert!(comment
            .get_arguments()
            .any(|a| a.get_long() == Some("internal")));
        cmd.debug_assert();
    }

    /// `search`'s words come after its options even though its options are only
    /// known once clap builds it.
    #[test]
    fn search_options_among_the_words_are_moved_before_them() {
        let args = ["aftercare", "search", "printer", "--limit", "5", "-refund"];
        let out: Vec<String> = super::argv(args.iter().map(std::ffi::OsString::from))
            .into_iter()
            .map(|a| a.into_string().unwrap())
            .collect();
        assert_eq!(
            out,
            ["aftercare", "search", "--limit", "5", "printer", "-refund"]
        );
    }
}
