//! Arguments of `config`, `db`, `search`, `playbook`, `import` and `export`.

use clap::{Args, Subcommand};
use std::path::PathBuf;

/// Config commands.
#[derive(Debug, Subcommand)]
#[command(defer = true)]
pub enum ConfigCmd {
    /// Validate a config file (default: the one in use); exit 1 with file:line:column on error.
    Check {
        /// The file to check.
        path: Option<PathBuf>,
    },
    /// Print the built-in default configuration (config.example.toml).
    Default,
    /// Print where the config and database files are.
    Paths,
}

/// Database commands.
#[derive(Debug, Subcommand)]
#[command(defer = true)]
pub enum DbCmd {
    /// Path, schema version, journal mode and counts.
    Info,
    /// Integrity, foreign keys and audit-log consistency.
    Check,
    /// Copy the database with SQLite's online backup (safe while others write).
    Backup {
        /// The new file.
        path: PathBuf,
    },
    /// Rebuild the search index from the records (progress on a terminal).
    Reindex,
    /// Copy every record into another, empty database — a PostgreSQL server
    /// (postgres://USER@HOST/DB) or an SQLite file — then verify row counts and
    /// checksums per table. A failure leaves the target empty.
    Migrate {
        /// The target: a postgres:// URL or a new file.
        #[arg(long, value_name = "URL|PATH")]
        to: PathBuf,
    },
    /// Change the journal mode of the file on purpose (refused while others have it open).
    Journal {
        /// wal (one machine) or delete (a file shared over a network file system).
        #[arg(value_parser = ["wal", "delete"])]
        mode: String,
        /// Switch to WAL even though the file was opened through a network file system.
        #[arg(long)]
        force: bool,
    },
    /// Merge the search index's segments into one (writers never merge, so this
    /// and the console's idle moments keep searches fast; safe while others write).
    Optimize,
}

// `aftercare search`
#[derive(Debug, Args)]
pub struct SearchArgs {
    /// What to find: words (退款, printer, "打印机 jam") and optionally filters
    /// of the ticket list (type:complaint is:open …); -word leaves out what has it.
    #[arg(required = true, num_args = 1.., allow_hyphen_values = true)]
    pub query: Vec<String>,
    /// At most this many results.
    #[arg(long, default_value_t = 20)]
    pub limit: usize,
    /// Only these kinds: ticket, customer, article, project (comma-separated).
    #[arg(long, value_delimiter = ',')]
    pub kind: Vec<String>,
}

/// Playbook (emergency plan) commands.
#[derive(Debug, Subcommand)]
#[command(defer = true)]
pub enum PlaybookCmd {
    /// The playbooks defined in the config.
    List,
    /// A playbook's steps: who does what, within how long.
    Show {
        /// Playbook id or name.
        name: String,
    },
    /// Start a playbook: an incident with its steps as a checklist.
    Start {
        /// Playbook id or name.
        name: String,
        /// Record it as a drill (演练), not a real incident.
        #[arg(long)]
        drill: bool,
        /// The ticket that set it off.
        #[arg(long, value_name = "TICKET_ID")]
        ticket: Option<i64>,
    },
    /// Active incidents (--all: every one), or one incident's checklist.
    Status {
        /// Incident id.
        incident: Option<i64>,
        /// Completed incidents and drills too.
        #[arg(long)]
        all: bool,
    },
    /// Mark a step done (--done, the default) or not done (--undo).
    Step {
        /// Incident id.
        incident: i64,
        /// Step number (1, 2 …).
        step: i64,
        /// Mark it done.
        #[arg(long, conflicts_with = "undo")]
        done: bool,
        /// Mark it not done.
        #[arg(long)]
        undo: bool,
        /// Only change the incident if its version is still V.
        #[arg(long = "if-version", value_name = "V")]
        if_version: Option<i64>,
    },
    /// The audit trail of an incident.
    History {
        /// Incident id.
        incident: i64,
    },
}

/// Import commands.
#[derive(Debug, Subcommand)]
#[command(defer = true)]
pub enum ImportCmd {
    /// One .eml file, or every .eml file of a folder.
    Eml(ImportMailArgs),
    /// An mbox file.
    Mbox(ImportMailArgs),
    /// A Maildir folder (its new/ and cur/ messages).
    Maildir(ImportMailArgs),
    /// Tickets from a CSV file with a header row.
    Csv(ImportTableArgs),
    /// An `aftercare export json` document (into an empty database), or a JSON array of tickets.
    Json(ImportTableArgs),
}

// `import eml|mbox|maildir PATH`
#[derive(Debug, Args)]
pub struct ImportMailArgs {
    /// The file or folder.
    pub path: PathBuf,
    /// Do everything, report it, and save nothing.
    #[arg(long)]
    pub dry_run: bool,
}

// `import csv|json PATH`
#[derive(Debug, Args)]
pub struct ImportTableArgs {
    /// The file.
    pub path: PathBuf,
    /// Columns to ticket fields: title=Subject,body=Description,customer=Email,priority=Prio,
    /// created_at=Date … (fields: title body customer email phone org channel type priority
    /// stage assignee created_at updated_at tags id). Default: columns named like the fields.
    #[arg(long, value_name = "FIELD=COLUMN,…")]
    pub map: Option<String>,
    /// Do everything, report it, and save nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Text encoding: auto (UTF-8, else GBK), utf-8 or gbk.
    #[arg(long, default_value = "auto")]
    pub encoding: String,
    /// CSV field separator (one character, or "tab").
    #[arg(long, default_value = ",")]
    pub delimiter: String,
}

/// Export commands.
#[derive(Debug, Subcommand)]
#[command(defer = true)]
pub enum ExportCmd {
    /// One JSON document with every table (to stdout, or --out FILE).
    Json {
        /// Write to this file instead of stdout.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// One CSV file per table, in the folder --out.
    Csv {
        /// The folder (created if missing).
        #[arg(long)]
        out: PathBuf,
    },
}
