import { InboundLedger } from '../../src/ledger/inbound-ledger.js';

// The ledger's replay contract: what a crashed run left pending is given to the bot exactly once
// at the next start (in arrival order, minus what was handled meanwhile); what this run receives
// is given at once and never again.

interface Item {
  readonly id: string;
  readonly text: string;
}
const item = (id: string): Item => ({ id, text: `text ${id}` });
const idOf = (raw: Item) => raw.id;

test('pending items from the file are replayed once, in order, without those handled or received since', () => {
  const saved = { handled: ['h1'], pending: [item('p1'), item('p2'), item('h1'), item('p3')] };
  const ledger = InboundLedger.from(saved, idOf);
  expect(ledger.pendingCount).toBe(3); // h1 was handled: not pending
  ledger.markHandled('p2'); // handled (e.g. its id was in the handled log) before the replay
  // The server delivers p3 again and something new: only the new one is fresh.
  expect(ledger.receive([item('p3'), item('n1')]).map(idOf)).toEqual(['n1']);
  expect(ledger.takeReplay().map(idOf)).toEqual(['p1', 'p3']);
  expect(ledger.takeReplay()).toEqual([]); // once
  expect(ledger.receive([item('p1'), item('n1')])).toEqual([]); // still pending: never given twice
  ledger.markHandled('p1');
  ledger.markHandled('n1');
  expect(ledger.toJSON()).toEqual({ handled: ['h1', 'p2', 'p1', 'n1'], pending: [item('p3')] });
});

test('items received by this run are never replayed, handled or not', () => {
  const ledger = InboundLedger.from(undefined, idOf);
  expect(ledger.receive([item('a'), item('b')]).map(idOf)).toEqual(['a', 'b']);
  ledger.markHandled('a');
  expect(ledger.takeReplay()).toEqual([]);
  expect(ledger.toJSON().pending).toEqual([item('b')]);
  // Saved and loaded again (a restart): now b is replayed.
  expect(InboundLedger.from(ledger.toJSON(), idOf).takeReplay()).toEqual([item('b')]);
});
