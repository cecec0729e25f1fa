import { createSimulator, EXTSPAM, type Simulator } from '@wxbot/simulator';
import { jslogin, loginFlow, poll, redirectOf } from './helpers/login-flow.js';
import { RawClient } from './helpers/raw-client.js';

describe('account restrictions (2025 reports)', () => {
  let sim: Simulator;
  beforeEach(async () => {
    // A hold far longer than a loaded machine's delays: an early answer can only be the kick.
    sim = await createSimulator({ loginHoldMs: 40, syncHoldMs: 30_000 });
  });
  afterEach(() => sim.close());

  test('a restricted account: a fresh login is kicked with synccheck 1102 after kickAfterMs', async () => {
    // Long enough for the whole login flow (webwxinit included) on a loaded machine: a 30 ms kick
    // came before webwxinit there, and the login itself failed.
    sim.phone.restrictAccount({ kickAfterMs: 2000 });
    const t = await loginFlow(sim);
    const started = Date.now();
    const check = await t.client.request(t.synccheckUrl());
    expect(check.text).toBe('window.synccheck={retcode:"1102",selector:"0"}');
    // Ended by the kick, not by the 30 s hold.
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(sim.phone.loggedIn).toBe(false);
  });

  test('without the switch the same login stays', async () => {
    sim.phone.restrictAccount({ kickAfterMs: 30 });
    sim.phone.restrictAccount(false);
    const t = await loginFlow(sim);
    await new Promise((r) => setTimeout(r, 60));
    expect(sim.phone.loggedIn).toBe(true);
    expect(t.uin).toBeGreaterThan(0);
  });

  test('desktop environment refused: webwxnewloginpage answers 301 with no Location', async () => {
    sim.phone.refuseDesktopEnvironment();
    const client = new RawClient(sim.port);
    const uuid = await jslogin(client, true);
    sim.phone.login(uuid);
    const redirect = redirectOf((await poll(client, uuid)).text);
    const page = await client.request(`${redirect}&fun=new&version=v2&mod=desktop`, {
      headers: { 'client-version': '2.0.0', extspam: EXTSPAM },
    });
    expect(page.status).toBe(301);
    expect(page.headers.location).toBeUndefined();
    expect(page.text).not.toContain('<skey>');
    expect(sim.phone.loggedIn).toBe(false);
  });
});
