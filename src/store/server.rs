//! Reaching a PostgreSQL server: the `postgres://` URL as libpq reads it (with
//! `sslmode` and `sslrootcert`), the password from the URL, `PGPASSWORD`, `~/.pgpass`
//! or `[storage] password_cmd` (never from the config file), and TLS through rustls.

use super::conn::PgConn;
use crate::config::StorageConfig;
use crate::error::{Error, Result};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Whether `db` names a server (`postgres://…` or `postgresql://…`) rather than a file.
pub fn is_url(db: &str) -> bool {
    let lower = db.trim_start().to_ascii_lowercase();
    lower.starts_with("postgres://") || lower.starts_with("postgresql://")
}

/// libpq's `sslmode`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SslMode {
    Disable,
    Allow,
    Prefer,
    Require,
    VerifyCa,
    VerifyFull,
}

impl SslMode {
    fn parse(s: &str) -> Result<SslMode> {
        Ok(match s {
            "disable" => SslMode::Disable,
            "allow" => SslMode::Allow,
            "prefer" => SslMode::Prefer,
            "require" => SslMode::Require,
            "verify-ca" => SslMode::VerifyCa,
            "verify-full" => SslMode::VerifyFull,
            other => {
                return Err(Error::invalid(
                    format!("unknown sslmode '{other}'"),
                    "use disable, allow, prefer, require, verify-ca or verify-full",
                ))
            }
        })
    }
}

/// A server address taken apart: what `postgres::Config` understands, plus the TLS
/// settings it does not.
#[derive(Debug, Clone)]
pub struct Target {
    pub config: postgres::Config,
    pub ssl: SslMode,
    pub root_cert: Option<String>,
    /// The URL without its password, for messages and `db info`.
    pub shown: String,
}

/// Query parameters handled here rather than by the driver.
const OURS: &[&str] = &["sslmode", "sslrootcert"];

/// Reads a `postgres://user@host:port/db?sslmode=…` URL; environment variables fill
/// in what it leaves out, as libpq does (PGUSER, PGHOST, PGPORT, PGDATABASE,
/// PGSSLMODE, PGSSLROOTCERT).
pub fn parse(url: &str) -> Result<Target> {
    let url = url.trim();
    let bad = |why: String| {
        Error::invalid(
            format!("cannot read the database URL: {why}"),
            "write it as postgres://USER@HOST:PORT/DATABASE?sslmode=require",
        )
    };
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, q),
        None => (url, ""),
    };
    let mut kept: Vec<&str> = Vec::new();
    let mut ssl: Option<String> = std::env::var("PGSSLMODE").ok();
    let mut root_cert: Option<String> = std::env::var("PGSSLROOTCERT").ok();
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        let v = percent_decode(v);
        match k {
            "sslmode" => ssl = Some(v),
            "sslrootcert" => root_cert = Some(v),
            "sslcert" | "sslkey" => return Err(Error::invalid(
                "client certificates (sslcert, sslkey) are not supported",
                "authenticate with a password (PGPASSWORD, ~/.pgpass or [storage] password_cmd)",
            )),
            "password" => return Err(bad("give the password outside the URL".into())),
            _ if OURS.contains(&k) => {}
            _ => kept.push(pair),
        }
    }
    let rebuilt = if kept.is_empty() {
        base.to_string()
    } else {
        format!("{base}?{}", kept.join("&"))
    };
    let mut config: postgres::Config = rebuilt.parse().map_err(|e| bad(format!("{e}")))?;
    if config.get_user().is_none() {
        let user = std::env::var("PGUSER")
            .or_else(|_| std::env::var("USER"))
            .or_else(|_| std::env::var("LOGNAME"))
            .map_err(|_| bad("no user name: write postgres://USER@HOST/DATABASE".into()))?;
        config.user(&user);
    }
    if config.get_hosts().is_empty() {
        match std::env::var("PGHOST") {
            Ok(h) if h.starts_with('/') => {
                config.host_path(h);
            }
            Ok(h) => {
                config.host(&h);
            }
            Err(_) => default_host(&mut config),
        }
    }
    if config.get_ports().is_empty() {
        if let Some(p) = std::env::var("PGPORT").ok().and_then(|p| p.parse().ok()) {
            config.port(p);
        }
    }
    if config.get_dbname().is_none() {
        let db = std::env::var("PGDATABASE")
            .ok()
            .or_else(|| config.get_user().map(str::to_string))
            .unwrap_or_default();
        config.dbname(&db);
    }
    if config.get_connect_timeout().is_none() {
        config.connect_timeout(std::time::Duration::from_secs(10));
    }
    config.application_name("aftercare");
    let ssl = SslMode::parse(ssl.as_deref().unwrap_or("prefer"))?;
    Ok(Target {
        config,
        ssl,
        root_cert,
        shown: without_password(url),
    })
}

/// The Unix socket folder libpq would use, else the local host over TCP.
fn default_host(config: &mut postgres::Config) {
    for dir in ["/var/run/postgresql", "/run/postgresql", "/tmp"] {
        let port = config.get_ports().first().copied().unwrap_or(5432);
        if Path::new(dir).join(format!(".s.PGSQL.{port}")).exists() {
            config.host_path(dir);
            return;
        }
    }
    config.host("localhost");
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            if let Ok(v) = u8::from_str_radix(&s[i + 1..i + 3], 16) {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(if b[i] == b'+' { b' ' } else { b[i] });
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The URL with any password replaced by `***`.
pub fn without_password(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let (auth, tail) = match rest.find(['/', '?']) {
        Some(i) => rest.split_at(i),
        None => (rest, ""),
    };
    match auth.rsplit_once('@') {
        Some((userinfo, host)) => match userinfo.split_once(':') {
            Some((user, _)) => format!("{scheme}://{user}:***@{host}{tail}"),
            None => url.to_string(),
        },
        None => url.to_string(),
    }
}

/// Opens a connection: password from the URL, PGPASSWORD or ~/.pgpass; when the
/// server asks for one that none of them gave, from `password_cmd`.
/// Returns the connection and the target with the password that worked (for a
/// second connection that must not ask again).
pub(crate) fn connect(target: &Target, cfg: &StorageConfig) -> Result<(PgConn, Target)> {
    let mut config = target.config.clone();
    let mut pgpass_note = None;
    if config.get_password().is_none() {
        if let Ok(p) = std::env::var("PGPASSWORD") {
            config.password(p);
        } else {
            match pgpass_lookup(&config) {
                Ok(Some(p)) => {
                    config.password(p);
                }
                Ok(None) => {}
                Err(note) => pgpass_note = Some(note),
            }
        }
    }
    let first = open(&config, target);
    let client = match first {
        Err(e) if config.get_password().is_none() && asks_password(&e) => {
            let Some(cmd) = cfg.password_cmd.as_deref() else {
                return Err(fail(target, e, pgpass_note));
            };
            config.password(run_password_cmd(cmd)?);
            open(&config, target).map_err(|e| fail(target, e, None))?
        }
        Err(e) => return Err(fail(target, e, pgpass_note)),
        Ok(c) => c,
    };
    // A writer waits this long for another's row lock before giving up, like SQLite's
    // busy timeout.
    let conn = PgConn::new(client, cfg.busy_timeout_ms)?;
    let mut used = target.clone();
    used.config = config;
    Ok((conn, used))
}

/// Stops what `conn` is running, from any thread: a cancel request to the server
/// over a new connection made the way `target` says (TLS or not).
pub(crate) fn canceller(conn: &PgConn, target: &Target) -> Box<dyn Fn() + Send> {
    let Ok(token) = conn.cancel_token() else {
        return Box::new(|| {});
    };
    let target = target.clone();
    Box::new(move || {
        // A refused request only means the statement runs to its end (or budget).
        let plain = token.cancel_query(postgres::NoTls);
        if plain.is_err() && target.ssl != SslMode::Disable {
            if let Ok(t) = tls(&target) {
                let _ = token.cancel_query(t);
            }
        }
    })
}

/// An error with everything it was caused by, on one line.
fn chain(e: &postgres::Error) -> String {
    let mut s = e.to_string();
    let mut src = std::error::Error::source(e);
    while let Some(inner) = src {
        s = format!("{s}: {inner}");
        src = inner.source();
    }
    s
}

fn asks_password(e: &OpenError) -> bool {
    match e {
        OpenError::Server(e) => {
            let text = chain(e);
            text.contains("password missing") || text.contains("password authentication failed")
        }
        OpenError::Tls(_) => false,
    }
}

fn fail(target: &Target, e: OpenError, pgpass: Option<String>) -> Error {
    let shown = &target.shown;
    let e = match e {
        OpenError::Server(e) => e,
        OpenError::Tls(why) => {
            return crate::store::db_other(
                format!("cannot connect to {shown}: {why}"),
                Some(
                    "give sslrootcert=FILE (the server's CA) or sslrootcert=system in the URL"
                        .into(),
                ),
            )
        }
    };
    let code = e.code().map(|c| c.code().to_string());
    let detail = e
        .as_db_error()
        .map(|d| d.message().to_string())
        .unwrap_or_else(|| chain(&e));
    let hint = match code.as_deref() {
        Some("28P01") | Some("28000") => format!(
            "give the password in PGPASSWORD, ~/.pgpass or [storage] password_cmd{}",
            pgpass.map(|n| format!(" ({n})")).unwrap_or_default()
        ),
        Some("3D000") => {
            "create the database first: createdb -O USER DATABASE (README: Team server)".into()
        }
        _ if detail.contains("password missing") => format!(
            "the server wants a password: set PGPASSWORD, add it to ~/.pgpass, or set [storage] password_cmd{}",
            pgpass.map(|n| format!(" ({n})")).unwrap_or_default()
        ),
        _ if detail.contains("certificate") || detail.contains("tls") || detail.contains("TLS") => {
            "check sslmode and sslrootcert (verify-full needs the server's CA and host name)".into()
        }
        _ => "check that the server is running and the host, port and database are right".into(),
    };
    crate::store::db_other(format!("cannot connect to {shown}: {detail}"), Some(hint))
}

/// Why a connection could not be opened.
enum OpenError {
    Server(postgres::Error),
    /// The TLS settings cannot be used (a missing or bad root certificate).
    Tls(String),
}

impl From<postgres::Error> for OpenError {
    fn from(e: postgres::Error) -> Self {
        OpenError::Server(e)
    }
}

fn open(
    config: &postgres::Config,
    target: &Target,
) -> std::result::Result<postgres::Client, OpenError> {
    use postgres::config::SslMode as Mode;
    let mut config = config.clone();
    match target.ssl {
        SslMode::Disable => {
            config.ssl_mode(Mode::Disable);
            return Ok(config.connect(postgres::NoTls)?);
        }
        SslMode::Allow => {
            // Plain first, TLS if the server insists (libpq's order).
            config.ssl_mode(Mode::Disable);
            if let Ok(c) = config.connect(postgres::NoTls) {
                return Ok(c);
            }
            config.ssl_mode(Mode::Require);
        }
        SslMode::Prefer => {
            config.ssl_mode(Mode::Prefer);
        }
        _ => {
            config.ssl_mode(Mode::Require);
        }
    }
    match tls(target) {
        Ok(t) => Ok(config.connect(t)?),
        Err(why) => Err(OpenError::Tls(why)),
    }
}

fn tls(target: &Target) -> std::result::Result<tokio_postgres_rustls::MakeRustlsConnect, String> {
    use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
    use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
    use rustls::{DigitallySignedStruct, SignatureScheme};

    /// Encrypts without checking who is on the other side (`prefer`, `require`).
    #[derive(Debug)]
    struct Unverified(Arc<rustls::crypto::CryptoProvider>);
    /// Checks the certificate chain but not the host name (`verify-ca`).
    #[derive(Debug)]
    struct ChainOnly(Arc<rustls::client::WebPkiServerVerifier>);

    impl ServerCertVerifier for Unverified {
        fn verify_server_cert(
            &self,
            _: &CertificateDer<'_>,
            _: &[CertificateDer<'_>],
            _: &ServerName<'_>,
            _: &[u8],
            _: UnixTime,
        ) -> std::result::Result<ServerCertVerified, rustls::Error> {
            Ok(ServerCertVerified::assertion())
        }
        fn verify_tls12_signature(
            &self,
            m: &[u8],
            c: &CertificateDer<'_>,
            d: &DigitallySignedStruct,
        ) -> std::result::Result<HandshakeSignatureValid, rustls::Error> {
            rustls::crypto::verify_tls12_signature(
                m,
                c,
                d,
                &self.0.signature_verification_algorithms,
            )
        }
        fn verify_tls13_signature(
            &self,
            m: &[u8],
            c: &CertificateDer<'_>,
            d: &DigitallySignedStruct,
        ) -> std::result::Result<HandshakeSignatureValid, rustls::Error> {
            rustls::crypto::verify_tls13_signature(
                m,
                c,
                d,
                &self.0.signature_verification_algorithms,
            )
        }
        fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
            self.0.signature_verification_algorithms.supported_schemes()
        }
    }

    impl ServerCertVerifier for ChainOnly {
        fn verify_server_cert(
            &self,
            end: &CertificateDer<'_>,
            inter: &[CertificateDer<'_>],
            name: &ServerName<'_>,
            ocsp: &[u8],
            now: UnixTime,
        ) -> std::result::Result<ServerCertVerified, rustls::Error> {
            use rustls::CertificateError as C;
            match self.0.verify_server_cert(end, inter, name, ocsp, now) {
                Err(rustls::Error::InvalidCertificate(
                    C::NotValidForName | C::NotValidForNameContext { .. },
                )) => Ok(ServerCertVerified::assertion()),
                other => other,
            }
        }
        fn verify_tls12_signature(
            &self,
            m: &[u8],
            c: &CertificateDer<'_>,
            d: &DigitallySignedStruct,
        ) -> std::result::Result<HandshakeSignatureValid, rustls::Error> {
            self.0.verify_tls12_signature(m, c, d)
        }
        fn verify_tls13_signature(
            &self,
            m: &[u8],
            c: &CertificateDer<'_>,
            d: &DigitallySignedStruct,
        ) -> std::result::Result<HandshakeSignatureValid, rustls::Error> {
            self.0.verify_tls13_signature(m, c, d)
        }
        fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
            self.0.supported_verify_schemes()
        }
    }

    // The process's provider: ring, the only one compiled in (aws-lc-rs would need
    // cmake and a C toolchain to build).
    let builder = rustls::ClientConfig::builder();
    let provider = rustls::crypto::CryptoProvider::get_default()
        .cloned()
        .ok_or("no TLS crypto provider")?;
    // libpq: `require` with a root certificate given behaves as `verify-ca`.
    let mode = match (target.ssl, &target.root_cert) {
        (SslMode::Require, Some(_)) => SslMode::VerifyCa,
        (m, _) => m,
    };
    let config = match mode {
        SslMode::VerifyCa | SslMode::VerifyFull => {
            let roots = Arc::new(roots(target.root_cert.as_deref())?);
            let webpki =
                rustls::client::WebPkiServerVerifier::builder_with_provider(roots, provider)
                    .build()
                    .map_err(|e| e.to_string())?;
            if mode == SslMode::VerifyFull {
                builder.with_webpki_verifier(webpki).with_no_client_auth()
            } else {
                builder
                    .dangerous()
                    .with_custom_certificate_verifier(Arc::new(ChainOnly(webpki)))
                    .with_no_client_auth()
            }
        }
        _ => builder
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(Unverified(provider)))
            .with_no_client_auth(),
    };
    Ok(tokio_postgres_rustls::MakeRustlsConnect::new(config))
}

/// The trusted roots: a PEM file, `system` for the operating system's store, or
/// libpq's default `~/.postgresql/root.crt`.
fn roots(root_cert: Option<&str>) -> std::result::Result<rustls::RootCertStore, String> {
    use rustls::pki_types::pem::PemObject;
    use rustls::pki_types::CertificateDer;
    let mut store = rustls::RootCertStore::empty();
    if root_cert == Some("system") {
        let found = rustls_native_certs::load_native_certs();
        for c in found.certs {
            let _ = store.add(c);
        }
        if store.is_empty() {
            return Err("no system certificates found for sslrootcert=system".into());
        }
        return Ok(store);
    }
    let path = match root_cert {
        Some(p) => PathBuf::from(p),
        None => home()
            .map(|h| h.join(".postgresql/root.crt"))
            .ok_or("no sslrootcert given and no home folder")?,
    };
    let certs = CertificateDer::pem_file_iter(&path)
        .map_err(|e| format!("cannot read sslrootcert {}: {e}", path.display()))?;
    for c in certs {
        let c = c.map_err(|e| format!("bad certificate in {}: {e}", path.display()))?;
        store
            .add(c)
            .map_err(|e| format!("unusable certificate in {}: {e}", path.display()))?;
    }
    if store.is_empty() {
        return Err(format!("no certificates in {}", path.display()));
    }
    Ok(store)
}

fn home() -> Option<PathBuf> {
    std::env::var_os("HOME").map(PathBuf::from)
}

/// The password `~/.pgpass` (or PGPASSFILE) holds for this connection. A file that
/// others may read is ignored, as libpq does; the error says so for the hint.
fn pgpass_lookup(config: &postgres::Config) -> std::result::Result<Option<String>, String> {
    let path = match std::env::var_os("PGPASSFILE") {
        Some(p) => PathBuf::from(p),
        None => match home() {
            Some(h) => h.join(".pgpass"),
            None => return Ok(None),
        },
    };
    let Ok(meta) = std::fs::metadata(&path) else {
        return Ok(None);
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if meta.permissions().mode() & 0o077 != 0 {
            return Err(format!(
                "{} was ignored: others may read it (chmod 600 it)",
                path.display()
            ));
        }
    }
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let host = match config.get_hosts().first() {
        Some(postgres::config::Host::Tcp(h)) => h.clone(),
        // libpq matches socket connections against "localhost".
        _ => "localhost".to_string(),
    };
    let port = config
        .get_ports()
        .first()
        .copied()
        .unwrap_or(5432)
        .to_string();
    let db = config.get_dbname().unwrap_or_default();
    let user = config.get_user().unwrap_or_default();
    Ok(pgpass_match(&text, &[&host, &port, db, user]))
}

/// The first line of a .pgpass text whose four fields match (`*` matches anything).
pub fn pgpass_match(text: &str, want: &[&str; 4]) -> Option<String> {
    for line in text.lines() {
        if line.trim_start().starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let fields = split_pgpass(line);
        if fields.len() < 5 {
            continue;
        }
        let ok = fields[..4]
            .iter()
            .zip(want.iter())
            .all(|(f, w)| f == "*" || f == w);
        if ok {
            return Some(fields[4..].join(":"));
        }
    }
    None
}

/// Splits a .pgpass line on `:`, honouring `\:` and `\\`.
fn split_pgpass(line: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let Some(n) = chars.next() {
                    if let Some(last) = out.last_mut() {
                        last.push(n);
                    }
                }
            }
            ':' if out.len() < 5 => out.push(String::new()),
            c => {
                if let Some(last) = out.last_mut() {
                    last.push(c);
                }
            }
        }
    }
    out
}

/// Runs `[storage] password_cmd` (split like a shell line, run without a shell) and
/// takes the first line it prints.
fn run_password_cmd(cmd: &str) -> Result<String> {
    let words = shell_words::split(cmd).map_err(|e| {
        Error::invalid(
            format!("cannot read [storage] password_cmd: {e}"),
            "quote it as a shell would, e.g. \"pass show 'aftercare/db'\"",
        )
    })?;
    let Some((prog, args)) = words.split_first() else {
        return Err(Error::invalid(
            "[storage] password_cmd is empty",
            "set it to a command that prints the password, e.g. \"pass show aftercare/db\"",
        ));
    };
    let out = std::process::Command::new(prog)
        .args(args)
        .stdin(std::process::Stdio::inherit())
        .stderr(std::process::Stdio::inherit())
        .output()
        .map_err(|e| {
            crate::store::db_other(
                format!("cannot run [storage] password_cmd '{prog}': {e}"),
                Some("check the command in the config file".into()),
            )
        })?;
    if !out.status.success() {
        return Err(crate::store::db_other(
            format!("[storage] password_cmd '{prog}' failed ({})", out.status),
            Some("run the command by hand to see why".into()),
        ));
    }
    let text = String::from_utf8_lossy(&out.stdout);
    Ok(text.lines().next().unwrap_or_default().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_and_paths() {
        assert!(is_url("postgres://desk@db/support"));
        assert!(is_url("postgresql://db"));
        assert!(!is_url("/var/lib/aftercare.db"));
        assert!(!is_url("postgres.db"));
    }

    #[test]
    fn parses_libpq_urls() {
        let t = parse("postgres://desk@db.example:5433/support?sslmode=verify-full&sslrootcert=/ca.pem&connect_timeout=3").unwrap();
        assert_eq!(t.ssl, SslMode::VerifyFull);
        assert_eq!(t.root_cert.as_deref(), Some("/ca.pem"));
        assert_eq!(t.config.get_user(), Some("desk"));
        assert_eq!(t.config.get_dbname(), Some("support"));
        assert_eq!(t.config.get_ports(), &[5433]);
        assert_eq!(
            t.config.get_connect_timeout(),
            Some(&std::time::Duration::from_secs(3))
        );
        let e = parse("postgres://desk@db/x?sslmode=sometimes").unwrap_err();
        assert!(e.to_string().contains("sslmode"), "{e}");
    }

    #[test]
    fn passwords_are_never_shown() {
        assert_eq!(
            without_password("postgres://desk:s3cret@db:5432/support?sslmode=require"),
            "postgres://desk:***@db:5432/support?sslmode=require"
        );
        assert_eq!(
            without_password("postgres://desk@db/support"),
            "postgres://desk@db/support"
        );
    }

    #[test]
    fn pgpass_lines_match_like_libpq() {
        let text = "# comment\n\
                    other:5432:*:desk:wrong\n\
                    db:5432:support:desk:pa\\:ss\n\
                    *:*:*:*:fallback\n";
        assert_eq!(
            pgpass_match(text, &["db", "5432", "support", "desk"]).as_deref(),
            Some("pa:ss")
        );
        assert_eq!(
            pgpass_match(text, &["x", "1", "y", "z"]).as_deref(),
            Some("fallback")
        );
        assert_eq!(pgpass_match("a:b:c:d\n", &["a", "b", "c", "d"]), None);
    }
}
