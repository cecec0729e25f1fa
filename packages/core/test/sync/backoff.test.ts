import { logoutReason } from '../../src/adapters/web/sync/logout-reason.js';
import { backoffDelay } from '../../src/retry/backoff.js';

test('exponential with equal jitter, capped', () => {
  const o = { baseMs: 100, maxMs: 1000 };
  expect(backoffDelay(1, o, () => 0)).toBe(50);
  expect(backoffDelay(1, o, () => 1)).toBe(100);
  expect(backoffDelay(3, o, () => 1)).toBe(400);
  expect(backoffDelay(10, o, () => 1)).toBe(1000);
  expect(backoffDelay(10, o, () => 0)).toBe(500);
  for (let i = 1; i < 100; i++) expect(backoffDelay(i, o)).toBeLessThanOrEqual(1000);
});

test('logout reasons name the code and where it came from', () => {
  expect(logoutReason(1101, 'synccheck')).toMatch(/replaced by another login.*synccheck 1101/);
});
