import type { Logger } from 'pino';

import { SECRET_KEYS } from './secrets.js';

export { SECRET_KEYS } from './secrets.js';

function redactPath(prefix: string, key: string): string {
  const segment = /^[A-Za-z_$][\w$]*$/.test(key) ? key : `["${key}"]`;
  if (prefix === '') return segment;
  return segment.startsWith('[') ? `${prefix}${segment}` : `${prefix}.${segment}`;
}

/**
 * Paths pino censors in every wxbot log line: each session secret field (skey, sid, uin,
 * pass_ticket, cookies, tickets, credentials, in every spelling the protocol uses) at the top
 * level and up to three levels deep, e.g. `BaseRequest.Skey` or `session.cookies`. wxbot never
 * logs URLs or request bodies: this is the second line of defence. The CLI's loggers use it too.
 *
 * @example
 * const log = pino({ redact: { paths: [...REDACT_PATHS], censor: '[redacted]' } });
 */
export const REDACT_PATHS: readonly string[] = ['', '*', '*.*', '*.*.*'].flatMap((prefix) =>
  SECRET_KEYS.map((key) => redactPath(prefix, key)),
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
  return root.child({}, { redact: { paths: [...REDACT_PATHS], censor: '[redacted]' } });
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
    { redact: { paths: [...REDACT_PATHS], censor: '[redacted]' } },
  );
}
