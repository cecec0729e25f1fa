/**
 * Secret redaction of the CLI's loggers: the core's paths (one source of truth with the `wxbot:*`
 * layer loggers) plus masking of secrets inside free text.
 */
import { REDACT_PATHS, SECRET_KEYS, scrubSecrets } from '@wxbot/core';

export { REDACT_PATHS, SECRET_KEYS };

/** What a redacted value is replaced with. */
export const REDACTED = '[redacted]';

/**
 * The `redact` option to pass to pino.
 *
 * @example
 * import pino from 'pino';
 * const log = pino({ redact: redactOptions });
 * log.info({ BaseRequest: { Skey: '@crypt_x' } }); // Skey is logged as "[redacted]"
 */
export const redactOptions: { paths: string[]; censor: string } = {
  paths: [...REDACT_PATHS],
  censor: REDACTED,
};

/**
 * Masks secrets inside URLs and other free text (query parameters such as `skey=` and
 * `pass_ticket=`), which field-based redaction cannot see.
 *
 * @example
 * redactText('https://wx.qq.com/cgi-bin/mmwebwx-bin/webwxinit?pass_ticket=abc&r=1');
 * // 'https://wx.qq.com/cgi-bin/mmwebwx-bin/webwxinit?pass_ticket=[redacted]&r=1'
 */
export function redactText(text: string): string {
  return scrubSecrets(text);
}
