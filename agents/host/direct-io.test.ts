import fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findAlignedOffset, openDirectRead, type OpenFile } from './direct-io.js';

const dir = fs.mkdtempSync(join(tmpdir(), 'headroom-direct-io-'));
const file = join(dir, 'data');
const content = Buffer.alloc(64 * 1024);
for (let i = 0; i < content.length; i++) content[i] = (i * 7 + 3) & 0xff;
fs.writeFileSync(file, content);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Whether this test machine's temp filesystem takes O_DIRECT at all (tmpfs before Linux 6.6 does not). */
function tmpTakesDirectIo(): boolean {
  try {
    fs.closeSync(fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_DIRECT));
    return true;
  } catch {
    return false;
  }
}

describe.skipIf(!tmpTakesDirectIo())('O_DIRECT alignment', () => {
  it('finds an offset inside an unaligned buffer where direct reads succeed, and reads the right bytes', () => {
    const reader = openDirectRead(file, 8192);
    try {
      expect(reader.direct).toBe(true);
      expect(reader.fallbackReason).toBeNull();
      expect(reader.buffer.length).toBe(8192);
      expect(fs.readSync(reader.fd, reader.buffer, 0, 8192, 4096)).toBe(8192);
      expect(reader.buffer.equals(content.subarray(4096, 4096 + 8192))).toBe(true);
    } finally {
      fs.closeSync(reader.fd);
    }
  });

  it('returns the first offset the kernel accepts: every earlier 16-byte step is refused with EINVAL', () => {
    const fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_DIRECT);
    try {
      const raw = Buffer.allocUnsafeSlow(4096 * 3);
      const offset = findAlignedOffset(fd, raw);
      expect(offset).not.toBeNull();
      expect(offset! % 16).toBe(0);
      expect(fs.readSync(fd, raw, offset!, 4096, 0)).toBe(4096);
      // How far the search had to go depends on the device (512-byte DMA alignment on virtio, 4 on NVMe).
      for (let earlier = 0; earlier < offset!; earlier += 16) {
        expect(() => fs.readSync(fd, raw, earlier, 4096, 0)).toThrow(expect.objectContaining({ code: 'EINVAL' }));
      }
      // A buffer with no room for 4096 bytes past any offset has no answer.
      expect(findAlignedOffset(fd, Buffer.allocUnsafeSlow(2048))).toBeNull();
    } finally {
      fs.closeSync(fd);
    }
  });
});

describe('O_DIRECT refused', () => {
  it('falls back to buffered reads and says why', () => {
    const refuseDirect: OpenFile = (path, flags) => {
      if (flags & fs.constants.O_DIRECT) throw Object.assign(new Error('EINVAL: invalid argument, open'), { code: 'EINVAL' });
      return fs.openSync(path, flags);
    };
    const reader = openDirectRead(file, 4096, refuseDirect);
    try {
      expect(reader.direct).toBe(false);
      expect(reader.fallbackReason).toMatch(/refused O_DIRECT \(EINVAL\)/);
      expect(fs.readSync(reader.fd, reader.buffer, 0, 4096, 0)).toBe(4096);
      expect(reader.buffer.equals(content.subarray(0, 4096))).toBe(true);
    } finally {
      fs.closeSync(reader.fd);
    }
  });

  it('still fails on errors that are not about O_DIRECT', () => {
    expect(() => openDirectRead(join(dir, 'missing'), 4096)).toThrow(/ENOENT/);
  });
});
