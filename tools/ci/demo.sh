#!/usr/bin/env bash
# The README's first command (after `npm ci`): builds every agent and host tool,
# then runs each agent on a UNIX socket against its built-in host simulator and
# prints what goes over the wire. No VM, no root. Every process it starts is
# stopped by pid on exit.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
export TURBO_TELEMETRY_DISABLED=1 TURBO_NO_UPDATE_NOTIFIER=1
work="$(mktemp -d /tmp/ga-demo.XXXXXX)"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
wait_for_socket() {
  for _ in $(seq 1 100); do [ -S "$1" ] && return 0; sleep 0.1; done
  echo "the agent did not create $1 within 10 s: see $work/*.log" >&2
  exit 1
}

say "building the agents and host tools (turbo)"
npx turbo run build --output-logs=errors-only \
  --filter=qemu-ga --filter=ovirt-agent --filter=spice-vdagent \
  --filter=@ga/qga-client --filter=@ga/ovirt-sim --filter=@ga/spice-sim

say "qemu-ga on unix-listen $work/qga.sock, driven by qga-client"
mkdir -p "$work/qga-state"
UV_THREADPOOL_SIZE=8 node apps/qemu-ga/dist/qemu-ga.mjs -m unix-listen -p "$work/qga.sock" -t "$work/qga-state" 2>"$work/qemu-ga.log" &
pids+=($!)
wait_for_socket "$work/qga.sock"
qga() { echo "\$ qga-client $*"; node tools/qga-client/dist/qga-client.mjs --socket "$work/qga.sock" "$@"; }
qga guest-ping
qga guest-get-host-name
qga guest-get-osinfo
qga guest-get-timezone
qga guest-sync '{"id": 9223372036854775807}'
qga exec /bin/echo 'hello from the guest'
qga info | head -5

say "ovirt-agent on unix-listen $work/ovirt.sock, driven by ovirt-sim (echo agent for now)"
node apps/ovirt-agent/dist/ovirt-agent.mjs --method unix-listen --path "$work/ovirt.sock" 2>"$work/ovirt.log" &
pids+=($!)
wait_for_socket "$work/ovirt.sock"
node tools/ovirt-sim/dist/ovirt-sim.mjs --socket "$work/ovirt.sock" --refresh --send '{"__name__": "echo", "text": "h\u00e9llo"}' --count 2

say "spice-vdagent on unix-listen $work/spice.sock, driven by spice-sim (echo agent for now)"
node apps/spice-vdagent/dist/spice-vdagent.mjs --method unix-listen --path "$work/spice.sock" 2>"$work/spice.log" &
pids+=($!)
wait_for_socket "$work/spice.sock"
node tools/spice-sim/dist/spice-sim.mjs --socket "$work/spice.sock" --announce-caps --count 1

say "done: every agent answered its host simulator"
