#!/usr/bin/env bash
# What the browser harness needs beyond Python: Chromium and Java from Debian (installed when we are
# root on Debian/Ubuntu), and the npm packages of package-lock.json (axe-core, lighthouse, vnu-jar).
# VITRINE_BROWSER names another Chromium-based browser to use instead (e.g. Chrome on GitHub's runners).
# Without them the browser and HTML-validity tests are skipped locally, and fail under CI=true.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
[ -x "${VITRINE_BROWSER:-/usr/bin/chromium}" ] || missing+=(chromium fonts-dejavu-core)
command -v java > /dev/null || missing+=(default-jre-headless)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get > /dev/null; then
    echo "Installing ${missing[*]} with apt-get"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" > /dev/null
  else
    echo "note: ${missing[*]} missing and not installable here (needs root and apt-get): those tests will be skipped" >&2
  fi
fi

if command -v npm > /dev/null; then
  # --ignore-scripts: vnu-jar's install script would try to download a Java runtime; we use Debian's.
  npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
else
  echo "note: npm not found: accessibility and HTML-validity tests will be skipped" >&2
fi
