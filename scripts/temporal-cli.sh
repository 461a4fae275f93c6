#!/usr/bin/env bash
# Finds or builds the Temporal CLI and prints its absolute path as the only line on stdout.
# Everything else (progress, errors) goes to stderr, so callers can do CLI=$(scripts/temporal-cli.sh).
#
# Order: $TEMPORAL_CLI, `temporal` on PATH, the cached build, then `go install` into the cache.
set -euo pipefail

# Pinned to v1.5.1 because later tags (v1.6.0+) carry a `replace` directive in go.mod
# (github.com/temporalio/cli/cliext => ./cliext), and `go install module@version` refuses
# modules with replace directives. v1.5.1 embeds server 1.29.1 and needs Go >= 1.25.
readonly CLI_VERSION=v1.5.1
readonly CLI_PACKAGE=github.com/temporalio/cli/cmd/temporal

log() { printf 'temporal-cli: %s\n' "$*" >&2; }
die() {
  log "$*"
  exit 1
}

# Prints the path if the binary runs; a binary that exists but doesn't start is an error, not a miss.
use() {
  local bin=$1 version
  if ! version=$("$bin" --version 2>&1); then
    die "$bin exists but \`$bin --version\` failed: $version"
  fi
  log "using $bin ($version)"
  printf '%s\n' "$bin"
  exit 0
}

if [[ -n "${TEMPORAL_CLI:-}" ]]; then
  [[ -f "$TEMPORAL_CLI" && -x "$TEMPORAL_CLI" ]] ||
    die "TEMPORAL_CLI is set to '$TEMPORAL_CLI', which is not an executable file"
  use "$(realpath "$TEMPORAL_CLI")"
fi

if on_path=$(command -v temporal); then
  use "$(realpath "$on_path")"
fi

cache_root="${CONVEYOR_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/conveyor}"
cli_dir="$cache_root/temporal-cli-$CLI_VERSION"
cli_bin="$cli_dir/temporal"

if [[ -x "$cli_bin" ]]; then
  use "$cli_bin"
fi

command -v go >/dev/null ||
  die "no Temporal CLI found and Go is not installed. Install Go >= 1.25 (https://go.dev/dl/) so this script can build CLI $CLI_VERSION, or set TEMPORAL_CLI to the path of a temporal binary."

mkdir -p "$cli_dir"

# Two callers (say, `npm start` and a test run) must not both spend minutes building.
# flock is missing on macOS; there the worst case is a duplicate build, since the final mv is atomic.
if command -v flock >/dev/null; then
  exec 9>"$cache_root/temporal-cli-$CLI_VERSION.lock"
  if ! flock -n 9; then
    log "another process is building the Temporal CLI; waiting for it"
    flock 9
  fi
  [[ -x "$cli_bin" ]] && use "$cli_bin"
  # We hold the lock, so any leftover build dir is from an interrupted run.
  rm -rf "$cli_dir"/.build.*
else
  log "flock not found; building without a lock"
fi

# Built next to its final place (same filesystem) so the mv is an atomic rename and an
# interrupted build never leaves a partial binary at $cli_bin.
build_dir=$(mktemp -d "$cli_dir/.build.XXXXXX")
trap 'rm -rf "$build_dir"' EXIT

log "building Temporal CLI $CLI_VERSION with $(go version) into $cli_dir (takes a few minutes the first time)"
started=$SECONDS
# Same ldflags as the release build (.goreleaser.yml): without -X the binary reports
# version 0.0.0-DEV, and -s -w drop the symbol table and DWARF (252 MB -> 213 MB).
ldflags="-s -w -X github.com/temporalio/cli/temporalcli.Version=${CLI_VERSION#v}"
if ! GOBIN="$build_dir" go install -ldflags "$ldflags" "$CLI_PACKAGE@$CLI_VERSION" >&2; then
  die "go install $CLI_PACKAGE@$CLI_VERSION failed (CLI $CLI_VERSION needs Go >= 1.25; found $(go version)). Upgrade Go, or set TEMPORAL_CLI to the path of a temporal binary."
fi
mv -f "$build_dir/temporal" "$cli_bin"
log "built in $((SECONDS - started))s"
use "$cli_bin"
