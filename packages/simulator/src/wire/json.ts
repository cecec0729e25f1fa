/**
 * Serialize a value the way the Web WeChat server writes JSON: `bigint` becomes an exact decimal
 * number (so a 19-digit `NewMsgId` survives), non-ASCII text stays raw UTF-8 (no `\uXXXX`), and `/`
 * is never escaped. Otherwise behaves like `JSON.stringify` (undefined/function members skipped,
 * `toJSON` honoured, non-finite numbers become `null`).
 *
 * @example
 * toWireJson({ MsgId: '7103418922431299178', NewMsgId: 7103418922431299178n });
 * // '{"MsgId":"7103418922431299178","NewMsgId":7103418922431299178}'
 */
export function toWireJson(value: unknown): string {
  if (value instanceof RawJson) return value.text;
  return write(value, new Set()) ?? 'null';
}

function write(value: unknown, seen: Set<object>): string | undefined {
  switch (typeof value) {
    case 'string':
      // JSON.stringify leaves `/`, CJK and U+2005 raw; it only escapes quotes, backslashes and controls.
      return JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) ? String(value) : 'null';
    case 'bigint':
      return value.toString();
    case 'boolean':
      return value ? 'true' : 'false';
    case 'undefined':
    case 'function':
    case 'symbol':
      return undefined;
    default:
      break;
  }
  if (value === null) return 'null';
  if (value instanceof RawJson) return value.text;
  const obj = value as object;
  const withJson = obj as { toJSON?: unknown };
  if (typeof withJson.toJSON === 'function') {
    return write((withJson.toJSON as () => unknown).call(obj), seen);
  }
  if (seen.has(obj)) throw new TypeError('toWireJson: circular structure');
  seen.add(obj);
  try {
    if (Array.isArray(obj)) {
      const parts = obj.map((item: unknown) => write(item, seen) ?? 'null');
      return `[${parts.join(',')}]`;
    }
    const parts: string[] = [];
    for (const [key, item] of Object.entries(obj)) {
      const text = write(item, seen);
      if (text !== undefined) parts.push(`${JSON.stringify(key)}:${text}`);
    }
    return `{${parts.join(',')}}`;
  } finally {
    seen.delete(obj);
  }
}

/**
 * Already-serialized wire JSON that {@link toWireJson} writes as is (no re-serialization). Lets a
 * handler splice cached fragments (e.g. a group's member records) into a response.
 *
 * @example
 * toWireJson({ Count: 2, List: new RawJson('[1,2]') }); // '{"Count":2,"List":[1,2]}'
 */
export class RawJson {
  /** @param text valid JSON, written verbatim */
  constructor(readonly text: string) {}
}
