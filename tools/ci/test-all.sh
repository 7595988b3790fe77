#!/usr/bin/env bash
# Runs every test of the monorepo: installs the Debian packages the tests need
# (as root; otherwise prints the command), builds the shared packages and
# tools, type-checks, runs their unit and end-to-end tests, then each agent as
# one row of a matrix (its own workspace graph only: build, unit, end-to-end,
# Debian package, install test of that package), the VM suites, the
# dependency check and the short benchmarks, and ends with the per-app table
# and the "N passed, N failed" line CI reads. Exit status is non-zero when anything failed.
set -uo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
export TURBO_TELEMETRY_DISABLED=1 TURBO_NO_UPDATE_NOTIFIER=1
export GA_RESULTS_DIR="$root/.test-results"
rm -rf "$GA_RESULTS_DIR"; mkdir -p "$GA_RESULTS_DIR"
read -r -a apps <<< "${GA_MATRIX_APPS:-qemu-ga ovirt-agent spice-vdagent}"  # GA_MATRIX_APPS: run some rows only
step() { printf '\n=== %s (%s)\n' "$1" "$(date +%H:%M:%S)"; }
check() { # record a non-jest check as one pass/fail in the summary
  printf '{"name":"%s","ok":%s}\n' "$1" "$2" >> "$GA_RESULTS_DIR/checks.jsonl"
}
not_apps=(--filter='!./apps/*')

step "prerequisites"
if bash tools/ci/install-test-deps.sh; then check prerequisites true; else check prerequisites false; fi

step "build shared packages and tools"
if npx turbo run build "${not_apps[@]}" --output-logs=errors-only; then check build-shared true; else check build-shared false; fi

step "typecheck"
if npx turbo run typecheck --output-logs=errors-only; then check typecheck true; else check typecheck false; fi

step "unit and end-to-end tests of shared packages and tools"
npx turbo run test test:e2e "${not_apps[@]}" --filter='!@ga/pkg' --continue --force --output-logs=new-only --concurrency=2

# One row per agent, each with only its own workspace graph (--filter=<app>
# builds and tests nothing of the other agents), timed.
for app in "${apps[@]}"; do
  step "matrix: $app (build, test, test:e2e, package, install test)"
  t0=$(date +%s)
  ok=true
  npx turbo run build test test:e2e package --filter="$app" --continue --force --output-logs=new-only --concurrency=2 || ok=false
  (cd tools/pkg && GA_RESULTS_KIND="package-$app" NODE_OPTIONS=--experimental-vm-modules \
    npx jest --runInBand --testMatch "<rootDir>/test/install-$app.test.ts") || ok=false
  deb=$(ls "apps/$app/dist/"*.deb 2>/dev/null | head -1)
  size=$( [ -n "$deb" ] && stat -c %s "$deb" || echo 0)
  printf '{"app":"%s","ok":%s,"seconds":%s,"debBytes":%s,"deb":"%s"}\n' "$app" "$ok" "$(( $(date +%s) - t0 ))" "$size" "$(basename "${deb:-none}")" \
    >> "$GA_RESULTS_DIR/matrix.jsonl"
  check "matrix-$app" "$ok"
done

step "dependency check (apps stay apart) and packaging unit tests"
npx turbo run test test:e2e --filter=@ga/pkg --continue --force --output-logs=new-only

step "VM tests (one VM at a time)"
npx turbo run test:vm --continue --force --output-logs=new-only --concurrency=1

step "benchmarks, short mode (figures only: never fails; full mode: npm run bench)"
GA_BENCH_SHORT=1 npx turbo run bench --concurrency=1 --output-logs=new-only || true

step "summary"
node tools/ci/summary.mjs "$GA_RESULTS_DIR" test,test:e2e,test:vm
