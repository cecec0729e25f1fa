import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileDocumentStore } from '../../src/storage/file-storage.js';
import { PartlySerialized } from '../../src/storage/storage.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'wxbot-partly-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('a document saved with parts kept serialized', () => {
  test('encoded pieces, text and plain members make one valid JSON file, 0600', async () => {
    const contacts = {
      version: 1,
      contacts: [{ userName: '@a', nickName: '新朋友 😀 "q" \\' }],
      members: [],
    };
    const json = JSON.stringify(contacts);
    // Cut inside a multi-byte character on purpose: pieces are bytes written one after another.
    const bytes = Buffer.from(json);
    const cut = bytes.indexOf(Buffer.from('😀')) + 2;
    const doc = new PartlySerialized(
      { version: 3, syncKey: { Count: 1 } },
      { contacts: [bytes.subarray(0, cut), bytes.subarray(cut)], ledger: '{"handled":["1"]}' },
    );
    const expected = { version: 3, syncKey: { Count: 1 }, contacts, ledger: { handled: ['1'] } };
    expect(JSON.parse(doc.text())).toEqual(expected);
    expect(JSON.parse(JSON.stringify(doc))).toEqual(expected);

    const store = new FileDocumentStore(join(dir, 'session.json'));
    await store.save(doc);
    expect(await store.load()).toEqual({ status: 'ok', data: expected });
    expect((await stat(store.location)).mode & 0o777).toBe(0o600);

    // A document with no plain members, and one with no raw members.
    await store.save(new PartlySerialized({}, { contacts: [bytes] }));
    expect(JSON.parse(await readFile(store.location, 'utf8'))).toEqual({ contacts });
    await store.save(new PartlySerialized({ a: 1 }, {}));
    expect(JSON.parse(await readFile(store.location, 'utf8'))).toEqual({ a: 1 });
  });

  test('more pieces than one writev takes (1,024) are all written, in order', async () => {
    const items = Array.from({ length: 3000 }, (_, i) => i);
    const pieces = items.map((i) => Buffer.from(`${i === 0 ? '[' : ','}${i}`));
    pieces.push(Buffer.from(']'));
    const store = new FileDocumentStore(join(dir, 'big.json'));
    await store.save(new PartlySerialized({ version: 1 }, { items: pieces }));
    expect(await store.load()).toEqual({ status: 'ok', data: { version: 1, items } });
  });
});
