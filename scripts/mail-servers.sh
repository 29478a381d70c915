#!/usr/bin/env bash
# Real mail servers for aftercare's mail tests: Postfix (SMTP) and Dovecot (IMAP) from
# Debian's packages, on loopback only, with TLS on a certificate of a throw-away CA.
#
#   scripts/mail-servers.sh start    install what is missing (apt-get), configure, start
#   scripts/mail-servers.sh stop     stop both servers
#   scripts/mail-servers.sh env      print the AFTERCARE_TEST_* variables the tests read
#   scripts/mail-servers.sh status   say whether they run
#
# Use:  scripts/mail-servers.sh start && eval "$(scripts/mail-servers.sh env)" && cargo test
#
# Everything lives in $AFTERCARE_MAIL_DIR (default /tmp/aftercare-mail); the system's own
# Postfix and Dovecot configuration is not touched, and no systemd is needed. Needs root
# (to install packages and to start the daemons).
#
# The servers accept any mailbox name at example.test (each test uses fresh addresses):
#   SMTP 127.0.0.1:2525  plain, no login (the "internet" customers write from)
#        127.0.0.1:2587  STARTTLS required, login required (a provider's submission port)
#        127.0.0.1:2465  TLS from the first byte, login required
#   IMAP 127.0.0.1:1143  STARTTLS;  127.0.0.1:1993  TLS
# Every login takes the password $AFTERCARE_TEST_PASSWORD. Recipients whose name starts
# with tempfail- get 450, reject- get 550 (at RCPT), bounce- are accepted and bounced.
set -euo pipefail

DIR=${AFTERCARE_MAIL_DIR:-/tmp/aftercare-mail}
DOMAIN=example.test
PASSWORD=aftercare-test
VMAIL_USER=aftercare-vmail
PF="$DIR/postfix"
DV="$DIR/dovecot"

say() { echo "mail-servers: $*" >&2; }
die() { say "error: $*"; exit 1; }

need_root() {
  [ "$(id -u)" = 0 ] || die "run as root (it installs packages and starts daemons)"
}

install_packages() {
  local missing=()
  command -v postfix >/dev/null 2>&1 || missing+=(postfix)
  [ -x /usr/lib/dovecot/imap ] || missing+=(dovecot-imapd)
  [ -x /usr/lib/dovecot/lmtp ] || missing+=(dovecot-lmtpd)
  command -v openssl >/dev/null 2>&1 || missing+=(openssl)
  [ ${#missing[@]} -eq 0 ] && return
  say "installing ${missing[*]} (apt-get)"
  export DEBIAN_FRONTEND=noninteractive
  echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

make_cert() {
  [ -s "$DIR/server.pem" ] && [ -s "$DIR/ca.pem" ] && return
  say "making a test CA and a certificate for localhost"
  openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=aftercare test CA" \
    -keyout "$DIR/ca.key" -out "$DIR/ca.pem" 2>/dev/null
  openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" \
    -keyout "$DIR/server.key" -out "$DIR/server.csr" 2>/dev/null
  printf '%s\n' "subjectAltName=DNS:localhost,IP:127.0.0.1" "basicConstraints=CA:FALSE" \
    "keyUsage=digitalSignature,keyEncipherment" "extendedKeyUsage=serverAuth" >"$DIR/server.ext"
  openssl x509 -req -in "$DIR/server.csr" -CA "$DIR/ca.pem" -CAkey "$DIR/ca.key" \
    -CAcreateserial -days 3650 -extfile "$DIR/server.ext" -out "$DIR/server.pem" 2>/dev/null
  chmod 0644 "$DIR/server.pem" "$DIR/ca.pem"
  chmod 0640 "$DIR/server.key"
}

configure() {
  id "$VMAIL_USER" >/dev/null 2>&1 ||
    useradd --system --no-create-home --shell /usr/sbin/nologin "$VMAIL_USER"
  local uid gid
  uid=$(id -u "$VMAIL_USER")
  gid=$(id -g "$VMAIL_USER")
  mkdir -p "$DIR" "$PF" "$DV/run" "$DIR/vmail" "$DIR/postfix-data" "$DIR/postfix-spool"
  chmod 0755 "$DIR"
  chown "$VMAIL_USER:$VMAIL_USER" "$DIR/vmail"
  chown postfix "$DIR/postfix-data"
  make_cert

  cat >"$PF/main.cf" <<EOF
compatibility_level = 3.6
queue_directory = $DIR/postfix-spool
data_directory = $DIR/postfix-data
mail_owner = postfix
setgid_group = postdrop
maillog_file = $DIR/postfix.log
maillog_file_prefixes = $DIR
myhostname = mail.$DOMAIN
mydomain = $DOMAIN
myorigin = $DOMAIN
mydestination =
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
relayhost =
smtputf8_enable = yes
biff = no
append_dot_mydomain = no
local_recipient_maps =
virtual_mailbox_domains = $DOMAIN
virtual_mailbox_maps = regexp:$PF/vmailbox
virtual_transport = lmtp:unix:$DV/run/lmtp-postfix
transport_maps = regexp:$PF/transport
smtpd_reject_unlisted_recipient = no
smtpd_relay_restrictions = permit_mynetworks, permit_sasl_authenticated, reject_unauth_destination
smtpd_recipient_restrictions = check_recipient_access regexp:$PF/access
smtpd_tls_cert_file = $DIR/server.pem
smtpd_tls_key_file = $DIR/server.key
smtpd_tls_security_level = may
smtpd_sasl_type = dovecot
smtpd_sasl_path = $DV/run/auth-postfix
smtpd_sasl_auth_enable = no
bounce_queue_lifetime = 0
maximal_queue_lifetime = 1h
queue_run_delay = 5s
minimal_backoff_time = 5s
maximal_backoff_time = 10s
delay_warning_time = 0
EOF
  cat >"$PF/master.cf" <<EOF
127.0.0.1:2525 inet n - n - - smtpd
127.0.0.1:2587 inet n - n - - smtpd
  -o smtpd_tls_security_level=encrypt
  -o smtpd_sasl_auth_enable=yes
  -o smtpd_tls_auth_only=yes
  -o smtpd_relay_restrictions=permit_sasl_authenticated,reject
127.0.0.1:2465 inet n - n - - smtpd
  -o smtpd_tls_wrappermode=yes
  -o smtpd_sasl_auth_enable=yes
  -o smtpd_relay_restrictions=permit_sasl_authenticated,reject
pickup    unix  n - n 60 1 pickup
cleanup   unix  n - n - 0 cleanup
qmgr      unix  n - n 300 1 qmgr
tlsmgr    unix  - - n 1000? 1 tlsmgr
rewrite   unix  - - n - - trivial-rewrite
bounce    unix  - - n - 0 bounce
defer     unix  - - n - 0 bounce
trace     unix  - - n - 0 bounce
verify    unix  - - n - 1 verify
flush     unix  n - n 1000? 0 flush
proxymap  unix  - - n - - proxymap
proxywrite unix - - n - 1 proxymap
smtp      unix  - - n - - smtp
relay     unix  - - n - - smtp
showq     unix  n - n - - showq
error     unix  - - n - - error
retry     unix  - - n - - error
discard   unix  - - n - - discard
local     unix  - n n - - local
virtual   unix  - n n - - virtual
lmtp      unix  - - n - - lmtp
anvil     unix  - - n - 1 anvil
scache    unix  - - n - 1 scache
postlog   unix-dgram n - n - 1 postlogd
EOF
  # Any name is a mailbox (tests use fresh ones; Dovecot's LMTP creates it on first
  # delivery), but bounce-… is accepted and then returned to the sender.
  cat >"$PF/vmailbox" <<EOF
/@example\.test\$/ OK
EOF
  cat >"$PF/transport" <<EOF
/^bounce-/ error:5.1.1 mailbox unavailable (aftercare test)
EOF
  cat >"$PF/access" <<EOF
/^tempfail-/ 450 4.2.0 Mailbox temporarily unavailable (aftercare test)
/^reject-/ 550 5.7.1 Recipient refused (aftercare test)
EOF

  cat >"$DV/dovecot.conf" <<EOF
base_dir = $DV/run
state_dir = $DV/state
log_path = $DIR/dovecot.log
protocols = imap lmtp
listen = 127.0.0.1
ssl = yes
ssl_cert = <$DIR/server.pem
ssl_key = <$DIR/server.key
ssl_min_protocol = TLSv1.2
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_username_format = %Lu
mail_location = maildir:$DIR/vmail/%d/%n
mail_uid = $uid
mail_gid = $gid
first_valid_uid = 100
default_login_user = dovenull
default_internal_user = dovecot
imap_idle_notify_interval = 30 secs
passdb {
  driver = static
  args = password=$PASSWORD
}
userdb {
  driver = static
  args = uid=$uid gid=$gid home=$DIR/vmail/%d/%n
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = 1143
  }
  inet_listener imaps {
    address = 127.0.0.1
    port = 1993
    ssl = yes
  }
}
service lmtp {
  unix_listener lmtp-postfix {
    mode = 0666
  }
}
service auth {
  unix_listener auth-postfix {
    mode = 0666
  }
}
namespace inbox {
  inbox = yes
  separator = /
}
EOF
  mkdir -p "$DV/state"
}

running_postfix() { postfix -c "$PF" status >/dev/null 2>&1; }
running_dovecot() { [ -s "$DV/run/master.pid" ] && kill -0 "$(cat "$DV/run/master.pid")" 2>/dev/null; }

wait_port() {
  local port=$1 i
  for i in $(seq 1 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && return 0
    sleep 0.1
  done
  die "nothing listens on 127.0.0.1:$port (see $DIR/*.log)"
}

start() {
  need_root
  local t0=$SECONDS
  install_packages
  configure
  if ! running_dovecot; then
    dovecot -c "$DV/dovecot.conf" || die "dovecot did not start (see $DIR/dovecot.log)"
  fi
  postfix -c "$PF" check >/dev/null 2>&1 || true
  if running_postfix; then
    postfix -c "$PF" reload >/dev/null 2>&1
  else
    postfix -c "$PF" start >/dev/null 2>&1 || die "postfix did not start (see $DIR/postfix.log)"
  fi
  for p in 2525 2587 2465 1143 1993; do wait_port "$p"; done
  say "Postfix and Dovecot run on 127.0.0.1 (in $((SECONDS - t0)) s); state in $DIR"
}

stop() {
  if [ -d "$PF" ] && running_postfix; then postfix -c "$PF" stop >/dev/null 2>&1 || true; fi
  if running_dovecot; then
    kill "$(cat "$DV/run/master.pid")" 2>/dev/null || true
    for _ in $(seq 1 50); do running_dovecot || break; sleep 0.1; done
  fi
  say "stopped"
}

env_vars() {
  [ -s "$DIR/ca.pem" ] || die "not started: run $0 start"
  cat <<EOF
export AFTERCARE_TEST_MAIL=1
export AFTERCARE_TEST_MAIL_DIR=$DIR
export AFTERCARE_TEST_MAIL_DOMAIN=$DOMAIN
export AFTERCARE_TEST_MAIL_HOST=localhost
export AFTERCARE_TEST_MAIL_CA=$DIR/ca.pem
export AFTERCARE_TEST_PASSWORD=$PASSWORD
export AFTERCARE_TEST_SMTP_PLAIN_PORT=2525
export AFTERCARE_TEST_SMTP_STARTTLS_PORT=2587
export AFTERCARE_TEST_SMTP_TLS_PORT=2465
export AFTERCARE_TEST_IMAP_STARTTLS_PORT=1143
export AFTERCARE_TEST_IMAP_TLS_PORT=1993
EOF
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  env) env_vars ;;
  status)
    if running_postfix && running_dovecot; then say "running"; else say "not running"; exit 1; fi
    ;;
  *) echo "usage: $0 start|stop|env|status" >&2; exit 2 ;;
esac
