/**
 * Makes `ClientMsgId`/`LocalID` values the way the official web client does (protocol.md §7.1):
 * 13-digit milliseconds + "0" + 3 random digits = 17 digits. Ids from one generator strictly
 * increase, so two messages sent in the same millisecond never share an id.
 *
 * @example
 * const nextId = createClientMsgIdGenerator();
 * nextId(); // '17300000000000123'
 */
export function createClientMsgIdGenerator(
  now: () => number = Date.now,
  random: () => number = Math.random,
): () => string {
  let last = 0n;
  return () => {
    const ms = Math.max(0, Math.floor(now()));
    const candidate = BigInt(ms) * 10_000n + BigInt(Math.floor(random() * 1000) % 1000);
    // Monotonic: a clash or a clock step back bumps the previous id instead.
    last = candidate > last ? candidate : last + 1n;
    return last.toString().padStart(17, '0');
  };
}
