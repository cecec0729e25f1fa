import { afterEach, describe, expect, it } from '@jest/globals';
import { type UpdateBatch, UpdatePoller } from '../../src/poll/poller.js';
import { IlinkApi } from '../../src/protocol/api.js';
import { type Answer, CAST, fixtureText, type ScriptedServer, scriptedServer, until } from '../helpers.js';

let server: ScriptedServer | undefined;
let poller: UpdatePoller | undefined;
afterEach(async () => {
  await poller?.stop();
  await server?.close();
  server = undefined;
  poller = undefined;
});

const ROUTE = 'POST /ilink/bot/getupdates';

async function world(
  answers: Answer[],
  options: Partial<ConstructorParameters<typeof UpdatePoller>[1]> = {},
) {
  server = await scriptedServer({ [ROUTE]: answers });
  const api = new IlinkApi({ baseUrl: server.url, token: CAST.token });
  const batches: UpdateBatch[] = [];
  const errors: Array<{ attempt: number; delayMs: number }> = [];
  poller = new UpdatePoller(api, {
    onUpdates: (b) => {
      batches.push(b);
    },
    onError: (_e, attempt, delayMs) => errors.push({ attempt, delayMs }),
    minEmptyPollIntervalMs: 0,
    backoff: { baseMs: 5, maxMs: 20 },
    ...options,
  });
  return { server, poller, batches, errors, polls: () => server!.to(ROUTE) };
}

/** A held empty answer: the server hold ends after `ms`. */
const held = (ms: number): Answer => ({ body: fixtureText('getupdates-empty.json'), delayMs: ms });

describe('UpdatePoller', () => {
  it('sends the cursor of each answer with the next poll and hands batches over before advancing', async () => {
    const w = await world(
      [fixtureText('getupdates-text.json'), fixtureText('getupdates-image.json'), held(50)],
      { cursor: 'saved' },
    );
    void w.poller.run();
    await until(() => w.polls().length >= 3, 'three polls');
    const cursors = w.polls().map((r) => r.json!.get_updates_buf);
    const text = JSON.parse(fixtureText('getupdates-text.json'));
    const image = JSON.parse(fixtureText('getupdates-image.json'));
    expect(cursors.slice(0, 3)).toEqual(['saved', text.get_updates_buf, image.get_updates_buf]);
    expect(w.batches.map((b) => [b.previousCursor, b.cursor])).toEqual([
      ['saved', text.get_updates_buf],
      [text.get_updates_buf, image.get_updates_buf],
    ]);
    expect(w.batches[0]!.messages[0]!.message_id).toBe('7484409702373212424');
  });

  it("uses the server's suggested timeout plus a margin, so a hold as long as the advertised time still answers", async () => {
    // The server advertises 300 ms and holds its answers 300 ms: a client timeout equal to the advertised
    // value would give up on every held answer (protocol.md §5.4) and never see cursors c2 and c3.
    const answer = (cursor: string, delayMs = 0): Answer => ({
      body: JSON.stringify({ ret: 0, msgs: [], get_updates_buf: cursor, longpolling_timeout_ms: 300 }),
      delayMs,
    });
    const w = await world([answer('c1'), answer('c2', 300), answer('c3', 300), held(5000)], {
      timeoutMarginMs: 2000,
    });
    void w.poller.run();
    await until(() => w.polls().length >= 4, 'four polls');
    expect(w.poller.nextTimeoutMs).toBe(2300);
    expect(w.polls().map((r) => r.json!.get_updates_buf)).toEqual(['', 'c1', 'c2', 'c3']);
    expect(w.errors).toEqual([]);
  });

  it('treats a client timeout as an empty poll and retries at once with the same cursor', async () => {
    const w = await world(
      [
        JSON.stringify({ ret: 0, msgs: [], longpolling_timeout_ms: 100 }),
        held(3000),
        fixtureText('getupdates-text.json'),
        held(3000),
      ],
      { cursor: 'c0', timeoutMarginMs: 0 },
    );
    void w.poller.run();
    await until(() => w.batches.length === 1, 'the text batch');
    expect(
      w
        .polls()
        .slice(0, 3)
        .map((r) => r.json!.get_updates_buf),
    ).toEqual(['c0', 'c0', 'c0']);
    expect(w.errors).toEqual([]);
  });

  it('backs off with bounded, jittered, growing pauses on errors and recovers', async () => {
    const w = await world(
      [
        { status: 500 },
        { status: 502 },
        '{"ret":-1,"errmsg":"x"}',
        'not json',
        fixtureText('getupdates-text.json'),
        held(1000),
      ],
      { random: () => 1, backoff: { baseMs: 10, maxMs: 25 } },
    );
    void w.poller.run();
    await until(() => w.batches.length === 1, 'the batch after errors');
    expect(w.errors).toEqual([
      { attempt: 1, delayMs: 10 },
      { attempt: 2, delayMs: 20 },
      { attempt: 3, delayMs: 25 },
      { attempt: 4, delayMs: 25 },
    ]);
    // Four pauses of 10 + 20 + 25 + 25 ms between the five polls (less delivery jitter); without them ~0.
    const times = w.polls().map((r) => r.at);
    expect(times[4]! - times[0]!).toBeGreaterThanOrEqual(60);
  });

  it('ends with a typed session-ended reason on -14 and polls no more', async () => {
    const w = await world([fixtureText('getupdates-text.json'), fixtureText('getupdates-errcode-14.json')]);
    const end = await w.poller.run();
    expect(end).toMatchObject({
      kind: 'session-ended',
      code: 'SESSION_EXPIRED',
      error: { errmsg: 'session timeout' },
    });
    expect(w.polls()).toHaveLength(2);
    await new Promise((r) => setTimeout(r, 50));
    expect(w.polls()).toHaveLength(2);
    expect(w.poller.running).toBe(false);
  });

  it('re-polls the same cursor when the handler fails, so nothing is skipped', async () => {
    let fail = true;
    const w = await world(
      [fixtureText('getupdates-text.json'), fixtureText('getupdates-text.json'), held(1000)],
      {
        cursor: 'c0',
        onUpdates: () => {
          if (fail) {
            fail = false;
            throw new Error('disk full');
          }
        },
      },
    );
    void w.poller.run();
    await until(() => w.polls().length >= 3, 'the re-poll');
    expect(
      w
        .polls()
        .slice(0, 2)
        .map((r) => r.json!.get_updates_buf),
    ).toEqual(['c0', 'c0']);
    expect(w.errors).toHaveLength(1);
    expect(w.poller.cursor).toBe(JSON.parse(fixtureText('getupdates-text.json')).get_updates_buf);
  });

  it('stops at once, aborting the held poll', async () => {
    const w = await world([held(30_000)]);
    const run = w.poller.run();
    await until(() => w.polls().length === 1, 'the first poll');
    const started = Date.now();
    await w.poller.stop();
    expect(await run).toEqual({ kind: 'stopped' });
    // Long before the 30 s hold ends, however loaded the machine.
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it('waits out the minimum interval when an empty answer comes back at once (no request storm)', async () => {
    const w = await world([fixtureText('getupdates-empty.json')], { minEmptyPollIntervalMs: 200 });
    void w.poller.run();
    await until(() => w.polls().length >= 3, 'three polls');
    const t = w.polls().map((r) => r.at);
    // Two pauses of 200 ms (less the delivery jitter of a loaded machine); without them ~1 ms apart.
    expect(t[2]! - t[0]!).toBeGreaterThanOrEqual(300);
  });

  it('reports early empty answers in a row as a storm, and its end when messages come again', async () => {
    const empty = fixtureText('getupdates-empty.json');
    const changes: Array<number | undefined> = [];
    // A clock that never moves: every answer counts as "at once", however loaded the machine.
    const w = await world([empty, empty, empty, empty, fixtureText('getupdates-text.json'), held(30_000)], {
      minEmptyPollIntervalMs: 10,
      now: () => 0,
      onEarlyAnswers: (storm) => changes.push(storm?.rounds),
    });
    void w.poller.run();
    await until(() => changes.length >= 1, 'the storm');
    expect(w.poller.storm).toMatchObject({ rounds: expect.any(Number), since: 0 });
    expect(w.poller.storm?.what).toMatch(/at once with nothing.*spaced 10 ms apart/);
    await until(() => w.batches.length === 1 && changes.length >= 2, 'the message and the end of the storm');
    expect(changes).toEqual([3, undefined]); // one start (after the 3rd early answer), one end
    expect(w.poller.storm).toBeUndefined();
  });
});
