// The only file access of the inventory collectors. Reads never throw: a missing or unreadable
// file is null, so collectors can record why a field is absent and go on.
import { readdir, readFile, realpath } from 'node:fs/promises';

export interface SysReader {
  /** File text, or null when it cannot be read. */
  text(path: string): Promise<string | null>;
  /** Directory entries (sorted), or null when it cannot be listed. */
  list(dir: string): Promise<string[] | null>;
  /** The resolved path of a symlink (sysfs devices), or null. */
  resolve(path: string): Promise<string | null>;
}

export const FS_READER: SysReader = {
  async text(path) {
    try {
      return await readFile(path, 'utf8');
    } catch {
      return null;
    }
  },
  async list(dir) {
    try {
      return (await readdir(dir)).sort();
    } catch {
      return null;
    }
  },
  async resolve(path) {
    try {
      return await realpath(path);
    } catch {
      return null;
    }
  },
};

/** A reader over an in-memory file tree, for tests of the collectors on known /sys layouts. */
export function readerFromFiles(files: Record<string, string>, links: Record<string, string> = {}): SysReader {
  return {
    text: async (path) => files[path] ?? null,
    list: async (dir) => {
      const prefix = dir.endsWith('/') ? dir : `${dir}/`;
      const names = new Set<string>();
      for (const p of [...Object.keys(files), ...Object.keys(links)]) {
        if (p.startsWith(prefix)) names.add(p.slice(prefix.length).split('/')[0] ?? '');
      }
      return names.size > 0 ? [...names].filter(Boolean).sort() : null;
    },
    resolve: async (path) => links[path] ?? (path in files ? path : null),
  };
}
