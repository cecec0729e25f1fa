import type { Capabilities } from '@wxbot/core';

/** 100 MiB: the official client's media cap (protocol.md §11.4); the server's own limit is unknown. */
const ILINK_MEDIA_LIMIT = 100 * 1024 * 1024;

/**
 * What the iLink transport can do: direct messages only (no groups, no contact list), answers only
 * within 24 h of the user's last message and at most 10 per turn, images, videos and files, typing.
 */
export const ILINK_CAPABILITIES: Capabilities = {
  groups: false,
  contactList: false,
  mentions: false,
  revoke: false,
  friendRequests: false,
  media: {
    image: { maxBytes: ILINK_MEDIA_LIMIT },
    video: { maxBytes: ILINK_MEDIA_LIMIT },
    file: { maxBytes: ILINK_MEDIA_LIMIT },
  },
  pushLogin: false,
  proactiveSends: false,
  replyWindowMs: 24 * 60 * 60 * 1000,
  perTurnQuota: 10,
  typing: true,
};
