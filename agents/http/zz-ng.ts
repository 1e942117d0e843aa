import { startNginx } from './start-nginx.js';
const ng = await startNginx();
console.log(ng.url);
process.on('SIGTERM', async () => { await ng.stop(); process.exit(0); });
setInterval(() => {}, 1000);
