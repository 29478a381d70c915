//! `aftercare config …`

use super::paths::db_path;
use super::{Cli, ConfigCmd};
use crate::config::{Config, ConfigError, DEFAULT_TOML};
use crate::error::{Error, Result};

/// Runs a config command.
pub fn run(cli: &Cli, cmd: &ConfigCmd) -> Result<()> {
    match cmd {
        ConfigCmd::Default => super::output::emit(DEFAULT_TOML),
        ConfigCmd::Paths => {
            let cfg = cli
                .config
                .clone()
                .or_else(Config::default_path)
                .map(|p| p.display().to_string())
                .unwrap_or_else(|| "(built-in)".into());
            let config = super::paths::load_config(cli).ok();
            let db = db_path(cli, config.as_ref())?.display().to_string();
            super::output::emit(&format!(
                "config    {cfg}\ndatabase  {}\n",
                crate::store::server::without_password(&db)
            ))
        }
        ConfigCmd::Check { path } => {
            let (path, explicit) = match path.clone().or_else(|| cli.config.clone()) {
                Some(p) => (p, true),
                None => match Config::default_path() {
                    Some(p) => (p, false),
                    None => return super::output::emit("ok: built-in configuration\n"),
                },
            };
            let text = match std::fs::read_to_string(&path) {
                Ok(t) => t,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound && !explicit => {
                    return super::output::emit(&format!(
                        "ok: {} does not exist; the built-in configuration is used\n",
                        path.display()
                    ));
                }
                Err(e) => {
                    return Err(Error::invalid(
                        format!("cannot read '{}': {e}", path.display()),
                        "check the path and the file's permissions",
                    ))
                }
            };
            let name = path.display().to_string();
            let mut problems: Vec<ConfigError> = Vec::new();
            let config = match Config::check_str(&text, &name) {
                Ok(c) => Some(c),
                Err(errs) => {
                    problems.extend(errs);
                    None
                }
            };
            if let Some(c) = &config {
                problems.extend(
                    crate::app::keys::check_bindings(&c.keys)
                        .into_iter()
                        .filter(|e| e.file == name),
                );
            }
            if problems.is_empty() {
                let c = config.expect("no problems means it parsed");
                let stages: usize = c.workflow.flows.values().map(|f| f.stages.len()).sum();
                return super::output::emit(&format!(
                    "ok: {name}: {} flows, {} stages, {} ticket types\n",
                    c.workflow.flows.len(),
                    stages,
                    c.workflow.types.len()
                ));
            }
            // All but the last are printed here; the last becomes the command's error.
            let last = problems.pop().expect("not empty");
            for p in &problems {
                eprintln!("error: {p}");
                if let Some(h) = &p.hint {
                    eprintln!("hint: {h}");
                }
            }
            Err(Error::Config(last))
        }
    }
}
