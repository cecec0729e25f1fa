import { mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HandledLog, WxApiError, WxNetworkError } from '@wxbot/core';
import { parseXml } from '../../src/adapters/web/protocol/parse.js';
import { HttpTransport } from '../../src/adapters/web/transport/http.js';
import { FileJournal } from '../../src/storage/file-journal.js';

// Issue 13, rows 5–7: every input bounded, every file kept small, every writer recovers.

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'wxbot-bounds-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('response bodies', () => {
  let server: Server;
  let url: string;
  beforeAll(async () => {
    // A real server that streams 20 MiB without a Content-Length (chunked), or says it will.
    server = createServer((req, res) => {
      if (req.url === '/declared') {
        res.writeHead(200, { 'content-length': String(300 * 1024 * 1024) });
        res.write('{');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      const chunk = Buffer.alloc(1024 * 1024, 0x20);
      let left = 20;
      const pump = () => {
        while (left > 0) {
          left -= 1;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end();
      };
      pump();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  test('an answer over maxBodyBytes fails with a clear error and is never held whole', async () => {
    const http = new HttpTransport({ connectTo: url, maxBodyBytes: 1024 * 1024 });
    for (const path of ['/stream', '/declared']) {
      const error = await http
        .text({ endpoint: 'webwxsync', url: `https://wx2.qq.com${path}`, timeoutMs: 10_000 })
        .catch((err: unknown) => err);
      expect(error).toBeInstanceOf(WxNetworkError);
      expect((error as Error).message).toBe('webwxsync: answer too large (over maxResponseBytes); not read');
      expect(((error as Error).cause as { code?: string }).code).toBe('EBODYTOOLARGE');
    }
    http.destroy();
  });
});

describe('login answer XML', () => {
  const ok = '<error><ret>0</ret><skey>@crypt_a&amp;b</skey><pass_ticket>x%2By</pass_ticket></error>';

  test('the five entities are decoded, nothing else is expanded', () => {
    expect(parseXml('webwxnewloginpage', ok)).toEqual({
      error: { ret: '0', skey: '@crypt_a&b', pass_ticket: 'x%2By' },
    });
  });

  test('a DOCTYPE (billion laughs) and an oversized answer are refused, not expanded', () => {
    const laughs =
      '<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><error><ret>&b;</ret></error>';
    expect(() => parseXml('webwxnewloginpage', laughs)).toThrow(WxApiError);
    expect(() => parseXml('webwxnewloginpage', laughs)).toThrow('declares entities; refused');
    const huge = `<error><ret>0</ret><x>${'a'.repeat(100_000)}</x></error>`;
    expect(() => parseXml('webwxnewloginpage', huge)).toThrow('XML answer too large');
  });
});

test('the handled log keeps working after a failed write and writes what it missed', async () => {
  const sessionDir = join(dir, 'gone');
  await mkdir(sessionDir);
  const faults: Array<string | undefined> = [];
  const log = new HandledLog(join(sessionDir, 'session.json'), (error) => {
    faults.push(error === undefined ? undefined : (error as NodeJS.ErrnoException).code);
  });
  log.append('1');
  await rm(sessionDir, { recursive: true });
  log.append('2'); // ENOENT: the folder is gone (one write for the ids of one turn)
  log.append('3');
  await Promise.resolve(); // the end of this turn: both written (tried) before the folder is back
  await mkdir(sessionDir);
  log.append('4');
  await Promise.resolve();
  expect(faults).toEqual([undefined, 'ENOENT', undefined]);
  expect(log.readAll()).toEqual(['2', '3', '4']);
});

test('the outbox journal is compacted while running: bounded in a long run, nothing unsettled lost', async () => {
  const path = join(dir, 'session.outbox.jsonl');
  const journal = FileJournal.lazy(path, { compactAfterBytes: 64 * 1024, keepSent: 100 });
  const message = {
    kind: 'text' as const,
    to: '@friend',
    text: 'a reply of ordinary length, about fifty bytes',
  };
  let biggest = 0;
  // 100 replies at a time (the journal writes what is queued together: one fsync per group).
  for (let round = 0; round < 50; round++) {
    const ids = Array.from({ length: 100 }, (_, k) => round * 100 + k);
    await Promise.all(ids.map((i) => journal.append({ clientMsgId: `c${i}`, message, queuedAt: i })));
    await Promise.all(
      ids.filter((i) => i % 50 !== 0).map((i) => journal.settle(`c${i}`, { ok: true, msgId: `m${i}` })),
    );
    biggest = Math.max(biggest, (await stat(path)).size);
  }
  await journal.close();
  biggest = Math.max(biggest, (await stat(path)).size);
  // 5,000 replies (≈ 1.3 MB appended): the file never passed the threshold plus what compaction keeps.
  expect(journal.compactions).toBeGreaterThan(5);
  expect(biggest).toBeLessThan(64 * 1024 + 64 * 1024);
  const state = await FileJournal.lazy(path).state();
  expect(state.pending.map((e) => e.clientMsgId)).toEqual(
    Array.from({ length: 100 }, (_, k) => `c${k * 50}`),
  );
  expect(state.sent.at(-1)).toMatchObject({ clientMsgId: 'c4999', msgId: 'm4999' });
});
