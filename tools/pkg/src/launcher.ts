/**
 * The shell launcher installed under the original program's name. Units and
 * users run it, never node directly: a system's Node may live in
 * /usr/local/bin or elsewhere, and Debian 12's own nodejs (18) is too old.
 * It resolves the bundle relative to itself (../lib/<pkg>/), so an unpacked
 * package root works the same as the installed one.
 */
import { MALLOC_TUNABLES } from '@ga/process/runtime-tuning';

export const MIN_NODE = { major: 20, minor: 19 };

export interface LauncherOptions {
  /** Program name for messages, e.g. qemu-ga. */
  program: string;
  pkg: string;
  bundle: string;
}

export function renderLauncher({ program, pkg, bundle }: LauncherOptions): string {
  const want = `${MIN_NODE.major}.${MIN_NODE.minor}`;
  return `#!/bin/sh
# ${program}: launcher of the ${pkg} package. Runs ${bundle} on a Node.js
# >= ${want}: $NODE if set, else the first suitable one of node on PATH,
# /usr/local/bin/node, /usr/bin/node, /usr/bin/nodejs.
set -u
self=$(readlink -f -- "$0")
here=\${self%/*}
bundle="$here/../lib/${pkg}/${bundle}"

# Succeeds when $1 runs and reports a version >= ${want}; sets $seen.
suitable() {
  v=$("$1" --version 2>/dev/null) || { seen="$seen $1 (does not run);"; return 1; }
  v=\${v#v}
  major=\${v%%.*}
  rest=\${v#*.}
  minor=\${rest%%.*}
  case "$major$minor" in
    ''|*[!0-9]*) seen="$seen $1 (version '$v'?);"; return 1 ;;
  esac
  if [ "$major" -gt ${MIN_NODE.major} ] || { [ "$major" -eq ${MIN_NODE.major} ] && [ "$minor" -ge ${MIN_NODE.minor} ]; }; then
    return 0
  fi
  seen="$seen $1 (v$v);"
  return 1
}

seen=""
node=""
if [ -n "\${NODE:-}" ]; then
  suitable "$NODE" && node=$NODE
else
  for candidate in "$(command -v node 2>/dev/null)" /usr/local/bin/node /usr/bin/node /usr/bin/nodejs; do
    [ -n "$candidate" ] && [ -x "$candidate" ] || continue
    if suitable "$candidate"; then node=$candidate; break; fi
  done
fi
if [ -z "$node" ]; then
  echo "${program}: needs Node.js >= ${want}; found:\${seen:- no node at all}" >&2
  echo "${program}: install one (Debian 13's nodejs, or nodejs 20/22 from deb.nodesource.com), or put a node binary in /usr/local/bin, or set NODE=/path/to/node (for the service: systemctl edit, Environment=NODE=...)" >&2
  exit 127
fi
# Node resets inherited signal dispositions at start; hand over what was ignored
# (SIGHUP under nohup) so the agent keeps it (@ga/process/signals).
GA_SIGIGN=$(sed -n 's/^SigIgn:[[:space:]]*//p' /proc/$$/status 2>/dev/null)
export GA_SIGIGN
# glibc's malloc settings of @ga/process/runtime-tuning, read at exec: no koffi needed at start.
case "\${GLIBC_TUNABLES:-}" in
  *glibc.malloc.trim_threshold*) ;;
  *) GLIBC_TUNABLES="\${GLIBC_TUNABLES:+$GLIBC_TUNABLES:}${MALLOC_TUNABLES}"; export GLIBC_TUNABLES ;;
esac
exec "$node" "$bundle" "$@"
`;
}
