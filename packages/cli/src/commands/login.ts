import { LoginError, type LoginMethod } from '@wxbot/core';
import { displayPath } from '../config/load-config.js';
import { transportKeyWarnings } from '../config/transport-keys.js';
import { ExitCode } from '../exit-codes.js';
import { writeLine } from '../io.js';
import { LoginQrDisplay } from '../qr.js';
import { showRiskNoticeOnce } from '../runtime/risk-notice.js';
import { InterruptedError, showProgress } from '../runtime/run-bot.js';
import { sessionFileFor } from '../runtime/transport-names.js';
import { createAdapterFor, loginRouteFor, VERIFY_BLOCKED_MESSAGE } from '../runtime/transports.js';
import type { CommandContext } from './context.js';
import { prepareRun } from './prepare.js';

/** Options of `wxbot login`. */
export interface LoginOptions {
  config?: string;
}

/** What `wxbot login` says about how it got the session. */
const HOW: Record<LoginMethod, string> = {
  resume: 'resumed the saved session (no QR code needed)',
  push: 'logged in by confirming on the phone (no QR code needed)',
  qr: 'logged in with a new QR code',
};

/**
 * `wxbot login`: resumes the saved session when it is still valid, else asks the phone to confirm
 * (push login), else shows a QR code; saves the session to `login.sessionFile` and exits, so a
 * later `wxbot start` needs no phone. It says which of these happened. The QR PNG
 * (`login.qrPngFile`) is deleted once logged in. Exit 4 when the login is refused (the message
 * says what to do, e.g. switch `login.mode` to desktop after ret=1203).
 */
export async function loginCommand(options: LoginOptions, ctx: CommandContext): Promise<number> {
  const { loaded, logger } = await prepareRun(ctx, { configFile: options.config, plugins: false });
  const { config } = loaded;
  const { stdout } = ctx.io;
  await showRiskNoticeOnce(config, ctx.io.stderr);
  for (const warning of transportKeyWarnings(loaded.written, config.transport, loaded.label))
    writeLine(ctx.io.stderr, warning);
  // The config's transport speaks the login (QR, push, resume): same events for every adapter.
  let verifyBlocked = false;
  const client = await createAdapterFor(
    config,
    { logger },
    {
      io: ctx.io,
      onVerifyBlocked: () => {
        verifyBlocked = true;
        client.stop().catch(() => undefined);
      },
    },
  );
  const qr = new LoginQrDisplay({
    out: stdout,
    ...(config.login.qrPngFile !== undefined ? { pngFile: config.login.qrPngFile } : {}),
  });
  client.on('qr', (e) => {
    qr.show(e.url).catch((err: unknown) =>
      logger.warn({ err: (err as Error).message }, 'could not show the QR code'),
    );
  });
  client.on('scan', () => writeLine(stdout, 'Scanned. Confirm the login on your phone.'));
  const onAbort = () => {
    client.stop().catch(() => undefined);
  };
  ctx.io.signal.addEventListener('abort', onAbort, { once: true });
  const progress = showProgress(client, ctx.io, loginRouteFor(config));
  try {
    const method = await client.login();
    writeLine(
      stdout,
      `${HOW[method]}: ${client.self?.name ?? '?'}; session saved to ${displayPath(ctx.io.cwd, sessionFileFor(config))}`,
    );
  } catch (err) {
    if (verifyBlocked) throw new LoginError('LOGIN_REFUSED', VERIFY_BLOCKED_MESSAGE, { cause: err });
    if (ctx.io.signal.aborted) throw new InterruptedError();
    throw err;
  } finally {
    progress();
    ctx.io.signal.removeEventListener('abort', onAbort);
    await client.stop();
    // While its code is valid the PNG logs the account in: never leave it behind.
    await qr
      .clear()
      .catch((err: unknown) => logger.warn({ err: (err as Error).message }, 'could not delete the QR image'));
  }
  return ExitCode.Ok;
}
