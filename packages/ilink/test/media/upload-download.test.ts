import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from '@jest/globals';
import { decryptMedia, encryptMedia, md5Hex, paddedSize, parseMediaKey } from '../../src/media/aes.js';
import { CdnClient } from '../../src/media/cdn.js';
import { downloadMedia } from '../../src/media/download.js';
import { mediaItem, uploadMedia } from '../../src/media/upload.js';
import { IlinkApi } from '../../src/protocol/api.js';
import { type Answer, CAST, type Recorded, type ScriptedServer, scriptedServer } from '../helpers.js';

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A CDN route that checks the upload like the real one would and keeps the ciphertext. */
function cdnUpload(store: Map<string, Buffer>, param = 'dl-param'): Answer {
  return (req: Recorded, res) => {
    store.set(param, req.body);
    res.writeHead(200, { 'x-encrypted-param': param }).end();
  };
}

async function world(routes: Record<string, Answer[]>) {
  server = await scriptedServer(routes);
  const api = new IlinkApi({ baseUrl: server.url, token: CAST.token });
  const cdn = new CdnClient({ cdnBaseUrl: `${server.url}/c2c`, retryDelayMs: 1 });
  return { server, api, cdn };
}

describe('uploadMedia', () => {
  it('asks getuploadurl with sizes, MD5 and hex key, POSTs ciphertext to upload_full_url, and builds the item', async () => {
    const store = new Map<string, Buffer>();
    const data = randomBytes(95231);
    const { server, api, cdn } = await world({
      'POST /ilink/bot/getuploadurl': [
        (_req, res) => {
          res.writeHead(200).end(
            JSON.stringify({
              upload_param: 'UP/+=',
              upload_full_url: `${server!.url}/c2c/upload?encrypted_query_param=FULL&filekey=k`,
            }),
          );
        },
      ],
      'POST /c2c/upload': [cdnUpload(store)],
    });
    const up = await uploadMedia(api, cdn, { kind: 'image', data, toUserId: CAST.user });
    const ticket = server.to('POST /ilink/bot/getuploadurl')[0]!.json!;
    expect(ticket).toMatchObject({
      media_type: 1,
      to_user_id: CAST.user,
      rawsize: 95231,
      rawfilemd5: md5Hex(data),
      filesize: 95232,
      no_need_thumb: true,
    });
    expect(ticket.filekey).toMatch(/^[0-9a-f]{32}$/);
    expect(ticket.aeskey).toMatch(/^[0-9a-f]{32}$/);
    const cdnReq = server.to('POST /c2c/upload')[0]!;
    expect(cdnReq.query.get('encrypted_query_param')).toBe('FULL');
    expect(cdnReq.headers['content-type']).toBe('application/octet-stream');
    expect(cdnReq.body.length).toBe(paddedSize(data.length));
    expect(decryptMedia(cdnReq.body, Buffer.from(ticket.aeskey as string, 'hex')).equals(data)).toBe(true);

    const item = mediaItem(up);
    expect(item).toEqual({
      type: 2,
      image_item: {
        media: { encrypt_query_param: 'dl-param', aes_key: expect.any(String), encrypt_type: 1 },
        mid_size: 95232,
      },
    });
    expect(parseMediaKey(item.image_item!.media!.aes_key!).toString('hex')).toBe(ticket.aeskey);
    expect(item.image_item!.media!.aes_key).toHaveLength(44);
  });

  it('builds the upload URL from upload_param when there is no usable full URL, and file items carry name and plaintext len', async () => {
    const store = new Map<string, Buffer>();
    const { server, api, cdn } = await world({
      'POST /ilink/bot/getuploadurl': [
        JSON.stringify({ upload_param: 'a/b+c=', upload_full_url: 'https://evil.example/upload' }),
      ],
      'POST /c2c/upload': [cdnUpload(store)],
    });
    const up = await uploadMedia(api, cdn, {
      kind: 'file',
      data: Buffer.from('hello'),
      toUserId: CAST.user,
      fileName: '报表 1.pdf',
    });
    const cdnReq = server.to('POST /c2c/upload')[0]!;
    expect(cdnReq.query.get('encrypted_query_param')).toBe('a/b+c=');
    expect(cdnReq.query.get('filekey')).toBe(server.to('POST /ilink/bot/getuploadurl')[0]!.json!.filekey);
    expect(mediaItem(up).file_item).toMatchObject({
      file_name: '报表 1.pdf',
      len: '5',
      md5: md5Hex(Buffer.from('hello')),
    });
  });

  it('retries CDN faults up to 3 attempts, never retries a 4xx, and says why', async () => {
    const store = new Map<string, Buffer>();
    const { server, api, cdn } = await world({
      'POST /ilink/bot/getuploadurl': [JSON.stringify({ upload_param: 'p' })],
      'POST /c2c/upload': [{ status: 500 }, { status: 200 }, cdnUpload(store)],
    });
    await uploadMedia(api, cdn, { kind: 'video', data: Buffer.from('v'), toUserId: CAST.user });
    expect(server.to('POST /c2c/upload')).toHaveLength(3);

    server.script('POST /c2c/upload', [{ status: 400, headers: { 'x-error-message': 'bad filesize' } }]);
    await expect(
      uploadMedia(api, cdn, { kind: 'image', data: Buffer.from('i'), toUserId: CAST.user }),
    ).rejects.toMatchObject({
      code: 'CDN_UPLOAD',
      message: expect.stringMatching(/HTTP 400: bad filesize/),
    });
    expect(server.to('POST /c2c/upload')).toHaveLength(4);

    server.script('POST /c2c/upload', [{ status: 503 }]);
    await expect(
      uploadMedia(api, cdn, { kind: 'image', data: Buffer.from('i'), toUserId: CAST.user }),
    ).rejects.toMatchObject({
      code: 'CDN_UPLOAD',
      message: expect.stringMatching(/after 3 attempts/),
    });
    expect(server.to('POST /c2c/upload')).toHaveLength(7);
  });
});

describe('downloadMedia', () => {
  it('downloads by the allowed full_url or by encrypt_query_param and decrypts with any key encoding', async () => {
    const key = randomBytes(16);
    const data = randomBytes(3000);
    const cipher = encryptMedia(data, key);
    const { server, cdn } = await world({
      'GET /c2c/download': [{ body: cipher, headers: { 'Content-Type': 'application/octet-stream' } }],
    });
    const encodings = [
      key.toString('hex'),
      key.toString('base64'),
      Buffer.from(key.toString('hex')).toString('base64'),
    ];
    for (const aes_key of encodings) {
      expect(
        (await downloadMedia(cdn, { media: { encrypt_query_param: 'q+/=', aes_key } })).equals(data),
      ).toBe(true);
    }
    expect(server.requests[0]!.query.get('encrypted_query_param')).toBe('q+/=');
    const viaFull = await downloadMedia(cdn, {
      media: {
        full_url: `${server.url}/c2c/download?encrypted_query_param=FULL`,
        aes_key: 'ignored-for-hex',
      },
      hexKey: key.toString('hex'),
      md5: md5Hex(data),
    });
    expect(viaFull.equals(data)).toBe(true);
    expect(server.requests.at(-1)!.query.get('encrypted_query_param')).toBe('FULL');
  });

  it('never fetches a full_url outside the allowed hosts, and checks the announced MD5', async () => {
    const key = randomBytes(16);
    const { server, cdn } = await world({
      'GET /c2c/download': [{ body: encryptMedia(Buffer.from('abc'), key) }],
    });
    await downloadMedia(cdn, {
      media: {
        full_url: 'http://169.254.169.254/latest',
        encrypt_query_param: 'x',
        aes_key: key.toString('hex'),
      },
    });
    expect(server.requests[0]!.path).toBe('/c2c/download');
    await expect(
      downloadMedia(cdn, {
        media: { encrypt_query_param: 'x', aes_key: key.toString('hex') },
        md5: '0'.repeat(32),
      }),
    ).rejects.toMatchObject({ code: 'MEDIA_CHECKSUM' });
    await expect(
      downloadMedia(cdn, { media: { full_url: 'http://169.254.169.254/latest' } }),
    ).rejects.toMatchObject({
      code: 'CDN_DOWNLOAD',
    });
  });

  it('caps the download size', async () => {
    const { server } = await world({ 'GET /c2c/download': [{ body: Buffer.alloc(4096) }] });
    const cdn = new CdnClient({ cdnBaseUrl: `${server.url}/c2c`, maxDownloadBytes: 1024 });
    await expect(downloadMedia(cdn, { media: { encrypt_query_param: 'x' } })).rejects.toMatchObject({
      code: 'TOO_LARGE',
    });
  });
});
