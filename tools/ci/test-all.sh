#!/usr/bin/env bash
# Runs every test of the monorepo: installs the Debian packages the tests need
# (as root; otherwise prints the command), builds every bundle, type-checks,
# runs unit, end-to-end and VM suites, prints the short benchmarks, and ends
# with the "N passed, N failed" line CI reads. Exit status is non-zero when anything failed.
set -uo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
export TURBO_TELEMETRY_DISABLED=1 TURBO_NO_UPDATE_NOTIFIER=1
export GA_RESULTS_DIR="$root/.test-results"
rm -rf "$GA_RESULTS_DIR"; mkdir -p "$GA_RESULTS_DIR"
step() { printf '\n=== %s (%s)\n' "$1" "$(date +%H:%M:%S)"; }
check() { # record a non-jest check as one pass/fail in the summary
  printf '{"name":"%s","ok":%s}\n' "$1" "$2" >> "$GA_RESULTS_DIR/checks.jsonl"
}

step "prerequisites"
if bash tools/ci/install-test-deps.sh; then check prerequisites true; else check prerequisites false; fi

step "build every package"
if npx turbo run build --output-logs=errors-only; then check build true; else check build false; fi

step "typecheck"
if npx turbo run typecheck --output-logs=errors-only; then check typecheck true; else check typecheck false; fi

step "unit and end-to-end tests"
npx turbo run test test:e2e --continue --force --output-logs=new-only --concurrency=2

step "VM tests (one VM at a time)"
npx turbo run test:vm --continue --force --output-logs=new-only --concurrency=1

step "benchmarks, short mode (figures only: never fails; full mode: npm run bench)"
GA_BENCH_SHORT=1 npx turbo run bench --concurrency=1 --output-logs=new-only || true

step "summary"
node tools/ci/summary.mjs "$GA_RESULTS_DIR" test,test:e2e,test:vm
