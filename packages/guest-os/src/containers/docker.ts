/**
 * Containers from the Docker Engine API (`GET /containers/json?all=true` on
 * its UNIX socket), the source the oVirt reference agent used for its
 * `containers` report. No socket means no containers; any failure or a
 * daemon that does not answer in time reads as an empty list.
 */
import { access } from 'node:fs/promises';
import http from 'node:http';

export interface ContainerInfo {
  id: string;
  names: string[];
  image: string;
  command: string;
  status: string;
}

export const DOCKER_SOCKET = '/var/run/docker.sock';

export interface DockerDeps {
  socketPath: string;
  timeoutMs: number;
  /** Largest answer accepted (a huge list is cut by the caller anyway). */
  maxBytes: number;
}

const defaults: DockerDeps = { socketPath: DOCKER_SOCKET, timeoutMs: 5000, maxBytes: 8 * 1024 * 1024 };

function get(d: DockerDeps, path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = http.get({ socketPath: d.socketPath, path, timeout: d.timeoutMs, headers: { Host: 'docker' } }, (res) => {
      const parts: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size > d.maxBytes) req.destroy(new Error('answer too large'));
        else parts.push(c);
      });
      res.on('end', () => (res.statusCode === 200 ? resolve(Buffer.concat(parts).toString('utf8')) : reject(new Error(`HTTP ${res.statusCode}`))));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', reject);
  });
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** Every container (running or not), or [] when Docker is absent or fails. */
export async function listContainers(deps: Partial<DockerDeps> = {}): Promise<ContainerInfo[]> {
  const d = { ...defaults, ...deps };
  try {
    await access(d.socketPath);
  } catch {
    return [];
  }
  try {
    const rows: unknown = JSON.parse(await get(d, '/containers/json?all=true'));
    if (!Array.isArray(rows)) return [];
    return rows
      .filter((r): r is Record<string, unknown> => r !== null && typeof r === 'object')
      .map((r) => ({
        id: str(r.Id),
        names: Array.isArray(r.Names) ? r.Names.filter((n): n is string => typeof n === 'string') : [],
        image: str(r.Image),
        command: str(r.Command),
        status: str(r.Status),
      }));
  } catch {
    return [];
  }
}
