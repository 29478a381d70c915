//! TLS for IMAP with rustls: Mozilla's roots plus an optional CA file, and the
//! stream type the IMAP client runs over (plain until STARTTLS, or TLS).

use crate::error::{Error, Result};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName};
use rustls::{ClientConfig, ClientConnection, RootCertStore, StreamOwned};
use std::io::{Read, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

/// A connection to a mail server: plain TCP, or TLS over it.
pub enum Stream {
    Plain(TcpStream),
    Tls(Box<StreamOwned<ClientConnection, TcpStream>>),
}

impl Stream {
    fn tcp(&self) -> &TcpStream {
        match self {
            Stream::Plain(t) => t,
            Stream::Tls(s) => s.get_ref(),
        }
    }
}

impl Read for Stream {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        match self {
            Stream::Plain(t) => t.read(buf),
            Stream::Tls(s) => s.read(buf),
        }
    }
}

impl Write for Stream {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self {
            Stream::Plain(t) => t.write(buf),
            Stream::Tls(s) => s.write(buf),
        }
    }
    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            Stream::Plain(t) => t.flush(),
            Stream::Tls(s) => s.flush(),
        }
    }
}

impl imap::extensions::idle::SetReadTimeout for Stream {
    fn set_read_timeout(&mut self, timeout: Option<Duration>) -> imap::Result<()> {
        self.tcp()
            .set_read_timeout(timeout)
            .map_err(imap::Error::Io)
    }
}

/// Opens a TCP connection to `host:port`, trying each address within `timeout`.
pub fn connect(host: &str, port: u16, timeout: Duration, what: &str) -> Result<TcpStream> {
    let addrs = (host, port)
        .to_socket_addrs()
        .map_err(|e| unreachable(what, host, port, &e.to_string()))?;
    let mut last = String::from("no address found");
    for a in addrs {
        match TcpStream::connect_timeout(&a, timeout) {
            Ok(t) => {
                t.set_read_timeout(Some(timeout))?;
                t.set_write_timeout(Some(timeout))?;
                return Ok(t);
            }
            Err(e) => last = e.to_string(),
        }
    }
    Err(unreachable(what, host, port, &last))
}

fn unreachable(what: &str, host: &str, port: u16, why: &str) -> Error {
    Error::invalid(
        format!("cannot connect to the {what} server {host}:{port}: {why}"),
        "check host and port in [mail] and that the server is running",
    )
}

/// The client configuration: Mozilla's roots, plus the certificates of `ca_file`.
pub fn client_config(ca_file: Option<&Path>) -> Result<Arc<ClientConfig>> {
    let mut roots = RootCertStore::empty();
    roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
    if let Some(path) = ca_file {
        let bad = |e: String| {
            Error::invalid(
                format!("cannot read the CA file '{}': {e}", path.display()),
                "ca_file must be a PEM file with one or more certificates",
            )
        };
        let certs = CertificateDer::pem_file_iter(path)
            .map_err(|e| bad(e.to_string()))?
            .collect::<std::result::Result<Vec<_>, _>>()
            .map_err(|e| bad(e.to_string()))?;
        if certs.is_empty() {
            return Err(bad("no certificate in it".into()));
        }
        for c in certs {
            roots.add(c).map_err(|e| bad(e.to_string()))?;
        }
    }
    // ring builds from crates.io with only a C compiler (aws-lc-rs needs cmake), and
    // lettre's SMTP side uses it too.
    #[allow(deprecated)]
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| Error::msg(format!("TLS setup: {e}")))?
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(Arc::new(config))
}

/// Runs the TLS handshake over `tcp` for `host`, so a bad certificate is reported
/// now with its reason rather than as a failed first command.
pub fn handshake(config: Arc<ClientConfig>, host: &str, tcp: TcpStream) -> Result<Stream> {
    let name = ServerName::try_from(host.to_string()).map_err(|e| {
        Error::invalid(
            format!("'{host}' is not a valid TLS server name: {e}"),
            "use the host name the server's certificate is issued for",
        )
    })?;
    let conn = ClientConnection::new(config, name)
        .map_err(|e| Error::msg(format!("TLS setup for {host}: {e}")))?;
    let mut s = StreamOwned::new(conn, tcp);
    while s.conn.is_handshaking() {
        s.conn.complete_io(&mut s.sock).map_err(|e| {
            Error::invalid(
                format!("TLS with {host} failed: {e}"),
                "for a self-signed or private certificate, name its CA in ca_file; \
                 check that `security` matches the port (tls: 993/465, starttls: 143/587)",
            )
        })?;
    }
    Ok(Stream::Tls(Box::new(s)))
}

/// IMAP's STARTTLS command (RFC 3501 6.2.1) on a connection whose greeting and
/// capabilities the imap crate has read. The crate sends STARTTLS only with its own
/// TLS set-up, which cannot trust a private CA (`ca_file`), so this one exchange is
/// done here: the tagged OK, then the caller runs the handshake.
pub fn imap_starttls(tcp: &mut TcpStream) -> std::io::Result<()> {
    tcp.write_all(b"x STARTTLS\r\n")?;
    tcp.flush()?;
    loop {
        // Byte by byte: nothing after the answer may be taken from the TLS handshake.
        let mut line = Vec::new();
        let mut b = [0u8; 1];
        while line.last() != Some(&b'\n') {
            if tcp.read(&mut b)? == 0 {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::UnexpectedEof,
                    "the server closed the connection",
                ));
            }
            line.push(b[0]);
            if line.len() > 8192 {
                return Err(std::io::Error::other("an answer line longer than 8 KiB"));
            }
        }
        let text = String::from_utf8_lossy(&line);
        if let Some(rest) = text.strip_prefix("x ") {
            return if rest.trim_start().to_ascii_uppercase().starts_with("OK") {
                Ok(())
            } else {
                Err(std::io::Error::other(rest.trim().to_string()))
            };
        }
    }
}
