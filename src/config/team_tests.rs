//! Tests of the `[team]` section.

use crate::config::{Config, DEFAULT_TOML};

fn with(team: &str) -> Result<Config, Vec<crate::config::ConfigError>> {
    let text = DEFAULT_TOML.replace("round_robin = []\n", &format!("round_robin = []\n{team}\n"));
    Config::check_str(&text, "t.toml")
}

#[test]
fn the_default_team_section() {
    let t = Config::builtin().team;
    assert_eq!(t.weights.urgent, 4.0);
    assert_eq!(t.weights.low, 0.5);
    assert_eq!(t.load_window_days, 7);
    assert_eq!(t.overload_streak_days, 3);
    assert!(t.round_robin.is_empty());
}

#[test]
fn values_are_checked_with_positions() {
    let text = DEFAULT_TOML
        .replace("urgent = 4,", "urgent = -1,")
        .replace("load_window_days = 7", "load_window_days = 0")
        .replace(
            "round_robin = []",
            "round_robin = [\"logistics\", \"nope\"]",
        );
    let errs = Config::check_str(&text, "t.toml").unwrap_err();
    let msgs: Vec<String> = errs.iter().map(|e| e.to_string()).collect();
    assert_eq!(errs.len(), 3, "{msgs:?}");
    assert!(msgs[0].contains("ticket weight"), "{msgs:?}");
    assert!(msgs[1].contains("load_window_days must be between 1 and 366"));
    assert!(msgs[2].contains("'nope' is not a routing group"));
    let line = DEFAULT_TOML
        .lines()
        .position(|l| l.starts_with("round_robin"))
        .unwrap()
        + 1;
    assert_eq!(errs[2].line, line);
    assert!(errs[2].hint.as_deref().unwrap().contains("logistics"));
}

#[test]
fn unknown_keys_are_refused() {
    let errs = with("overload_days = 2").unwrap_err();
    assert!(errs[0].message.contains("unknown field"), "{errs:?}");
    let off = DEFAULT_TOML.replace("overload_streak_days = 3", "overload_streak_days = 0");
    assert_eq!(
        Config::check_str(&off, "t.toml")
            .unwrap()
            .team
            .overload_streak_days,
        0
    );
    let c = Config::check_str(
        &DEFAULT_TOML.replace("round_robin = []", "round_robin = [\"logistics\"]"),
        "t.toml",
    )
    .unwrap();
    assert!(c.team.is_round_robin("logistics"));
    assert!(!c.team.is_round_robin("sales"));
}
