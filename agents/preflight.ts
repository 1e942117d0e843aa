// Before the first step: can we reach the target at all? A refused connection is a runtime
// failure with a clear message, not a run full of connect errors.
import net from 'node:net';
import { UserError, EXIT } from './exit-codes.js';

export async function checkReachable(url: string, timeoutMs = 3000): Promise<void> {
  const u = new URL(url);
  const port = Number(u.port || (u.protocol === 'https:' ? 443 : 80));
  const host = u.hostname.replace(/^\[|\]$/g, '');
  await new Promise<void>((resolvePromise, reject) => {
    const socket = net.connect({ host, port });
    const fail = (why: string): void => {
      socket.destroy();
      reject(new UserError(`cannot connect to ${u.origin}: ${why}. Is the service running? (\`headroom target --port ${port}\` starts a calibrated one)`, EXIT.runtimeFailure));
    };
    socket.setTimeout(timeoutMs, () => fail(`no answer within ${timeoutMs}ms`));
    socket.once('error', (err: NodeJS.ErrnoException) => fail(err.code ?? err.message));
    socket.once('connect', () => {
      socket.end();
      resolvePromise();
    });
  });
}
