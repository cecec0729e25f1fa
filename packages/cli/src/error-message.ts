/**
 * The first line of an error's message. Duck-typed: errors thrown inside jiti or another realm
 * are not `instanceof Error` here.
 */
export function firstLine(err: unknown): string {
  const message = (err as { message?: unknown } | null)?.message;
  const text = typeof message === 'string' ? message : String(err);
  return text.split('\n')[0] ?? '';
}
