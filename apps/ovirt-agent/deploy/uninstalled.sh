#!/bin/sh
# Package pre-removal: tell VDSM the agent is gone ({"__name__": "uninstalled"}
# clears its application list), non-blocking like the original's scriptlet.
for port in /dev/virtio-ports/ovirt-guest-agent.0 /dev/virtio-ports/com.redhat.rhevm.vdsm; do
  if [ -e "$port" ]; then
    printf '{"__name__": "uninstalled"}\n' | dd of="$port" oflag=nonblock status=none 2>/dev/null || true
  fi
done
exit 0
