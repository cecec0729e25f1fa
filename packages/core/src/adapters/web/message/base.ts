import type { MessageBase, UnknownMessage } from '../../../message/types.js';
import type { Envelope } from './peers.js';

/** The common fields of a message, without its kind. */
export type Common = Omit<MessageBase<string>, 'kind'>;

/** Picks the public common fields out of an envelope. */
export function common(env: Envelope): Common {
  return {
    id: env.id,
    time: env.time,
    chat: env.chat,
    sender: env.sender,
    self: env.self,
    isGroup: env.isGroup,
    raw: env.raw,
  };
}

/** An `unknown` message with its reason. */
export function unknown(env: Envelope, reason: string): UnknownMessage {
  return { kind: 'unknown', ...common(env), reason };
}
