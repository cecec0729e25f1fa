/**
 * `@wxbot/core/internal`: the layers underneath the public API, for benchmarks and tools that
 * measure or drive one layer alone. No stability promise: these change with the implementation.
 *
 * @example
 * import { Dispatcher, normalize } from '@wxbot/core/internal';
 */

export { CapabilityGuard } from './adapter/capability-guard.js';
export { RecipientMap } from './adapters/web/client/recipient-map.js';
export { classifyContact, SPECIAL_ACCOUNTS } from './adapters/web/contacts/classify.js';
export { isWxid, stableId } from './adapters/web/contacts/stable-id.js';
export { normalize } from './adapters/web/message/normalize.js';
export { cleanText, decodeEmoji } from './adapters/web/message/text.js';
export { type Hosts, hostsFor } from './adapters/web/protocol/hosts.js';
export { HttpTransport } from './adapters/web/transport/http.js';
export { InboundRouter } from './bot-inbound.js';
export { MessageDedupe } from './message/dedupe.js';
export { createClientMsgIdGenerator, derivedClientMsgId, ReplyScope, TokenBucket } from './outbox/index.js';
export {
  activePlugin,
  Dispatcher,
  type DispatcherOptions,
  PluginHost,
  PluginScope,
} from './pipeline/index.js';
export { removeStaleTempFiles, writeFileAtomic } from './storage/atomic-file.js';
