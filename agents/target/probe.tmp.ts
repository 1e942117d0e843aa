import { startTarget } from './server.js';
import { runClosedLoop } from './test-client.js';
import { uslThroughput } from './models.js';
const fixed = await startTarget({ model: 'fixed', workers: 8, serviceMs: 10 });
for (const n of [32, 4]) {
  const r = await runClosedLoop(fixed.url, n, { warmupMs: 300, measureMs: 2000 });
  const s = [...r.latenciesMs].sort((a, b) => a - b);
  console.log('fixed', n, r.throughputPerSec.toFixed(1), 'expected', Math.min(n, 8) * 100, 'err', r.errors, 'p50', s[s.length >> 1]!.toFixed(2), fixed.stats());
}
await fixed.close();
const p = { lambda: 20, sigma: 0.05, kappa: 0.002 };
const usl = await startTarget({ model: 'usl', ...p });
for (const n of [1, 10, 30]) {
  const r = await runClosedLoop(usl.url, n, { warmupMs: 600, measureMs: 2000 });
  console.log('usl', n, r.throughputPerSec.toFixed(1), 'expected', uslThroughput(n, p).toFixed(1), (r.throughputPerSec / uslThroughput(n, p)).toFixed(3), 'completed', r.completed);
}
await usl.close();
