#!/usr/bin/env bash
# The README's first command (after `npm ci`): builds every agent and host tool,
# then runs each agent on a UNIX socket against its built-in host simulator and
# shows what each host sees: qemu-ga's answers, the guest info the oVirt host
# assembles, the SPICE client's side. No VM, no root. On a terminal the agents
# keep running (their logs follow) until Ctrl-C; every process is stopped by pid.
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
# Fast heartbeats so VDSM's view fills in seconds, and the SSO socket in the demo folder (no root needed).
printf '[general]\nheart_beat_rate = 1\n[credentials]\nsocket = %s/cred.sock\n' "$work" > "$work/ovirt.conf"
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

say "ovirt-guest-agent on unix-listen $work/ovirt.sock; ovirt-sim plays VDSM (refresh, api-version 3, guestagent.py's parsing)"
node apps/ovirt-agent/dist/ovirt-agent.mjs --method unix-listen --path "$work/ovirt.sock" --config "$work/ovirt.conf" 2>"$work/ovirt.log" &
pids+=($!)
wait_for_socket "$work/ovirt.sock"
echo '$ ovirt-sim --vdsm: the guest info VDSM would hand to the engine'
node tools/ovirt-sim/dist/ovirt-sim.mjs --socket "$work/ovirt.sock" --vdsm --wait 20 --hc-command echo | head -60

say "spice-vdagentd with its port on unix-listen $work/spice.sock; spice-sim plays the SPICE client"
node apps/spice-vdagent/dist/spice-vdagentd.mjs -x -X -f -u "$work/spice-events" -S "$work/vdagent.sock" \
  --method unix-listen --path "$work/spice.sock" 2>"$work/spice.log" &
pids+=($!)
wait_for_socket "$work/spice.sock"
# The client announces spice-gtk's capabilities, then sends a two-monitor monitors-config (recorded vector V4); the daemon answers REPLY.
node tools/spice-sim/dist/spice-sim.mjs --socket "$work/spice.sock" --announce-caps \
  --send-hex '01000000 44000000 01000000 02000000 00000000 00000000 30000000 02000000 01000000 00030000 00040000 20000000 00000000 00000000 58020000 20030000 20000000 00040000 00000000' --count 3
echo '-- the daemon log (session state):'
sed 's/^/   /' "$work/spice.log"

say "all three agents answered their hosts; they keep running until Ctrl-C (logs in $work)"
if [ -t 0 ]; then
  trap 'echo; say "stopping the agents"; exit 0' INT
  tail -n 0 -f "$work/qemu-ga.log" "$work/ovirt.log" "$work/spice.log" &
  pids+=($!)
  wait
fi
