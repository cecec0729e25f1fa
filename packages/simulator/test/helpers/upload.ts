import { createHash } from 'node:crypto';
import type { TestSession } from './login-flow.js';

/** Builds one multipart/form-data body. */
export function multipart(
  fields: Record<string, string>,
  file: { name: string; type: string; data: Buffer },
) {
  const boundary = `----WebKitFormBoundary${Math.random().toString(36).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  }
  parts.push(
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="filename"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`,
    ),
    file.data,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  );
  return { body: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** Uploads a file the way the official client does (512 KiB chunks); returns every chunk's JSON. */
export async function upload(
  t: TestSession,
  data: Buffer,
  opts: {
    name?: string;
    type?: string;
    mediatype?: string;
    to?: string;
    host?: string;
    ticket?: string;
  } = {},
): Promise<Array<Record<string, unknown>>> {
  const name = opts.name ?? 'photo.jpg';
  const chunkSize = 524288;
  const chunks = Math.max(1, Math.ceil(data.length / chunkSize));
  const clientMediaId = Date.now();
  const req = {
    UploadType: 2,
    BaseRequest: t.baseRequest,
    ClientMediaId: clientMediaId,
    TotalLen: data.length,
    StartPos: 0,
    DataLen: data.length,
    MediaType: 4,
    FromUserName: t.userName,
    ToUserName: opts.to ?? 'filehelper',
    FileMd5: createHash('md5').update(data).digest('hex'),
  };
  const out: Array<Record<string, unknown>> = [];
  for (let i = 0; i < chunks; i++) {
    const fields: Record<string, string> = {
      id: 'WU_FILE_0',
      name,
      type: opts.type ?? 'image/jpeg',
      lastModifiedDate: 'Tue May 28 2024 15:28:20 GMT+0800 (中国标准时间)',
      size: String(data.length),
      ...(chunks > 1 ? { chunks: String(chunks), chunk: String(i) } : {}),
      mediatype: opts.mediatype ?? 'pic',
      uploadmediarequest: JSON.stringify(req),
      webwx_data_ticket: opts.ticket ?? t.client.cookie('webwx_data_ticket') ?? '',
      pass_ticket: decodeURIComponent(t.passTicket),
    };
    const mp = multipart(fields, {
      name,
      type: opts.type ?? 'image/jpeg',
      data: data.subarray(i * chunkSize, (i + 1) * chunkSize),
    });
    const res = await t.client.request(
      `https://${opts.host ?? `file.${t.host}`}/cgi-bin/mmwebwx-bin/webwxuploadmedia?f=json`,
      {
        method: 'POST',
        body: mp.body,
        headers: { 'Content-Type': mp.contentType },
      },
    );
    out.push(JSON.parse(res.text) as Record<string, unknown>);
  }
  return out;
}
