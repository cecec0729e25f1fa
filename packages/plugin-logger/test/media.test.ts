import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Message } from '@wxbot/core';
import { pino } from 'pino';
import { MediaSaver, mediaExtension } from '../src/media-saver.js';
import { MemoryStream, startLogger } from './capture.js';

type Line = Record<string, unknown> & { kind?: string; msgId?: string; media?: string; text?: string };

async function archiveLines(dir: string): Promise<Line[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.jsonl'));
  const lines: Line[] = [];
  for (const f of files)
    for (const l of (await readFile(join(dir, f), 'utf8')).split('\n'))
      if (l !== '') lines.push(JSON.parse(l));
  return lines;
}

async function until(check: () => Promise<boolean>, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not done within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

let base: string;
beforeEach(async () => {
  base = await mkdtemp(join(tmpdir(), 'wxbot-logger-media-'));
});
afterEach(async () => {
  await rm(base, { recursive: true, force: true });
});

test('saveMedia: an image and a file arrive byte-equal beside the archive, named in their archive lines', async () => {
  const image = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(20_000)]);
  const report = randomBytes(50_000);
  const handled: string[] = [];
  const { kit } = await startLogger(
    { archive: { dir: 'chat', utcOffsetMinutes: 0 }, saveMedia: true },
    {
      runtime: { baseDir: base },
      setup: (bot) =>
        void bot.use((ctx, next) => {
          handled.push(ctx.message.kind);
          return next();
        }),
    },
  );
  const dir = join(base, 'chat');
  const alice = kit.friend('alice');
  try {
    const sentImage = alice.says({ kind: 'image', data: image });
    const sentFile = alice.says({ kind: 'file', name: 'Q3 report.PDF', data: report });
    alice.says('and a text');
    await until(async () => existsSync(dir) && (await archiveLines(dir)).length === 3);
    // Message handling went on meanwhile: every message reached the middleware.
    expect(handled).toEqual(['image', 'file', 'text']);

    const lines = await archiveLines(dir);
    const imageLine = lines.find((l) => l.kind === 'image');
    const fileLine = lines.find((l) => l.kind === 'file');
    expect(imageLine?.msgId).toBe(sentImage.msgId);
    expect(fileLine?.msgId).toBe(sentFile.msgId);
    expect(imageLine?.media).toMatch(new RegExp(`^media/\\d{4}-\\d{2}-\\d{2}/${sentImage.msgId}\\.jpg$`));
    expect(fileLine?.media).toMatch(new RegExp(`^media/\\d{4}-\\d{2}-\\d{2}/${sentFile.msgId}\\.pdf$`));
    expect(lines.find((l) => l.kind === 'text')?.media).toBeUndefined();
    // The day folder is the archive's day of the message (the day file the line is in).
    const day = String(imageLine?.media).split('/')[1];
    expect(await readdir(dir)).toContain(`${day}.jsonl`);

    expect(await readFile(join(dir, String(imageLine?.media)))).toEqual(image);
    expect(await readFile(join(dir, String(fileLine?.media)))).toEqual(report);
    expect((await readdir(join(dir, 'media', String(day)))).sort()).toEqual(
      [`${sentFile.msgId}.pdf`, `${sentImage.msgId}.jpg`].sort(),
    );
  } finally {
    await kit.stop();
  }
});

test('saveMedia: a failed download is a warning, and the line is archived without media', async () => {
  const warnings = new MemoryStream();
  const { kit } = await startLogger(
    { archive: { dir: 'chat', utcOffsetMinutes: 0 }, saveMedia: true },
    { runtime: { baseDir: base }, bot: { logger: pino({ level: 'warn' }, warnings) } },
  );
  const dir = join(base, 'chat');
  try {
    // The server has forgotten the media (too old / gone): an empty answer.
    kit.sim.phone.say(kit.friend('alice').handle, {
      kind: 'voice',
      durationMs: 2000,
      data: new Uint8Array(),
    });
    await until(async () => existsSync(dir) && (await archiveLines(dir)).length === 1);
    const [line] = await archiveLines(dir);
    expect(line?.kind).toBe('voice');
    expect(line?.media).toBeUndefined();
    const media = join(dir, 'media');
    const left = existsSync(media)
      ? (await readdir(media, { recursive: true })).filter((f) => f.includes('.'))
      : [];
    expect(left).toEqual([]); // no partial file
  } finally {
    await kit.stop();
  }
  const warned = await warnings.waitFor((r) => r.msg === 'could not save the media of a message');
  expect(warned).toMatchObject({ kind: 'voice', component: 'plugin:logger' });
});

test('MediaSaver: bounded queue; closing drops what has not started and waits for the rest', async () => {
  const warnings = new MemoryStream();
  const gates: Array<() => void> = [];
  const started: string[] = [];
  const saver = new MediaSaver({
    dir: base,
    dayOf: () => '2026-01-02',
    concurrency: 1,
    maxQueued: 1,
    download: async (message, options) => {
      started.push(message.id);
      await new Promise<void>((r) => gates.push(r));
      await writeFile(String(options?.file), `bytes of ${message.id}`);
      return { file: String(options?.file), size: 10, contentType: 'image/png' };
    },
    logger: pino({ level: 'warn' }, warnings),
  });
  const image = (id: string) => ({ kind: 'image', id, time: 0, self: false }) as unknown as Message;
  const done = new Map<string, string | undefined>();
  const save = (id: string) => saver.save(image(id), (path) => done.set(id, path));
  save('1'); // runs
  save('2'); // waits
  save('3'); // queue full: skipped at once, with a warning
  await until(async () => started.length > 0);
  expect(started).toEqual(['1']);
  expect([...done]).toEqual([['3', undefined]]);
  expect(warnings.records.map((r) => r.msg)).toEqual(['media queue full: this media is not saved']);
  const closed = saver.close();
  expect(done.get('2')).toBeUndefined();
  expect(done.has('2')).toBe(true); // dropped: never started
  gates[0]?.();
  await closed; // waited for the running download
  expect(done.get('1')).toBe('media/2026-01-02/1.png');
  expect(await readFile(join(base, 'media/2026-01-02/1.png'), 'utf8')).toBe('bytes of 1');
  expect(started).toEqual(['1']);
  saver.save(image('4'), (path) => done.set('4', path));
  expect(done.get('4')).toBeUndefined(); // closed: nothing new starts
  expect(started).toEqual(['1']);
});

test('the media extension comes from the file name, else the content type, else the kind', () => {
  const file = { kind: 'file', name: 'notes.TXT', ext: '' } as unknown as Message;
  expect(mediaExtension(file, 'application/octet-stream')).toBe('txt');
  const odd = { kind: 'file', name: 'no extension', ext: '../x' } as unknown as Message;
  expect(mediaExtension(odd, 'application/octet-stream')).toBe('bin');
  const image = { kind: 'image' } as unknown as Message;
  expect(mediaExtension(image, 'image/png; charset=binary')).toBe('png');
  expect(mediaExtension(image, '')).toBe('jpg');
  expect(mediaExtension({ kind: 'emoticon' } as unknown as Message, 'application/octet-stream')).toBe('gif');
});
