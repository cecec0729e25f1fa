import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestBot } from '@wxbot/testing';
import { seeded } from '../helpers.js';
import { QUIET, startAutoreply } from './kit.js';

// Priority, stop/continue towards later plugins, seeded random picks, image and file replies.
describe('priority, stop and continue', () => {
  let kit: TestBot;

  beforeAll(async () => {
    kit = await startAutoreply(
      {
        rules: [
          { name: 'generic', match: 'order', reply: 'generic order answer' },
          {
            name: 'noted',
            match: { any: true },
            priority: 100,
            stop: false,
            scope: 'private',
            reply: 'noted',
          },
          { name: 'vip', match: 'order', priority: 10, contacts: ['olivia'], reply: 'VIP order answer' },
          { name: 'pass', match: 'pass', stop: false, reply: 'passing on' },
        ],
      },
      // A later plugin: answers whatever reaches it.
      { setup: (bot) => void bot.on('text', (ctx) => ctx.reply(`later: ${ctx.text}`)) },
    );
  });
  afterAll(() => kit.stop());

  test('a continue rule and the best stopping rule both answer, in priority order; later plugins do not see it', async () => {
    const olivia = kit.friend('olivia');
    olivia.says('order 1');
    await olivia.expectsReply('noted');
    await olivia.expectsReply('VIP order answer');
    await olivia.expectNoReply(QUIET);
    const alice = kit.friend('alice');
    alice.says('order 2');
    await alice.expectsReply('noted');
    await alice.expectsReply('generic order answer');
    await alice.expectNoReply(QUIET);
  });

  test('when only continue rules fire, or none, the message goes on to later plugins', async () => {
    const hikers = kit.group('Hikers');
    hikers.member('bob').says('@bot pass');
    await hikers.expectsReply('passing on');
    await hikers.expectsReply('later: pass');
    hikers.member('bob').says('@bot nothing');
    await hikers.expectsReply('later: nothing');
  });
});

describe('random picks and media replies', () => {
  let kit: TestBot;
  let dir: string;
  const image = randomBytes(3000);
  const file = randomBytes(5000);
  const SEED = 7;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'autoreply-e2e-'));
    await writeFile(join(dir, 'cat.png'), image);
    await writeFile(join(dir, 'menu.pdf'), file);
    kit = await startAutoreply(
      {
        rules: [
          { name: 'joke', match: 'joke', reply: ['joke A', 'joke B', 'joke C', 'joke D'] },
          { name: 'cat', match: 'cat', reply: { image: 'cat.png' } },
          {
            name: 'menu',
            match: { equals: 'menu' },
            reply: { text: "Here's the menu", file: join(dir, 'menu.pdf') },
          },
          {
            name: 'group-cat',
            scope: 'group',
            match: 'meow',
            reply: { text: 'a cat for {sender}', image: 'cat.png', mention: true },
          },
        ],
      },
      // Relative media paths resolve against baseDir (the CLI passes the config file's directory).
      { runtime: { rng: seeded(SEED), baseDir: dir } },
    );
  });
  afterAll(async () => {
    await kit.stop();
    await rm(dir, { recursive: true, force: true });
  });

  test('a list of replies is picked from with the injected RNG', async () => {
    const rng = seeded(SEED);
    const expected = Array.from({ length: 6 }, () => `joke ${'ABCD'[Math.floor(rng() * 4)]}`);
    expect(new Set(expected).size).toBeGreaterThan(1);
    const alice = kit.friend('alice');
    for (let i = 0; i < expected.length; i++) {
      alice.says('joke');
      await alice.expectsReply(expected[i] as string);
    }
  });

  test('an image reply and a text + file reply arrive byte for byte', async () => {
    const alice = kit.friend('alice');
    alice.says('cat');
    const sentImage = await alice.expectsReply((m) => m.kind === 'image');
    expect(Buffer.from(sentImage.media?.bytes ?? [])).toEqual(image);
    alice.says('menu');
    await alice.expectsReply("Here's the menu");
    const sentFile = await alice.expectsReply((m) => m.kind === 'file' || m.kind === 'app');
    expect(sentFile.media?.fileName).toBe('menu.pdf');
    expect(Buffer.from(sentFile.media?.bytes ?? [])).toEqual(file);
  });

  test('in a group: the text @-mentions the sender, then the image follows', async () => {
    const hikers = kit.group('Hikers');
    hikers.member('carol').says('@bot meow');
    const text = await hikers.expectsReply(/^@carol\s+a cat for carol$/);
    expect(text.mentions.map((m) => m.nickName)).toEqual(['carol']);
    const img = await hikers.expectsReply((m) => m.kind === 'image');
    expect(Buffer.from(img.media?.bytes ?? [])).toEqual(image);
  });
});
