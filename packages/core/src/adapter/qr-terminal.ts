import qrcode from 'qrcode-terminal';

/**
 * Renders the text of a `qr` event as a QR code made of characters (for terminals).
 *
 * @example
 * client.on('qr', async (qr) => process.stdout.write(await renderQrToString(qr.url)));
 */
export function renderQrToString(text: string, options: { small?: boolean } = {}): Promise<string> {
  return new Promise((resolve) => {
    qrcode.generate(text, { small: options.small ?? true }, (out) => resolve(out));
  });
}
