import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SendReceipt } from '../../src/adapters/web/client/types.js';
import { WxApiError } from '../../src/errors.js';
import { createClientMsgIdGenerator } from '../../src/outbox/client-msg-id.js';
import type { JournalEntry, JournalOutcome, OutboxJournal } from '../../src/outbox/journal.js';
import { Outbox } from '../../src/outbox/outbox.js';
import { FileJournal } from '../../src/storage/file-journal.js';

describe('client message ids', () => {
  test('17 digits: the milliseconds, a 0, three random digits', () => {
    const next = createClientMsgIdGenerator(
      () => 1_463_755_901_234,
      () => 0.123,
    );
    expect(next()).toBe('14637559012340123');
  });

  test('strictly increasing, even within one millisecond or when the clock steps back', () => {
    let now = 1_700_000_000_000;
    const next = createClientMsgIdGenerator(
      () => now,
      () => 0.999,
    );
    const a = next();
    const b = next();
    now -= 5000;
    const c = next();
    expect([a, b, c].map(BigInt)).toEqual([BigInt(a), BigInt(a) + 1n, BigInt(a) + 2n]);
    expect(c).toMatch(/^\d{17}$/);
  });
});

describe('journal hook', () => {
  test('the outbox appends the intent before sending and settles after', async () => {
    const log: string[] = [];
    const journal: OutboxJournal = {
      append: (entry: JournalEntry) => void log.push(`append ${entry.clientMsgId}`),
      settle: (id: string, outcome: JournalOutcome) => void log.push(`settle ${id} ${outcome.ok}`),
    };
    const outbox = new Outbox(
      {
        send: async (message, { clientMsgId }) => {
          log.push(`send ${clientMsgId}`);
          if (message.to === '@bad') throw new WxApiError('webwxsendmsg', 1204, 'not a friend');
          return { msgId: '1', clientMsgId, to: message.to } satisfies SendReceipt;
        },
      },
      { pacing: false, journal },
    );
    await outbox.send({ kind: 'text', to: '@a', text: 'x' });
    await outbox.send({ kind: 'text', to: '@bad', text: 'x' }).catch(() => undefined);
    const ids = log.map((l) => l.split(' ')[1]);
    expect(log.map((l) => l.split(' ')[0])).toEqual(['append', 'send', 'settle', 'append', 'send', 'settle']);
    expect(ids[0]).toBe(ids[2]);
    expect(log[2]).toMatch(/true$/);
    expect(log[5]).toMatch(/false$/);
  });

  test('a journal that cannot record the intent stops the send', async () => {
    let sent = 0;
    const outbox = new Outbox(
      {
        send: async (message, { clientMsgId }) => {
          sent += 1;
          return { msgId: '1', clientMsgId, to: message.to };
        },
      },
      {
        pacing: false,
        journal: {
          append: () => Promise.reject(new Error('disk full')),
          settle: () => undefined,
        },
      },
    );
    await expect(outbox.send({ kind: 'text', to: '@a', text: 'x' })).rejects.toThrow('disk full');
    expect(sent).toBe(0);
  });
});

describe('FileJournal', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'wxbot-journal-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test('lists intents without an outcome, bytes included, across a reopen and a torn line', async () => {
    const path = join(dir, 'outbox.jsonl');
    const journal = await FileJournal.open(path);
    await journal.append({
      clientMsgId: '1',
      queuedAt: 10,
      message: { kind: 'text', to: '@a', text: 'done' },
    });
    await journal.settle('1', { ok: true, msgId: 'm1' });
    await journal.append({
      clientMsgId: '2',
      queuedAt: 20,
      message: { kind: 'file', to: '@a', media: { data: new Uint8Array([1, 2, 3]), name: 'a.bin' } },
    });
    await journal.close();
    await writeFile(path, `${await readFile(path, 'utf8')}{"type":"intent","clie`);

    const reopened = await FileJournal.open(path);
    expect(await reopened.pending()).toEqual([
      {
        clientMsgId: '2',
        queuedAt: 20,
        message: { kind: 'file', to: '@a', media: { data: new Uint8Array([1, 2, 3]), name: 'a.bin' } },
      },
    ]);
    await reopened.close();
  });

  test('group commit: a burst of intents costs one fsync per batch, each resolved only once synced', async () => {
    const journal = await FileJournal.open(join(dir, 'outbox.jsonl'));
    const synced: number[] = [];
    await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        journal
          .append({ clientMsgId: String(i), queuedAt: i, message: { kind: 'text', to: '@a', text: `t${i}` } })
          .then(() => synced.push(journal.syncs)),
      ),
    );
    // 100 intents queued in one tick: one write + one fsync, not 100 (or 200 with outcomes).
    expect(journal.syncs).toBe(1);
    expect(synced.every((n) => n >= 1)).toBe(true);
    await journal.close();
  });

  test('the window: an outcome is in the file (survives kill -9) when settle resolves, fsynced by the next intent or within outcomeSyncMs', async () => {
    const path = join(dir, 'outbox.jsonl');
    const journal = await FileJournal.open(path, { outcomeSyncMs: 200 });
    await journal.append({ clientMsgId: '1', queuedAt: 1, message: { kind: 'text', to: '@a', text: 'x' } });
    expect(journal.syncs).toBe(1);
    await journal.settle('1', { ok: true, msgId: 'm1' });
    expect(journal.syncs).toBe(1);
    // Written (another descriptor reads it: the kernel has it, a kill -9 of this process cannot
    // lose it) but not yet fsync'ed: only a power loss within the window can, and then the send
    // goes again with the same ClientMsgId.
    expect(await readFile(path, 'utf8')).toContain('"type":"outcome"');
    const reread = await FileJournal.open(path);
    expect(await reread.pending()).toEqual([]);
    await reread.close();
    // The next intent's fsync covers it...
    await journal.append({ clientMsgId: '2', queuedAt: 2, message: { kind: 'text', to: '@a', text: 'y' } });
    expect(journal.syncs).toBe(2);
    // ...and an outcome with no intent after it is fsync'ed by the journal itself within outcomeSyncMs.
    await journal.settle('2', { ok: true, msgId: 'm2' });
    expect(journal.syncs).toBe(2);
    const deadline = Date.now() + 10_000;
    while (journal.syncs < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect(journal.syncs).toBe(3);
    await journal.close();
  });

  test('works as the outbox journal', async () => {
    const path = join(dir, 'outbox.jsonl');
    const journal = await FileJournal.open(path);
    const outbox = new Outbox(
      { send: async (message, { clientMsgId }) => ({ msgId: 'm', clientMsgId, to: message.to }) },
      { pacing: false, journal },
    );
    await outbox.send({ kind: 'text', to: '@a', text: 'hi' });
    expect(await journal.pending()).toEqual([]);
    const lines = (await readFile(path, 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l).type);
    expect(lines).toEqual(['intent', 'outcome']);
    await journal.close();
  });
});
