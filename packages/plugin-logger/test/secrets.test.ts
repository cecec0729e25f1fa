import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scrubSecrets } from '../src/index.js';
import { startLogger } from './capture.js';

test("no record and no archive line holds a friend request's ticket or the session's skey", async () => {
  const base = await mkdtemp(join(tmpdir(), 'wxbot-logger-'));
  const sessionFile = join(base, 'session.json');
  try {
    const { kit, out } = await startLogger(
      { archive: 'chat' },
      {
        runtime: { baseDir: base },
        bot: { sessionFile },
        setup: (bot) => void bot.hears('ping', (ctx) => ctx.reply('pong')),
      },
    );
    let skey = '';
    let ticket = '';
    const secrets: string[] = [];
    try {
      const request = kit.sim.phone.friendRequest({ nickName: 'dave' }, 'hi, I am dave');
      ticket = request.ticket;
      const record = await out.waitFor((r) => r.kind === 'friendRequest');
      expect(record).toMatchObject({ direction: 'in', text: '[friend request from dave: hi, I am dave]' });
      kit.friend('alice').says('ping');
      await kit.friend('alice').expectsReply('pong');
      await out.waitFor((r) => r.text === 'pong');
      await kit.bot.adapter.saveSession?.();
      const session = JSON.parse(await readFile(sessionFile, 'utf8')) as {
        credentials: { skey: string; sid: string; passTicket: string };
      };
      skey = session.credentials.skey;
      secrets.push(session.credentials.sid, session.credentials.passTicket);
    } finally {
      await kit.stop();
    }
    expect(ticket.length).toBeGreaterThan(8);
    expect(skey).toMatch(/^@crypt_/);
    const archived = (
      await Promise.all(
        (await readdir(join(base, 'chat'))).map((f) => readFile(join(base, 'chat', f), 'utf8')),
      )
    ).join('');
    expect(archived).toContain('friendRequest');
    for (const text of [out.lines.join('\n'), archived]) {
      expect(text).not.toContain(ticket);
      expect(text).not.toContain(skey);
      for (const secret of secrets) expect(text).not.toContain(secret);
      expect(text).not.toMatch(/@crypt_/);
      expect(text).not.toMatch(/"ticket"/);
    }
  } finally {
    await rm(base, { recursive: true, force: true });
  }
});

test('scrubSecrets removes secrets from free text (failed-send errors)', () => {
  expect(scrubSecrets('GET /cgi-bin/webwxinit?skey=@crypt_ab12cd_34ef&pass_ticket=XyZ%2B1&r=1')).toBe(
    'GET /cgi-bin/webwxinit?skey=[redacted]&pass_ticket=[redacted]&r=1',
  );
  expect(scrubSecrets('Cookie: wxsid=abc; wxuin=123')).toBe('Cookie: [redacted]; wxuin=[redacted]');
  expect(scrubSecrets('verify v1_0123456789abcdef0123@stranger failed')).toBe('verify [redacted] failed');
  expect(scrubSecrets('nothing secret here')).toBe('nothing secret here');
});
