import { lstat, open, opendir, readFile, readlink, realpath, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** A directory entry with the d_type facts qemu-ga's readdir loops look at. */
export interface DirEntry {
  name: string;
  isDirectory: boolean;
  isSymlink: boolean;
}

/**
 * File access to /proc and /sys through a root prefix, so tests can point
 * the same code at a captured tree under a temp dir. Paths in and out are
 * absolute paths as seen inside the root ("/sys/block/vda"); realpath
 * results are mapped back the same way.
 */
export interface RootedFs {
  readonly root: string;
  readText(p: string): Promise<string>;
  /** Opens read-write (failing like open(O_RDWR) would) and returns the content. */
  readTextForWrite(p: string): Promise<string>;
  /** Writes like pwrite(fd, buf, len, 0) on a sysfs attribute (no O_TRUNC/O_CREAT). */
  writeText(p: string, data: string): Promise<void>;
  /** Entries in kernel (getdents) order, "." and ".." excluded. */
  readDir(p: string): Promise<DirEntry[]>;
  realpath(p: string): Promise<string>;
  readlink(p: string): Promise<string>;
  isDirectory(p: string): Promise<boolean>;
}

/** A RootedFs over the real file system below `root` ("/" = the live machine). */
export function rootedFs(root = '/'): RootedFs {
  const abs = (p: string): string => (root === '/' ? p : path.join(root, p));
  const unroot = (p: string): string => {
    if (root === '/') return p;
    const rel = path.relative(root, p);
    return rel.startsWith('..') ? p : `/${rel}`;
  };
  return {
    root,
    readText: (p) => readFile(abs(p), 'latin1'),
    readTextForWrite: async (p) => {
      const fh = await open(abs(p), 'r+');
      try {
        return (await fh.readFile()).toString('latin1');
      } finally {
        await fh.close();
      }
    },
    writeText: (p, data) => writeFile(abs(p), data, { flag: 'r+' }),
    readDir: async (p) => {
      // fs.readdir sorts (libuv scandir); opendir keeps getdents order like readdir(3).
      const out: DirEntry[] = [];
      for await (const d of await opendir(abs(p))) {
        out.push({ name: d.name, isDirectory: d.isDirectory(), isSymlink: d.isSymbolicLink() });
      }
      return out;
    },
    realpath: async (p) => unroot(await realpath(abs(p))),
    readlink: (p) => readlink(abs(p)),
    isDirectory: async (p) => (await lstat(abs(p))).isDirectory(),
  };
}
