//! Passwords from where the config says: an environment variable or a command's
//! output (`pass show …`), never from the config file or the database.

use crate::config::Secret;
use crate::error::{Error, Result};
use std::process::{Command, Stdio};

/// The password of the `what` login (e.g. "IMAP"), read now.
pub fn resolve(secret: &Secret, what: &str) -> Result<String> {
    match secret {
        Secret::Env(var) => match std::env::var(var) {
            Ok(v) if !v.is_empty() => Ok(v),
            _ => Err(Error::invalid(
                format!("the {what} password: environment variable {var} is not set"),
                format!("export {var}=… before running, or use password_cmd in [mail]"),
            )),
        },
        Secret::Command(cmd) => {
            let out = Command::new("sh")
                .arg("-c")
                .arg(cmd)
                .stdin(Stdio::null())
                .output()
                .map_err(|e| {
                    Error::invalid(
                        format!("the {what} password: cannot run password_cmd: {e}"),
                        "check password_cmd in [mail]",
                    )
                })?;
            if !out.status.success() {
                let why = String::from_utf8_lossy(&out.stderr);
                let why = why.lines().next().unwrap_or("").trim();
                return Err(Error::invalid(
                    format!(
                        "the {what} password: password_cmd failed ({}){}",
                        out.status,
                        if why.is_empty() {
                            String::new()
                        } else {
                            format!(": {why}")
                        }
                    ),
                    "run the command by hand to see what it needs",
                ));
            }
            let text = String::from_utf8_lossy(&out.stdout);
            let first = text.lines().next().unwrap_or("").trim_end_matches('\r');
            if first.is_empty() {
                return Err(Error::invalid(
                    format!("the {what} password: password_cmd printed nothing"),
                    "the command must print the password on its first line",
                ));
            }
            Ok(first.to_string())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_give_their_first_line_and_failures_say_why() {
        let s = Secret::Command("printf 's3cr3t\\nignored'".into());
        assert_eq!(resolve(&s, "IMAP").unwrap(), "s3cr3t");
        let e = resolve(&Secret::Command("echo nope >&2; exit 3".into()), "SMTP").unwrap_err();
        assert!(e.to_string().contains("password_cmd failed") && e.to_string().contains("nope"));
        let e = resolve(&Secret::Command("true".into()), "SMTP").unwrap_err();
        assert!(e.to_string().contains("printed nothing"));
        let e = resolve(
            &Secret::Env("AFTERCARE_TEST_SURELY_UNSET_VAR".into()),
            "IMAP",
        )
        .unwrap_err();
        assert!(e
            .to_string()
            .contains("AFTERCARE_TEST_SURELY_UNSET_VAR is not set"));
    }
}
