#!/usr/bin/env bash
# The cost of S/MIME at ingest: the SMTP load benchmark twice on fresh demo nodes, once with the mail pipeline
# as shipped (the demo's mailboxes have keys: every submission is signed, every message verified) and once with
# the same pipeline minus its four S/MIME mailets; prints smtp-ingest-smime-ratio (with / without).
# Usage: bash bench/smtp-smime-ratio.sh [messages=3000] [connections=20]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q package -DskipTests
plain=$(mktemp -d)
python3 - config/james/mailetcontainer.xml "$plain/mailetcontainer.xml" <<'PY'
import re, sys
smime = r'fr\.mssnode\.mail\.mailet\.(VerifySignature|SignOnBehalf|DecryptForRecipient|EncryptForRecipients)'
text = open(sys.argv[1]).read()
text = re.sub(r'[ \t]*<mailet match="All" class="' + smime + r'"/>\n', '', text)
text = re.sub(r'[ \t]*<mailet match="All" class="' + smime + r'">.*?</mailet>\n', '', text, flags=re.S)
assert 'fr.mssnode.mail.mailet.VerifySignature' not in text
open(sys.argv[2], 'w').write(text)
PY
mkdir -p bench/target
bash bench/smtp-load.sh "${1:-3000}" "${2:-20}" | tee bench/target/smtp-with-smime.txt
NODE_ARGS="--node.james-templates=$plain" bash bench/smtp-load.sh "${1:-3000}" "${2:-20}" | tee bench/target/smtp-without-smime.txt
with=$(sed -n 's/^smtp-ingest-msgs-per-s: \([0-9.]*\).*/\1/p' bench/target/smtp-with-smime.txt)
without=$(sed -n 's/^smtp-ingest-msgs-per-s: \([0-9.]*\).*/\1/p' bench/target/smtp-without-smime.txt)
python3 -c "print('smtp-ingest-smime-ratio: %.2f (with S/MIME %s msgs/s, without %s msgs/s, same machine, bash bench/smtp-smime-ratio.sh ${1:-3000} ${2:-20})' % ($with / $without, '$with', '$without'))"
