import { execFileSync } from 'node:child_process';
import { startNginx } from './start-nginx.js';
import { createHeadroomEngine } from './headroom-engine.js';
import { testPlan, testTarget } from './test-servers.js';
import { summarizeEncodedMs } from '../../analyzers/histogram.js';
const ng = await startNginx();
try {
  const mode = process.argv[2] ?? 'both';
  if (mode !== 'ours') console.log(execFileSync('wrk', ['-t1', '-c50', '-d5s', '--latency', ng.url]).toString().split('\n').filter(l => /Requests\/sec|50%|99%/.test(l)).join('\n'));
  if (mode !== 'wrk') {
    const c0 = process.cpuUsage();
    const m = await createHeadroomEngine(testTarget(ng.url)).runStep(testPlan({ load: 50, durationMs: 5000 }), { signal: new AbortController().signal });
    const c = process.cpuUsage(c0);
    console.log('ours req/s', (m.ok / m.durationMs * 1000).toFixed(0), 'cpu s', ((c.user + c.system) / 1e6).toFixed(2), summarizeEncodedMs(m.histogram).p50, m.errors);
  }
} finally { await ng.stop(); }
