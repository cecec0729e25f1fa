import {
  appendFileSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HandledLog } from '../../src/ledger/handled-log.js';

/** The end of the current event-loop turn: where appended ids are written. */
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function sessionFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'wxbot-handled-'));
  dirs.push(dir);
  return join(dir, 'session.json');
}

test('ids appended are read back by a new instance (what a restart after kill -9 sees)', async () => {
  const file = sessionFile();
  const log = new HandledLog(file);
  log.append('100');
  log.append('101');
  await turn();
  expect(new HandledLog(file).readAll()).toEqual(['100', '101']);
});

test('the window: ids marked in one microtask turn are one write, made before any I/O can follow', async () => {
  const file = sessionFile();
  const log = new HandledLog(file);
  for (let i = 0; i < 50; i++) log.append(String(i));
  // Not yet written while this synchronous code runs: a kill -9 here re-runs these 50 handlers
  // (their replies keep their ClientMsgIds, so none is sent twice).
  expect(new HandledLog(file).readAll()).toEqual([]);
  await Promise.resolve(); // the next microtask: still before the event loop does any I/O
  expect(new HandledLog(file).readAll()).toHaveLength(50);
});

test('a rotated log stays readable until its snapshot is committed, then is deleted', async () => {
  const file = sessionFile();
  const log = new HandledLog(file);
  log.append('1');
  const generation = log.rotate(); // writes '1' first: it belongs to the rotated generation
  log.append('2');
  await turn();
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

test('a line cut by a crash is ignored, and clear() removes every log', async () => {
  const file = sessionFile();
  const log = new HandledLog(file);
  log.append('7');
  await turn();
  appendFileSync(`${file}.handled`, '8'); // no newline: the write was cut
  expect(new HandledLog(file).readAll()).toEqual(['7']);
  log.rotate();
  log.append('9');
  log.clear();
  expect(existsSync(`${file}.handled`)).toBe(false);
  expect(new HandledLog(file).readAll()).toEqual([]);
});

test('the log kept open notices its file removed or replaced and writes to the file at the path', async () => {
  const file = sessionFile();
  const log = new HandledLog(file);
  log.append('1');
  await turn();
  // Someone moves the log away: later ids must not go into the moved file.
  renameSync(`${file}.handled`, `${file}.moved`);
  log.append('2');
  await turn();
  expect(readFileSync(`${file}.moved`, 'utf8')).toBe('1\n');
  expect(readFileSync(`${file}.handled`, 'utf8')).toBe('2\n');
  // Deleted: the next id creates it again (0600), not an unlinked file nobody can read.
  rmSync(`${file}.handled`);
  log.append('3');
  await turn();
  expect(new HandledLog(file).readAll()).toEqual(['3']);
  expect(statSync(`${file}.handled`).mode & 0o777).toBe(0o600);
});
