import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChatArchive } from '../src/archive.js';
import type { MessageRecord } from '../src/record.js';

function record(time: string, text: string): MessageRecord {
  return {
    time,
    direction: 'in',
    chat: { id: 'alice', name: 'Alice' },
    chatKind: 'private',
    sender: { id: 'alice', name: 'Alice' },
    kind: 'text',
    text,
    msgId: String(Math.random()).slice(2),
  };
}

const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'wxbot-archive-'));
  dirs.push(dir);
  return dir;
}

test('writes one JSON line per record into the file of its day, in order', async () => {
  const dir = await tempDir();
  const archive = new ChatArchive({ dir, utcOffsetMinutes: 0 });
  archive.append(record('2026-11-22T23:59:00.000Z', 'late'));
  archive.append(record('2026-11-23T00:01:00.000Z', 'early'));
  archive.append(record('2026-11-23T08:00:00.000Z', '你好 <b>&'));
  await archive.flush();
  expect((await readdir(dir)).sort()).toEqual(['2026-11-22.jsonl', '2026-11-23.jsonl']);
  const lines = (await readFile(join(dir, '2026-11-23.jsonl'), 'utf8')).trim().split('\n');
  expect(lines.map((line) => (JSON.parse(line) as MessageRecord).text)).toEqual(['early', '你好 <b>&']);
});

test('days follow the configured time zone', async () => {
  const dir = await tempDir();
  const archive = new ChatArchive({ dir, utcOffsetMinutes: 8 * 60 });
  archive.append(record('2026-11-22T17:00:00.000Z', 'already the 23rd in Beijing'));
  await archive.flush();
  expect(await readdir(dir)).toEqual(['2026-11-23.jsonl']);
});

test('rotates into numbered parts past maxFileBytes and keeps appending after a restart', async () => {
  const dir = await tempDir();
  const first = new ChatArchive({ dir, maxFileBytes: 400, utcOffsetMinutes: 0 });
  for (let i = 0; i < 6; i++) first.append(record('2026-11-23T10:00:00.000Z', `message ${i}`));
  await first.flush();
  const parts = (await readdir(dir)).sort();
  expect(parts.length).toBeGreaterThan(1);
  expect(parts[0]).toBe('2026-11-23.1.jsonl');

  const second = new ChatArchive({ dir, maxFileBytes: 400, utcOffsetMinutes: 0 });
  second.append(record('2026-11-23T11:00:00.000Z', 'after restart'));
  await second.flush();
  const all: string[] = [];
  for (const name of await readdir(dir)) {
    all.push(...(await readFile(join(dir, name), 'utf8')).trim().split('\n'));
  }
  expect(all).toHaveLength(7);
  expect(all.map((line) => (JSON.parse(line) as MessageRecord).text)).toContain('after restart');
});

test('deletes day files older than retainDays', async () => {
  const dir = await tempDir();
  await writeFile(join(dir, '2026-10-01.jsonl'), '{}\n');
  await writeFile(join(dir, '2026-11-20.jsonl'), '{}\n');
  await writeFile(join(dir, 'notes.txt'), 'not ours');
  const archive = new ChatArchive({ dir, retainDays: 7, utcOffsetMinutes: 0 });
  archive.append(record('2026-11-23T10:00:00.000Z', 'today'));
  await archive.flush();
  expect((await readdir(dir)).sort()).toEqual(['2026-11-20.jsonl', '2026-11-23.jsonl', 'notes.txt']);
});

test('flush reports a write error instead of losing it silently', async () => {
  const dir = await tempDir();
  await writeFile(join(dir, 'blocked'), 'a file where a directory should be');
  const archive = new ChatArchive({ dir: join(dir, 'blocked') });
  archive.append(record('2026-11-23T10:00:00.000Z', 'x'));
  await expect(archive.flush()).rejects.toThrow();
  await expect(archive.flush()).resolves.toBeUndefined();
});
