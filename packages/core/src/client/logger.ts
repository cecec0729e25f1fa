import type { Logger } from 'pino';

/**
 * Paths pino censors in every wxbot log line: session secrets wherever they appear in logged
 * objects. wxbot never logs URLs or request bodies, this is the second line of defence.
 */
export const REDACT_PATHS: readonly string[] = [
  'skey',
  'sid',
  'uin',
  'passTicket',
  'pass_ticket',
  'cookie',
  'cookies',
  'ticket',
  'credentials',
  'headers.cookie',
  'headers.Cookie',
  '*.skey',
  '*.sid',
  '*.passTicket',
  '*.pass_ticket',
  '*.cookie',
  '*.cookies',
  '*.credentials',
  '*.Skey',
  '*.Sid',
  '*.Uin',
  'BaseRequest',
  '*.BaseRequest',
];

/** The layer names wxbot logs under. */
export type LogLayer =
  | 'transport'
  | 'login'
  | 'session'
  | 'sync'
  | 'contacts'
  | 'send'
  | 'client'
  | 'outbox'
  | 'pipeline';

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
