#!/usr/bin/env bash
# The extension in a real VS Code: installs code-server, its Node and Chromium (cached outside the
# repository), builds the extension and its integration suite, then runs the suite inside
# code-server's extension host and the end-to-end test in Chromium.
# Ends with "N passed, N failed" over the two suites; exits non-zero when either fails.
set -uo pipefail
cd "$(dirname "$0")/../.."

say() { printf '[vscode-ci] %s\n' "$*"; }
started=$SECONDS
suites=(integration e2e)

if ! bash scripts/vscode/install.sh; then
  say "installing the tools failed; no suite ran."
  echo "0 passed, ${#suites[@]} failed"
  exit 1
fi
say "tools ready after $((SECONDS - started)) s"

if ! { npm run --silent build && npm run --silent build:integration; }; then
  say "building the extension or its integration suite failed; no suite ran."
  echo "0 passed, ${#suites[@]} failed"
  exit 1
fi

passed=0
failed=0
# Each suite has its own time limits; `timeout` is the backstop for a hang outside them.
# SIGTERM lets the runner stop its code-server before it exits.
run_suite() {
  local name="$1"; shift
  local t0=$SECONDS
  say "running the $name suite"
  timeout --kill-after=20 600 "$@"
  local rc=$?
  if [ "$rc" -eq 0 ]; then
    passed=$((passed + 1))
    say "$name: passed in $((SECONDS - t0)) s"
  else
    failed=$((failed + 1))
    say "$name: FAILED (exit $rc) after $((SECONDS - t0)) s"
  fi
}

run_suite integration node --import tsx scripts/vscode/run-integration.ts
run_suite e2e node --import tsx test/e2e/solve.e2e.ts

say "total $((SECONDS - started)) s"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
