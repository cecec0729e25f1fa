/**
 * Pipeline overhead (issue 10 §3): normalize + dispatch of raw sync messages through 1 / 10 / 50
 * middleware, in ns per message, against a bare eventemitter3 dispatch of the same raw objects.
 * Runs in one process (no simulator, no network).
 *
 *   node bench/scenarios/pipeline.mjs [--messages 200000] [--json]
 */
import { createRequire } from 'node:module';
import { Composer, ContactStore } from '@wxbot/core';
import { Dispatcher, normalize } from '@wxbot/core/internal';
import { EventEmitter } from 'eventemitter3';
import { round } from '../lib/measure.mjs';
import { numArg, runScenarioMain } from '../lib/scenario.mjs';
import { generateWorkload } from '../lib/workload.mjs';

// pino comes with @wxbot/core (the bench has no direct dependency on it).
const { pino } = await import(createRequire(import.meta.resolve('@wxbot/core')).resolve('pino'));

/** Raw AddMsgList-shaped text records (the fields a normalizer reads), from the bench workload. */
export function rawMessages(n) {
  const self = `@${'a1'.repeat(32)}`;
  return generateWorkload({ total: n, seed: 7 }).map((it, i) => {
    const friend = `@${String(it.chatIndex).padStart(2, '0').repeat(32)}`;
    const group = `@@${String(it.chatIndex).padStart(2, '0').repeat(32)}`;
    const member = `@${String(it.senderIndex).padStart(4, '0').repeat(16)}`;
    const body = it.text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    return {
      MsgId: String(4442356190966618405n + BigInt(i)),
      FromUserName: it.chat === 'group' ? group : friend,
      ToUserName: self,
      MsgType: 1,
      Content: it.chat === 'group' ? `${member}:<br/>${body}` : body,
      Status: 3,
      ImgStatus: 1,
      CreateTime: 1700000000 + i,
      SubMsgType: 0,
      AppMsgType: 0,
    };
  });
}

/** ns per message of a bare eventemitter3 dispatch to `listeners` listeners (1 by default). */
function bareEmitterNs(messages, rounds, listeners = 1) {
  const ee = new EventEmitter();
  let sink = 0;
  for (let i = 0; i < listeners; i++) {
    ee.on('message', (m) => {
      sink += typeof m.MsgType === 'number' ? m.MsgType : m.kind.length;
    });
  }
  for (const m of messages) ee.emit('message', m); // warm-up
  const t0 = process.hrtime.bigint();
  for (let r = 0; r < rounds; r++) for (const m of messages) ee.emit('message', m);
  const ns = Number(process.hrtime.bigint() - t0) / (rounds * messages.length);
  if (sink < 0) console.log(sink);
  return ns;
}

/** The contact store the raw messages refer to: the bot, 50 friends, 5 groups of 200 members. */
function benchContacts() {
  const store = new ContactStore();
  const self = `@${'a1'.repeat(32)}`;
  store.setSelf({ UserName: self, NickName: 'bench bot', Uin: 2912345678 });
  const friends = [];
  for (let i = 0; i < 50; i++) {
    friends.push({
      UserName: `@${String(i).padStart(2, '0').repeat(32)}`,
      NickName: `friend ${i}`,
      ContactFlag: 3,
      VerifyFlag: 0,
    });
  }
  store.upsert(friends);
  for (let g = 0; g < 5; g++) {
    const MemberList = [{ UserName: self, NickName: 'bench bot', DisplayName: '' }];
    for (let j = 1; j < 200; j++) {
      MemberList.push({
        UserName: `@${String(j).padStart(4, '0').repeat(16)}`,
        NickName: `member ${g}-${j}`,
      });
    }
    store.setGroupDetail({
      UserName: `@@${String(g).padStart(2, '0').repeat(32)}`,
      NickName: `bench group ${g}`,
      ContactFlag: 3,
      MemberCount: MemberList.length,
      MemberList,
    });
  }
  return store;
}

/**
 * ns per message of wxbot's receive path after parsing: `normalize` (raw → typed Message) and the
 * bot's Dispatcher (per-chat scheduler, deadline, Context, the middleware chain) with
 * `middlewareCount` pass-through middleware (`(ctx, next) => next()`) and a last handler that reads
 * the message — exactly what `Bot` does for each AddMsgList entry, minus dedupe and events.
 * @param {ReturnType<typeof rawMessages>} messages
 * @param {number} middlewareCount
 * @param {number} rounds
 * @returns {Promise<number>}
 */
async function wxbotPipelineNs(messages, middlewareCount, rounds, { prenormalized = false } = {}) {
  const contacts = benchContacts();
  const composer = new Composer();
  for (let i = 0; i < middlewareCount - 1; i++) composer.use((_ctx, next) => next());
  let sink = 0;
  composer.use((ctx) => {
    sink += ctx.message.kind.length;
  });
  composer.freeze();
  const logger = pino({ level: 'silent' });
  const api = {
    send: () => Promise.reject(new Error('no sends in this bench')),
    contacts,
    self: contacts.self,
    logger,
  };
  const dispatcher = new Dispatcher({ middleware: composer, api, logger, maxPending: messages.length + 1 });
  // Dispatch only: the same messages normalized once up front (normalize is measured on its own).
  const normalized = prenormalized ? messages.map((raw) => normalize(raw, contacts)) : undefined;
  const once = async () => {
    if (normalized) for (const m of normalized) dispatcher.dispatch(m);
    else for (const raw of messages) dispatcher.dispatch(normalize(raw, contacts));
    await dispatcher.idle();
  };
  await once(); // warm-up
  const t0 = process.hrtime.bigint();
  for (let r = 0; r < rounds; r++) await once();
  const ns = Number(process.hrtime.bigint() - t0) / (rounds * messages.length);
  if (sink < 0) console.log(sink);
  return ns;
}

/** ns per message of `normalize` alone (the part of the pipeline that is not dispatch). */
function normalizeNs(messages, rounds) {
  const contacts = benchContacts();
  let sink = 0;
  for (const raw of messages) sink += normalize(raw, contacts).kind.length;
  const t0 = process.hrtime.bigint();
  for (let r = 0; r < rounds; r++) for (const raw of messages) sink += normalize(raw, contacts).kind.length;
  const ns = Number(process.hrtime.bigint() - t0) / (rounds * messages.length);
  if (sink < 0) console.log(sink);
  return ns;
}

await runScenarioMain('pipeline', async (args) => {
  const messages = rawMessages(numArg(args, 'messages', 20_000));
  const rounds = numArg(args, 'rounds', 5);
  const bareNs = bareEmitterNs(messages, rounds);
  /** @type {Record<string, number | null>} */
  const metrics = { bareNs: round(bareNs, 1), normalizeNs: round(normalizeNs(messages, rounds), 1) };
  for (const k of [1, 10, 50]) metrics[`wxbotNs${k}`] = round(await wxbotPipelineNs(messages, k, rounds), 1);
  // Like for like: the Dispatcher through k middleware vs an emitter with k listeners, given the
  // same normalized message objects, for the same number of rounds.
  const contacts = benchContacts();
  const normalized = messages.map((raw) => normalize(raw, contacts));
  for (const k of [1, 10, 50]) {
    metrics[`dispatchNs${k}`] = round(await wxbotPipelineNs(messages, k, rounds, { prenormalized: true }), 1);
    metrics[`bareNs${k}`] = round(bareEmitterNs(normalized, rounds, k), 1);
  }
  return {
    client: 'pipeline',
    metrics,
    notes: [
      'bare = eventemitter3 emit of the raw object to one listener (no parsing, no context, no scheduling); bareNsK gets the normalized objects dispatchNsK gets, same rounds',
      'wxbotNsK = normalize + dispatch through K middleware; dispatchNsK = dispatch only (pre-normalized) vs bareNsK = emit to K listeners',
    ],
  };
});
