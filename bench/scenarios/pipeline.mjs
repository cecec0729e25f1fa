/**
 * Pipeline overhead (issue 10 §3): normalize + dispatch of raw sync messages through 1 / 10 / 50
 * middleware, in ns per message, against a bare eventemitter3 dispatch of the same raw objects.
 * Runs in one process (no simulator, no network).
 *
 *   node bench/scenarios/pipeline.mjs [--messages 200000] [--json]
 */
import { EventEmitter } from 'eventemitter3';
import { round } from '../lib/measure.mjs';
import { numArg, runScenarioMain } from '../lib/scenario.mjs';
import { generateWorkload } from '../lib/workload.mjs';

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

/** ns per message of a bare eventemitter3 dispatch to one listener. */
function bareEmitterNs(messages, rounds) {
  const ee = new EventEmitter();
  let sink = 0;
  ee.on('message', (m) => {
    sink += m.MsgType;
  });
  for (const m of messages) ee.emit('message', m); // warm-up
  const t0 = process.hrtime.bigint();
  for (let r = 0; r < rounds; r++) for (const m of messages) ee.emit('message', m);
  const ns = Number(process.hrtime.bigint() - t0) / (rounds * messages.length);
  if (sink < 0) console.log(sink);
  return ns;
}

/**
 * TODO(wxbot): ns per message of wxbot's normalize + pipeline with `middlewareCount` pass-through
 * middleware (`(ctx, next) => next()`), fed the same raw objects, e.g. with the test kit:
 *   const bot = createTestBot(); for (let i = 0; i < k; i++) bot.use((ctx, next) => next());
 *   time `await bot.handleRaw(raw)` (or whatever entry point takes one raw AddMsg) over all messages.
 * @param {ReturnType<typeof rawMessages>} _messages
 * @param {number} _middlewareCount
 * @returns {Promise<number>}
 */
async function wxbotPipelineNs(_messages, _middlewareCount) {
  throw new Error('TODO(wxbot): bench/scenarios/pipeline.mjs wxbotPipelineNs is not written yet');
}

await runScenarioMain('pipeline', async (args) => {
  const messages = rawMessages(numArg(args, 'messages', 20_000));
  const bareNs = bareEmitterNs(messages, 10);
  /** @type {Record<string, number | null>} */
  const metrics = { bareNs: round(bareNs, 1) };
  const notes = [];
  for (const k of [1, 10, 50]) {
    try {
      metrics[`wxbotNs${k}`] = round(await wxbotPipelineNs(messages, k), 1);
    } catch (error) {
      metrics[`wxbotNs${k}`] = null;
      if (k === 1) notes.push(String(error instanceof Error ? error.message : error));
    }
  }
  return { client: 'pipeline', metrics, notes };
});
