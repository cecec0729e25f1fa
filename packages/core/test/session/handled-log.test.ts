import { appendFileSync, existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HandledLog } from '../../src/ledger/handled-log.js';

function sessionFile(): string {
  return join(mkdtempSync(join(tmpdir(), 'wxbot-handled-')), 'session.json');
}

test('ids appended are read back by a new instance (what a restart after kill -9 sees)', () => {
  const file = sessionFile();
  const log = new HandledLog(file);
  log.append('100');
  log.append('101');
  expect(new HandledLog(file).readAll()).toEqual(['100', '101']);
});

test('a rotated log stays readable until its snapshot is committed, then is deleted', () => {
  const file = sessionFile();
  const log = new HandledLog(file);
  log.append('1');
  const generation = log.rotate();
  log.append('2');
  // The save of the snapshot has not finished (or failed): both ids still count.
  expect(new HandledLog(file).readAll()).toEqual(['1', '2']);
  log.commit(generation);
  expect(new HandledLog(file).readAll()).toEqual(['2']);
  expect(readdirSync(join(file, '..')).sort()).toEqual(['session.json.handled']);
});

test('generations continue across restarts, so an uncommitted rotation is never overwritten', () => {
  const file = sessionFile();
  const first = new HandledLog(file);
  first.append('a');
  first.rotate(); // the process dies before the snapshot is saved
  const second = new HandledLog(file);
  second.append('b');
  const generation = second.rotate();
  expect(generation).toBe(2);
  expect(new HandledLog(file).readAll()).toEqual(['a', 'b']);
  second.commit(generation);
  expect(new HandledLog(file).readAll()).toEqual([]);
});

test('a line cut by a crash is ignored, and clear() removes every log', () => {
  const file = sessionFile();
  const log = new HandledLog(file);
  log.append('7');
  appendFileSync(`${file}.handled`, '8'); // no newline: the write was cut
  expect(new HandledLog(file).readAll()).toEqual(['7']);
  log.rotate();
  log.append('9');
  log.clear();
  expect(existsSync(`${file}.handled`)).toBe(false);
  expect(new HandledLog(file).readAll()).toEqual([]);
});
