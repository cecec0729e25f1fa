import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, createBot } from '@wxbot/core';
import { createLoggerPlugin, logger } from '../src/index.js';
import { startLogger } from './capture.js';

async function readArchive(dir: string): Promise<{ files: string[]; lines: Record<string, unknown>[] }> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.jsonl')).sort();
  const lines: Record<string, unknown>[] = [];
  // Parts in order: day.jsonl, day.1.jsonl, day.2.jsonl…
  const ordered = [...files].sort(
    (a, b) => a.split('.').length - b.split('.').length || a.localeCompare(b, 'en', { numeric: true }),
  );
  for (const f of ordered) {
    for (const l of (await readFile(join(dir, f), 'utf8')).split('\n'))
      if (l !== '') lines.push(JSON.parse(l));
  }
  return { files: ordered, lines };
}

test('the archive gets one JSON line per message in and out, rotated by size, flushed on stop', async () => {
  const base = await mkdtemp(join(tmpdir(), 'wxbot-logger-'));
  try {
    const { kit, out } = await startLogger(
      { archive: { dir: 'chat', maxFileBytes: '1KB', utcOffsetMinutes: 0 } },
      {
        runtime: { baseDir: base },
        setup: (bot) => void bot.hears(/^n\d+$/, (ctx) => ctx.reply(`ack ${ctx.text}`)),
      },
    );
    const alice = kit.friend('alice');
    try {
      for (let i = 0; i < 8; i++) {
        alice.says(`n${i}`);
        await alice.expectsReply(`ack n${i}`);
      }
      await out.waitFor((r) => r.text === 'ack n7');
    } finally {
      await kit.stop(); // unloads the plugin: the archive is flushed
    }
    const dir = join(base, 'chat');
    const { files, lines } = await readArchive(dir);
    expect(files.length).toBeGreaterThan(1);
    expect(files[0]).toMatch(/^\d{4}-\d{2}-\d{2}\.jsonl$/);
    expect(files[1]).toMatch(/^\d{4}-\d{2}-\d{2}\.1\.jsonl$/);
    for (const f of files) {
      const { size } = await import('node:fs/promises').then((fs) => fs.stat(join(dir, f)));
      expect(size).toBeLessThanOrEqual(1024);
    }
    const texts = lines.map((l) => `${l.direction} ${l.text}`);
    expect(texts).toEqual(Array.from({ length: 8 }, (_, i) => [`in n${i}`, `out ack n${i}`]).flat());
    // The archive line is the record itself (message time as `time`), the same as the log record.
    const logged = out.records.find((r) => r.text === 'n3');
    const archived = lines.find((l) => l.text === 'n3');
    expect(archived).toEqual({
      time: logged?.msgTime,
      direction: 'in',
      chat: logged?.chat,
      chatKind: 'private',
      sender: logged?.sender,
      kind: 'text',
      text: 'n3',
      msgId: logged?.msgId,
    });
  } finally {
    await rm(base, { recursive: true, force: true });
  }
});

test('archive: "dir" (a plain string) is accepted', async () => {
  const bot = createBot();
  const base = await mkdtemp(join(tmpdir(), 'wxbot-logger-'));
  try {
    await bot.plugin(createLoggerPlugin({ baseDir: base }), { archive: '.wxbot/archive' });
    expect(bot.pluginNames).toEqual(['logger']);
  } finally {
    await bot.unload('logger');
    await rm(base, { recursive: true, force: true });
  }
});

describe('options are validated, errors name the path', () => {
  const failure = async (options: unknown): Promise<ConfigError> => {
    const bot = createBot();
    const load = async () => bot.plugin(logger, options as never);
    const error = await load().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  };

  test('a bad level', async () => {
    const e = await failure({ level: 'loud' });
    expect(e.path).toBe('options.level');
    expect(e.message).toContain(
      'plugin "logger": options.level: one of trace, debug, info, warn, error, fatal',
    );
  });

  test('a bad archive size and an unknown field', async () => {
    const e = await failure({ archive: { dir: 'x', maxFileBytes: 'lots' }, levle: 'info' });
    expect(e.message).toContain('options.archive.maxFileBytes: expected a size like "50MB"');
    expect(e.message).toContain('levle');
  });

  test('saveMedia without an archive is refused with the way out', async () => {
    const e = await failure({ saveMedia: true });
    expect(e.path).toBe('options.saveMedia');
    expect(e.message).toContain('saveMedia saves media beside the archive: set `archive` too');
  });

  test('saveMedia limits are checked', async () => {
    const e = await failure({ archive: 'chat', saveMedia: { concurrency: 0 } });
    expect(e.path).toBe('options.saveMedia.concurrency');
  });
});
