#!/usr/bin/env bash
# Run a command with its output kept aside; show that output only if the command fails.
# (Installers print pages of English notes that would drown what staff need to read.)
set -uo pipefail
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
if ! "$@" > "$log" 2>&1; then
  cat "$log" >&2
  echo "échec de : $* (failed)" >&2
  exit 1
fi
