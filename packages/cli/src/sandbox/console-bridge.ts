import type { SandboxBridge } from '@wxbot/console';
import { findSpeaker, friendsOf, groupsOf, membersOf, mentionsIn } from './people.js';
import type { SandboxWorld } from './world.js';

/**
 * The Sandbox page's view of the simulated WeChat: who exists, and "say this as Alice" (or as Bob
 * in Weekend Hikers, with `@bot` turned into a real mention), exactly like the terminal prompt.
 */
export function sandboxBridge(world: SandboxWorld): SandboxBridge {
  const { sim } = world;
  return {
    cast: () => ({
      friends: friendsOf(sim).map((f) => f.nickName),
      groups: groupsOf(sim).map((g) => ({
        name: g.nickName,
        members: membersOf(sim, g).map((m) => m.nickName),
      })),
    }),
    async say({ as, group, text }) {
      const speaker = findSpeaker(sim, group === undefined ? as : `${as}@${group}`);
      if ('error' in speaker) throw new Error(speaker.error);
      if (speaker.group === undefined) {
        sim.phone.say(speaker.person, text);
        return undefined;
      }
      const names = membersOf(sim, speaker.group).map((m) => m.nickName);
      sim.phone.sayInGroup(
        speaker.group,
        speaker.person,
        mentionsIn(text, world.botNameIn(speaker.group), names),
      );
      return undefined;
    },
  };
}
