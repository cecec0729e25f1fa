import { createTestBot, type TestBot } from '@wxbot/testing';
import { echo } from '../src/index.js';

describe('echo bot', () => {
  let kit: TestBot;
  beforeEach(async () => {
    kit = await createTestBot({
      plugins: [echo],
      cast: { friends: ['Alice'], groups: [{ topic: 'Hikers', members: ['Alice', 'Bob'] }] },
    });
  });
  afterEach(() => kit.stop());

  test('echoes a private text', async () => {
    kit.friend('Alice').says('hello there');
    await kit.friend('Alice').expectsReply('echo: hello there');
  });

  test('in a group it echoes only when @-mentioned, with an @mention back', async () => {
    const hikers = kit.group('Hikers');
    hikers.member('Bob').says('nobody asked the bot');
    hikers.member('Bob').says('@bot what time is it');
    const reply = await hikers.expectsReply(/echo: what time is it$/);
    expect(reply.text).toMatch(/^@Bob/);
    await hikers.expectNoReply({ withinMs: 100 });
  });
});
