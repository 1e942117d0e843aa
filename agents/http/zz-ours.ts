import { createHeadroomEngine } from './headroom-engine.js';
import { testPlan, testTarget } from './test-servers.js';
import { summarizeEncodedMs } from '../../analyzers/histogram.js';
const url = process.argv[2]!; const dur = Number(process.argv[3] ?? 5000);
const c0 = process.cpuUsage();
const m = await createHeadroomEngine(testTarget(url)).runStep(testPlan({ load: 50, durationMs: dur }), { signal: new AbortController().signal });
const c = process.cpuUsage(c0);
console.log('ours req/s', (m.ok / m.durationMs * 1000).toFixed(0), 'cpu user', (c.user/1e6).toFixed(2), 'sys', (c.system / 1e6).toFixed(2), 'p50', summarizeEncodedMs(m.histogram).p50);
