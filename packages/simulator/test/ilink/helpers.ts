import { randomBytes, randomInt } from 'node:crypto';
import {
  aesEcbEncrypt,
  createIlinkSimulator,
  type IlinkSimulator,
  type IlinkSimulatorOptions,
  md5Hex,
  paddedSize,
} from '@wxbot/simulator';
import { RawClient, type RawResponse } from '../helpers/raw-client.js';

/** The API host a real client talks to. */
export const API = 'https://ilinkai.weixin.qq.com';

/** Parses JSON keeping uint64 ids exact: `message_id` numbers become strings. */
export function parseLossless(text: string): Record<string, unknown> {
  return JSON.parse(text.replace(/"(message_id|messageId)":(\d{16,})/g, '"$1":"$2"')) as Record<
    string,
    unknown
  >;
}

/** The header set of the official client (protocol.md §2.1). */
export function botHeaders(token?: string): Record<string, string> {
  return {
    'Content-Type': 'application/json',
    AuthorizationType: 'ilink_bot_token',
    'X-WECHAT-UIN': Buffer.from(String(randomInt(0, 2 ** 32 - 1))).toString('base64'),
    'iLink-App-Id': 'bot',
    'iLink-App-ClientVersion': '132105',
    ...(token ? { Authorization: `Bearer ${token}` } : {}),
  };
}

export const BASE_INFO = { channel_version: '2.4.9', bot_agent: 'OpenClaw' };

/** A JSON answer: raw response, lossless JSON and plain `JSON.parse` (for type checks). */
export interface JsonAnswer {
  res: RawResponse;
  json: Record<string, unknown>;
  plain: Record<string, unknown>;
}

/** A tiny iLink client for the tests: raw HTTP to 127.0.0.1:PORT with the real Host header. */
export class IlinkTestClient {
  readonly http: RawClient;
  token: string | undefined;
  cursor = '';

  constructor(readonly sim: IlinkSimulator) {
    this.http = new RawClient(sim.port);
  }

  /** POSTs a bot call (`ilink/bot/<path>`) with the official headers; override or drop any header. */
  async call(
    path: string,
    body: Record<string, unknown> = {},
    opts: { token?: string | null; headers?: Record<string, string | undefined>; base?: string } = {},
  ): Promise<JsonAnswer> {
    const token = opts.token === null ? undefined : (opts.token ?? this.token);
    const headers: Record<string, string> = botHeaders(token);
    for (const [k, v] of Object.entries(opts.headers ?? {})) {
      if (v === undefined) delete headers[k];
      else headers[k] = v;
    }
    const res = await this.http.request(`${opts.base ?? API}/ilink/bot/${path}`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ ...body, base_info: BASE_INFO }),
      noCookies: true,
    });
    return { res, json: parseLossless(res.text), plain: JSON.parse(res.text) as Record<string, unknown> };
  }

  /** `get_qrcode_status` on a host (default the API host). */
  async qrStatus(
    qrcode: string,
    opts: { verifyCode?: string; host?: string } = {},
  ): Promise<Record<string, unknown>> {
    const code = opts.verifyCode ? `&verify_code=${encodeURIComponent(opts.verifyCode)}` : '';
    const res = await this.http.request(
      `https://${opts.host ?? 'ilinkai.weixin.qq.com'}/ilink/bot/get_qrcode_status?qrcode=${qrcode}${code}`,
      { headers: { 'iLink-App-Id': 'bot', 'iLink-App-ClientVersion': '132105' }, noCookies: true },
    );
    return JSON.parse(res.text) as Record<string, unknown>;
  }

  /** `POST get_bot_qrcode?bot_type=3`. */
  async getQr(localTokens: string[] = []): Promise<{ qrcode: string; qrcode_img_content: string }> {
    const res = await this.http.request(`${API}/ilink/bot/get_bot_qrcode?bot_type=3`, {
      method: 'POST',
      headers: { ...botHeaders(), 'Content-Type': 'application/json' },
      body: JSON.stringify({ local_token_list: localTokens }),
      noCookies: true,
    });
    return JSON.parse(res.text) as { qrcode: string; qrcode_img_content: string };
  }

  /** The whole QR login over HTTP, with `user` scanning and confirming on the phone. */
  async login(user = 'owner', localTokens: string[] = []): Promise<Record<string, unknown>> {
    const { qrcode } = await this.getQr(localTokens);
    this.sim.user(user).login(qrcode);
    const status = await this.qrStatus(qrcode);
    this.token = status.bot_token as string;
    this.cursor = '';
    return status;
  }

  /** One getupdates poll with the current cursor; keeps the new cursor. */
  async poll(cursor = this.cursor): Promise<JsonAnswer> {
    const a = await this.call('getupdates', { get_updates_buf: cursor });
    if (typeof a.json.get_updates_buf === 'string' && a.json.get_updates_buf !== '')
      this.cursor = a.json.get_updates_buf;
    return a;
  }

  /** Sends one text to `to` with `contextToken`. */
  sendText(
    to: string,
    text: string,
    contextToken: string | undefined,
    clientId?: string,
  ): Promise<JsonAnswer> {
    return this.call('sendmessage', {
      msg: {
        from_user_id: '',
        to_user_id: to,
        client_id: clientId ?? `test:${randomBytes(6).toString('hex')}`,
        message_type: 2,
        message_state: 2,
        item_list: [{ type: 1, text_item: { text } }],
        ...(contextToken === undefined ? {} : { context_token: contextToken }),
      },
    });
  }

  /** getuploadurl + CDN upload, the official way; returns the download param and the key. */
  async upload(
    to: string,
    data: Buffer,
    mediaType = 1,
  ): Promise<{ param: string; key: Buffer; cipherSize: number; ticket: Record<string, unknown> }> {
    const key = randomBytes(16);
    const filekey = randomBytes(16).toString('hex');
    const ticket = await this.call('getuploadurl', {
      filekey,
      media_type: mediaType,
      to_user_id: to,
      rawsize: data.length,
      rawfilemd5: md5Hex(data),
      filesize: paddedSize(data.length),
      no_need_thumb: true,
      aeskey: key.toString('hex'),
    });
    const url = ticket.json.upload_full_url as string;
    const res = await this.http.request(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/octet-stream' },
      body: aesEcbEncrypt(data, key),
      noCookies: true,
    });
    if (res.status !== 200)
      throw new Error(`upload failed ${res.status} ${String(res.headers['x-error-message'])}`);
    return {
      param: res.headers['x-encrypted-param'] as string,
      key,
      cipherSize: paddedSize(data.length),
      ticket: ticket.json,
    };
  }
}

/** Starts a simulator with test-sized holds. */
export function startSim(opts: IlinkSimulatorOptions = {}): Promise<IlinkSimulator> {
  return createIlinkSimulator({ updatesHoldMs: 60, qrHoldMs: 60, ...opts });
}

/** A simulator, a logged-in client and one user message already polled (so a turn is open). */
export async function boundWorld(opts: IlinkSimulatorOptions = {}, user = 'owner') {
  const sim = await startSim(opts);
  const client = new IlinkTestClient(sim);
  const status = await client.login(user);
  const u = sim.user(user);
  return {
    sim,
    client,
    user: u,
    userId: status.ilink_user_id as string,
    botId: status.ilink_bot_id as string,
  };
}

/** The first message of a getupdates answer. */
export function firstMsg(a: JsonAnswer): Record<string, unknown> {
  const m = (a.json.msgs as Array<Record<string, unknown>>)[0];
  if (!m) throw new Error(`no message in ${a.res.text}`);
  return m;
}
