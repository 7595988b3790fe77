/**
 * The reference agent's configuration (ovirt-guest-agent.md §4.2):
 * /usr/share/ovirt-guest-agent/default.conf, then /etc/ovirt-guest-agent.conf,
 * Python ConfigParser syntax, later files win. Typed and validated here: a
 * bad value is an error naming the file, section, key and what is expected
 * (the reference took any text, so `ignore_zero_size_fs = false` stayed on).
 * The logging sections ([loggers], [handlers], ...) are accepted and ignored:
 * logs go to the journal. Two sections are this agent's own: [hooks] and
 * [credentials].
 */
import { parseIni } from '@ga/options/ini';

export interface OvirtConfig {
  general: {
    heartBeatRate: number;
    reportUserRate: number;
    reportNumCpuRate: number;
    reportApplicationRate: number;
    reportDiskUsage: number;
    applicationsList: string[];
    ignoredFs: string[];
    ignoreZeroSizeFs: boolean;
    ignoredNics: string[];
    /** Windows only in the reference; read and ignored. */
    applyTimerConfiguration: boolean;
  };
  virtio: { devicePrefix: string };
  hooks: {
    /** hooks.d: one subdirectory per lifecycle event. */
    directory: string;
    /** Seconds per hook before it is killed. */
    timeout: number;
    /** Seconds for all hooks of one event (VDSM stops waiting at 10). */
    budget: number;
  };
  credentials: {
    /** The SSO credentials socket; a leading '@' means the abstract namespace. */
    socket: string;
    /** Seconds the socket waits for the greeter's PAM module. */
    timeout: number;
    /** uids allowed to fetch credentials. */
    allowedUids: number[];
  };
}

export const DEFAULT_CONFIG: OvirtConfig = {
  general: {
    heartBeatRate: 5,
    reportUserRate: 10,
    reportNumCpuRate: 60,
    reportApplicationRate: 120,
    reportDiskUsage: 300,
    applicationsList: 'kernel ovirt-guest-agent ovirt-guest-agent-common xorg-x11-drv-qxl linux-image xserver-xorg-video-qxl xf86-video-qxl kernel-desktop kernel-default kernel-trace kernel-vanilla kernel-debug kernel-ec2 kernel-xen kernel-ppc64 cloud-init'.split(' '),
    ignoredFs: 'autofs binfmt_misc cgroup cgroup2 configfs debugfs devpts devtmpfs fusectl fuse.gvfsd-fuse fuse.gvfs-fuse-daemon hugetlbfs mqueue nfsd proc pstore rootfs rpc_pipefs securityfs selinuxfs sysfs tmpfs tracefs udev usbfs'.split(' '),
    ignoreZeroSizeFs: true,
    ignoredNics: ['docker0'],
    applyTimerConfiguration: true,
  },
  virtio: { devicePrefix: '/dev/virtio-ports/' },
  hooks: { directory: '/etc/ovirt-guest-agent/hooks.d', timeout: 3, budget: 8 },
  credentials: { socket: '@/tmp/ovirt-cred-channel', timeout: 5, allowedUids: [0] },
};

export class ConfigError extends Error {}

type Kind = 'rate' | 'seconds' | 'words' | 'bool' | 'path' | 'uids';
const KEYS: Record<string, Record<string, [string, Kind]>> = {
  general: {
    heart_beat_rate: ['heartBeatRate', 'rate'],
    report_user_rate: ['reportUserRate', 'rate'],
    report_num_cpu_rate: ['reportNumCpuRate', 'rate'],
    report_application_rate: ['reportApplicationRate', 'rate'],
    report_disk_usage: ['reportDiskUsage', 'rate'],
    applications_list: ['applicationsList', 'words'],
    ignored_fs: ['ignoredFs', 'words'],
    ignore_zero_size_fs: ['ignoreZeroSizeFs', 'bool'],
    ignored_nics: ['ignoredNics', 'words'],
    apply_timer_configuration: ['applyTimerConfiguration', 'bool'],
  },
  virtio: { device_prefix: ['devicePrefix', 'path'], device: ['device', 'path'] },
  hooks: { directory: ['directory', 'path'], timeout: ['timeout', 'seconds'], budget: ['budget', 'seconds'] },
  credentials: { socket: ['socket', 'path'], timeout: ['timeout', 'seconds'], allowed_uids: ['allowedUids', 'uids'] },
};
/** Sections of the Python logging configuration, which this agent does not use. */
const IGNORED_SECTION = /^(loggers|handlers|formatters|logger_.*|handler_.*|formatter_.*|DEFAULT)$/;

const TRUE = new Set(['1', 'yes', 'true', 'on']);
const FALSE = new Set(['0', 'no', 'false', 'off']);

function convert(kind: Kind, value: string, where: string): unknown {
  switch (kind) {
    case 'rate':
    case 'seconds': {
      const n = Number(value);
      if (value === '' || !Number.isFinite(n) || n <= 0 || (kind === 'rate' && !Number.isInteger(n)) || n > 86400) {
        throw new ConfigError(`${where} = ${JSON.stringify(value)}: expected ${kind === 'rate' ? 'a whole number of seconds' : 'a number of seconds'} between 1 and 86400`);
      }
      return n;
    }
    case 'bool': {
      const v = value.toLowerCase();
      if (TRUE.has(v)) return true;
      if (FALSE.has(v)) return false;
      throw new ConfigError(`${where} = ${JSON.stringify(value)}: expected true or false (also yes/no, on/off, 1/0)`);
    }
    case 'words':
      return value.split(/\s+/).filter((w) => w !== '');
    case 'path':
      if (value === '') throw new ConfigError(`${where} is empty: expected a path`);
      return value;
    case 'uids': {
      const ids = value.split(/[\s,]+/).filter((w) => w !== '');
      if (ids.some((u) => !/^\d+$/.test(u))) throw new ConfigError(`${where} = ${JSON.stringify(value)}: expected numeric uids separated by spaces`);
      return ids.map(Number);
    }
  }
}

export interface LoadedConfig {
  config: OvirtConfig;
  /** Keys this agent does not know (the reference would ignore them too). */
  warnings: string[];
}

/** Apply `files` ([path, text] in reading order; text undefined = file absent) over the defaults. */
export function buildConfig(files: ReadonlyArray<readonly [string, string | undefined]>): LoadedConfig {
  const config = structuredClone(DEFAULT_CONFIG);
  const warnings: string[] = [];
  for (const [file, text] of files) {
    if (text === undefined) continue;
    let ini;
    try {
      ini = parseIni(text, file);
    } catch (e) {
      throw new ConfigError((e as Error).message);
    }
    for (const [section, keys] of ini) {
      const known = KEYS[section];
      if (!known) {
        if (!IGNORED_SECTION.test(section)) warnings.push(`${file}: unknown section [${section}] ignored`);
        continue;
      }
      for (const [key, { value, line }] of keys) {
        const spec = known[key];
        if (!spec) {
          warnings.push(`${file}:${line}: unknown key "${key}" in [${section}] ignored`);
          continue;
        }
        const [field, kind] = spec;
        const v = convert(kind, value, `${file}:${line}: [${section}] ${key}`);
        if (section === 'virtio' && field === 'device') {
          // The oldest configs name the port itself; its directory is the prefix.
          config.virtio.devicePrefix = (v as string).replace(/[^/]*$/, '');
          continue;
        }
        (config[section as keyof OvirtConfig] as Record<string, unknown>)[field] = v;
      }
    }
  }
  return { config, warnings };
}
