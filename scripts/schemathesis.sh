#!/usr/bin/env bash
# The schemathesis phase of CI: installs the fuzzer from PyPI into a virtual environment (cached in
# ~/.cache/conveyor), then runs it against the live API (scripts/fuzz-api.ts), authenticated, with a
# fixed seed and a time budget. Fails on any server error, any status code the OpenAPI description
# does not list, and any response that does not match its schema.
#
# Settings: SCHEMATHESIS_SEED (default 20261206), SCHEMATHESIS_MAX_TIME seconds (default 240),
# DATABASE_URL (PostgreSQL; embedded PGlite when unset).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

requirements=.ci/schemathesis-requirements.txt
# One environment per pinned requirement set: changing the pin builds a new one.
venv="${XDG_CACHE_HOME:-$HOME/.cache}/conveyor/schemathesis-$(sha256sum "$requirements" | cut -c1-12)"
if [[ ! -x "$venv/bin/schemathesis" ]]; then
  echo "schemathesis: creating $venv" >&2
  rm -rf "$venv"
  command -v python3 >/dev/null || { echo "schemathesis: python3 is required (Debian: apt-get install python3 python3-venv)" >&2; exit 1; }
  python3 -m venv "$venv" || {
    echo "schemathesis: python3 -m venv failed; on Debian install python3-venv (apt-get install -y python3-venv)" >&2
    exit 1
  }
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$requirements"
fi
echo "schemathesis: $("$venv/bin/schemathesis" --version)" >&2

exec node --import tsx scripts/fuzz-api.ts \
  --schemathesis "$venv/bin/schemathesis" \
  --seed "${SCHEMATHESIS_SEED:-20261206}" \
  --max-time "${SCHEMATHESIS_MAX_TIME:-240}"
