import { SimulatorError } from './errors.js';
import { BodyTooLargeError, parseJsonObject, type RequestContext, readBody, send } from './http.js';
import { toWireJson } from './wire/json.js';

/** The largest JSON body a control request may carry (media are sent as base64 in it). */
const MAX_CONTROL_BODY_BYTES = 64 * 1024 * 1024;

/** Answer a control request with JSON. */
export function replyJson(ctx: RequestContext, status: number, value: unknown): void {
  send(ctx.res, status, 'application/json; charset=UTF-8', toWireJson(value));
}

/** The fault switches every simulator has, as the control API sees them. */
interface FaultSwitches<Rule> {
  list(): unknown;
  add(rule: Rule): number;
  clear(id?: number): void;
}

/**
 * The fault routes both simulators share (`GET|POST|DELETE faults`, `DELETE faults/<id>`), or
 * `undefined` when `key` is not one of them.
 */
export function faultRoute<Rule>(
  faults: FaultSwitches<Rule>,
  method: string,
  path: string,
  body: Record<string, unknown>,
): { readonly value: unknown } | undefined {
  if (path === 'faults' && method === 'GET') return { value: faults.list() };
  if (path === 'faults' && method === 'POST') return { value: { id: faults.add(body as unknown as Rule) } };
  if (path === 'faults' && method === 'DELETE') {
    faults.clear();
    return { value: { ok: true } };
  }
  if (method === 'DELETE' && path.startsWith('faults/')) {
    faults.clear(Number(path.slice('faults/'.length)));
    return { value: { ok: true } };
  }
  return undefined;
}

/**
 * Serve one `/__sim/…` control request: read a JSON object body (POST, PUT), hand it to `route`,
 * answer its value as JSON (a route that answered by itself returns `undefined`), and turn a
 * {@link SimulatorError} into 404 (NOT_FOUND), 408 (TIMEOUT) or 400 with `{ error: { code, message } }`.
 */
export async function serveControl(
  ctx: RequestContext,
  route: (body: Record<string, unknown>) => Promise<unknown>,
): Promise<void> {
  let body: Record<string, unknown> = {};
  if (ctx.method === 'POST' || ctx.method === 'PUT') {
    let raw: Buffer;
    try {
      raw = await readBody(ctx.req, MAX_CONTROL_BODY_BYTES);
    } catch (e) {
      if (e instanceof BodyTooLargeError)
        replyJson(ctx, 413, { error: { code: 'TOO_LARGE', message: 'body too large' } });
      return;
    }
    if (raw.length > 0) {
      const parsed = parseJsonObject(raw);
      if (!parsed) {
        replyJson(ctx, 400, { error: { code: 'BAD_JSON', message: 'body must be a JSON object' } });
        return;
      }
      body = parsed;
    }
  }
  try {
    const value = await route(body);
    if (value !== undefined) replyJson(ctx, 200, value);
  } catch (e) {
    if (!(e instanceof SimulatorError)) throw e;
    const status = e.code === 'NOT_FOUND' ? 404 : e.code === 'TIMEOUT' ? 408 : 400;
    replyJson(ctx, status, { error: { code: e.code, message: e.message } });
  }
}
