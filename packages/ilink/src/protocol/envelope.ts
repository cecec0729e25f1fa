import { IlinkApiError, IlinkNetworkError } from '../errors.js';
import type { HttpResponse } from '../transport/http.js';
import { parseIlinkJson } from '../transport/json.js';

/** The `ret`/`errcode`/`errmsg` of an answer, read defensively. */
export interface ResultFields {
  readonly ret: number | undefined;
  readonly errcode: number | undefined;
  readonly errmsg: string | undefined;
}

/** Reads a JSON object from an HTTP answer: non-2xx and unreadable bodies become typed errors. */
export function readJsonObject(endpoint: string, res: HttpResponse): Record<string, unknown> {
  if (res.status < 200 || res.status >= 300) {
    throw new IlinkNetworkError(
      endpoint,
      'HTTP_STATUS',
      `${endpoint}: the server answered HTTP ${res.status}`,
      { status: res.status, host: res.host },
    );
  }
  let value: unknown;
  try {
    value = parseIlinkJson(res.body.toString('utf8'));
  } catch (cause) {
    throw new IlinkApiError(endpoint, {}, `${endpoint}: the answer is not JSON (${res.body.length} bytes)`, {
      cause,
    });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new IlinkApiError(endpoint, {}, `${endpoint}: the answer is not a JSON object`);
  }
  return value as Record<string, unknown>;
}

/** `ret`, `errcode` and `errmsg` (or the QR endpoint's `err_msg`), ignoring values of the wrong type. */
export function resultFields(body: Record<string, unknown>): ResultFields {
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  return { ret: num(body.ret), errcode: num(body.errcode), errmsg: str(body.errmsg) ?? str(body.err_msg) };
}

/**
 * Throws {@link IlinkApiError} unless `ret` (absent = 0) and `errcode` (absent = 0) are both 0.
 * Codes: `SESSION_EXPIRED` for -14, `RATE_LIMITED` for -2 "rate limited", `SEND_REFUSED` for other
 * -2 answers to sendmessage, `API_RET` for the rest. The message says what to do.
 */
export function checkResult(endpoint: string, body: Record<string, unknown>): void {
  const fields = resultFields(body);
  const ret = fields.ret ?? 0;
  const errcode = fields.errcode ?? 0;
  if (ret === 0 && errcode === 0) return;
  const shown = `ret=${fields.ret ?? 'absent'}${fields.errcode === undefined ? '' : `, errcode=${fields.errcode}`}${
    fields.errmsg ? `, errmsg=${JSON.stringify(fields.errmsg.slice(0, 120))}` : ''
  }`;
  if (ret === -14 || errcode === -14) {
    throw new IlinkApiError(
      endpoint,
      fields,
      `${endpoint}: the bot session has ended (${shown}). The token was revoked, re-bound elsewhere or expired; run the QR login again (wxbot login).`,
      { code: 'SESSION_EXPIRED' },
    );
  }
  if ((ret === -2 || errcode === -2) && fields.errmsg === 'rate limited') {
    throw new IlinkApiError(
      endpoint,
      fields,
      `${endpoint}: rate limited by the server (${shown}); slow down and retry later.`,
      {
        code: 'RATE_LIMITED',
      },
    );
  }
  if (endpoint === 'sendmessage' && (ret === -2 || errcode === -2)) {
    throw new IlinkApiError(
      endpoint,
      fields,
      `sendmessage: refused (${shown}). The 24 h reply window is closed, the turn's quota is used up or the context token is stale; the message can go out after the user's next message.`,
      { code: 'SEND_REFUSED' },
    );
  }
  throw new IlinkApiError(endpoint, fields, `${endpoint}: the server said no (${shown}).`);
}

/** A string field, or undefined when absent or of another type. */
export function optionalString(body: Record<string, unknown>, key: string): string | undefined {
  const v = body[key];
  return typeof v === 'string' ? v : undefined;
}

/** A finite number field, or undefined. */
export function optionalNumber(body: Record<string, unknown>, key: string): number | undefined {
  const v = body[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}
