/**
 * The iLink simulator: a strict fake of WeChat's official bot API (`ilinkai.weixin.qq.com`), its media
 * CDN and QR login, with scripted users.
 *
 * @example
 * import { createIlinkSimulator } from '@wxbot/simulator';
 * const sim = await createIlinkSimulator({ publicUrls: 'local' });
 */
export { ILINK_USAGE, runIlinkCli } from './cli.js';
export type { IlinkSimulatorEvent } from './core.js';
export {
  type AesKeyEncoding,
  aesEcbDecrypt,
  aesEcbEncrypt,
  decodeAesKey,
  encodeAesKey,
  md5Hex,
  paddedSize,
} from './crypto.js';
export type {
  ActiveIlinkFault,
  IlinkEndpoint,
  IlinkFaultAction,
  IlinkFaultRule,
  IlinkFaults,
} from './faults.js';
export type { IlinkPartialQuote, IlinkUserMessageSpec } from './inbound.js';
export {
  ILINK_API_HOST,
  ILINK_CDN_HOST,
  ILINK_LITEAPP_HOST,
  ILINK_REDIRECT_HOST,
  type IlinkRefusalMode,
  type IlinkSimulatorOptions,
  type ResolvedIlinkOptions,
} from './options.js';
export type { IlinkScanOptions } from './qr-api.js';
export type { QrStatus } from './qr-logins.js';
export type {
  IlinkItemKind,
  IlinkSendOutcome,
  IlinkSentMedia,
  IlinkSentMessage,
  IlinkTypingEvent,
} from './sent.js';
export { createIlinkSimulator, type IlinkSimulator, type IlinkSimulatorStatus } from './simulator.js';
export type { IlinkBotInfo, IlinkDelivered, IlinkSayOptions, IlinkUser } from './user.js';
