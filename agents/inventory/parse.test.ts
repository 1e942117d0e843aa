import { describe, expect, it } from 'vitest';
import { countCpuList, parseCfsQuota, parseCpuinfo, parseCpuMax, parseCpuStat, parseInteger, parseMemoryLimit, parseOsRelease, parseProcCgroup, parseScheduler } from './parse.js';

const CPUINFO_2S_SMT = [0, 1, 2, 3, 4, 5, 6, 7].map((i) => [
  `processor\t: ${i}`,
  'model name\t: Intel(R) Xeon(R) Gold 6338 CPU @ 2.00GHz',
  `cpu MHz\t\t: ${i < 4 ? 2000 : 3000}.000`,
  `physical id\t: ${i % 2}`,
  `core id\t\t: ${Math.floor(i / 4) === 0 ? i >> 1 : (i - 4) >> 1}`,
  'flags\t\t: fpu vme de pse',
].join('\n')).join('\n\n');

describe('parseCpuinfo', () => {
  it('counts sockets, cores and threads on a two-socket SMT host', () => {
    const s = parseCpuinfo(CPUINFO_2S_SMT);
    expect(s).toEqual({ model: 'Intel(R) Xeon(R) Gold 6338 CPU @ 2.00GHz', threads: 8, sockets: 2, cores: 4, meanMhz: 2500, hypervisor: false });
  });
  it('sees the hypervisor flag and tolerates missing topology lines (ARM style)', () => {
    const s = parseCpuinfo('processor\t: 0\nBogoMIPS\t: 50.00\nflags\t: fp asimd hypervisor\n\nprocessor\t: 1\nBogoMIPS\t: 50.00\n');
    expect(s).toMatchObject({ model: null, threads: 2, sockets: null, cores: null, meanMhz: null, hypervisor: true });
  });
  it('returns zero threads for empty text', () => {
    expect(parseCpuinfo('').threads).toBe(0);
  });
});

describe('countCpuList', () => {
  it.each([['0', 1], ['0-3', 4], ['0-3,8,10-11\n', 7], ['', 0]])('%j names %i entries', (text, n) => {
    expect(countCpuList(text)).toBe(n);
  });
  it('rejects malformed lists', () => {
    expect(countCpuList('3-1')).toBeNull();
    expect(countCpuList('a')).toBeNull();
  });
});

describe('parseInteger', () => {
  it('reads integers with whitespace and refuses anything else', () => {
    expect(parseInteger('1500\n')).toBe(1500);
    expect(parseInteger('-1')).toBe(-1);
    expect(parseInteger('')).toBeNull();
    expect(parseInteger('1.5')).toBeNull();
  });
});

describe('parseProcCgroup', () => {
  it('reads a v2 single line', () => {
    const c = parseProcCgroup('0::/kubepods.slice/kubepods-pod1.slice/cri-containerd-abc.scope\n');
    expect(c.unified).toBe('/kubepods.slice/kubepods-pod1.slice/cri-containerd-abc.scope');
    expect(c.controllers.size).toBe(0);
  });
  it('reads v1 lines, splitting combined controllers and name= hierarchies', () => {
    const c = parseProcCgroup('12:memory:/docker/abc\n4:cpu,cpuacct:/docker/abc\n1:name=systemd:/docker/abc\n0::/\n');
    expect(c.controllers.get('cpu')).toBe('/docker/abc');
    expect(c.controllers.get('cpuacct')).toBe('/docker/abc');
    expect(c.controllers.get('memory')).toBe('/docker/abc');
    expect(c.controllers.get('systemd')).toBe('/docker/abc');
    expect(c.unified).toBe('/');
  });
});

describe('CPU quota', () => {
  it('v2 cpu.max: a quota and "max"', () => {
    expect(parseCpuMax('150000 100000\n')).toEqual({ quotaUs: 150000, periodUs: 100000, cpus: 1.5 });
    expect(parseCpuMax('max 100000\n')).toEqual({ quotaUs: null, periodUs: 100000, cpus: null });
    expect(parseCpuMax('garbage')).toBeNull();
    expect(parseCpuMax('100 0')).toBeNull();
  });
  it('v1 cfs_quota_us/cfs_period_us: a quota and -1', () => {
    expect(parseCfsQuota('50000\n', '100000\n')).toEqual({ quotaUs: 50000, periodUs: 100000, cpus: 0.5 });
    expect(parseCfsQuota('-1\n', '100000\n')).toEqual({ quotaUs: null, periodUs: 100000, cpus: null });
    expect(parseCfsQuota('', '100000')).toBeNull();
  });
});

describe('parseCpuStat', () => {
  it('v2: throttled_usec', () => {
    const text = 'usage_usec 123\nuser_usec 100\nsystem_usec 23\nnr_periods 500\nnr_throttled 25\nthrottled_usec 1500000\nnr_bursts 0\nburst_usec 0\n';
    expect(parseCpuStat(text)).toEqual({ nrPeriods: 500, nrThrottled: 25, throttledUsec: 1_500_000 });
  });
  it('v1: throttled_time in nanoseconds', () => {
    expect(parseCpuStat('nr_periods 10\nnr_throttled 2\nthrottled_time 3000000\n')).toEqual({ nrPeriods: 10, nrThrottled: 2, throttledUsec: 3000 });
  });
  it('v2 without the cpu controller has no throttling lines', () => {
    expect(parseCpuStat('usage_usec 123\nuser_usec 100\nsystem_usec 23\n')).toBeNull();
  });
});

describe('parseMemoryLimit', () => {
  it('reads v2 "max", a v2 number, the v1 unlimited sentinel and a v1 limit', () => {
    expect(parseMemoryLimit('max\n')).toEqual({ limited: false });
    expect(parseMemoryLimit('536870912\n')).toEqual({ limited: true, bytes: 536870912 });
    expect(parseMemoryLimit('9223372036854771712\n')).toEqual({ limited: false });
    expect(parseMemoryLimit('')).toBeNull();
  });
});

describe('parseScheduler', () => {
  it('returns the bracketed scheduler', () => {
    expect(parseScheduler('none [mq-deadline] kyber bfq\n')).toBe('mq-deadline');
    expect(parseScheduler('[none] mq-deadline\n')).toBe('none');
  });
  it('accepts a lone unbracketed name and refuses an ambiguous list', () => {
    expect(parseScheduler('none\n')).toBe('none');
    expect(parseScheduler('none mq-deadline')).toBeNull();
  });
});

describe('parseOsRelease', () => {
  it('prefers PRETTY_NAME, falls back to NAME VERSION', () => {
    expect(parseOsRelease('NAME="Debian GNU/Linux"\nPRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\n')).toBe('Debian GNU/Linux 12 (bookworm)');
    expect(parseOsRelease('NAME=Alpine\nVERSION="3.19"\n')).toBe('Alpine 3.19');
    expect(parseOsRelease('# nothing\n')).toBeNull();
  });
});
