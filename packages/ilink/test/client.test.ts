import { afterEach, describe, expect, it } from '@jest/globals';
import { IlinkClient } from '../src/client.js';
import { IlinkReplyBlockedError } from '../src/errors.js';
import { decryptMedia, parseMediaKey } from '../src/media/aes.js';
import type { GetUpdatesResponse, WeixinMessage } from '../src/protocol/types.js';
import {
  type Answer,
  CAST,
  fixture,
  fixtureText,
  type Recorded,
  type ScriptedServer,
  scriptedServer,
} from './helpers.js';

let server: ScriptedServer | undefined;
let client: IlinkClient | undefined;
afterEach(async () => {
  client?.close();
  await server?.close();
});

const SEND = 'POST /ilink/bot/sendmessage';

async function world(routes: Record<string, Answer[]> = {}, rules = {}) {
  let now = 1_000_000;
  server = await scriptedServer({ [SEND]: [fixtureText('sendmessage-response.json')], ...routes });
  client = new IlinkClient({
    credentials: { token: CAST.token, botId: CAST.botId, userId: CAST.user, baseUrl: server.url },
    cdnBaseUrl: `${server.url}/c2c`,
    rules,
    now: () => now,
  });
  return {
    server,
    client,
    advance: (ms: number) => (now += ms),
    sent: () => server!.to(SEND).map((r) => r.json!.msg as WeixinMessage),
  };
}

const inbound = (name = 'getupdates-text.json'): WeixinMessage => fixture<GetUpdatesResponse>(name).msgs[0]!;

describe('IlinkClient sends within the rules', () => {
  it('replies with the user latest context token, one item per request, and counts the quota', async () => {
    const w = await world({}, { quotaPerTurn: 3 });
    const msg = w.client.receive(inbound());
    expect(w.client.canReply(msg.from)).toMatchObject({ ok: true, left: 3 });
    const receipts = await w.client.sendText(msg.from, 'pong');
    expect(receipts).toHaveLength(1);
    expect(receipts[0]!.left).toBe(2);
    const sent = w.sent()[0]!;
    expect(sent).toMatchObject({
      from_user_id: '',
      to_user_id: CAST.user,
      message_type: 2,
      message_state: 2,
      context_token: msg.contextToken,
      item_list: [{ type: 1, text_item: { text: 'pong' } }],
    });
  });

  it('splits a long text into no more parts than the turn has left, then refuses locally without calling the server', async () => {
    const w = await world({}, { quotaPerTurn: 3 });
    const msg = w.client.receive(inbound());
    await w.client.sendText(msg.from, 'x'.repeat(4500 + 3000));
    expect(w.sent().map((m) => m.item_list![0]!.text_item!.text!.length)).toEqual([2000, 2000, 2000]);
    const err = await w.client.sendText(msg.from, 'one more').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IlinkReplyBlockedError);
    expect(err).toMatchObject({ reason: 'quota-used', code: 'REPLY_BLOCKED' });
    expect(w.sent()).toHaveLength(3);
    w.client.receive(inbound());
    await w.client.sendText(msg.from, 'new turn');
    expect(w.sent()).toHaveLength(4);
  });

  it('refuses before the user has written and after the window; a server -2 closes the turn', async () => {
    const w = await world({
      [SEND]: [fixtureText('sendmessage-response-ret-2.json'), fixtureText('sendmessage-response.json')],
    });
    await expect(w.client.sendText(CAST.user, 'hi')).rejects.toMatchObject({ reason: 'no-conversation' });
    w.client.receive(inbound());
    await expect(w.client.sendText(CAST.user, 'hi')).rejects.toMatchObject({ code: 'SEND_REFUSED' });
    await expect(w.client.sendText(CAST.user, 'hi')).rejects.toMatchObject({ reason: 'refused-by-server' });
    w.client.receive(inbound());
    w.advance(24 * 3_600_000);
    await expect(w.client.sendText(CAST.user, 'hi')).rejects.toMatchObject({ reason: 'window-closed' });
    expect(w.sent()).toHaveLength(1);
  });

  it('counts the window from when the user wrote, not from a late delivery', async () => {
    const w = await world();
    const raw = inbound();
    w.advance(raw.create_time_ms! + 23 * 3_600_000 - 1_000_000);
    const msg = w.client.receive(raw);
    expect(w.client.canReply(msg.from)).toMatchObject({
      ok: true,
      windowClosesAt: raw.create_time_ms! + 24 * 3_600_000,
    });
    w.advance(3_600_000);
    expect(w.client.canReply(msg.from)).toMatchObject({ ok: false, reason: 'window-closed' });
  });

  it('does not open a turn for the bot own echo', async () => {
    const w = await world();
    const echo = w.client.receive({ ...inbound(), from_user_id: CAST.botId, message_type: 2 });
    expect(echo.fromBot).toBe(true);
    expect(w.client.canReply(CAST.botId)).toMatchObject({ ok: false, reason: 'no-conversation' });
  });

  it('uploads and sends media whose bytes decrypt back to the original', async () => {
    const stored: Recorded[] = [];
    const w = await world({
      'POST /ilink/bot/getuploadurl': [JSON.stringify({ upload_param: 'p' })],
      'POST /c2c/upload': [
        (req, res) => {
          stored.push(req);
          res.writeHead(200, { 'x-encrypted-param': 'dl' }).end();
        },
      ],
    });
    const msg = w.client.receive(inbound());
    const data = Buffer.from('%PDF-1.4 pretend pdf bytes');
    await w.client.sendMedia(msg.from, { kind: 'file', data, fileName: 'a.pdf' });
    const item = w.sent()[0]!.item_list![0]!;
    expect(item.type).toBe(4);
    const key = parseMediaKey(item.file_item!.media!.aes_key!);
    expect(decryptMedia(stored[0]!.body, key).equals(data)).toBe(true);
  });

  it('rebuilds an id-only quote from a message it saw before', async () => {
    const w = await world();
    const quotedId = '7484409702373203424';
    w.client.receive({
      ...inbound(),
      message_id: quotedId,
      item_list: [{ type: 1, text_item: { text: '第三季度营收同比增长 12%' } }],
    });
    const quote = w.client.receive(inbound('getupdates-quote-id-only.json')).items[0]!;
    expect(quote).toMatchObject({
      kind: 'quote',
      quoted: { id: quotedId, item: { kind: 'text', text: '第三季度营收同比增长 12%' } },
    });
  });
});
