// A node's pod CIDR → how many addresses it holds. Accepts "/24" (a bare prefix: IPv4 up to /32,
// IPv6 beyond) or a full CIDR, IPv4 ("10.0.0.0/24") or IPv6 ("fd00:10::/64").
import type { Parsed } from '../scenarios/units.js';

export interface PodCidr {
  family: 4 | 6;
  prefix: number;
  /** 2^(32 − prefix) or 2^(128 − prefix); beyond 2^53 the count is a power of two, still exact in a double. */
  addresses: number;
}

function isIpv4(text: string): boolean {
  const parts = text.split('.');
  return parts.length === 4 && parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255);
}

function isIpv6(text: string): boolean {
  if (!/^[0-9a-fA-F:]+$/.test(text)) return false;
  const halves = text.split('::');
  if (halves.length > 2) return false;
  const groups = halves.map((h) => (h === '' ? [] : h.split(':')));
  if (groups.some((g) => g.some((x) => !/^[0-9a-fA-F]{1,4}$/.test(x)))) return false;
  const count = groups.reduce((n, g) => n + g.length, 0);
  return halves.length === 2 ? count < 8 : count === 8;
}

export function parsePodCidr(input: string): Parsed<PodCidr> {
  const text = input.trim();
  const m = /^([^/]*)\/(\d{1,3})$/.exec(text);
  const bad = { ok: false as const, error: `"${input}" is not a CIDR (use e.g. "/24", "10.244.1.0/24" or "fd00:10:244:1::/64")` };
  if (!m) return bad;
  const [, address, prefixText] = m as unknown as [string, string, string];
  const prefix = Number(prefixText);
  let family: 4 | 6;
  if (address === '') family = prefix <= 32 ? 4 : 6;
  else if (isIpv4(address)) family = 4;
  else if (isIpv6(address)) family = 6;
  else return bad;
  const bits = family === 4 ? 32 : 128;
  if (prefix > bits) return { ok: false, error: `"${input}": an IPv${family} prefix is at most /${bits}` };
  return { ok: true, value: { family, prefix, addresses: 2 ** (bits - prefix) } };
}
