#!/usr/bin/env bash
# The node against Postfix, in one run: the SMTP load benchmark's burst against a fresh demo node, then the same
# messages over the same number of sessions (STARTTLS, no AUTH) against Postfix from Debian on loopback, delivering
# locally into one Maildir. Prints smtp-ingest-msgs-per-s, postfix-accepted-msgs-per-s and
# smtp-ingest-vs-postfix-ratio. Installs and configures Postfix when missing (root, apt-get), stops it at the end.
# Usage: bash bench/postfix-compare.sh [messages=3000] [sessions=20] [cda|realistic=realistic]
set -euo pipefail
cd "$(dirname "$0")/.."
messages=${1:-3000}
sessions=${2:-20}
kind=${3:-realistic}
port=${POSTFIX_PORT:-2526}
work="$PWD/bench/target/postfix"
mkdir -p "$work"

if ! command -v postfix >/dev/null 2>&1; then
  echo "postfix postfix/main_mailer_type select Local only" | debconf-set-selections
  echo "postfix postfix/mailname string bench.localdomain" | debconf-set-selections
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q postfix >/dev/null
fi
id mssbench >/dev/null 2>&1 || useradd --create-home --shell /usr/sbin/nologin mssbench
[ -f "$work/key.pem" ] || openssl req -x509 -newkey rsa:2048 -nodes -keyout "$work/key.pem" -out "$work/cert.pem" \
  -days 30 -subj /CN=localhost 2>/dev/null
# Loopback only; the demo's domains are local; any local part goes to the user mssbench (luser_relay), in a Maildir;
# no size limit below the node's; TLS offered with a throw-away certificate.
postconf -e "myhostname = bench.localdomain" \
  "mydestination = \$myhostname, localhost, hopital-demo.test, patient.hopital-demo.test" \
  "inet_interfaces = loopback-only" "inet_protocols = ipv4" "mynetworks = 127.0.0.0/8" "local_recipient_maps =" \
  "luser_relay = mssbench@localhost" "home_mailbox = Maildir/" "message_size_limit = 52428800" "mailbox_size_limit = 0" \
  "smtpd_tls_cert_file = $work/cert.pem" "smtpd_tls_key_file = $work/key.pem" "smtpd_tls_security_level = may" \
  "compatibility_level = 3.6" "maillog_file = /var/log/postfix-bench.log"
postconf -M "$port/inet=$port inet n - y - - smtpd"
postfix status >/dev/null 2>&1 && postfix reload >/dev/null 2>&1 || postfix start >/dev/null 2>&1
postfix status >/dev/null 2>&1 || { echo "Postfix did not start: see /var/log/postfix-bench.log" >&2; exit 1; }
maildir=~mssbench/Maildir
maildir=$(eval echo "$maildir")
rm -rf "$maildir"

[ "${BENCH_SKIP_INSTALL:-0}" = 1 ] || mvn -B -q install -DskipTests
mvn -B -q -f bench/pom.xml compile dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
status=0
java -cp "bench/target/classes:$(cat bench/target/classpath.txt)" bench.SmtpLoad compare \
  mail-server/target/mss-node.jar "$messages" "$sessions" "$kind" "$port" "$maildir" || status=$?
postfix stop >/dev/null 2>&1 || true
exit $status
