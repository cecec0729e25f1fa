import { authJson } from './auth.js';
import type { SimCore } from './core.js';
import { BodyTooLargeError, parseJsonObject, type RequestContext, readBody, sendJsonText } from './http.js';
import type { Session } from './session.js';
import { toWireJson } from './wire/index.js';

/** `{"BaseResponse":{"Ret":ret,"ErrMsg":msg}}`. */
export function baseResponse(ret: number, msg = ''): { BaseResponse: { Ret: number; ErrMsg: string } } {
  return { BaseResponse: { Ret: ret, ErrMsg: msg } };
}

/** Sends any value as wire JSON. */
export function sendWire(ctx: RequestContext, value: unknown): void {
  sendJsonText(ctx.res, toWireJson(value));
}

/** What a JSON handler returns: the body to send. */
export type JsonHandler = (s: Session, body: Record<string, unknown>) => unknown | Promise<unknown>;

/**
 * Runs a JSON POST endpoint on the main host: parse body (Ret 1200 if unparsable), check the session
 * (Ret 1100/1101/1102), then answer with the handler's value as wire JSON. `errorBody` shapes the
 * error answers (webwxsync keeps its full body shape on errors).
 */
export async function jsonEndpoint(
  core: SimCore,
  ctx: RequestContext,
  handler: JsonHandler,
  errorBody: (ret: number) => unknown = baseResponse,
): Promise<void> {
  let raw: Buffer;
  try {
    raw = await readBody(ctx.req);
  } catch (e) {
    if (e instanceof BodyTooLargeError) sendWire(ctx, errorBody(1200));
    return;
  }
  const body = parseJsonObject(raw);
  if (!body) {
    sendWire(ctx, errorBody(1200));
    return;
  }
  const auth = authJson(core, ctx, body);
  if (!auth.ok) {
    sendWire(ctx, errorBody(auth.code));
    return;
  }
  sendWire(ctx, await handler(auth.session, body));
}
