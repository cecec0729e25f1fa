import { createServer } from 'node:net';
import { run, tempDir } from './helpers.js';

test('a busy health.port is a config error naming the key, before any login', async () => {
  const busy = createServer();
  await new Promise<void>((r) => busy.listen(0, '127.0.0.1', r));
  const address = busy.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  try {
    const dir = await tempDir({ 'wxbot.config.yaml': `health: { port: ${address.port} }\n` });
    const r = await run(['start', '--sandbox'], dir, '', { WXBOT_SANDBOX_FAST: '1' });
    expect(r.code).toBe(3);
    expect(r.errLines[0]).toBe(
      `wxbot.config.yaml: health.port: port ${address.port} on 127.0.0.1 is already in use (another wxbot, or another program); choose a free port or remove health.port`,
    );
    expect(r.stdout).not.toContain('ready:');
  } finally {
    busy.close();
  }
});
