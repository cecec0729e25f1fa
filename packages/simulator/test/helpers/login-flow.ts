import type { Simulator } from '@wxbot/simulator';
import { EXTSPAM } from '@wxbot/simulator';
import { RawClient } from './raw-client.js';

/** Credentials of a logged-in test client. */
export interface TestSession {
  client: RawClient;
  host: string;
  uin: number;
  sid: string;
  skey: string;
  passTicket: string;
  deviceId: string;
  userName: string;
  syncKey: { Count: number; List: Array<{ Key: number; Val: number }> };
  baseRequest: { Uin: number; Sid: string; Skey: string; DeviceID: string };
  /** `https://{host}/cgi-bin/mmwebwx-bin/{endpoint}` */
  api(endpoint: string, query?: string): string;
  /** `https://webpush.{host}/cgi-bin/mmwebwx-bin/synccheck?…` for a key set. */
  synccheckUrl(keys?: { List: Array<{ Key: number; Val: number }> }): string;
}

const tag = (xml: string, name: string): string =>
  new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1] ?? '';

/** Starts a QR login and returns the uuid. */
export async function jslogin(client: RawClient, desktop = false): Promise<string> {
  const redirect = encodeURIComponent(
    `https://wx.qq.com/cgi-bin/mmwebwx-bin/webwxnewloginpage${desktop ? '?mod=desktop' : ''}`,
  );
  const res = await client.request(
    `https://login.wx.qq.com/jslogin?appid=wx782c26e4c19acffb&redirect_uri=${redirect}&fun=new&lang=zh_CN&_=${Date.now()}`,
  );
  const m = /window\.QRLogin\.uuid = "([^"]+)";/.exec(res.text);
  if (!m?.[1]) throw new Error(`jslogin failed: ${res.text}`);
  return m[1];
}

/** Polls `login` once. */
export function poll(client: RawClient, uuid: string, tip = 1) {
  return client.request(
    `https://login.wx.qq.com/cgi-bin/mmwebwx-bin/login?loginicon=true&uuid=${encodeURIComponent(uuid)}&tip=${tip}&r=${~Date.now()}&_=${Date.now()}`,
  );
}

/** Extracts redirect_uri from a 200 login body. */
export function redirectOf(body: string): string {
  const m = /window\.redirect_uri="([^"]+)";/.exec(body);
  if (!m?.[1]) throw new Error(`no redirect_uri in ${body}`);
  return m[1];
}

/** Full login (QR by default) through HTTP with the phone confirming; then webwxinit. */
export async function loginFlow(
  sim: Simulator,
  opts: { client?: RawClient; desktop?: boolean; push?: boolean } = {},
): Promise<TestSession> {
  const client = opts.client ?? new RawClient(sim.port);
  let uuid: string;
  if (opts.push) {
    const host = sim.options.account.mainHost;
    const res = await client.request(
      `https://${host}/cgi-bin/mmwebwx-bin/webwxpushloginurl?uin=${sim.options.account.uin}`,
    );
    uuid = (JSON.parse(res.text) as { uuid: string }).uuid;
  } else {
    uuid = await jslogin(client, opts.desktop);
  }
  sim.phone.login(uuid);
  const r = await poll(client, uuid);
  const redirect = redirectOf(r.text);
  const headers: Record<string, string> = opts.desktop ? { 'client-version': '2.0.0', extspam: EXTSPAM } : {};
  const page = await client.request(`${redirect}&fun=new&version=v2`, { headers });
  const host = new URL(redirect).hostname;
  const uin = Number(tag(page.text, 'wxuin'));
  const sid = tag(page.text, 'wxsid');
  const skey = tag(page.text, 'skey');
  const passTicket = tag(page.text, 'pass_ticket');
  const deviceId = 'e123456789012345';
  const baseRequest = { Uin: uin, Sid: sid, Skey: skey, DeviceID: deviceId };
  const api = (endpoint: string, query = ''): string =>
    `https://${host}/cgi-bin/mmwebwx-bin/${endpoint}?pass_ticket=${passTicket}${query ? `&${query}` : ''}`;
  const init = await client.postJson(api('webwxinit', `r=${~Date.now()}`), { BaseRequest: baseRequest });
  const user = init.json.User as { UserName: string };
  const session: TestSession = {
    client,
    host,
    uin,
    sid,
    skey,
    passTicket,
    deviceId,
    userName: user.UserName,
    syncKey: init.json.SyncKey as TestSession['syncKey'],
    baseRequest,
    api,
    synccheckUrl: (keys) => {
      const k = (keys ?? session.syncKey).List.map((x) => `${x.Key}_${x.Val}`).join('|');
      return `https://webpush.${host}/cgi-bin/mmwebwx-bin/synccheck?r=${Date.now()}&skey=${encodeURIComponent(skey)}&sid=${encodeURIComponent(sid)}&uin=${uin}&deviceid=${deviceId}&synckey=${encodeURIComponent(k)}&_=${Date.now()}`;
    },
  };
  return session;
}

/** Runs webwxsync with the session's key, updates it, and returns the parsed body plus raw text. */
export async function sync(t: TestSession, key = t.syncKey) {
  const { res, json } = await t.client.postJson(
    t.api('webwxsync', `sid=${encodeURIComponent(t.sid)}&skey=${encodeURIComponent(t.skey)}`),
    {
      BaseRequest: t.baseRequest,
      SyncKey: key,
      rr: ~Date.now(),
    },
  );
  const next = json.SyncKey as TestSession['syncKey'] | undefined;
  if (next && next.Count > 0) t.syncKey = next;
  return { res, json, text: res.text, msgs: (json.AddMsgList ?? []) as Array<Record<string, unknown>> };
}

/** Sends a JSON API call with the session's BaseRequest merged in. */
export function call(t: TestSession, endpoint: string, body: Record<string, unknown> = {}, query = '') {
  return t.client.postJson(t.api(endpoint, query), { BaseRequest: t.baseRequest, ...body });
}
