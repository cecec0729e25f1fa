import { runCli } from '@wxbot/simulator';

describe('wxbot-sim --protocol ilink', () => {
  test('starts the iLink simulator, serves the control API and stops on abort', async () => {
    const lines: string[] = [];
    const ac = new AbortController();
    const done = runCli(['--protocol', 'ilink', '--port', '0', '--public-urls', 'local', '--auto-confirm'], {
      out: (l) => lines.push(l),
      err: (l) => lines.push(l),
      signal: ac.signal,
    });
    const started = Date.now();
    while (!lines.some((l) => l.startsWith('listening on')) && Date.now() - started < 30_000) {
      await new Promise((r) => setTimeout(r, 10));
    }
    const url = /listening on (\S+)/.exec(lines.join('\n'))?.[1] ?? '';
    const status = (await (await fetch(`${url}/__sim/status`)).json()) as Record<string, unknown>;
    expect(status).toMatchObject({ protocol: 'ilink', url });
    ac.abort();
    expect(await done).toBe(0);
  });

  test('bad options exit 2 with the reason and the usage', async () => {
    const err: string[] = [];
    const io = { out: () => {}, err: (l: string) => err.push(l) };
    expect(await runCli(['--protocol', 'ilink', '--public-urls', 'nowhere'], io)).toBe(2);
    expect(err.join('\n')).toMatch(
      /--public-urls must be real or local[\s\S]*Usage: wxbot-sim --protocol ilink/,
    );
    expect(await runCli(['--protocol', 'smtp'], io)).toBe(2);
    expect(err.at(-1)).toMatch(/--protocol must be web or ilink/);
  });
});
