import type { Logger } from 'pino';

import { ILINK_SECRET_KEYS, SAFE_LOG_FORMATTERS, SECRET_KEYS } from './secrets.js';

export { SECRET_KEYS } from './secrets.js';

function redactPath(prefix: string, key: string): string {
  const segment = /^[A-Za-z_$][\w$]*$/.test(key) ? key : `["${key}"]`;
  if (prefix === '') return segment;
  return segment.startsWith('[') ? `${prefix}${segment}` : `${prefix}.${segment}`;
}

const TOP_LEVEL_ONLY: ReadonlySet<string> = new Set(ILINK_SECRET_KEYS);

/**
 * Paths pino censors in every wxbot log line: each session secret field (skey, sid, uin,
 * pass_ticket, cookies, tickets, credentials, tokens, in every spelling the protocol uses) at the
 * top level and up to three levels deep, e.g. `BaseRequest.Skey` or `session.cookies`; iLink's
 * (context tokens, AES keys, CDN parameters, QR tickets) at the top level; every secret key at any
 * depth through `formatters.log` ({@link SAFE_LOG_FORMATTERS}), which runs first and also turns
 * Buffers into `[N bytes]` (path redaction throws on a Buffer it copies). Each wildcard path costs
 * every log line, hence no deeper ones. wxbot never logs URLs or request bodies: this is the second
 * line of defence. The CLI's loggers use it too.
 *
 * @example
 * const log = pino({ redact: { paths: [...REDACT_PATHS], censor: '[redacted]' }, formatters: SAFE_LOG_FORMATTERS });
 */
export const REDACT_PATHS: readonly string[] = ['', '*', '*.*', '*.*.*'].flatMap((prefix) =>
  SECRET_KEYS.filter((key) => prefix === '' || !TOP_LEVEL_ONLY.has(key)).map((key) =>
    redactPath(prefix, key),
  ),
);

/** The layer names wxbot logs under. */
export const LOG_LAYERS = [
  'transport',
  'login',
  'session',
  'storage',
  'sync',
  'contacts',
  'send',
  'client',
  'outbox',
  'pipeline',
  'safety',
] as const;

/** One of {@link LOG_LAYERS}. */
export type LogLayer = (typeof LOG_LAYERS)[number];

/**
 * The user's root logger with secrets redacted, for what the bot hands to middleware and plugins
 * (`ctx.api.logger`, each plugin's `logger`): their children inherit the redaction.
 */
export function redactingLogger(root: Logger): Logger {
  return root.child(
    {},
    { redact: { paths: [...REDACT_PATHS], censor: '[redacted]' }, formatters: SAFE_LOG_FORMATTERS },
  );
}

/**
 * A child logger for one layer (`wxbot:sync`, …) with secrets redacted by configuration.
 *
 * @example
 * const log = layerLogger(rootLogger, 'sync'); log.info({ selector: 2 }, 'sync');
 */
export function layerLogger(root: Logger, layer: LogLayer): Logger {
  return root.child(
    { component: `wxbot:${layer}` },
    { redact: { paths: [...REDACT_PATHS], censor: '[redacted]' }, formatters: SAFE_LOG_FORMATTERS },
  );
}
