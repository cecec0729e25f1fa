import { parseConfig } from '../src/config/load-config.js';
import { createLogger } from '../src/logging.js';
import { botOptionsFromConfig, pacingFromConfig } from '../src/runtime/bot-options.js';

const config = (data: unknown) => parseConfig(data, { dir: '/srv/bot' });

describe('config → core options', () => {
  test('outbox rates map onto the core pacing options', () => {
    expect(pacingFromConfig(config({}).outbox)).toEqual({});
    expect(pacingFromConfig(config({ outbox: { pacing: false, globalPerMinute: 30 } }).outbox)).toBe(false);
    expect(
      pacingFromConfig(
        config({ outbox: { globalPerMinute: 30, perChatPerMinute: 10, typingCharsPerSecond: 8 } }).outbox,
      ),
    ).toEqual({
      global: { perSecond: 0.5 },
      perChat: { intervalMs: 6000, jitterMs: 3000 },
      typing: { charsPerSecond: 8 },
    });
    expect(pacingFromConfig(config({ outbox: { typingCharsPerSecond: 0 } }).outbox)).toEqual({
      typing: false,
    });
  });

  test('outbox.queueUntilNextTurn: off by default, true, or bounds in hours; junk is refused', () => {
    const logger = createLogger({ level: 'silent' });
    expect(botOptionsFromConfig(config({}), { logger }).outbox?.queueUntilNextTurn).toBe(false);
    expect(
      botOptionsFromConfig(config({ outbox: { queueUntilNextTurn: true } }), { logger }).outbox
        ?.queueUntilNextTurn,
    ).toBe(true);
    expect(
      botOptionsFromConfig(config({ outbox: { queueUntilNextTurn: { maxPerChat: 3, maxHoldHours: 2 } } }), {
        logger,
      }).outbox?.queueUntilNextTurn,
    ).toEqual({ maxPerChat: 3, maxHoldMs: 7_200_000 });
    expect(() => config({ outbox: { queueUntilNextTurn: 'yes' } })).toThrow(/queueUntilNextTurn/);
  });

  test('login and hosts map onto the bot options; overrides win', () => {
    const logger = createLogger({ level: 'silent' });
    const c = config({
      login: { mode: 'web', sessionFile: 's.json', autoRelogin: false, maxQrAttempts: 2 },
      hosts: { connectTo: 'http://127.0.0.1:9' },
    });
    expect(botOptionsFromConfig(c, { logger })).toMatchObject({
      mode: 'web',
      sessionFile: '/srv/bot/s.json',
      autoRelogin: false,
      maxQrAttempts: 2,
      connectTo: 'http://127.0.0.1:9',
      outbox: { pacing: {} },
    });
    const sandbox = botOptionsFromConfig(c, {
      logger,
      connectTo: 'http://127.0.0.1:1',
      sessionFile: '/tmp/x',
    });
    expect(sandbox).toMatchObject({ connectTo: 'http://127.0.0.1:1', sessionFile: '/tmp/x' });
  });
});
