import type { ServerResponse } from 'node:http';
import { send } from '../http.js';
import { toWireJson } from '../wire/json.js';

/** `{"ret":-14,"errcode":-14,"errmsg":"session timeout"}`: stale token, revoked binding, missing headers. */
export const SESSION_TIMEOUT = { ret: -14, errcode: -14, errmsg: 'session timeout' } as const;

/** `{"ret":0,"errmsg":""}`: the plain success of typing and notify calls. */
export const OK_EMPTY = { ret: 0, errmsg: '' } as const;

/** `{"ret":-1,"errmsg":…}`: a request the server cannot use (bad parameter) [inf: errmsg wording]. */
export function invalid(errmsg: string): { ret: number; errmsg: string } {
  return { ret: -1, errmsg };
}

/** Writes a JSON answer; `bigint` values become bare, exact JSON numbers (uint64 `message_id`). */
export function sendIlinkJson(res: ServerResponse, value: unknown, status = 200): void {
  send(res, status, 'application/json', toWireJson(value));
}

/** Writes the JSON text of `value` with the last character cut off (a malformed body). */
export function sendTruncatedJson(res: ServerResponse, value: unknown): void {
  send(res, 200, 'application/json', toWireJson(value).slice(0, -1));
}
