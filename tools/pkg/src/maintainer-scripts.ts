/**
 * postinst, prerm and postrm, in the shape debhelper generates for the
 * originals (daemon-reload, enable/start through deb-systemd-helper and
 * deb-systemd-invoke, tmpfiles creation, udev replay of the agent's port).
 * Each system action runs only when its tool exists and systemd/udev is
 * running, so an install into a chroot or a throw-away root does not fail.
 */
import type { AppSpec } from './app-spec.js';

export interface ScriptInput {
  spec: AppSpec;
  /** Installed systemd system units (basenames). */
  units: string[];
  /** Installed tmpfiles.d configs (basenames). */
  tmpfiles: string[];
}

const HEADER = '#!/bin/sh\nset -e\n';

function started(units: string[], spec: AppSpec): string[] {
  // Units started on install: the enabled ones; udev-started ones come up through the replayed port event.
  return units.filter((u) => spec.enable.includes(u));
}

export function renderPostinst({ spec, units, tmpfiles }: ScriptInput): string {
  const out = [HEADER, 'if [ "$1" = configure ] || [ "$1" = abort-upgrade ] || [ "$1" = abort-deconfigure ] || [ "$1" = abort-remove ]; then'];
  if (spec.systemUser) {
    const u = spec.systemUser;
    out.push(`  if ! getent passwd ${u} >/dev/null 2>&1 && command -v adduser >/dev/null 2>&1; then`,
      `    adduser --system --group --quiet --no-create-home --home /nonexistent ${u} || true`, '  fi');
  }
  for (const t of tmpfiles) {
    out.push(`  if command -v systemd-tmpfiles >/dev/null 2>&1; then systemd-tmpfiles \${DPKG_ROOT:+--root="$DPKG_ROOT"} --create ${t} >/dev/null || true; fi`);
  }
  for (const u of spec.enable.filter((x) => units.includes(x))) {
    out.push(
      '  if command -v deb-systemd-helper >/dev/null 2>&1; then',
      `    if deb-systemd-helper --quiet was-enabled '${u}'; then deb-systemd-helper enable '${u}' >/dev/null || true;`,
      `    else deb-systemd-helper update-state '${u}' >/dev/null || true; fi`,
      '  fi',
    );
  }
  out.push('  if [ -d /run/systemd/system ]; then', '    systemctl --system daemon-reload >/dev/null || true');
  for (const u of started(units, spec)) out.push(`    deb-systemd-invoke restart '${u}' >/dev/null || true`);
  out.push('  fi');
  if (spec.udevPorts.length > 0) {
    // A port that is already there when the package arrives: replay its add event so udev's SYSTEMD_WANTS starts the agent.
    out.push('  if [ -S /run/udev/control ] && command -v udevadm >/dev/null 2>&1; then', '    udevadm control --reload-rules || true');
    for (const port of spec.udevPorts) out.push(`    udevadm trigger --action=add --subsystem-match=virtio-ports --attr-match=name=${port} || true`);
    out.push('  fi');
  }
  out.push('fi', 'exit 0', '');
  return out.join('\n');
}

export function renderPrerm({ spec, units }: ScriptInput): string {
  const services = units.filter((u) => /\.(service|socket)$/.test(u));
  const out = [HEADER];
  if (spec.prermHook) out.push(`if [ "$1" = remove ] && [ -x ${spec.prermHook} ]; then ${spec.prermHook} || true; fi`);
  out.push('if [ "$1" = remove ] && [ -d /run/systemd/system ]; then');
  for (const u of services) out.push(`  deb-systemd-invoke stop '${u}' >/dev/null || true`);
  out.push('fi', 'exit 0', '');
  return out.join('\n');
}

export function renderPostrm({ units }: ScriptInput): string {
  const out = [HEADER, 'if [ -d /run/systemd/system ]; then', '  systemctl --system daemon-reload >/dev/null || true', 'fi'];
  out.push('if [ "$1" = purge ] && command -v deb-systemd-helper >/dev/null 2>&1; then');
  for (const u of units) out.push(`  deb-systemd-helper purge '${u}' >/dev/null || true`, `  deb-systemd-helper unmask '${u}' >/dev/null || true`);
  out.push('fi', 'exit 0', '');
  return out.join('\n');
}
