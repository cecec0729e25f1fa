import type { OutgoingMessage, SendReceipt } from '../message/outgoing.js';

/** What a {@link SendTransformer} learns about the attempt it wraps. */
export interface AttemptInfo {
  readonly clientMsgId: string;
  /** 1 for the first try. */
  readonly attempt: number;
}

/**
 * Middleware around every send attempt: inspect, rewrite or veto an outgoing message.
 * Call `next` at most once and return its receipt.
 *
 * @example
 * outbox.use(async (message, info, next) => {
 *   const receipt = await next(message);
 *   log.info({ to: message.to, attempt: info.attempt }, 'sent');
 *   return receipt;
 * });
 */
export type SendTransformer = (
  message: OutgoingMessage,
  info: AttemptInfo,
  next: (message: OutgoingMessage) => Promise<SendReceipt>,
) => Promise<SendReceipt>;

/** Run `message` through `transformers` (first = outermost) and then `base`. */
export function transmitThrough(
  transformers: readonly SendTransformer[],
  info: AttemptInfo,
  message: OutgoingMessage,
  base: (message: OutgoingMessage) => Promise<SendReceipt>,
): Promise<SendReceipt> {
  const step = (at: number, current: OutgoingMessage): Promise<SendReceipt> => {
    const transformer = transformers[at];
    return transformer ? transformer(current, info, (next) => step(at + 1, next)) : base(current);
  };
  return step(0, message);
}
