import type { ContactHandle, SentMessage, Simulator } from '@wxbot/simulator';

/** Who the sandbox user is talking as: a friend in a private chat, or a member in a group. */
export interface Speaker {
  readonly person: ContactHandle;
  readonly group?: ContactHandle;
}

/**
 * The name of a simulated person as the bot sees it (a friend's remark name when the cast gives
 * one, else the nickname): what the prompt shows, what `owners:` and `wxbot explain --from` match.
 */
export type NameOf = (contact: ContactHandle) => string;

const nickNameOf: NameOf = (c) => c.nickName;

/** `Alice` or `Bob@Weekend Hikers`, as shown in the prompt. */
export function speakerLabel(s: Speaker, nameOf: NameOf = nickNameOf): string {
  const name = nameOf(s.person);
  return s.group === undefined ? name : `${name}@${s.group.nickName}`;
}

const same = (a: string, b: string) => a.localeCompare(b, undefined, { sensitivity: 'accent' }) === 0;

/** The simulated friends (people the bot has in its address book). */
export function friendsOf(sim: Simulator): ContactHandle[] {
  return sim.phone.contacts.filter((c) => c.kind === 'friend');
}

/** The simulated groups. */
export function groupsOf(sim: Simulator): ContactHandle[] {
  return sim.phone.contacts.filter((c) => c.kind === 'group');
}

/** The members of a group other than the bot. */
export function membersOf(sim: Simulator, group: ContactHandle): ContactHandle[] {
  return sim.phone.members(group).filter((m) => m.kind !== 'self');
}

/**
 * Finds a speaker by what the user typed: `alice` (a friend, case-insensitive, by the name the bot
 * sees or the nickname) or `bob@Weekend Hikers` (a member of a group). Returns a reason when there
 * is no such person.
 */
export function findSpeaker(
  sim: Simulator,
  spec: string,
  nameOf: NameOf = nickNameOf,
): Speaker | { error: string } {
  const at = spec.indexOf('@');
  const name = (at < 0 ? spec : spec.slice(0, at)).trim();
  const named = (c: ContactHandle) => same(nameOf(c), name) || same(c.nickName, name);
  if (at < 0) {
    const person = friendsOf(sim).find(named);
    if (person === undefined) {
      return {
        error: `no friend called "${name}" (friends: ${
          friendsOf(sim)
            .map((f) => nameOf(f))
            .join(', ') || 'none'
        })`,
      };
    }
    return { person };
  }
  const topic = spec.slice(at + 1).trim();
  const group = groupsOf(sim).find((g) => same(g.nickName, topic));
  if (group === undefined) {
    return {
      error: `no group called "${topic}" (groups: ${
        groupsOf(sim)
          .map((g) => g.nickName)
          .join(', ') || 'none'
      })`,
    };
  }
  const person = membersOf(sim, group).find(named);
  if (person === undefined) {
    return {
      error: `${name} is not in ${group.nickName} (members: ${membersOf(sim, group)
        .map((m) => nameOf(m))
        .join(', ')})`,
    };
  }
  return { person, group };
}

/**
 * Turns `@bot` and `@Name` (a member of the group) into real WeChat mentions (`@Name` followed by
 * the U+2005 space WeChat puts after a mention).
 *
 * @example
 * mentionsIn('@bot hello', 'wxbot', ['Alice']); // '@wxbot\u2005hello'
 */
export function mentionsIn(text: string, botName: string, memberNames: readonly string[]): string {
  const names = [...memberNames].sort((a, b) => b.length - a.length);
  return text.replace(/@(\S+)( |$)/g, (whole, word: string) => {
    if (same(word, 'bot') || same(word, botName)) return `@${botName}\u2005`;
    const member = names.find((n) => same(n, word));
    return member === undefined ? whole : `@${member}\u2005`;
  });
}

/** One line for a message the bot sent: `bot → Alice: pong`. */
export function formatBotMessage(sent: SentMessage): string {
  const body =
    sent.kind === 'text'
      ? sent.text.replace(/\u2005/g, ' ')
      : sent.media !== undefined
        ? `[${sent.kind} ${sent.media.fileName}, ${sent.media.bytes.length} bytes]`
        : `[${sent.kind}${sent.title ? ` ${sent.title}` : ''}]`;
  return `bot → ${sent.to.nickName}: ${body}`;
}
