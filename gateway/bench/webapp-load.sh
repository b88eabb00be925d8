#!/usr/bin/env bash
# First load of the owners' app: JS+CSS bytes gzip-compressed (budget 150 KB) and Chromium's navigation timing to
# the sign-in form, median of RUNS cold loads. A measurement to run by hand, not a timed test.
#
# Needs a running gateway with the web app built in (./suite up -d, or any BASE), Debian's chromium
# (apt-get install -y chromium), and Playwright for Java (resolved by Maven from webapp-load.pom.xml).
#
#   gateway/bench/webapp-load.sh [BASE] [RUNS]        (defaults http://localhost:8080 10)
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
BASE="${1:-http://localhost:8080}"
RUNS="${2:-10}"
[[ -x /usr/bin/chromium ]] || { echo "chromium is missing: apt-get install -y chromium fonts-noto-cjk" >&2; exit 1; }
curl -fs -o /dev/null "$BASE/m/" || { echo "nothing answers at $BASE/m/ (start the suite: ./suite up -d)" >&2; exit 1; }
CP_FILE="$(mktemp)"
trap 'rm -f "$CP_FILE"' EXIT
(cd "$ROOT" && ./mvnw -B -ntp -q -f gateway/bench/webapp-load.pom.xml dependency:build-classpath -Dmdep.outputFile="$CP_FILE") >&2
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); $(/usr/bin/chromium --version 2>/dev/null | head -1)"
PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 java -cp "$(cat "$CP_FILE")" "$HERE/WebappLoad.java" "$BASE" "$RUNS"
