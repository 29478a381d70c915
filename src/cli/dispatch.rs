//! From parsed arguments to the command that runs them.

use super::paths::{db_path, load_config};
use super::{Cli, Command};
use crate::config::Config;
use crate::error::{Error, Result};
use crate::ops::Desk;

/// Where the acting user's name came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActorSource {
    /// `--actor` or AFTERCARE_ACTOR.
    Given,
    /// `[ui] agent` in the config file.
    Config,
    /// The OS user.
    Os,
}

/// The acting user: `--actor`, `AFTERCARE_ACTOR`, the config's `[ui] agent`, or the
/// OS user name (from the environment, else the account database), never a
/// made-up name.
pub fn actor(cli: &Cli, config: &Config) -> Result<(String, ActorSource)> {
    if let Some(a) = cli.actor.clone().filter(|a| !a.trim().is_empty()) {
        return Ok((a, ActorSource::Given));
    }
    if let Some(a) = config.ui.agent.clone() {
        return Ok((a, ActorSource::Config));
    }
    os_user().map(|a| (a, ActorSource::Os))
}

/// The OS user's name: USER, LOGNAME, USERNAME, else the account database.
fn os_user() -> Result<String> {
    env_user("USER")
        .or_else(|| env_user("LOGNAME"))
        .or_else(|| env_user("USERNAME"))
        .or_else(account_name)
        .ok_or_else(|| {
            Error::invalid(
                "cannot tell who is acting: USER is not set and the account has no name",
                "name yourself with --actor NAME or AFTERCARE_ACTOR",
            )
        })
}

fn env_user(var: &str) -> Option<String> {
    std::env::var(var).ok().filter(|v| !v.trim().is_empty())
}

/// The login name of the process's user, from the account database.
#[cfg(unix)]
fn account_name() -> Option<String> {
    let mut buf = vec![0 as libc::c_char; 4096];
    // SAFETY: getpwuid_r writes into `pwd` and `buf`, both ours and sized as passed;
    // `result` points at `pwd` on success, and pw_name into `buf`.
    unsafe {
        let mut pwd: libc::passwd = std::mem::zeroed();
        let mut result: *mut libc::passwd = std::ptr::null_mut();
        let rc = libc::getpwuid_r(
            libc::getuid(),
            &mut pwd,
            buf.as_mut_ptr(),
            buf.len(),
            &mut result,
        );
        if rc != 0 || result.is_null() || pwd.pw_name.is_null() {
            return None;
        }
        let name = std::ffi::CStr::from_ptr(pwd.pw_name).to_string_lossy();
        Some(name.into_owned()).filter(|n| !n.is_empty())
    }
}

#[cfg(not(unix))]
fn account_name() -> Option<String> {
    None
}

/// Opens the database with the config for a command.
pub fn open_desk(cli: &Cli) -> Result<Desk> {
    let config = load_config(cli)?;
    crate::store::phase_times::mark("config");
    let (actor, _) = actor(cli, &config)?;
    let mut desk = Desk::open(&db_path(cli, Some(&config))?, config, actor)?;
    desk.set_now(fixed_now()?);
    Ok(desk)
}

/// Opens the console: it asks who the user is when only the OS user name is known
/// (and that is no agent), and remembers the answer in the config file.
fn console(cli: &Cli) -> Result<()> {
    let config = load_config(cli)?;
    let (actor, source) = actor(cli, &config)?;
    let mut desk = Desk::open(&db_path(cli, Some(&config))?, config, actor)?;
    desk.set_now(fixed_now()?);
    crate::tui::run(
        desk,
        crate::tui::Launch {
            config_path: cli.config.clone().or_else(Config::default_path),
            ask_who: source == ActorSource::Os,
        },
    )
}

/// `AFTERCARE_NOW` (Unix seconds or RFC 3339): a fixed clock, so that reports made
/// one after the other (or in tests) see the same moment.
fn fixed_now() -> Result<Option<i64>> {
    let Ok(v) = std::env::var("AFTERCARE_NOW") else {
        return Ok(None);
    };
    let v = v.trim();
    if v.is_empty() {
        return Ok(None);
    }
    if let Ok(secs) = v.parse::<i64>() {
        return Ok(Some(secs));
    }
    chrono::DateTime::parse_from_rfc3339(v)
        .map(|t| Some(t.timestamp()))
        .map_err(|_| {
            crate::error::Error::invalid(
                format!("AFTERCARE_NOW='{v}' is not a time"),
                "give Unix seconds or RFC 3339, e.g. 2026-11-27T12:00:00+08:00, or unset it",
            )
        })
}

/// Runs the parsed command line.
pub fn run(cli: Cli) -> Result<()> {
    crate::log::init(cli.log.as_deref())?;
    super::output::set_csv_raw(cli.csv_raw);
    // Markdown is for reports; every other command prints it as a table. HTML is
    // only for the reports that draw charts.
    if cli.format == super::Format::Html && !html_command(&cli.command) {
        return Err(crate::error::Error::invalid(
            "--format html is for `report dashboard` and `project report`",
            "use --format table, json or csv here",
        ));
    }
    let f = match cli.format {
        super::Format::Md | super::Format::Html => super::Format::Table,
        other => other,
    };
    match &cli.command {
        None => console(&cli),
        Some(Command::Completions { shell }) => {
            let mut cmd = super::command();
            let mut buf = Vec::new();
            clap_complete::generate(*shell, &mut cmd, "aftercare", &mut buf);
            super::output::emit(&String::from_utf8_lossy(&buf))
        }
        Some(Command::Man) => {
            let mut buf = Vec::new();
            clap_mangen::Man::new(super::command()).render(&mut buf)?;
            super::output::emit(&String::from_utf8_lossy(&buf))
        }
        Some(Command::Config(c)) => super::config_cmd::run(&cli, c),
        Some(Command::Demo { tickets, seed }) => {
            let mut desk = open_desk(&cli)?;
            super::db::demo(&mut desk, *tickets, *seed, f)
        }
        Some(Command::Ticket(c)) => super::tickets::run(&mut open_desk(&cli)?, c, f),
        Some(Command::Customer(c)) => super::people::customer(&mut open_desk(&cli)?, c, f),
        Some(Command::Agent(c)) => super::agent::run(&mut open_desk(&cli)?, c, f),
        Some(Command::Project(c)) => super::project::project(&mut open_desk(&cli)?, c, cli.format),
        Some(Command::Task(c)) => super::task::task(&mut open_desk(&cli)?, c, f),
        Some(Command::Milestone(c)) => super::task::milestone(&mut open_desk(&cli)?, c, f),
        Some(Command::Risk(c)) => super::risk::risk(&mut open_desk(&cli)?, c, f),
        Some(Command::Kb(c)) => super::projects::kb(&mut open_desk(&cli)?, c, f),
        Some(Command::Search(a)) => super::search::run(&open_desk(&cli)?, a, f),
        Some(Command::Playbook(c)) => super::playbook::run(&mut open_desk(&cli)?, c, f),
        Some(Command::Import(c)) => super::intake::import(&mut open_desk(&cli)?, c, f),
        Some(Command::Export(c)) => super::intake::export(&open_desk(&cli)?, c, f),
        Some(Command::Route { id, guard }) => {
            super::intake::route(&mut open_desk(&cli)?, *id, guard.if_version, f)
        }
        Some(Command::Db(c)) => super::db::run(&mut open_desk(&cli)?, c, f),
        Some(Command::Time(c)) => super::time::run(&mut open_desk(&cli)?, c, f),
        Some(Command::Report(c)) => super::report::run(&open_desk(&cli)?, c, cli.format),
        Some(Command::Sla(c)) => super::service::sla(&mut open_desk(&cli)?, c, f),
        Some(Command::Csat(c)) => super::service::csat(&mut open_desk(&cli)?, c, f),
        Some(Command::Visit(c)) => super::service::visit(&mut open_desk(&cli)?, c, f),
        Some(Command::Macro(c)) => super::service::macros(&open_desk(&cli)?, c, f),
        Some(Command::Reply(c)) => super::service::replies(&open_desk(&cli)?, c, f),
        Some(Command::Mail(c)) => super::mail::run(&mut open_desk(&cli)?, c, f),
    }
}

/// Whether a command can print HTML.
fn html_command(c: &Option<Command>) -> bool {
    matches!(
        c,
        Some(Command::Report(super::ReportCmd::Dashboard(_)))
            | Some(Command::Project(super::ProjectCmd::Report(_)))
    )
}
