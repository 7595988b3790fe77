/**
 * What one agent's Debian package is made of. One spec per app (src/apps/):
 * the builder knows nothing app-specific beyond these fields.
 */

/** A program the package puts on PATH under the original agent's name. */
export interface ProgramSpec {
  /** Installed launcher, e.g. /usr/sbin/qemu-ga (the original's path). */
  path: string;
  /** The bundle in the app's dist/ it runs, e.g. qemu-ga.mjs. */
  bundle: string;
  /** Man page section: 8 for daemons in /usr/sbin, 1 for user programs. */
  manSection: 1 | 8;
  /** One line for the man page's NAME section. */
  summary: string;
  /** The program's option table (@ga/options): a module of the app and its export; the man page's SYNOPSIS. */
  options: { module: string; exportName: string; synopsis: string };
}

/** A deploy/ file whose place is not given by its kind (see deploy-layout.ts). */
export interface PlacedFile {
  /** Path under apps/<app>/deploy/. */
  from: string;
  /** Absolute install path. */
  to: string;
  /** Default 0644 (0755 for hooks and scripts). */
  mode?: number;
}

export interface AppSpec {
  /** Folder under apps/. */
  app: string;
  /** Debian package name. */
  pkg: string;
  section: string;
  /** Short description (control's Description first line). */
  summary: string;
  /** Long description paragraphs, one string each. */
  description: string[];
  /**
   * Debian packages of the original agent this one replaces:
   * Conflicts + Replaces + Provides (the README section "Installing one agent into a real guest" says why not alternatives).
   */
  replaces: string[];
  programs: ProgramSpec[];
  /** deploy/ files placed explicitly; the rest are placed by kind. */
  placed: PlacedFile[];
  /** Empty directories the package owns (e.g. /etc/qemu/fsfreeze-hook.d). */
  dirs: string[];
  /** Units the package enables on install (others start via udev or sockets). */
  enable: string[];
  /** Sysfs port names whose udev events are replayed after install, so a present port starts the agent. */
  udevPorts: string[];
  /** Debian packages the units or scripts call (e.g. kmod for ExecStartPre=/sbin/modprobe). */
  depends?: string[];
  /** System user the units run as (created by postinst, kept on purge as Debian does). */
  systemUser?: string;
  /** Installed script prerm runs on removal (e.g. telling the host the agent is gone). */
  prermHook?: string;
  /** Extra man page text: FILES entries as [path, what]. */
  manFiles: [string, string][];
  /** Man pages of SEE ALSO, e.g. "systemd.service(5)". */
  seeAlso: string[];
}
