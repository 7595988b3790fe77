/**
 * Which reports go out together, in the reference's order (§2.2). Reports
 * above the current API version are left out when sent.
 */
export type ReportName =
  | 'session-startup'
  | 'host-name'
  | 'os-version'
  | 'network-interfaces'
  | 'active-user'
  | 'applications'
  | 'containers'
  | 'fqdn'
  | 'timezone'
  | 'os-info'
  | 'disks-usage'
  | 'number-of-cpus';

/** At start (and on a reconnect no refresh follows). No disks-usage, as the reference. */
export const STARTUP_BURST: readonly ReportName[] = ['session-startup', 'host-name', 'os-version', 'network-interfaces', 'active-user', 'applications', 'containers', 'fqdn', 'timezone', 'os-info'];

/**
 * Answer to `refresh` and to an `api-version` that changed the version.
 * number-of-cpus (API >= 1) is added at the end: the reference only sent it
 * every 60 s, leaving VDSM's guestCPUCount at -1 for the first minute.
 */
export const REFRESH_BURST: readonly ReportName[] = ['session-startup', 'active-user', 'applications', 'containers', 'host-name', 'os-version', 'network-interfaces', 'disks-usage', 'fqdn', 'timezone', 'os-info', 'number-of-cpus'];

/** Every report_application_rate seconds. */
export const APPLICATION_BURST: readonly ReportName[] = ['applications', 'containers', 'host-name', 'os-version', 'network-interfaces', 'fqdn'];
