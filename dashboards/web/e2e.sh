#!/usr/bin/env bash
# Runs the dashboard's browser tests (Playwright driving Debian's headless Chromium) against a
# running system. `network/system.sh test` runs it against an isolated system of its own.
set -euo pipefail

usage() {
  cat <<'EOF_USAGE'
Usage: dashboards/web/e2e.sh [playwright test options]

Installs the pinned Playwright (npm ci, no browser download), runs the unit tests of the page's
modules (unit/, node --test) and then the browser tests (tests/) in Debian's
Chromium against the gateway at $DASHBOARD_URL (default http://127.0.0.1:8080), which must be
serving simulated robots ($SIM_ROBOTS of them, default 5).

The tests REVOKE the last simulated robot: run them against a system you can throw away
(`network/system.sh e2e` starts one, runs this script and stops it again).

The provenance, lender and recall tests need a gateway with a ledger and run only with
DASHBOARD_LEDGER=fabric or embedded (`network/system.sh e2e` sets it to the ledger it started).

Environment: DASHBOARD_URL, DASHBOARD_RETAILER_URL (the retailer's gateway, which accepts shipments;
default: the next port after DASHBOARD_URL's), SIM_ROBOTS, DASHBOARD_TOKEN (the operator's bearer token),
DASHBOARD_RETAILER_TOKEN and DASHBOARD_LENDER_TOKEN (with a ledger),
DASHBOARD_RETAILER_SIGN_IN_CODE (a one-time code for the retailer: network/system.sh sign-in mints them), DASHBOARD_LEDGER (fabric,
embedded or none, default none), CHROMIUM (default /usr/bin/chromium), VERIFIER_JAR (the offline
certificate verifier, default wire/target/provenance-verifier.jar; needs java).
Screenshots: dashboards/web/screenshots/; failure traces: dashboards/web/test-results/.
EOF_USAGE
}

case "${1:-}" in
  -h|--help) usage; exit 0 ;;
esac

log() { printf '[e2e] %s\n' "$*"; }
die() { printf '[e2e] error: %s\n' "$*" >&2; exit 1; }

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
export DASHBOARD_URL=${DASHBOARD_URL:-http://127.0.0.1:8080}
export CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

[ -n "${DASHBOARD_TOKEN:-}" ] || die "DASHBOARD_TOKEN must hold an operator token (e.g. the content of .state/api/operator.token)"
[ -x "$CHROMIUM" ] || die "no Chromium at $CHROMIUM: run network/prerequisites.sh (installs Debian's chromium)"
command -v npm >/dev/null 2>&1 || die "npm is required (Node.js 20 or newer)"
curl -fsS "$DASHBOARD_URL/actuator/health/readiness" 2>/dev/null | grep -q '"UP"' \
  || die "no ready gateway at $DASHBOARD_URL (start one with network/system.sh up, or run network/system.sh e2e)"

cd "$here"
log "npm ci (Playwright $(node -p 'require("./package.json").devDependencies["@playwright/test"]'))"
npm ci --no-audit --no-fund --loglevel=error
log "unit tests (node --test unit/)"
node --test unit/
rm -rf screenshots
mkdir -p screenshots
log "browser tests against $DASHBOARD_URL in $("$CHROMIUM" --version 2>/dev/null)"
npx --no-install playwright test "$@"
log "screenshots: ${here}/screenshots/"
