/** Test-only inverse of the server's text encoding: emoji spans → characters, HTML entities → text. */
export function decodeWireText(text: string): string {
  return text
    .replace(/<span class="emoji emoji([0-9a-f]+)"><\/span>/g, (_m, hex: string) =>
      String.fromCodePoint(Number.parseInt(hex, 16)),
    )
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}
