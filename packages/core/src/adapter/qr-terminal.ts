import QRCode from 'qrcode';

/**
 * Renders the text of a `qr` event as a QR code made of block characters for terminals
 * (half-height rows by default, so it fits an 80×24 terminal). The same library as the CLI's PNG.
 *
 * @example
 * bot.events.on('qr', async (qr) => process.stdout.write(await renderQrToString(qr.url)));
 */
export function renderQrToString(text: string, options: { small?: boolean } = {}): Promise<string> {
  return QRCode.toString(text, { type: 'terminal', small: options.small ?? true });
}
