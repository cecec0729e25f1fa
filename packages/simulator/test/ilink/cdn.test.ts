import { randomBytes } from 'node:crypto';
import {
  aesEcbDecrypt,
  aesEcbEncrypt,
  decodeAesKey,
  encodeAesKey,
  type IlinkSimulator,
  type IlinkUser,
  md5Hex,
  paddedSize,
} from '@wxbot/simulator';
import { boundWorld, type IlinkTestClient } from './helpers.js';

const CDN = 'https://novac2c.cdn.weixin.qq.com/c2c';

describe('iLink media: getuploadurl, the CDN and AES-128-ECB', () => {
  let sim: IlinkSimulator;
  let client: IlinkTestClient;
  let owner: IlinkUser;
  let token: string;
  beforeEach(async () => {
    ({ sim, client, user: owner } = await boundWorld());
    token = owner.says('hi').contextToken;
  });
  afterEach(() => sim.close());

  const sendMedia = (item: Record<string, unknown>) =>
    client.call('sendmessage', {
      msg: {
        from_user_id: '',
        to_user_id: owner.userId,
        client_id: `c${Math.random()}`,
        message_type: 2,
        message_state: 2,
        item_list: [item],
        context_token: token,
      },
    });

  test('PKCS#7 sizes and every key encoding', () => {
    expect([0, 1, 15, 16, 95231].map(paddedSize)).toEqual([16, 16, 16, 32, 95232]);
    const key = randomBytes(16);
    for (const enc of ['hex', 'base64-raw', 'base64-hex'] as const) {
      const text = encodeAesKey(key, enc);
      expect(decodeAesKey(text)).toEqual({ key, encoding: enc });
    }
    expect(encodeAesKey(key, 'base64-hex')).toHaveLength(44);
    expect(encodeAesKey(key, 'base64-raw')).toHaveLength(24);
    expect(decodeAesKey('bm9wZQ==')).toBeUndefined();
  });

  test('upload with upload_full_url, send the image, and the user sees the same bytes', async () => {
    const data = randomBytes(1000);
    const up = await client.upload(owner.userId, data, 1);
    expect(up.ticket.upload_full_url).toBe(
      `${CDN}/upload?encrypted_query_param=${encodeURIComponent(String(up.ticket.upload_param))}&filekey=${String(up.ticket.upload_full_url).split('filekey=')[1]}`,
    );
    expect(up.param).toEqual(expect.any(String));
    const a = await sendMedia({
      type: 2,
      image_item: {
        media: {
          encrypt_query_param: up.param,
          aes_key: encodeAesKey(up.key, 'base64-hex'),
          encrypt_type: 1,
        },
        mid_size: up.cipherSize,
      },
    });
    expect(a.json).toEqual({ ret: 0 });
    const got = await owner.waitForReply((m) => m.kind === 'image');
    expect(got.media?.bytes.equals(data)).toBe(true);
    expect(got.media?.keyEncoding).toBe('base64-hex');
    expect(got.mediaError).toBeUndefined();
    expect(sim.cdnFile(up.param)?.equals(data)).toBe(true);
    const dl = await client.http.request(
      `${CDN}/download?encrypted_query_param=${encodeURIComponent(up.param)}`,
    );
    expect(aesEcbDecrypt(dl.body, up.key).equals(data)).toBe(true);
  });

  test('a base64(raw) key, a wrong key or a wrong size are delivered but flagged', async () => {
    const data = randomBytes(100);
    const up = await client.upload(owner.userId, data, 1);
    await sendMedia({
      type: 2,
      image_item: {
        media: {
          encrypt_query_param: up.param,
          aes_key: encodeAesKey(up.key, 'base64-raw'),
          encrypt_type: 1,
        },
        mid_size: 100,
      },
    });
    expect(sim.sent[0]?.mediaError).toMatch(/base64-raw.*mid_size 100 is not the ciphertext size 112/);
    await sendMedia({
      type: 2,
      image_item: {
        media: { encrypt_query_param: up.param, aes_key: encodeAesKey(randomBytes(16), 'base64-hex') },
      },
    });
    expect(sim.sent[1]?.mediaError).toMatch(/not the key the file was encrypted with/);
    expect(sim.sent[1]?.media).toBeUndefined();
  });

  test('a file: len must be the plaintext size as a string; an unknown CDN reference is refused', async () => {
    const data = Buffer.from('报表 content');
    const up = await client.upload(owner.userId, data, 3);
    const media = {
      encrypt_query_param: up.param,
      aes_key: encodeAesKey(up.key, 'base64-hex'),
      encrypt_type: 1,
    };
    await sendMedia({ type: 4, file_item: { media, file_name: '报表.txt', len: String(data.length) } });
    expect(sim.sent[0]).toMatchObject({ kind: 'file', mediaError: undefined });
    expect(sim.sent[0]?.media?.fileName).toBe('报表.txt');
    await sendMedia({ type: 4, file_item: { media, file_name: 'x', len: data.length } });
    expect(sim.sent[1]?.mediaError).toMatch(/len must be a decimal string/);
    const bad = await sendMedia({
      type: 4,
      file_item: { media: { ...media, encrypt_query_param: 'nope' }, file_name: 'x', len: '1' },
    });
    expect(bad.json).toMatchObject({ ret: -1 });
  });

  test('getuploadurl checks the recipient and the sizes; param-only shape on request', async () => {
    const base = {
      filekey: randomBytes(16).toString('hex'),
      media_type: 3,
      to_user_id: owner.userId,
      rawsize: 16,
      rawfilemd5: md5Hex(Buffer.alloc(16)),
      filesize: 32,
      no_need_thumb: true,
      aeskey: randomBytes(16).toString('hex'),
    };
    expect(
      (await client.call('getuploadurl', { ...base, to_user_id: 'o9cq80nobody@im.wechat' })).json,
    ).toMatchObject({
      ret: -1,
    });
    expect((await client.call('getuploadurl', { ...base, filesize: 16 })).json).toMatchObject({ ret: -1 });
    expect((await client.call('getuploadurl', { ...base, aeskey: 'xyz' })).json).toMatchObject({ ret: -1 });
    const ok = await client.call('getuploadurl', base);
    expect(Object.keys(ok.json)).toEqual(['upload_param', 'upload_full_url']);
    await sim.close();
    ({ sim, client, user: owner } = await boundWorld({ uploadFullUrl: false }));
    owner.says('hi');
    const old = await client.call('getuploadurl', { ...base, to_user_id: owner.userId });
    expect(old.json).toEqual({ upload_param: expect.any(String), thumb_upload_param: '' });
  });

  test('the CDN checks size, key and MD5, refuses PUT, and each ticket uploads once', async () => {
    const data = randomBytes(50);
    const key = randomBytes(16);
    const filekey = randomBytes(16).toString('hex');
    const t = await client.call('getuploadurl', {
      filekey,
      media_type: 3,
      to_user_id: owner.userId,
      rawsize: 50,
      rawfilemd5: md5Hex(data),
      filesize: 64,
      no_need_thumb: true,
      aeskey: key.toString('hex'),
    });
    const url = `${CDN}/upload?encrypted_query_param=${encodeURIComponent(String(t.json.upload_param))}&filekey=${filekey}`;
    const post = (body: Buffer, method = 'POST') => client.http.request(url, { method, body });
    expect((await post(aesEcbEncrypt(data, key), 'PUT')).status).toBe(404);
    const short = await post(aesEcbEncrypt(data.subarray(0, 20), key));
    expect(short.status).toBe(400);
    expect(short.headers['x-error-message']).toMatch(/filesize 64/);
    expect((await post(aesEcbEncrypt(data, randomBytes(16)))).status).toBe(400);
    const other = Buffer.from(data);
    other[0] = (other[0] ?? 0) ^ 1;
    expect((await post(aesEcbEncrypt(other, key))).headers['x-error-message']).toMatch(/rawfilemd5/);
    const ok = await post(aesEcbEncrypt(data, key));
    expect(ok.status).toBe(200);
    expect(ok.headers['x-encrypted-param']).toEqual(expect.any(String));
    expect((await post(aesEcbEncrypt(data, key))).headers['x-error-message']).toMatch(/already used/);
    const unknown = await client.http.request(`${CDN}/download?encrypted_query_param=nope`);
    expect(unknown.status).toBe(404);
  });

  test('image and video thumbnails get their own upload ticket', async () => {
    const thumb = randomBytes(30);
    const data = randomBytes(300);
    const key = randomBytes(16);
    const t = await client.call('getuploadurl', {
      filekey: randomBytes(16).toString('hex'),
      media_type: 2,
      to_user_id: owner.userId,
      rawsize: 300,
      rawfilemd5: md5Hex(data),
      filesize: paddedSize(300),
      thumb_rawsize: 30,
      thumb_rawfilemd5: md5Hex(thumb),
      thumb_filesize: 32,
      no_need_thumb: false,
      aeskey: key.toString('hex'),
    });
    expect(Object.keys(t.json)).toEqual(['upload_param', 'thumb_upload_param', 'upload_full_url']);
    const filekey = String(t.json.upload_full_url).split('filekey=')[1];
    const res = await client.http.request(
      `${CDN}/upload?encrypted_query_param=${encodeURIComponent(String(t.json.thumb_upload_param))}&filekey=${filekey}`,
      { method: 'POST', body: aesEcbEncrypt(thumb, key) },
    );
    expect(res.status).toBe(200);
    expect(sim.cdnFile(String(res.headers['x-encrypted-param']))?.equals(thumb)).toBe(true);
  });

  test('inbound image: hex aeskey and base64(raw) aes_key give the same key; full_url and thumbnail download', async () => {
    const data = randomBytes(700);
    const thumb = randomBytes(40);
    owner.send({ kind: 'image', data, thumb });
    const a = await client.poll(''); // "hi" from beforeEach, then the image
    const msgs = a.json.msgs as Array<{ item_list: Array<{ image_item?: Record<string, unknown> }> }>;
    const item = msgs[1]?.item_list[0]?.image_item as {
      media: { aes_key: string; full_url: string; encrypt_query_param: string };
      thumb_media: { encrypt_query_param: string };
      aeskey: string;
      mid_size: number;
      thumb_size: number;
    };
    expect(decodeAesKey(item.media.aes_key)?.encoding).toBe('base64-raw');
    expect(decodeAesKey(item.media.aes_key)?.key.toString('hex')).toBe(item.aeskey);
    const key = Buffer.from(item.aeskey, 'hex');
    const dl = await client.http.request(item.media.full_url);
    expect(dl.body.length).toBe(item.mid_size);
    expect(aesEcbDecrypt(dl.body, key).equals(data)).toBe(true);
    const th = await client.http.request(
      `${CDN}/download?encrypted_query_param=${encodeURIComponent(item.thumb_media.encrypt_query_param)}`,
    );
    expect(th.body.length).toBe(item.thumb_size);
    expect(aesEcbDecrypt(th.body, key).equals(thumb)).toBe(true);
  });

  test('inbound file, voice and video keys are base64 of the hex text', async () => {
    const data = randomBytes(64);
    owner.send({ kind: 'file', data, fileName: 'a b.pdf' });
    owner.send({ kind: 'voice', data, transcript: '明天八点', playtimeMs: 3480 });
    owner.send({ kind: 'video', data, playLength: 14 });
    const a = await client.poll('');
    const items = (
      a.json.msgs as Array<{ item_list: Array<Record<string, { media: Record<string, string> }>> }>
    )
      .slice(1)
      .map((m) => m.item_list[0] ?? {});
    const medias = [items[0]?.file_item, items[1]?.voice_item, items[2]?.video_item];
    for (const x of medias) {
      const k = decodeAesKey(x?.media.aes_key ?? '');
      expect(k?.encoding).toBe('base64-hex');
      const dl = await client.http.request(
        `${CDN}/download?encrypted_query_param=${encodeURIComponent(x?.media.encrypt_query_param ?? '')}`,
      );
      expect(aesEcbDecrypt(dl.body, k?.key ?? Buffer.alloc(16)).equals(data)).toBe(true);
    }
    expect(items[0]?.file_item).toMatchObject({ file_name: 'a b.pdf', md5: md5Hex(data), len: '64' });
    expect(items[1]?.voice_item).toMatchObject({
      encode_type: 6,
      sample_rate: 24000,
      playtime: 3480,
      text: '明天八点',
    });
    expect(items[2]?.video_item).toMatchObject({ video_size: 80, play_length: 14, video_md5: md5Hex(data) });
  });
});
