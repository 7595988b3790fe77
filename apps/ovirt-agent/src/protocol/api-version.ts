/**
 * API versions (ovirt-guest-agent.md §4.1): the highest both sides speak is
 * 3; a message below its minimum version is not sent.
 */
export const MAX_API_VERSION = 3;

const MIN_VERSION: Record<string, number> = {
  'number-of-cpus': 1,
  'os-info': 2,
  timezone: 2,
  containers: 3,
  completion: 3,
};

export function minApiVersion(name: string): number {
  return MIN_VERSION[name] ?? 0;
}

/** Clamp a requested version into 0..3 (the reference let a negative value mute the agent). */
export function clampApiVersion(v: number): number {
  return Math.min(MAX_API_VERSION, Math.max(0, v));
}
