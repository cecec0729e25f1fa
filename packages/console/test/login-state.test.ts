import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { createTestBot, type MemoryTestBot } from '@wxbot/testing';
import { LoginState, type LoginView } from '../src/index.js';

let kit: MemoryTestBot;

beforeAll(async () => {
  kit = await createTestBot({ transport: 'memory' });
});

afterAll(async () => {
  await kit?.bot.stop();
});

function nextView(login: LoginState, phase: LoginView['phase']): Promise<LoginView> {
  return new Promise((resolve) => {
    const on = (view: LoginView) => {
      if (view.phase !== phase) return;
      login.off('change', on);
      resolve(view);
    };
    login.on('change', on);
  });
}

test('the Login view follows QR codes, their expiry, the scan and the server ending the session', async () => {
  const login = new LoginState(kit.bot);
  try {
    expect(login.view.phase).toBe('logged-in');
    const first = nextView(login, 'qr');
    kit.bot.events.emit('qr', { uuid: 'u1', url: 'https://login.weixin.qq.com/l/u1', attempt: 1 });
    const one = await first;
    expect(one.qrSvg).toMatch(/^<svg/);
    expect(one.expiredBefore).toBe(false);
    const second = nextView(login, 'qr');
    kit.bot.events.emit('qr', { uuid: 'u2', url: 'https://login.weixin.qq.com/l/u2', attempt: 2 });
    const two = await second;
    expect(two.expiredBefore).toBe(true);
    expect(two.attempt).toBe(2);
    expect(two.qrSvg).not.toBe(one.qrSvg);
    kit.bot.events.emit('scan', { avatar: undefined });
    expect(login.view.phase).toBe('scanned');
    expect(login.view.qrSvg).toBeUndefined();
    kit.bot.events.emit('logout', {
      reason: 'logged out on the phone (synccheck 1101)',
      code: 1101,
      kind: 'phoneLogout',
      willRelogin: false,
    });
    expect(login.view).toMatchObject({
      phase: 'logged-out',
      logoutReason: 'logged out on the phone (synccheck 1101)',
      logoutKind: 'phoneLogout',
      logoutCode: 1101,
      willRelogin: false,
    });
  } finally {
    login.dispose();
  }
});

test('the steps of an iLink QR login: a move to another host, a QR blocked by wrong codes, all cleared at login', async () => {
  const login = new LoginState(kit.bot);
  try {
    login.noteLoginStep({ type: 'redirect', host: 'ilinkai-sh.weixin.qq.com' });
    expect(login.view.redirectedTo).toBe('ilinkai-sh.weixin.qq.com');
    login.noteLoginStep({ type: 'qr-expired', reason: 'verify_code_blocked' });
    expect(login.view).toMatchObject({ phase: 'qr-expired', qrEndedBy: 'verify_code_blocked' });
    // Steps the bot's own events already cover, and unknown ones, change nothing.
    login.noteLoginStep({ type: 'poll-error' });
    login.noteLoginStep({ type: 'scanned' });
    expect(login.view.phase).toBe('qr-expired');
    const next = nextView(login, 'qr');
    kit.bot.events.emit('qr', { uuid: 'q2', url: 'https://liteapp.weixin.qq.com/q/q2', attempt: 2 });
    expect(await next).toMatchObject({ expiredBefore: true, qrEndedBy: 'verify_code_blocked' });
    kit.bot.events.emit('login', { self: kit.bot.self!, method: 'qr' });
    expect(login.view).toMatchObject({ phase: 'logged-in', qrEndedBy: undefined, redirectedTo: undefined });
  } finally {
    login.dispose();
  }
});
