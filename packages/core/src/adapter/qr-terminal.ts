/**
 * Renders the text of a `qr` event as a QR code made of block characters for terminals
 * (half-height rows by default, so it fits an 80×24 terminal). The same library as the CLI's PNG.
 *
 * @example
 * bot.events.on('qr', async (qr) => process.stdout.write(await renderQrToString(qr.url)));
 */
export async function renderQrToString(text: string, options: { small?: boolean } = {}): Promise<string> {
  // qrcode (and pngjs under it) loads with the first QR shown: a resumed session never needs it.
  const mod = await import('qrcode');
  const QRCode = (mod as { default?: typeof import('qrcode') }).default ?? mod;
  return QRCode.toString(text, { type: 'terminal', small: options.small ?? true });
}
