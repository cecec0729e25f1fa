import { WxError } from '../../src/errors.js';
import { IntentTracker } from '../../src/outbox/intent-tracker.js';

function deferred() {
  let resolve!: () => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Settled state of a promise after pending callbacks ran. */
async function state(p: Promise<void>): Promise<'pending' | 'resolved' | 'rejected'> {
  let s: 'pending' | 'resolved' | 'rejected' = 'pending';
  p.then(
    () => {
      s = 'resolved';
    },
    () => {
      s = 'rejected';
    },
  );
  for (let i = 0; i < 5; i++) await Promise.resolve();
  return s;
}

test('nothing pending: durable at once', async () => {
  expect(await state(new IntentTracker().durable())).toBe('resolved');
});

test('a wait covers the writes tracked before it, in any completion order, and not later ones', async () => {
  const intents = new IntentTracker();
  const [a, b, c] = [deferred(), deferred(), deferred()];
  intents.track(a.promise);
  intents.track(b.promise);
  const upToB = intents.durable();
  intents.track(c.promise);
  const upToC = intents.durable();
  b.resolve();
  expect(await state(upToB)).toBe('pending'); // a is still being written
  a.resolve();
  expect(await state(upToB)).toBe('resolved');
  expect(await state(upToC)).toBe('pending');
  c.resolve();
  expect(await state(upToC)).toBe('resolved');
  expect(await state(intents.durable())).toBe('resolved');
});

test('a write the journal gave up on fails the waits that include it, and every wait after', async () => {
  const intents = new IntentTracker();
  const [a, b] = [deferred(), deferred()];
  intents.track(a.promise);
  const upToA = intents.durable();
  intents.track(b.promise);
  const upToB = intents.durable();
  const closed = new Error('journal closed');
  b.reject(closed);
  await expect(upToB).rejects.toBe(closed);
  expect(intents.lost).toBe(1);
  expect(await state(upToA)).toBe('pending'); // did not include b
  a.resolve();
  expect(await state(upToA)).toBe('resolved');
  const later = intents.durable();
  await expect(later).rejects.toBeInstanceOf(WxError);
  await expect(later).rejects.toMatchObject({ code: 'JOURNAL_LOST' });
});

test('a burst of waits on one pending batch all resolve together when it lands', async () => {
  const intents = new IntentTracker();
  const batch = deferred();
  const waits: Promise<void>[] = [];
  // As in a burst: each handled message queued a reply (one more write) and then waits.
  for (let i = 0; i < 500; i++) {
    intents.track(batch.promise);
    waits.push(intents.durable());
  }
  expect(await state(waits[0]!)).toBe('pending');
  batch.resolve();
  await Promise.all(waits);
  expect(await state(intents.durable())).toBe('resolved');
});
