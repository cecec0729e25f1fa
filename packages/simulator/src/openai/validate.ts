const ROLES = new Set(['system', 'developer', 'user', 'assistant', 'tool']);

/**
 * Checks a chat completion request as the real API does, and says what is wrong in its words
 * (`'messages' must be a non-empty array`); `undefined` when it is fine.
 */
export function validateChatRequest(body: unknown, contentType: string | undefined): string | undefined {
  if (!contentType?.toLowerCase().startsWith('application/json')) {
    return `Invalid Content-Type header (${contentType ?? 'none'}); expected application/json.`;
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return 'We could not parse the JSON body of your request. Send a JSON object.';
  }
  const b = body as Record<string, unknown>;
  if (typeof b.model !== 'string' || b.model === '')
    return "you must provide a model parameter ('model' must be a non-empty string).";
  if (!Array.isArray(b.messages) || b.messages.length === 0) return "'messages' must be a non-empty array.";
  for (const [i, m] of b.messages.entries()) {
    const problem = messageProblem(m);
    if (problem !== undefined) return `Invalid 'messages[${i}]': ${problem}`;
  }
  for (const key of ['max_tokens', 'max_completion_tokens'] as const) {
    const v = b[key];
    if (v !== undefined && v !== null && !(Number.isInteger(v) && (v as number) > 0)) {
      return `Invalid '${key}': expected a positive integer, got ${JSON.stringify(v)}.`;
    }
  }
  if (b.stream !== undefined && typeof b.stream !== 'boolean') return "Invalid 'stream': expected a boolean.";
  if (
    b.temperature !== undefined &&
    !(typeof b.temperature === 'number' && b.temperature >= 0 && b.temperature <= 2)
  ) {
    return "Invalid 'temperature': expected a number between 0 and 2.";
  }
  return undefined;
}

function messageProblem(m: unknown): string | undefined {
  if (typeof m !== 'object' || m === null) return 'expected an object.';
  const msg = m as Record<string, unknown>;
  if (typeof msg.role !== 'string' || !ROLES.has(msg.role)) {
    return `'role' must be one of ${[...ROLES].join(', ')} (got ${JSON.stringify(msg.role)}).`;
  }
  const c = msg.content;
  if (typeof c === 'string') return undefined;
  if (c === null && msg.role === 'assistant') return undefined;
  if (!Array.isArray(c)) return "'content' must be a string or an array of content parts.";
  if (msg.role !== 'user' && c.some((p) => (p as { type?: unknown })?.type !== 'text')) {
    return `only 'user' messages may contain image parts.`;
  }
  for (const part of c) {
    const p = part as Record<string, unknown> | null;
    if (p?.type === 'text' && typeof p.text === 'string') continue;
    if (p?.type === 'image_url' && typeof (p.image_url as { url?: unknown } | undefined)?.url === 'string')
      continue;
    return `each content part must be {type:'text',text} or {type:'image_url',image_url:{url}}.`;
  }
  return undefined;
}
