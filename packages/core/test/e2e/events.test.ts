import type { RoomJoinEvent, RoomLeaveEvent, WireMessage } from '@wxbot/core';
import { type Harness, nextEvent, startHarness, waitUntil } from './harness.js';

// Friend requests, system lines, recalls, and the events the bot derives from them.

let h: Harness;

beforeAll(async () => {
  h = await startHarness({
    cast: {
      friends: ['alice', 'carol'],
      groups: [
        { topic: 'Hikers', members: ['alice', 'bob'] },
        { topic: 'Leavers', members: ['alice', 'carol'] },
      ],
    },
  });
});

afterAll(() => h.stop());

const phone = () => h.kit.sim.phone;
const selfName = () => h.bot.self?.nickName ?? '';

test('a friend request arrives as a friendRequest message and a friend-request event, and can be accepted', async () => {
  const event = nextEvent(h.bot, 'friend-request', (m) => m.nickName === 'Erin');
  const {
    ticket,
    contact,
    message: delivered,
  } = phone().friendRequest({ nickName: 'Erin', alias: 'erin_w' }, 'hi, I am Erin <from the hike> & more');
  const message = await h.handledAs('friendRequest', delivered.msgId);
  expect(message).toMatchObject({
    userName: contact.userName,
    nickName: 'Erin',
    greeting: 'hi, I am Erin <from the hike> & more',
    ticket,
  });
  expect(message.scene).toBeGreaterThan(0);
  const [fromEvent] = await event;
  expect(fromEvent).toBe(message);

  await h.bot.acceptFriend(message);
  expect(phone().contact(contact.wxid).kind).toBe('friend');
  // Once a friend, Erin can talk to the bot and is known as a friend.
  await waitUntil(
    () => (h.bot.contacts.get(contact.userName)?.kind === 'friend' ? true : undefined),
    'Erin as friend',
  );
  const hello = phone().say(contact, 'thanks!');
  const text = await h.handledAs('text', hello.msgId);
  expect(text.sender).toMatchObject({ name: 'Erin', kind: 'friend' });
});

test('a member invited to a group: system join line, room-join event, and the member is in the store', async () => {
  const hikers = h.kit.group('Hikers');
  const carol = phone().find('carol');
  const alice = phone().find('alice');
  if (!carol || !alice) throw new Error('cast missing');
  const event = nextEvent(h.bot, 'room-join', (e) => e.room.userName === hikers.handle.userName);
  phone().addMembers(hikers.handle, [carol], { inviter: alice });
  const [join] = (await event) as [RoomJoinEvent];
  expect(join).toMatchObject({ members: ['carol'], inviter: 'alice', via: 'invite' });
  expect(join.room.name).toBe('Hikers');
  expect(join.message.kind).toBe('system');
  expect(join.message.event).toEqual({ type: 'join', members: ['carol'], inviter: 'alice', via: 'invite' });
  // The middleware saw the same system line.
  await h.handledById(join.message.id);
  await waitUntil(
    () => (h.bot.contacts.member(hikers.handle.userName, carol.userName) ? true : undefined),
    'carol in the member list',
  );
});

test('a member joining by QR code: room-join via qrcode with the sharer', async () => {
  const hikers = h.kit.group('Hikers');
  const event = nextEvent(h.bot, 'room-join', (e) => e.via === 'qrcode');
  const sent = hikers.member('alice').says({ kind: 'groupQrJoin', joiner: 'Frank', sharer: 'alice' });
  const [join] = (await event) as [RoomJoinEvent];
  expect(join).toMatchObject({ members: ['Frank'], inviter: 'alice', via: 'qrcode' });
  expect(join.message.id).toBe(sent.msgId);
  expect(join.message.chat.userName).toBe(hikers.handle.userName);
});

test('the bot removing a member: room-leave with the member, by the bot', async () => {
  const hikers = h.kit.group('Hikers');
  const bob = phone().find('bob');
  if (!bob) throw new Error('cast missing');
  const event = nextEvent(h.bot, 'room-leave', (e) => e.room.userName === hikers.handle.userName);
  phone().removeMembers(hikers.handle, [bob]);
  const [leave] = (await event) as [RoomLeaveEvent];
  expect(leave).toMatchObject({ member: 'bob', by: selfName(), self: false });
  expect(leave.message.event).toEqual({ type: 'leave', member: 'bob', by: selfName() });
  await waitUntil(
    () => (h.bot.contacts.member(hikers.handle.userName, bob.userName) ? undefined : true),
    'bob gone from the member list',
  );
});

test('the bot removed from a group: room-leave with self = true and who did it', async () => {
  const leavers = h.kit.group('Leavers');
  const alice = phone().find('alice');
  if (!alice) throw new Error('cast missing');
  const event = nextEvent(h.bot, 'room-leave', (e) => e.room.userName === leavers.handle.userName);
  phone().removeMembers(leavers.handle, [phone().self], { by: alice });
  const [leave] = (await event) as [RoomLeaveEvent];
  expect(leave).toMatchObject({ self: true, by: 'alice', member: '' });
});

test('a group renamed by a member: room-topic, and the store knows the new topic', async () => {
  const hikers = h.kit.group('Hikers');
  const alice = phone().find('alice');
  if (!alice) throw new Error('cast missing');
  const topic = nextEvent(h.bot, 'room-topic', (e) => e.room.userName === hikers.handle.userName);
  const update = nextEvent(h.bot, 'contact-update', (cs) =>
    cs.some((c) => c.userName === hikers.handle.userName),
  );
  phone().rename(hikers.handle, 'Hikers & Bikers 🚲', { by: alice });
  const [event] = await topic;
  expect(event).toMatchObject({ topic: 'Hikers & Bikers 🚲', by: 'alice' });
  await update;
  expect(h.bot.contacts.group(hikers.handle.userName)?.topic).toBe('Hikers & Bikers 🚲');
});

test('a pat in a group is a system pat event from the member to the bot', async () => {
  const hikers = h.kit.group('Hikers');
  const sent = hikers.member('alice').says({ kind: 'pat', name: 'alice' });
  const message = await h.handledAs('system', sent.msgId);
  expect(message.event).toEqual({ type: 'pat', from: 'alice', to: selfName() });
  expect(message.isGroup).toBe(true);
});

test('a red packet notice ("你领取了…的红包") is a system redPacket event', async () => {
  const alice = h.kit.friend('alice');
  const sent = phone().system(alice.handle, '你领取了alice的红包');
  const message = await h.handledAs('system', sent.msgId);
  expect(message.event).toEqual({ type: 'redPacket', direction: 'received' });
  expect(message.text).toBe('你领取了alice的红包');
});

test('"you recalled a message" from the phone is a selfRecalled system line', async () => {
  const sent = phone().sendFromPhone(h.kit.friend('alice').handle, { kind: 'selfRecalled' });
  const message = await h.handledAs('system', sent.msgId);
  expect(message.event).toEqual({ type: 'selfRecalled' });
});

test('a friend recalling a message: recall message and event naming the recalled MsgId', async () => {
  const alice = h.kit.friend('alice');
  const oops = alice.says('oops, wrong chat');
  await h.handledById(oops.msgId);
  const event = nextEvent(h.bot, 'recall', (m) => m.recalledId === oops.msgId);
  const recall = phone().recall(alice.handle, oops.msgId);
  const message = await h.handledAs('recall', recall.msgId);
  expect(message.recalledId).toBe(oops.msgId);
  expect(message.replaceText).toContain('alice');
  expect(message.sender.userName).toBe(alice.handle.userName);
  const [fromEvent] = await event;
  expect(fromEvent).toBe(message);
});

test('a member recalling in a group: the recall names the member and the group', async () => {
  const hikers = h.kit.group('Hikers');
  const alice = hikers.member('alice');
  const oops = alice.says('wrong group');
  await h.handledById(oops.msgId);
  const recall = phone().recall(alice.handle, oops.msgId, { group: hikers.handle });
  const message = await h.handledAs('recall', recall.msgId);
  expect(message).toMatchObject({ recalledId: oops.msgId, isGroup: true });
  expect(message.chat.userName).toBe(hikers.handle.userName);
  expect(message.sender.userName).toBe(alice.handle.userName);
});

test('a friend renamed on the phone: contact-update with the new name, and later messages use it', async () => {
  const carol = h.kit.friend('carol');
  const update = nextEvent(h.bot, 'contact-update', (cs) =>
    cs.some((c) => c.userName === carol.handle.userName),
  );
  phone().rename(carol.handle, 'Carol 🌸');
  const [contacts] = await update;
  const changed = contacts.find((c) => c.userName === carol.handle.userName);
  expect(changed).toMatchObject({ nickName: 'Carol 🌸', name: 'Carol 🌸', kind: 'friend' });
  const sent = carol.says('new name!');
  expect((await h.handledById(sent.msgId)).sender.name).toBe('Carol 🌸');
});

test('a remark set on the phone: contact-update, and the sender is named by the remark', async () => {
  const carol = h.kit.friend('carol');
  const update = nextEvent(h.bot, 'contact-update', (cs) => cs.some((c) => c.remarkName === 'C.'));
  phone().setRemark(carol.handle, 'C.');
  await update;
  const sent = carol.says('hello again');
  expect((await h.handledById(sent.msgId)).sender.name).toBe('C.');
});

test('the owner opening a chat on the phone is a statusNotify: emitted as an event, not given to middleware', async () => {
  const alice = h.kit.friend('alice');
  const notify = phone().enterChat(alice.handle);
  const message = await h.emittedById(notify.msgId);
  expect(message.kind).toBe('statusNotify');
  expect(message.self).toBe(true);
  // A later message of the same chat is handled; the notice never was.
  const later = alice.says('after the notice');
  await h.handledById(later.msgId);
  expect(h.handled.map((m) => m.id)).not.toContain(notify.msgId);
});

test('a message type the bot does not know is an unknown message that keeps the raw record', async () => {
  const sent = phone().say(h.kit.friend('alice').handle, {
    kind: 'raw',
    fields: { MsgType: 9999, Content: 'from the future &lt;3' },
  });
  const message = await h.handledAs('unknown', sent.msgId);
  expect(message.reason).toContain('9999');
  expect((message.raw as WireMessage).MsgType).toBe(9999);
  expect((message.raw as WireMessage).Content).toBe('from the future &lt;3');
  expect(message.sender.name).toBe('alice');
});
