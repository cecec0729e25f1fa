import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { type Bot, type BotError, loadSession, type WebAdapter } from '@wxbot/core';
import { pino } from 'pino';
import { spawnScript } from './child-process.js';
import { startBot, startWorld, Tally, until } from './harness.js';
import { PUBLIC_COOKIES, startWireRecorder } from './wire-recorder.js';

function safeJson(value: unknown): string {
  const seen = new WeakSet<object>();
  return JSON.stringify(value, (_k, v: unknown) => {
    if (typeof v === 'bigint') return v.toString();
    if (v instanceof Error) return { name: v.name, message: v.message, stack: v.stack, cause: v.cause };
    if (v instanceof Uint8Array) return `[${v.length} bytes]`;
    if (v !== null && typeof v === 'object') {
      if (seen.has(v)) return '[cycle]';
      seen.add(v);
    }
    return v;
  });
}

test('a whole session at trace level: no skey, sid, uin, pass_ticket, ticket or cookie value in logs, errors or plugin events', async () => {
  const world = await startWorld(3);
  const wire = await startWireRecorder(world.sim.url);
  const lines: string[] = [];
  const logger = pino({ level: 'trace' }, { write: (line: string) => void lines.push(line) });
  const payloads: string[] = [];
  const tally = new Tally(world.sim);
  let bot: Bot<WebAdapter> | undefined;
  try {
    bot = await startBot(world, tally, { connectTo: wire.url, logger }, undefined, (b) => {
      for (const name of [
        'qr',
        'scan',
        'login',
        'ready',
        'message',
        'inbound',
        'contact-update',
        'logout',
        'error',
        'sent',
        'failed',
        'stop',
      ] as const) {
        b.events.on(name, (...args: unknown[]) => void payloads.push(safeJson({ name, args })));
      }
      b.catch((error: BotError) => void payloads.push(safeJson({ botError: error, message: error.message })));
      b.on('text', (ctx, next) => {
        if (ctx.text?.includes('#throw')) throw new Error(`handler failed on ${ctx.text}`);
        return next();
      });
    });
    tally.burst(world.friends, 'hello', 6);
    await tally.waitSettled();
    // Errors of every layer: network resets, 5xx, a failed send, a logout and a re-login.
    world.sim.faults.reset('synccheck', { times: 2 });
    world.sim.faults.http('webwxsync', 500, { times: 2 });
    tally.say(world.friends[0] as never, 'boom #throw');
    await bot
      .send({ kind: 'text', to: '@nobody', text: 'to nobody' })
      .catch((e: Error) => void payloads.push(safeJson(e)));
    world.sim.faults.synccheckRetcode(1102, { times: 1 }); // expired: re-login by push (a 1101 is not fought)
    await until(() => lines.some((l) => l.includes('1102')), 'the logout');
    await until(() => bot?.adapter.running === true, 're-login');
    tally.burst(world.friends, 'again', 6);
    await tally.waitSettled();
    await bot.stop();

    const data = await loadSession(world.sessionFile);
    if (data.status !== 'ok') throw new Error('no session file');
    const secrets = new Set(wire.secrets.values);
    const creds = data.data.credentials;
    for (const v of [creds?.sid, creds?.skey, creds?.passTicket, String(data.data.uin)])
      if (v) secrets.add(v);
    for (const c of (data.data.cookies.cookies ?? []) as Array<{ key?: string; value?: string }>) {
      if (c.value && c.value.length >= 6 && !PUBLIC_COOKIES.has(c.key ?? '')) secrets.add(c.value);
    }
    expect(secrets.size).toBeGreaterThan(8);
    expect(lines.length).toBeGreaterThan(20);
    // The bot's own contact carries no uin (`self.uin` is 0, `self.id` is a hash of it): plugin
    // payloads are checked for the uin like everything else.
    const haystacks = { logs: lines, payloads };
    const leaks: string[] = [];
    for (const [where, list] of Object.entries(haystacks)) {
      for (const text of list) {
        for (const secret of secrets) {
          if (text.includes(secret)) leaks.push(`${where}: …${secret.slice(0, 4)}… in ${text.slice(0, 300)}`);
        }
      }
    }
    expect(leaks).toEqual([]);
    // The session file holds them, so it is private.
    expect((await stat(world.sessionFile)).mode & 0o777).toBe(0o600);
  } finally {
    await bot?.stop();
    await wire.close();
    await world.close();
  }
});

test('kill -9 during session saves leaves the old or the new file, both loadable, never torn', async () => {
  const world = await startWorld(0);
  try {
    for (let round = 0; round < 5; round++) {
      const child = spawnScript('./child-saver.ts', { SESSION_FILE: world.sessionFile });
      await child.waitFor('SAVING');
      await new Promise((resolve) => setTimeout(resolve, 60 + round * 37));
      await child.kill9();
      const loaded = await loadSession(world.sessionFile);
      if (loaded.status === 'missing') continue; // killed before the first rename
      expect(loaded.status).toBe('ok');
      const text = await readFile(world.sessionFile, 'utf8');
      const filler = (JSON.parse(text) as { contacts: { filler: string } }).contacts.filler;
      expect(filler).toHaveLength(4_000_000);
      expect(new Set(filler).size).toBe(1); // one version, whole
      expect((await stat(world.sessionFile)).mode & 0o777).toBe(0o600);
    }
    expect(join(world.dir, 'x')).toContain(world.dir);
  } finally {
    await world.close();
  }
});
