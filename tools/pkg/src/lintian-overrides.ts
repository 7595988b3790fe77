/**
 * /usr/share/lintian/overrides/<pkg>: the informational tags lintian raises
 * on every agent package, each with the reason it is right as it is.
 */
import type { AppSpec } from './app-spec.js';

export function renderLintianOverrides(spec: AppSpec, hasUdevOnlyUnit: boolean): string {
  const lib = `usr/lib/${spec.pkg}`;
  const out = [
    '# The npm packages under node_modules are MIT/ISC-licensed: their licence',
    '# notice has to travel with their files (it is in copyright too).',
    `${spec.pkg}: extra-license-file [${lib}/node_modules/*]`,
    `${spec.pkg}: package-contains-documentation-outside-usr-share-doc [${lib}/node_modules/*]`,
    '# Native addons are the upstream prebuilt N-API binaries (serialport, koffi),',
    '# shipped as published on npm, not built with dpkg-buildflags.',
    `${spec.pkg}: hardening-no-bindnow [${lib}/node_modules/*]`,
    `${spec.pkg}: hardening-no-fortify-functions [${lib}/node_modules/*]`,
    `${spec.pkg}: spelling-error-in-binary * [${lib}/node_modules/*]`,
    '# systemd only, like the guest images these agents are for.',
    `${spec.pkg}: package-supports-alternative-init-but-no-init.d-script [lib/systemd/system/*]`,
    `${spec.pkg}: systemd-service-file-missing-documentation-key [lib/systemd/system/*]`,
  ];
  if (hasUdevOnlyUnit) {
    out.push(
      '# Started by udev when the host\'s port appears (SYSTEMD_WANTS), as the',
      '# original\'s unit is: enabling it at boot would start it with no port.',
      `${spec.pkg}: systemd-service-file-missing-install-key [lib/systemd/system/*]`,
    );
  }
  return `${out.join('\n')}\n`;
}
