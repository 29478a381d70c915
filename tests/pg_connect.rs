//! Reaching the server: `sslmode` as libpq spells it (TLS through rustls), the
//! password from PGPASSWORD, ~/.pgpass or `[storage] password_cmd` (never from the
//! config file), `[storage] url`, and the errors a person gets when something is
//! wrong. Runs when AFTERCARE_TEST_PG_URL names a server.

mod common;
use common::Env;

/// The URL without its password, and the password.
fn split(url: &str) -> (String, String) {
    let (scheme, rest) = url.split_once("://").unwrap();
    let (auth, tail) = rest.split_once('@').unwrap();
    let (user, password) = auth.split_once(':').unwrap();
    (format!("{scheme}://{user}@{tail}"), password.to_string())
}

/// `url` with a query parameter added.
fn with(url: &str, param: &str) -> String {
    let sep = if url.contains('?') { '&' } else { '?' };
    format!("{url}{sep}{param}")
}

#[test]
fn sslmode_as_libpq_spells_it() {
    let Some(server) = Env::postgres() else {
        return;
    };
    server.ticket("t", &[]);
    let url = server.db.to_str().unwrap();
    let info = |u: &str| Env::at(u.into()).json(&["db", "info"]);
    assert_eq!(info(&with(url, "sslmode=require"))["encrypted"], true);
    assert_eq!(info(&with(url, "sslmode=prefer"))["encrypted"], true);
    assert_eq!(info(&with(url, "sslmode=disable"))["encrypted"], false);
    assert_eq!(info(&with(url, "sslmode=require"))["tickets"], 1);
    // Verifying needs a root certificate: a clear error without one.
    let e = Env::at(with(url, "sslmode=verify-full").into()).fails(&["db", "info"], 1);
    assert!(e.contains("sslrootcert"), "{e}");
    let e = Env::at(with(url, "sslmode=sometimes").into()).fails(&["db", "info"], 1);
    assert!(e.contains("unknown sslmode"), "{e}");
    // Debian's server uses its own self-signed certificate: trusted as the root, the
    // chain checks out (verify-ca); its name is not 127.0.0.1 (verify-full refuses).
    let snakeoil = "/etc/ssl/certs/ssl-cert-snakeoil.pem";
    if std::path::Path::new(snakeoil).exists() && url.contains("@127.0.0.1") {
        let ca = with(url, &format!("sslmode=verify-ca&sslrootcert={snakeoil}"));
        assert_eq!(info(&ca)["encrypted"], true);
        let full = with(url, &format!("sslmode=verify-full&sslrootcert={snakeoil}"));
        let e = Env::at(full.into()).fails(&["db", "info"], 1);
        assert!(e.contains("not valid for name"), "{e}");
    }
}

#[test]
fn the_password_comes_from_the_environment_pgpass_or_a_command() {
    let Some(server) = Env::postgres() else {
        return;
    };
    let (bare, password) = split(server.db.to_str().unwrap());
    let env = Env::at(bare.clone().into());
    // None given: the server asks, the error says where a password can come from.
    let e = env.fails(&["db", "info"], 1);
    assert!(
        e.contains("PGPASSWORD") && e.contains("pgpass") && !e.contains(&password),
        "{e}"
    );
    // PGPASSWORD.
    env.cmd(&["db", "info"])
        .env("PGPASSWORD", &password)
        .assert()
        .success();
    // ~/.pgpass, only when others cannot read it (as libpq).
    let pgpass = env.dir.path().join(".pgpass");
    std::fs::write(&pgpass, format!("# test\n*:*:*:*:{password}\n")).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&pgpass, std::fs::Permissions::from_mode(0o644)).unwrap();
    let e = env.fails(&["db", "info"], 1);
    assert!(e.contains("chmod 600"), "{e}");
    std::fs::set_permissions(&pgpass, std::fs::Permissions::from_mode(0o600)).unwrap();
    env.ok(&["db", "info"]);
    std::fs::remove_file(&pgpass).unwrap();
    // [storage] password_cmd, with the server named by [storage] url (no --db).
    let secret = env.dir.path().join("secret");
    std::fs::write(&secret, format!("{password}\n")).unwrap();
    let config = env.dir.path().join("config.toml");
    std::fs::write(
        &config,
        format!(
            "[storage]\nurl = \"{bare}\"\npassword_cmd = \"cat '{}'\"\n",
            secret.display()
        ),
    )
    .unwrap();
    let out = assert_cmd::Command::cargo_bin("aftercare")
        .unwrap()
        .env_clear()
        .env("HOME", env.dir.path())
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .args([
            "--config",
            config.to_str().unwrap(),
            "ticket",
            "new",
            "--title",
            "x",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(server.sql_i64("SELECT count(*) FROM tickets"), 1);
    // A password in the config file's url is refused, with where the error is.
    std::fs::write(
        &config,
        format!("[storage]\nurl = \"{}\"\n", server.db.display()),
    )
    .unwrap();
    let e = env.fails(&["config", "check", config.to_str().unwrap()], 1);
    assert!(
        e.contains("config.toml:2:7") && e.contains("password"),
        "{e}"
    );
    assert!(!e.contains(&password), "{e}");
}

#[test]
fn a_server_that_is_not_there_or_not_ours_is_a_clean_error() {
    let Some(server) = Env::postgres() else {
        return;
    };
    let url = server.db.to_str().unwrap();
    // Nothing listens on port 1.
    let closed = url.replacen(":5432/", ":1/", 1);
    if closed != url {
        let e = Env::at(closed.into()).fails(&["ticket", "list"], 1);
        assert!(e.contains("cannot connect") && e.contains("hint:"), "{e}");
        assert!(!e.contains(&split(url).1), "no password in messages: {e}");
    }
    // A database that does not exist.
    let (base, _) = url.rsplit_once('/').unwrap();
    let e = Env::at(format!("{base}/no_such_database_here").into()).fails(&["ticket", "list"], 1);
    assert!(
        e.contains("does not exist") && e.contains("createdb"),
        "{e}"
    );
    // Someone else's tables: refused, left alone.
    server
        .sql("CREATE TABLE payroll (id BIGINT PRIMARY KEY); DROP TABLE aftercare_schema CASCADE;");
    let e = server.fails(&["ticket", "list"], 1);
    assert!(e.contains("not aftercare's"), "{e}");
    assert_eq!(server.sql_i64("SELECT count(*) FROM payroll"), 0);
}
