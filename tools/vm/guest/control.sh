# shellcheck shell=sh
# Control loop on the "ga.control" virtio port: the host sends one request per
# line, "<id> <base64 shell script>", and gets back "GA-RESULT <id> <exit code>
# <byte count>\n" followed by exactly that many bytes of the script's combined
# stdout and stderr. Requests run one at a time, in order. Background a process
# inside the script (`cmd > /run/x.log 2>&1 &`) to keep it running.
# A read of 0 bytes on a virtio port means no host client (it never blocks
# then), so back off instead of spinning. The "exit" request ends the loop.
port=$1
state=${GA_CONTROL_DIR:-/run/ga}
mkdir -p "$state"
exec 3<>"$port"
while :; do
  if ! read -r id script <&3; then
    sleep 0.2
    continue
  fi
  [ "$id" = exit ] && break
  [ -n "$id" ] || continue
  echo "$script" | base64 -d > "$state/req.sh"
  (cd /root && sh "$state/req.sh") < /dev/null > "$state/out" 2>&1
  rc=$?
  { printf 'GA-RESULT %s %s %s\n' "$id" "$rc" "$(wc -c < "$state/out")"; cat "$state/out"; } >&3
done
exec 3>&-
