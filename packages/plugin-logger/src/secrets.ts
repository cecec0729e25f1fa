import { REDACT_PATHS, scrubSecrets } from '@wxbot/core';

/**
 * Replaces session secrets in a text with `[redacted]`, for error messages that go to logs. The
 * core's one list of secret names (`SECRET_KEYS`) drives it.
 *
 * @example
 * scrubSecrets('GET /webwxinit?skey=@crypt_ab12_cd&r=1') // 'GET /webwxinit?skey=[redacted]&r=1'
 */
export { scrubSecrets };

/**
 * pino `redact` paths for the logger's own destination: the core's (the same list as the bot's
 * `wxbot:*` loggers). The records hold no secret fields; this catches anything another part adds.
 */
export const LOGGER_REDACT_PATHS: readonly string[] = REDACT_PATHS;
