import { describe, expect, it } from 'vitest';
import { parsePodCidr } from './max-pods-cidr.js';

describe('parsePodCidr', () => {
  it.each([
    ['/24', 4, 256],
    ['/32', 4, 1],
    ['10.244.1.0/24', 4, 256],
    ['10.0.0.0/26', 4, 64],
    ['/64', 6, 2 ** 64],
    ['fd00:10:244:1::/120', 6, 256],
    ['2001:db8::/112', 6, 65536],
  ])('%s → IPv%d, %d addresses', (text, family, addresses) => {
    expect(parsePodCidr(text)).toEqual({ ok: true, value: { family, prefix: Number(text.split('/')[1]), addresses } });
  });

  it.each(['24', '10.0.0/24', '256.0.0.0/24', '10.0.0.0/33', 'fd00::1::/64', 'fd00::/129', 'x/24'])('rejects %s', (text) => {
    expect(parsePodCidr(text).ok).toBe(false);
  });
});
