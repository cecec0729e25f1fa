import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '@wxbot/simulator';
import { RawClient } from './helpers/raw-client.js';

const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

describe('wxbot-sim', () => {
  test('--help prints usage and exits 0; bad flags exit 2', async () => {
    const out: string[] = [];
    expect(await runCli(['--help'], { out: (l) => out.push(l), err: () => {} })).toBe(0);
    expect(out.join('\n')).toContain('--auto-confirm');
    const err: string[] = [];
    expect(await runCli(['--bogus'], { out: () => {}, err: (l) => err.push(l) })).toBe(2);
    expect(await runCli(['--port', 'x'], { out: () => {}, err: (l) => err.push(l) })).toBe(2);
  });

  test('starts with a cast, prints the URL and events, stops on abort', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'wxbot-sim-'));
    dirs.push(dir);
    const castFile = join(dir, 'cast.json');
    await writeFile(castFile, JSON.stringify({ friends: [{ wxid: 'wxid_alice', nickName: 'Alice' }] }));
    const lines: string[] = [];
    const ac = new AbortController();
    let onLine: () => void = () => {};
    const done = runCli(['--port', '0', '--cast', castFile, '--auto-confirm'], {
      out: (l) => {
        lines.push(l);
        onLine();
      },
      err: (l) => lines.push(l),
      signal: ac.signal,
    });
    await new Promise<void>((r) => {
      onLine = r;
      if (lines.length > 0) r();
    });
    const m = /^listening on http:\/\/127\.0\.0\.1:(\d+)$/.exec(lines[0] ?? '');
    expect(m).not.toBeNull();
    const c = new RawClient(Number(m?.[1]));
    const contacts = JSON.parse(
      (await c.request('http://127.0.0.1/__sim/contacts', { hostStyle: 'plain' })).text,
    ) as Array<{ wxid: string }>;
    expect(contacts.map((x) => x.wxid)).toContain('wxid_alice');
    await c.request('https://login.wx.qq.com/jslogin?appid=wx782c26e4c19acffb&fun=new');
    expect(lines.some((l) => l.includes('login.uuid'))).toBe(true);
    ac.abort();
    expect(await done).toBe(0);
  });
});
