import { createSimulator, type Simulator } from '@wxbot/simulator';
import { call, loginFlow, sync, type TestSession } from './helpers/login-flow.js';

const ret = (json: Record<string, unknown>): number => (json.BaseResponse as { Ret: number }).Ret;

describe('fault switches', () => {
  let sim: Simulator;
  let t: TestSession;
  beforeEach(async () => {
    sim = await createSimulator({ loginHoldMs: 40, syncHoldMs: 40 });
    t = await loginFlow(sim);
    await sync(t);
  });
  afterEach(() => sim.close());

  test('reset drops the connection for the next N calls only', async () => {
    sim.faults.reset('webwxsync', { times: 1 });
    await expect(sync(t)).rejects.toThrow();
    expect(ret((await sync(t)).json)).toBe(0);
  });

  test('http 5xx on one endpoint, other endpoints unaffected', async () => {
    sim.faults.http('webwxsync', 503, { times: 2 });
    const r1 = await t.client.request(t.api('webwxsync'), { method: 'POST', body: '{}' });
    expect(r1.status).toBe(503);
    expect(ret((await call(t, 'webwxinit')).json)).toBe(0);
    expect((await t.client.request(t.api('webwxsync'), { method: 'POST', body: '{}' })).status).toBe(503);
    expect(ret((await sync(t)).json)).toBe(0);
  });

  test('slow answers', async () => {
    sim.faults.delay('webwxinit', 80, { times: 1 });
    const t0 = Date.now();
    await call(t, 'webwxinit');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(75);
  });

  test.each([1100, 1101, 1102, 1205])('synccheck retcode %i', async (code) => {
    sim.faults.synccheckRetcode(code, { times: 1 });
    expect((await t.client.request(t.synccheckUrl())).text).toBe(
      `window.synccheck={retcode:"${code}",selector:"0"}`,
    );
    expect((await t.client.request(t.synccheckUrl())).text).toBe(
      'window.synccheck={retcode:"0",selector:"0"}',
    );
  });

  test('webwxsync Ret errors until cleared', async () => {
    const id = sim.faults.ret(-1);
    expect(ret((await sync(t)).json)).toBe(-1);
    expect(ret((await sync(t)).json)).toBe(-1);
    sim.faults.clear(id);
    expect(ret((await sync(t)).json)).toBe(0);
  });

  test('malformed body', async () => {
    sim.faults.malformed('webwxsync', { times: 1 });
    const res = await t.client.request(t.api('webwxsync'), { method: 'POST', body: '{}' });
    expect(() => JSON.parse(res.text)).toThrow();
  });

  test('all endpoints with "*"', async () => {
    sim.faults.http('*', 500, { times: 2 });
    expect((await t.client.request(t.synccheckUrl())).status).toBe(500);
    expect((await t.client.request(t.api('webwxinit'), { method: 'POST', body: '{}' })).status).toBe(500);
    expect(sim.faults.list()).toHaveLength(0);
  });
});
