import { randomBytes } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createIlinkSimulator, type IlinkSimulator } from '@wxbot/simulator';
import { startIlinkWireRecorder } from '../../ilink/test/reliability/wire-recorder.js';
import { ExitCode } from '../src/exit-codes.js';
import { redactText } from '../src/redact.js';
import { FIXTURES, launch, run, tempDir } from './helpers.js';

// The iLink half of the log secret scan (core's is test/reliability/secrets.test.ts): a whole
// `wxbot start` on iLink at trace level, over real HTTP through a relay that records every secret
// on the wire. Login by QR, an image and a file downloaded and sent back, typing, a burst of
// replies refused by the server's quota and then by the client's, a handler error, and the `-14`
// end. No secret may show in the JSON log file, the CLI's stdout/stderr, or `wxbot status`.

let sim: IlinkSimulator | undefined;
let wire: Awaited<ReturnType<typeof startIlinkWireRecorder>> | undefined;
afterEach(async () => {
  await wire?.close();
  await sim?.close();
});

test('an iLink run at trace level: no bot token, context token, AES key, QR ticket or Authorization value in any output', async () => {
  // The server allows 2 replies a turn, the config 3: the 3rd is refused by the server, the 4th locally.
  sim = await createIlinkSimulator({
    updatesHoldMs: 100,
    longPollTimeoutMs: 150,
    qrHoldMs: 30,
    quotaPerTurn: 2,
  });
  wire = await startIlinkWireRecorder(sim.url);
  const dir = await tempDir({
    'wxbot.config.yaml': [
      'transport: ilink',
      'log:',
      '  level: trace',
      '  file: wxbot.jsonl',
      'outbox:',
      '  pacing: false',
      'plugins:',
      `  - path: ${join(FIXTURES, 'ilink-secrets-plugin.mjs')}`,
      '  - name: "@wxbot/plugin-logger"',
      '    options: { level: trace, archive: chat, saveMedia: true }',
      '  - name: "@wxbot/plugin-autoreply"',
      '    options:',
      '      rules: [{ match: { equals: ping }, reply: pong }]',
      'ilink:',
      `  baseUrl: ${wire.url}`,
      '  quotaPerTurn: 3',
      '',
    ].join('\n'),
  });
  const bot = launch(['start'], dir);
  const alice = sim.user('alice');
  alice.login(await alice.waitForQr(30_000));
  await bot.waitFor(/^ready: /m);

  alice.says('ping');
  await alice.waitForReply((m) => m.text === 'pong', 30_000);
  alice.send({ kind: 'image', data: randomBytes(3000) });
  await alice.waitForReply((m) => m.kind === 'image', 30_000);
  alice.send({ kind: 'file', data: randomBytes(1500), fileName: 'report.bin' });
  await alice.waitForReply((m) => m.kind === 'file', 30_000);
  alice.says('burst');
  await alice.waitForReply((m) => m.text === 'burst 2', 30_000);
  const refusals = () => sim?.sendLog.filter((s) => s.outcome === 'refused').length ?? 0;
  await until(() => refusals() >= 1, 'the server to refuse the 3rd burst reply').catch((err: Error) => {
    bot.abort();
    throw new Error(
      `${err.message}; sends: ${JSON.stringify(sim?.sendLog.map((s) => [s.text, s.outcome, s.reason]))}\n${bot.err().slice(-3000)}`,
    );
  });
  const said = () => bot.out() + bot.err();
  await until(() => said().split('a burst reply was refused').length === 3, 'both burst refusals');
  alice.says('boom #throw');
  await until(() => said().includes('handler failed on boom'), 'the handler error');

  // The server ends the session: the CLI says so and exits.
  sim.faults.errcode('getupdates', -14, { times: 1 });
  expect(await bot.done).toBe(ExitCode.Failure);
  const status = await run(['status'], dir);
  const statusJson = await run(['status', '--json'], dir);

  const log = await readFile(join(dir, 'wxbot.jsonl'), 'utf8');
  const secrets = wire.secrets.all();
  const kinds = [...wire.secrets.byKind.keys()].sort();
  // The scan saw every kind of secret the run used (else it would prove nothing).
  expect(kinds).toEqual(
    expect.arrayContaining([
      'aes_key',
      'aeskey',
      'authorization',
      'bot_token',
      'context_token',
      'encrypt_query_param',
      'qrcode',
      'typing_ticket',
    ]),
  );
  expect(log.split('\n').length).toBeGreaterThan(10);
  // What the run did is in the log, readably (so an empty log cannot pass).
  expect(log).toMatch(/"level":10,.*"msg":"got a message"/); // the whole messages, at trace level
  expect(log).toContain('-14');
  // The adapter's own lines: login steps and batches at debug, the raw batches at trace.
  expect(log).toMatch(/"component":"wxbot:sync".*"step":"qr","attempt":1/);
  expect(log).toMatch(/"level":10,.*"component":"wxbot:sync".*"msg":"updates \(raw\)"/);
  expect(bot.err() + log).toMatch(/refus|quota/);

  const archive = await readTree(join(dir, 'chat'));
  expect(Object.keys(archive).some((f) => f.includes('/media/'))).toBe(true);
  const outputs: Record<string, string> = {
    'chat archive': Object.entries(archive)
      .map(([file, text]) => `${file}\n${text}`)
      .join('\n'),
    'log file': log,
    stdout: bot.out(),
    stderr: bot.err(),
    status: status.stdout + status.stderr,
    'status --json': statusJson.stdout + statusJson.stderr,
  };
  const leaks: string[] = [];
  for (const [where, text] of Object.entries(outputs)) {
    for (const [secret, kind] of secrets) {
      const at = text.indexOf(secret);
      if (at >= 0)
        leaks.push(`${where}: ${kind} …${text.slice(Math.max(0, at - 120), at + secret.length + 40)}`);
    }
  }
  expect(leaks).toEqual([]);
}, 90_000);

/** Every file under `root` (path → text), so file names are scanned too. */
async function readTree(root: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = join(entry.parentPath, entry.name);
    files[file] = file.endsWith('.jsonl') ? await readFile(file, 'utf8') : '';
  }
  return files;
}

async function until(check: () => boolean, what: string, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

test('free text: a Bearer token, an iLink CDN URL and a QR status URL are scrubbed', () => {
  const token = '3f9c0a7d52e1@im.bot:0600002f1c8e4b7a9d03e5f6a1b2c3d4e5f607';
  const text = [
    `request failed: Authorization: Bearer ${token}`,
    'GET https://novac2c.cdn.weixin.qq.com/c2c/download?encrypted_query_param=OEeUkp8DnVrz%2BOuE&x=1',
    'GET /ilink/bot/get_qrcode_status?qrcode=4b7e2c91d05a4f8e9b3c6a1d7e2f8c05',
  ].join('\n');
  const clean = redactText(text);
  expect(clean).not.toContain(token);
  expect(clean).not.toContain('OEeUkp8DnVrz');
  expect(clean).not.toContain('4b7e2c91d05a4f8e9b3c6a1d7e2f8c05');
});
