import type { AppSpec } from './app-spec.js';
import { ovirtAgent } from './apps/ovirt-agent.js';
import { qemuGa } from './apps/qemu-ga.js';
import { spiceVdagent } from './apps/spice-vdagent.js';

export type { AppSpec, ProgramSpec } from './app-spec.js';

/** Every agent that ships as a package, by its folder under apps/. */
export const APP_SPECS: Record<string, AppSpec> = {
  [qemuGa.app]: qemuGa,
  [ovirtAgent.app]: ovirtAgent,
  [spiceVdagent.app]: spiceVdagent,
};

export function specFor(app: string): AppSpec {
  const spec = APP_SPECS[app];
  if (!spec) throw new Error(`no package spec for "${app}" (known: ${Object.keys(APP_SPECS).join(', ')}); add one in tools/pkg/src/apps/`);
  return spec;
}
