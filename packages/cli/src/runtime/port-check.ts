import { createServer } from 'node:net';
import { ConfigProblemsError } from '../config/errors.js';

/**
 * Fails before the login, naming the config key, when `health.port` cannot be listened on (in use,
 * or not allowed): otherwise the bot would log in and then stop on a bare `EADDRINUSE`.
 *
 * @example
 * await checkHealthPort(config.health, loaded.label);
 */
export async function checkHealthPort(
  health: { port?: number | undefined; host: string },
  label: string,
): Promise<void> {
  const { port, host } = health;
  if (port === undefined || port === 0) return;
  const problem = await new Promise<string | undefined>((resolve) => {
    const server = createServer();
    server.once('error', (err: NodeJS.ErrnoException) => {
      resolve(
        err.code === 'EADDRINUSE'
          ? `port ${port} on ${host} is already in use (another wxbot, or another program); choose a free port or remove health.port`
          : err.code === 'EACCES'
            ? `port ${port} on ${host} needs more privileges (ports below 1024); choose a port above 1024`
            : `cannot listen on ${host}:${port} (${err.code ?? err.message}); check health.host and health.port`,
      );
    });
    server.listen(port, host, () => server.close(() => resolve(undefined)));
  });
  if (problem !== undefined) {
    throw new ConfigProblemsError(label, [{ path: 'health.port', message: problem }], {
      hint: 'hint: the health endpoint (/healthz, /metrics) needs its own port; nothing was started.',
    });
  }
}
