import { randomBytes } from 'node:crypto';
import { createSimulator, type Simulator } from '@wxbot/simulator';
import { loginFlow, sync, type TestSession } from './helpers/login-flow.js';
import { upload } from './helpers/upload.js';

describe('downloads', () => {
  let sim: Simulator;
  let t: TestSession;
  beforeEach(async () => {
    sim = await createSimulator({ loginHoldMs: 40, syncHoldMs: 40 });
    sim.phone.addFriend({ wxid: 'wxid_alice', nickName: 'Alice', avatar: Buffer.from('avatar-bytes') });
    sim.phone.addGroup({ wxid: '42@chatroom', topic: 'G', members: ['wxid_alice'] });
    t = await loginFlow(sim);
    await sync(t);
  });
  afterEach(() => sim.close());

  const get = (path: string, headers: Record<string, string> = {}) =>
    t.client.request(`https://${t.host}/cgi-bin/mmwebwx-bin/${path}`, { headers });

  test('image, thumbnail and voice are byte-equal to what the phone sent', async () => {
    const jpg = randomBytes(3000);
    const img = sim.phone.say('wxid_alice', { kind: 'image', data: jpg });
    const full = await get(`webwxgetmsgimg?MsgID=${img.msgId}&skey=${encodeURIComponent(t.skey)}`);
    expect(full.body.equals(jpg)).toBe(true);
    const slave = await get(
      `webwxgetmsgimg?MsgID=${img.msgId}&skey=${encodeURIComponent(t.skey)}&type=slave`,
    );
    expect(slave.body.length).toBeGreaterThan(0);
    const mp3 = randomBytes(2000);
    const voice = sim.phone.say('wxid_alice', { kind: 'voice', durationMs: 960, data: mp3 });
    const v = await get(`webwxgetvoice?msgid=${voice.msgId}&skey=${encodeURIComponent(t.skey)}`);
    expect(v.headers['content-type']).toBe('audio/mpeg');
    expect(v.body.equals(mp3)).toBe(true);
  });

  test('video honours Range with 206; without Range the body is empty', async () => {
    const mp4 = randomBytes(10_000);
    const d = sim.phone.say('wxid_alice', { kind: 'video', durationSec: 3, data: mp4 });
    const all = await get(`webwxgetvideo?msgid=${d.msgId}&skey=${encodeURIComponent(t.skey)}`, {
      Range: 'bytes=0-',
    });
    expect(all.status).toBe(206);
    expect(all.headers['content-range']).toBe(`bytes 0-9999/10000`);
    expect(all.body.equals(mp4)).toBe(true);
    const part = await get(`webwxgetvideo?msgid=${d.msgId}&skey=${encodeURIComponent(t.skey)}`, {
      Range: 'bytes=100-199',
    });
    expect(part.body.equals(mp4.subarray(100, 200))).toBe(true);
    const none = await get(`webwxgetvideo?msgid=${d.msgId}&skey=${encodeURIComponent(t.skey)}`);
    expect(none.body.length).toBe(0);
  });

  test('file via webwxgetmedia on the file host only; uploaded media too', async () => {
    const data = randomBytes(7000);
    const d = sim.phone.say('wxid_alice', { kind: 'file', name: 'report.pdf', data });
    const { msgs } = await sync(t);
    const m = msgs.find((x) => x.MsgId === d.msgId);
    const q = `sender=${m?.FromUserName}&mediaid=${encodeURIComponent(String(m?.MediaId))}&encryfilename=${m?.EncryFileName}&fromuser=${t.uin}&pass_ticket=${t.passTicket}&webwx_data_ticket=${t.client.cookie('webwx_data_ticket')}`;
    const ok = await t.client.request(`https://file.${t.host}/cgi-bin/mmwebwx-bin/webwxgetmedia?${q}`);
    expect(ok.body.equals(data)).toBe(true);
    expect(ok.headers['content-disposition']).toContain('report.pdf');
    const wrongHost = await t.client.request(`https://${t.host}/cgi-bin/mmwebwx-bin/webwxgetmedia?${q}`);
    expect(wrongHost.body.equals(data)).toBe(false);
    const up = randomBytes(600_000);
    const chunks = await upload(t, up, { name: 'u.bin', type: 'application/octet-stream', mediatype: 'doc' });
    const mid = String(chunks.at(-1)?.MediaId);
    const back = await t.client.request(
      `https://file.${t.host}/cgi-bin/mmwebwx-bin/webwxgetmedia?mediaid=${encodeURIComponent(mid)}`,
    );
    expect(back.body.equals(up)).toBe(true);
  });

  test('avatars: webwxgeticon for persons, webwxgetheadimg for groups; nothing without a session', async () => {
    const alice = sim.phone.contact('wxid_alice');
    const icon = await get(
      `webwxgeticon?seq=0&username=${alice.userName}&skey=${encodeURIComponent(t.skey)}`,
    );
    expect(icon.text).toBe('avatar-bytes');
    const g = sim.phone.contact('42@chatroom');
    const head = await get(`webwxgetheadimg?seq=0&username=${g.userName}&skey=${encodeURIComponent(t.skey)}`);
    expect(head.body.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
    const anon = await t.client.request(
      `https://${t.host}/cgi-bin/mmwebwx-bin/webwxgeticon?username=${alice.userName}&skey=${t.skey}`,
      { noCookies: true },
    );
    expect(anon.body.length).toBe(0);
  });
});
