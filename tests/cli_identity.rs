//! Who is acting on the command line: `--actor` / AFTERCARE_ACTOR, then the config's
//! `[ui] agent` (written by the console on first start), then the OS user.

mod common;
use common::Env;

fn creator(env: &Env, extra_env: &[(&str, &str)], args: &[&str]) -> String {
    let mut all = vec![
        "ticket",
        "new",
        "--title",
        "谁建的 who made it",
        "--format",
        "json",
    ];
    all.extend(args);
    let mut c = env.cmd(&all);
    c.env_remove("AFTERCARE_ACTOR").env("USER", "osuser");
    for (k, v) in extra_env {
        c.env(k, v);
    }
    let out = c.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    v["updated_by"].as_str().unwrap().to_string()
}

#[test]
fn the_config_agent_names_the_actor_unless_actor_is_given() {
    let env = Env::new();
    let config = env.dir.path().join("config.toml");
    std::fs::write(&config, "[ui]\nlanguage = \"en\"\nagent = \"李娜\"\n").unwrap();
    let cfg = config.to_str().unwrap();
    assert_eq!(creator(&env, &[], &["--config", cfg]), "李娜");
    assert_eq!(
        creator(&env, &[("AFTERCARE_ACTOR", "王伟")], &["--config", cfg]),
        "王伟"
    );
    assert_eq!(
        creator(&env, &[], &["--config", cfg, "--actor", "张敏"]),
        "张敏"
    );
    // Without it, the OS user.
    assert_eq!(creator(&env, &[], &[]), "osuser");
}

#[test]
fn an_empty_config_agent_is_a_config_error_with_its_place() {
    let env = Env::new();
    let config = env.dir.path().join("config.toml");
    std::fs::write(&config, "[ui]\nagent = \"  \"\n").unwrap();
    let err = env.fails(&["config", "check", config.to_str().unwrap()], 1);
    assert!(
        err.contains("config.toml:2:9: agent cannot be empty"),
        "{err}"
    );
}
