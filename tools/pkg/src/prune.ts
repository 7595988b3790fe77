/**
 * Which files of a bundle's dist/node_modules go into the package. Native
 * addons arrive with prebuilds for every platform and with their C sources;
 * a Debian amd64 package wants only its own architecture's glibc build (other
 * architectures' binaries are wrong here, and lintian says so).
 */
const BUILD_ONLY = /\.(c|cc|cpp|cxx|h|hh|hpp|inc|S|asm|sh|gyp|gypi|md|markdown|d\.ts|d\.mts|d\.cts|map|ts)$|^CMakeLists\.txt$/i;
// Build and command-line helpers of native addons, never loaded by an agent.
const TOOLS = /^node_modules\/(.*\/)?(koffi\/cnoke\.cjs|node-addon-api\/tools\/|node-gyp-build\/(bin|build-test|optional)\.js$)/;

/** Node's arch names (process.arch) of a prebuild folder like linux-x64 or darwin-x64+arm64. */
function prebuildFits(folder: string, nodeArch: string): boolean {
  const [os, archs = ''] = folder.split('-');
  return os === 'linux' && archs.split('+').includes(nodeArch);
}

/**
 * @param rel path relative to the bundle's dist/ (POSIX separators)
 * @param nodeArch process.arch of the target (x64, arm64, ...)
 */
export function shipsInPackage(rel: string, nodeArch: string): boolean {
  if (!rel.startsWith('node_modules/')) return !rel.endsWith('.map');
  const parts = rel.split('/');
  const base = parts[parts.length - 1]!;
  if (/^(LICEN[CS]E|COPYING|NOTICE)/i.test(base)) return true;
  if (BUILD_ONLY.test(base) || TOOLS.test(rel)) return false;
  if (parts.includes('vendor')) return false;
  const pre = parts.indexOf('prebuilds');
  if (pre >= 0 && parts[pre + 1] !== undefined && parts.length > pre + 2 && !prebuildFits(parts[pre + 1]!, nodeArch)) return false;
  if (base.endsWith('.node') && /musl/.test(rel)) return false;
  if (parts.some((p) => /^(musl_|android|win32|darwin)/.test(p))) return false;
  if (parts.some((p) => p === 'test' || p === 'tests' || p === 'example' || p === 'examples' || p === '.github')) return false;
  return true;
}
