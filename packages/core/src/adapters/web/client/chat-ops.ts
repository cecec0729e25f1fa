import type { ContactStore } from '../contacts/store.js';
import { StatusNotifyCode, statusNotify } from '../protocol/contacts-api.js';
import type { ApiContext } from '../protocol/context.js';
import {
  setRemark as apiSetRemark,
  type CreatedGroup,
  createChatroom,
  updateChatroom,
  VerifyOpcode,
  verifyUser,
} from '../protocol/ops-api.js';

/** Group size from which members are invited (`invitemember`) instead of added, when the server does not say. */
const DEFAULT_INVITE_START = 40;

/** What {@link ChatOps} reads from the client. */
export interface ChatOpsDeps {
  readonly ctx: () => ApiContext;
  readonly store: () => ContactStore;
  readonly selfUserName: () => string;
  /** The server's InviteStartCount from webwxinit, once logged in. */
  readonly inviteStartCount: () => number | undefined;
  /** Fetches one contact or group into the store. */
  readonly fetch: (userName: string) => Promise<unknown>;
}

/**
 * Friend, contact and group operations with the official client's rules, for
 * {@link WebWxClient}: a new group is fetched into the store, big groups get invitations
 * instead of direct adds.
 */
export class ChatOps {
  constructor(private readonly deps: ChatOpsDeps) {}

  /** Accepts a friend request (MsgType 37: `RecommendInfo.UserName` and `.Ticket`). */
  acceptFriend(request: { readonly userName: string; readonly ticket: string }): Promise<void> {
    return verifyUser(this.deps.ctx(), {
      opcode: VerifyOpcode.ACCEPT,
      userName: request.userName,
      ticket: request.ticket,
    });
  }

  /** Sets the remark name of a contact. */
  setRemark(userName: string, remark: string): Promise<void> {
    return apiSetRemark(this.deps.ctx(), userName, remark);
  }

  /** Marks a chat as read on the phone (status notify Code 1). */
  async markRead(userName: string): Promise<void> {
    const from = this.deps.selfUserName();
    await statusNotify(this.deps.ctx(), { code: StatusNotifyCode.READ, from, to: userName });
  }

  /** Tells the server the client is still here (status notify Code 3 to itself), as the keep-alive. */
  async notifyAlive(): Promise<void> {
    const me = this.deps.selfUserName();
    await statusNotify(this.deps.ctx(), { code: StatusNotifyCode.INITED, from: me, to: me });
  }

  /** Creates a group with at least two other people and fetches it into the store. */
  async createGroup(members: readonly string[], topic?: string): Promise<CreatedGroup> {
    const created = await createChatroom(this.deps.ctx(), { members, ...(topic ? { topic } : {}) });
    await this.deps.fetch(created.userName).catch(() => undefined);
    return created;
  }

  /** Adds people (`invitemember` once the group reaches the server's InviteStartCount, 40 by default). */
  async addGroupMembers(group: string, members: readonly string[]): Promise<void> {
    const count = this.deps.store().group(group)?.memberCount ?? 0;
    const limit = this.deps.inviteStartCount() ?? DEFAULT_INVITE_START;
    const fun = count + members.length >= limit ? 'invitemember' : 'addmember';
    await updateChatroom(this.deps.ctx(), group, { fun, members });
  }

  /** Removes people from a group (owner/admin only; Ret 1 otherwise). */
  async removeGroupMembers(group: string, members: readonly string[]): Promise<void> {
    await updateChatroom(this.deps.ctx(), group, { fun: 'delmember', members });
  }

  /** Renames a group. */
  async renameGroup(group: string, topic: string): Promise<void> {
    await updateChatroom(this.deps.ctx(), group, { fun: 'modtopic', topic });
  }
}
