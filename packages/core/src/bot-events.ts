import type { EventEmitter } from 'eventemitter3';

export type { RoomJoinEvent, RoomLeaveEvent, RoomTopicEvent } from './pipeline/events.js';

import type { Message, SystemMessage } from './message/types.js';
import type { BotEvents } from './pipeline/events.js';

/**
 * Every event of a {@link Bot} (`bot.events.on(name, listener)`). Same as {@link BotEvents}.
 */
export type WxBotEvents = BotEvents;

/** Emits the derived events of one normalized message (room changes, friend requests, recalls). */
export function emitDerivedEvents(events: EventEmitter<WxBotEvents>, message: Message): void {
  switch (message.kind) {
    case 'friendRequest':
      events.emit('friend-request', message);
      return;
    case 'recall':
      events.emit('recall', message);
      return;
    case 'system':
      emitRoomEvent(events, message);
      return;
    default:
      return;
  }
}

function emitRoomEvent(events: EventEmitter<WxBotEvents>, message: SystemMessage): void {
  if (!message.isGroup) return;
  const room = message.chat;
  const event = message.event;
  switch (event.type) {
    case 'join':
      events.emit('room-join', {
        room,
        members: event.members,
        inviter: event.inviter,
        via: event.via,
        message,
      });
      return;
    case 'leave':
      events.emit('room-leave', { room, member: event.member, by: event.by, self: false, message });
      return;
    case 'removedSelf':
      events.emit('room-leave', { room, member: '', by: event.by, self: true, message });
      return;
    case 'rename':
      events.emit('room-topic', { room, topic: event.topic, by: event.by, message });
      return;
    default:
      return;
  }
}
