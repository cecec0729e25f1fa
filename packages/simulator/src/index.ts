/**
 * `@wxbot/simulator`: a strict, faithful fake Web WeChat server with a scripted phone.
 *
 * @example
 * import { createSimulator } from '@wxbot/simulator';
 * const sim = await createSimulator({ autoConfirm: true });
 * sim.phone.addFriend({ nickName: 'Alice' });
 * console.log(sim.url);
 */

export { type CliIO, runCli, USAGE } from './cli.js';
export type { DeliveredMessage, DeliverTarget, SimulatorEvent } from './core.js';
export { SimulatorError } from './errors.js';
export type { ActiveFault, FaultAction, FaultRule, Faults } from './faults.js';
export { fileHostOf, MAIN_HOSTS, type MainHost, pushHostOf } from './hosts.js';
export * from './ilink/index.js';
export { EXTSPAM, WEB_APPID } from './login-handlers.js';
export * from './openai/index.js';
export type { AccountOptions, ResolvedOptions, SimulatorCast, SimulatorOptions } from './options.js';
export type { ContactRef, Phone, SpecOrText } from './phone.js';
export type { SentKind, SentMessage } from './sent.js';
export type { LoginMode } from './session.js';
export { createSimulator, type Simulator, type SimulatorStatus } from './simulator.js';
export {
  mentionText,
  type PhoneMessageKind,
  type PhoneMessageSpec,
  toWireJson,
  type WireMessageRecord,
} from './wire/index.js';
export type { ContactHandle, ContactKind, GroupInit, OfficialInit, PersonInit } from './world.js';
