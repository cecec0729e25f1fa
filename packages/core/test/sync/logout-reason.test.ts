import { classifySessionEnd } from '../../src/adapters/web/sync/logout-reason.js';

test('every way a session ends has a typed kind and a sentence with what to do', () => {
  const cases = [
    [{ code: 1100 }, 'phoneLogout', true],
    [{ code: 1101 }, 'replaced', false],
    [{ code: 1102, sessionAgeMs: 3_600_000, freshLogin: true }, 'expired', true],
    [{ code: 1102, sessionAgeMs: 5_000, freshLogin: true }, 'restricted', false],
    [{ code: 1102, sessionAgeMs: 5_000, freshLogin: false }, 'expired', true],
    [{ code: 1205 }, 'rateLimited', false],
    [{ code: 1203, loginRefused: true }, 'environmentRefused', false],
    [{ code: 301, loginRefused: true }, 'environmentRefused', false],
  ] as const;
  for (const [input, kind, mayRelogin] of cases) {
    const end = classifySessionEnd(input);
    expect({ code: input.code, kind: end.kind, mayRelogin: end.mayRelogin }).toEqual({
      code: input.code,
      kind,
      mayRelogin,
    });
    expect(end.message).toMatch(/\.|;/);
    expect(end.message).toContain(`(code ${input.code})`);
  }
});

test('the kick window decides restricted vs expired', () => {
  const at = (sessionAgeMs: number) =>
    classifySessionEnd({ code: 1102, sessionAgeMs, freshLogin: true, kickWindowMs: 10_000 }).kind;
  expect(at(9_999)).toBe('restricted');
  expect(at(10_001)).toBe('expired');
});
