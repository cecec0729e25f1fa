import busboy from 'busboy';
import { baseResponse, jsonEndpoint, sendWire } from './api-common.js';
import { authFile } from './auth.js';
import type { SimCore } from './core.js';
import { num, obj, parseJsonObject, type RequestContext, str } from './http.js';
import { mediaId, randomHex } from './ids.js';
import { md5Hex } from './media.js';
import { encryFileName } from './wire/index.js';

/** Chunk size clients use (512 KiB). */
export const CHUNK_SIZE = 524288;

interface Assembly {
  chunks: Map<number, Buffer>;
  total: number;
  received: number;
}

const assemblies = new WeakMap<SimCore, Map<string, Assembly>>();

function assemblyMap(core: SimCore): Map<string, Assembly> {
  let m = assemblies.get(core);
  if (!m) {
    m = new Map();
    assemblies.set(core, m);
  }
  return m;
}

interface ParsedForm {
  fields: Map<string, string>;
  file: Buffer | undefined;
  fileName: string;
  mime: string;
  tooLarge: boolean;
}

function parseForm(core: SimCore, ctx: RequestContext): Promise<ParsedForm | undefined> {
  return new Promise((resolve) => {
    let bb: busboy.Busboy;
    try {
      bb = busboy({
        headers: ctx.req.headers,
        limits: { fileSize: core.opts.maxUploadBytes, files: 1, fields: 50, fieldSize: 1024 * 1024 },
        defParamCharset: 'utf8',
      });
    } catch {
      resolve(undefined);
      return;
    }
    const form: ParsedForm = { fields: new Map(), file: undefined, fileName: '', mime: '', tooLarge: false };
    bb.on('field', (name, value) => form.fields.set(name, value));
    bb.on('file', (_name, stream, info) => {
      const parts: Buffer[] = [];
      form.fileName = info.filename ?? '';
      form.mime = info.mimeType;
      stream.on('data', (d: Buffer) => parts.push(d));
      stream.on('limit', () => {
        form.tooLarge = true;
      });
      stream.on('end', () => {
        form.file = Buffer.concat(parts);
      });
    });
    bb.on('close', () => resolve(form));
    bb.on('error', () => resolve(undefined));
    ctx.req.pipe(bb);
  });
}

/**
 * `POST webwxuploadmedia?f=json` on the file host: multipart form, 512 KiB chunks assembled by
 * (`ClientMediaId`, `id`) + `chunk`/`chunks`; the MediaId comes with the last chunk only. Requires the
 * session cookies, the `webwx_data_ticket` cookie and the same value in the form.
 */
export async function handleUpload(core: SimCore, ctx: RequestContext): Promise<void> {
  const form = await parseForm(core, ctx);
  const req = form ? parseJsonObject(Buffer.from(form.fields.get('uploadmediarequest') ?? '')) : undefined;
  if (!form || !req) {
    sendWire(ctx, baseResponse(1200));
    return;
  }
  const base = obj(req, 'BaseRequest');
  const uin = num(base, 'Uin');
  const auth = authFile(core, ctx, {
    sid: str(base, 'Sid'),
    uin: uin === undefined ? '' : String(uin),
    skey: str(base, 'Skey') ?? '',
  });
  if (!auth.ok) {
    sendWire(ctx, baseResponse(auth.code));
    return;
  }
  const s = auth.session;
  if (form.fields.get('webwx_data_ticket') !== s.dataTicket) {
    sendWire(ctx, baseResponse(1102));
    return;
  }
  const data = form.file;
  const total = num(req, 'TotalLen') ?? Number(form.fields.get('size') ?? '0');
  if (!data || data.length === 0 || total <= 0 || form.tooLarge || total > core.opts.maxUploadBytes) {
    sendWire(ctx, {
      ...baseResponse(1),
      MediaId: '',
      StartPos: 0,
      CDNThumbImgHeight: 0,
      CDNThumbImgWidth: 0,
      EncryFileName: '',
    });
    return;
  }
  const chunks = Number(form.fields.get('chunks') ?? '1');
  const chunk = Number(form.fields.get('chunk') ?? '0');
  if (!Number.isInteger(chunks) || !Number.isInteger(chunk) || chunks < 1 || chunk < 0 || chunk >= chunks) {
    sendWire(ctx, baseResponse(1));
    return;
  }
  const key = `${s.sid}|${String(req.ClientMediaId ?? '')}|${form.fields.get('id') ?? ''}`;
  const map = assemblyMap(core);
  let asm = map.get(key);
  if (!asm || chunk === 0) {
    asm = { chunks: new Map(), total, received: 0 };
    map.set(key, asm);
  }
  if (!asm.chunks.has(chunk)) asm.received += data.length;
  asm.chunks.set(chunk, data);
  const name = form.fields.get('name') || form.fileName || 'file';
  const complete = asm.chunks.size === chunks;
  if (!complete) {
    sendWire(ctx, {
      ...baseResponse(0),
      MediaId: '',
      StartPos: asm.received,
      CDNThumbImgHeight: 0,
      CDNThumbImgWidth: 0,
      EncryFileName: encryFileName(name),
    });
    return;
  }
  map.delete(key);
  const bytes = Buffer.concat([...Array(chunks).keys()].map((i) => asm.chunks.get(i) ?? Buffer.alloc(0)));
  if (bytes.length !== asm.total) {
    sendWire(ctx, baseResponse(1));
    return;
  }
  const id = mediaId();
  const mediatype = form.fields.get('mediatype') ?? '';
  const mime = form.fields.get('type') || form.mime || 'application/octet-stream';
  core.media.byMediaId.set(id, {
    bytes,
    mime,
    fileName: name,
    mediaId: id,
    md5: md5Hex(bytes),
    uploadedBy: s.sid,
  });
  core.emit(
    'bot.upload',
    `bot uploaded ${name} (${bytes.length} bytes, ${chunks} chunk${chunks > 1 ? 's' : ''})`,
  );
  const pic = mediatype === 'pic';
  sendWire(ctx, {
    ...baseResponse(0),
    MediaId: id,
    StartPos: bytes.length,
    CDNThumbImgHeight: pic ? 120 : 0,
    CDNThumbImgWidth: pic ? 90 : 0,
    EncryFileName: encryFileName(name),
  });
}

/** `POST webwxcheckupload`: a known md5 gives its MediaId (instant send), else AESKey + Signature. */
export function handleCheckUpload(core: SimCore, ctx: RequestContext): Promise<void> {
  return jsonEndpoint(core, ctx, (_s, body) => {
    const md5 = str(body, 'FileMd5') ?? '';
    const name = str(body, 'FileName') ?? '';
    const size = num(body, 'FileSize') ?? 0;
    if (size <= 0 || !name)
      return { ...baseResponse(1), MediaId: '', AESKey: '', Signature: '', EncryFileName: '' };
    const known = md5 ? core.media.findByMd5(md5.toLowerCase()) : undefined;
    return {
      ...baseResponse(0),
      MediaId: known && known.bytes.length === size ? known.mediaId : '',
      AESKey: randomHex(16),
      Signature: `v1_${randomHex(24)}`,
      EncryFileName: encryFileName(name),
    };
  });
}
