import { CommanderError } from 'commander';
import { afterEach, describe, expect, it } from 'vitest';
import { parseTargetFlags, runTargetCli, type TargetFlags } from './cli.js';
import type { RunningTarget } from './server.js';

const running: RunningTarget[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((t) => t.close()));
});

async function run(argv: string[]): Promise<{ target: RunningTarget; lines: string[] }> {
  const lines: string[] = [];
  const target = await runTargetCli(argv, (line) => lines.push(line));
  running.push(target);
  return { target, lines };
}

async function runError(argv: string[]): Promise<CommanderError> {
  const err = await runTargetCli(argv, () => {}).then(
    (t) => {
      running.push(t);
      return null;
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(CommanderError);
  return err as CommanderError;
}

const DEFAULT_FLAGS: TargetFlags = { model: 'usl', lambda: '100', sigma: '0.03', kappa: '0.0008', workers: '8', serviceMs: '10', host: '127.0.0.1', port: '8080' };

describe('headroom target', () => {
  it('prints "listening on <url>" first, then the model and its capacity', async () => {
    const { target, lines } = await run(['--port', '0', '--model', 'fixed', '--workers', '8', '--service-ms', '10']);
    expect(lines[0]).toBe(`listening on http://127.0.0.1:${target.port}/`);
    expect(lines[0]).toMatch(/^listening on http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(lines[1]).toBe('model fixed: 8 workers × 10ms → capacity 800 req/s');
    const res = await fetch(target.url);
    expect(res.status).toBe(200);
  });

  it('defaults to the usl model and describes its peak', async () => {
    const { lines } = await run(['--port', '0']);
    expect(lines[1]).toBe('model usl: λ=100 σ=0.03 κ=0.0008 → peak N*=34.8 at 1,178 req/s');
  });

  it('accepts durations with units for stalls and states them', async () => {
    const { lines } = await run(['--port', '0', '--stall-every', '10s', '--stall-ms', '250ms']);
    expect(lines[2]).toBe('stalls: every 10s (the first 10s after start), no reply is sent for 250ms');
  });

  it('exits 2 naming the flag when a value is invalid', async () => {
    const err = await runError(['--port', '0', '--sigma', '1.5']);
    expect(err.exitCode).toBe(2);
    expect(err.message).toMatch(/--sigma must be in \[0, 1\], got 1\.5/);
  });

  it('exits 2 when the port is taken, with a hint', async () => {
    const { target } = await run(['--port', '0']);
    const err = await runError(['--port', String(target.port)]);
    expect(err.exitCode).toBe(2);
    expect(err.message).toMatch(/EADDRINUSE.*--port 0/);
  });

  it('teaches in --help: both models and an example', async () => {
    const out: string[] = [];
    await expect(runTargetCli(['--help'], (line) => out.push(line))).rejects.toMatchObject({ exitCode: 0 });
    const help = out.join('\n');
    expect(help).toMatch(/usl .*Universal Scalability Law/s);
    expect(help).toMatch(/fixed .*capacity K\/S/s);
    expect(help).toMatch(/\$ headroom target --model fixed/);
  });
});

describe('parseTargetFlags', () => {
  it('turns the defaults into a usl target on port 8080', () => {
    expect(parseTargetFlags(DEFAULT_FLAGS)).toEqual({ ok: true, value: { model: 'usl', lambda: 100, sigma: 0.03, kappa: 0.0008, host: '127.0.0.1', port: 8080 } });
  });

  it('reads units: service time, stall durations and body size', () => {
    const parsed = parseTargetFlags({ ...DEFAULT_FLAGS, model: 'fixed', serviceMs: '2.5ms', stallEvery: '1m', stallMs: '1s', responseBytes: '16Ki' });
    expect(parsed).toEqual({ ok: true, value: { model: 'fixed', workers: 8, serviceMs: 2.5, host: '127.0.0.1', port: 8080, stallEveryMs: 60_000, stallMs: 1000, responseBytes: 16384 } });
  });

  it('reports every problem at once, each with its flag', () => {
    const parsed = parseTargetFlags({ ...DEFAULT_FLAGS, lambda: 'fast', kappa: '-1', port: '70000', stallMs: '2s' });
    expect(parsed.ok).toBe(false);
    const errors = parsed.ok ? [] : parsed.errors;
    expect(errors).toEqual([
      '--lambda "fast" is not a number',
      '--kappa must be a non-negative number, got -1',
      '--port must be a whole number in 0–65535 (0 picks a free port), got 70000',
      '--stall-every is required when a stall length is given',
    ]);
  });

  it('refuses flags of the other model and unknown models', () => {
    const given = (key: string) => key === 'workers';
    expect(parseTargetFlags(DEFAULT_FLAGS, given)).toEqual({ ok: false, errors: ['--workers applies to --model fixed, not --model usl'] });
    expect(parseTargetFlags({ ...DEFAULT_FLAGS, model: 'queue' })).toEqual({ ok: false, errors: ['--model must be usl or fixed, got "queue"'] });
  });

  it('refuses a stall as long as its period', () => {
    const parsed = parseTargetFlags({ ...DEFAULT_FLAGS, stallEvery: '1s', stallMs: '1s' });
    expect(parsed.ok ? [] : parsed.errors).toEqual(['--stall-ms must be shorter than the stall period (1000ms), got 1000ms']);
  });
});
