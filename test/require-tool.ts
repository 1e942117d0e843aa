// Tests that need a real program (chromium, wrk, nginx, etcd…) use this. In CI (CI=true) a missing
// program is a failure, so a green CI always means the test ran; on a developer's machine the test
// is skipped with a message saying what to install.
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

export function findBinary(name: string): string | null {
  if (name.includes('/')) {
    try {
      accessSync(name, constants.X_OK);
      return name;
    } catch {
      return null;
    }
  }
  for (const dir of [...(process.env.PATH ?? '').split(delimiter), '/usr/sbin', '/sbin']) {
    const p = join(dir, name);
    try {
      accessSync(p, constants.X_OK);
      return p;
    } catch {
      /* keep looking */
    }
  }
  return null;
}

/** Path of the binary, or null (test should skip). Throws in CI. */
export function requireBinary(name: string, debianPackage = name): string | null {
  const found = findBinary(name);
  if (found) return found;
  const msg = `${name} not found: install it with \`apt-get install -y ${debianPackage}\``;
  if (process.env.CI === 'true') throw new Error(`${msg} (CI requires it)`);
  console.warn(`skipping: ${msg}`);
  return null;
}
