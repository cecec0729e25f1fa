import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jest } from '@jest/globals';
import { DebouncedSaver } from '../../src/adapters/web/session/debounced-saver.js';
import { SESSION_VERSION, type SessionData } from '../../src/adapters/web/session/session-data.js';
import {
  loadSession,
  removeStaleTempFiles,
  saveSession,
} from '../../src/adapters/web/session/session-file.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'wxbot-session-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const data: SessionData = {
  version: SESSION_VERSION,
  savedAt: 1,
  mode: 'desktop',
  hosts: {
    main: 'wx2.qq.com',
    login: 'login.wx2.qq.com',
    file: 'file.wx2.qq.com',
    push: 'webpush.wx2.qq.com',
  },
  uin: 2912345678,
  credentials: { uin: 2912345678, sid: 's', skey: 'k', passTicket: 'p', deviceId: 'e123456789012345' },
  cookies: { version: 'x', storeType: 'MemoryCookieStore', rejectPublicSuffixes: true, cookies: [] },
};

test('saved with mode 0600, atomically (no temp files left), and loads back', async () => {
  const file = join(dir, 'nested', 'session.json');
  await saveSession(file, data);
  await saveSession(file, { ...data, savedAt: 2 });
  expect((await stat(file)).mode & 0o777).toBe(0o600);
  expect(await readdir(join(dir, 'nested'))).toEqual(['session.json']);
  const r = await loadSession(file);
  expect(r.status).toBe('ok');
  expect(r.status === 'ok' && r.data.savedAt).toBe(2);
});

test('missing and broken files are reported, not thrown', async () => {
  expect((await loadSession(join(dir, 'none.json'))).status).toBe('missing');
  const bad = join(dir, 'bad.json');
  await writeFile(bad, '{"version":1,');
  expect(await loadSession(bad)).toEqual({ status: 'invalid', problem: 'not valid JSON' });
  await writeFile(bad, JSON.stringify({ ...data, version: 99 }));
  expect(await loadSession(bad)).toEqual({ status: 'invalid', problem: 'unsupported version 99' });
  expect(JSON.parse(await readFile(bad, 'utf8')).version).toBe(99);
});

test('DebouncedSaver coalesces bursts and flushes on demand', async () => {
  jest.useFakeTimers();
  try {
    let writes = 0;
    const saver = new DebouncedSaver(
      async () => void writes++,
      1000,
      () => undefined,
    );
    for (let i = 0; i < 10; i++) saver.schedule();
    expect(writes).toBe(0);
    await jest.advanceTimersByTimeAsync(1000);
    expect(writes).toBe(1);
    saver.schedule();
    await saver.flush();
    expect(writes).toBe(2);
    await saver.flush();
    expect(writes).toBe(2);
    saver.schedule();
    saver.cancel();
    await jest.advanceTimersByTimeAsync(2000);
    expect(writes).toBe(2);
  } finally {
    jest.useRealTimers();
  }
});

/**
 * A writer killed with SIGKILL right after creating its temp file (between write and rename):
 * resolves with the temp file's name once the process is gone.
 */
async function killedWriter(file: string): Promise<{ name: string; pid: number }> {
  const script =
    "const f=process.argv[1]+'.'+process.pid+'.0badf00d.tmp';require('fs').writeFileSync(f,'{\"half');console.log(f);setInterval(()=>{},1e3)";
  const child = spawn(process.execPath, ['-e', script, file], { stdio: ['ignore', 'pipe', 'inherit'] });
  const path = await new Promise<string>((resolve) =>
    child.stdout.once('data', (d: Buffer) => resolve(String(d).trim())),
  );
  const gone = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await gone;
  return { name: path.slice(path.lastIndexOf('/') + 1), pid: child.pid ?? 0 };
}

describe('temp files left by a kill -9 during a save', () => {
  test('are removed when the session is loaded next', async () => {
    const file = join(dir, 'session.json');
    await saveSession(file, data);
    const { name } = await killedWriter(file);
    expect(await readdir(dir)).toContain(name);
    const r = await loadSession(file);
    expect(r.status).toBe('ok');
    expect(await readdir(dir)).toEqual(['session.json']);
  });

  test('are removed when the session is saved next, even before the first save', async () => {
    const file = join(dir, 'session.json');
    const { name } = await killedWriter(file);
    // A restart in a container may get the same pid as the killed writer: still a leftover.
    const samePid = `session.json.${process.pid}.12345678.tmp`;
    await writeFile(join(dir, samePid), 'half');
    expect((await readdir(dir)).sort()).toEqual([name, samePid].sort());
    await saveSession(file, data);
    expect(await readdir(dir)).toEqual(['session.json']);
  });

  test("only the writer's own pattern for this file is touched, and never a live writer's file", async () => {
    const file = join(dir, 'session.json');
    const live = spawn(process.execPath, ['-e', 'setInterval(()=>{},1e3)'], { stdio: 'ignore' });
    try {
      const keep = [
        `session.json.${live.pid}.aaaabbbb.tmp`, // another process is writing it now
        'other.json.1.aaaabbbb.tmp', // another file's temp
        'session.json.bak',
        'session.json.tmp',
        'session.json.x1.aaaabbbb.tmp',
        'session.json.1.AAAABBBB.tmp',
        'session.outbox.jsonl.1.aaaabbbb.tmp',
      ];
      for (const name of keep) await writeFile(join(dir, name), 'x');
      const { name: stale } = await killedWriter(file);
      expect(await removeStaleTempFiles(file)).toEqual([stale]);
      await saveSession(file, data);
      expect((await readdir(dir)).sort()).toEqual([...keep, 'session.json'].sort());
    } finally {
      live.kill('SIGKILL');
    }
  });
});
