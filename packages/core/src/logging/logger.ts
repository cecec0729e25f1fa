import type { Logger } from 'pino';

import { SAFE_LOG_FORMATTERS, SECRET_KEYS } from './secrets.js';

export { SECRET_KEYS } from './secrets.js';

/** `key`, or `["set-cookie"]` for a key that is not an identifier. */
function redactPath(key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? key : `["${key}"]`;
}

/**
 * Paths pino censors in every wxbot log line: each secret field of {@link SECRET_KEYS} (skey, sid,
 * uin, pass_ticket, cookies, tickets, credentials, tokens, iLink context tokens and AES keys, in
 * every spelling the protocols use) at the top level of a line and of a child logger's bindings.
 * Deeper fields are redacted by `formatters.log` ({@link SAFE_LOG_FORMATTERS}), which copies every
 * line with every secret key at any depth (errors included) censored and Buffers written as
 * `[N bytes]`. No wildcard paths: pino pays each of them on every line (117 of them cost ≈ 80 µs of
 * CPU per line, 15× the line itself), and the formatter already reaches deeper. wxbot never logs URLs
 * or request bodies: this is the second line of defence. The CLI's loggers use it too.
 *
 * @example
 * const log = pino({ redact: { paths: [...REDACT_PATHS], censor: '[redacted]' }, formatters: SAFE_LOG_FORMATTERS });
 */
export const REDACT_PATHS: readonly string[] = SECRET_KEYS.map(redactPath);

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
