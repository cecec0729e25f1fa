import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  decryptMedia,
  encodeMediaKeyForSend,
  encryptMedia,
  paddedSize,
  parseMediaKey,
} from '../../src/media/aes.js';
import type {
  GetUpdatesResponse,
  GetUploadUrlRequest,
  MessageItem,
  WeixinMessage,
} from '../../src/protocol/types.js';
import { fixture } from '../helpers.js';

const firstItem = (name: string): MessageItem => fixture<GetUpdatesResponse>(name).msgs[0]!.item_list![0]!;

describe('AES-128-ECB media crypto', () => {
  it('pads with PKCS#7: a full block is added even to an exact multiple of 16', () => {
    expect(paddedSize(0)).toBe(16);
    expect(paddedSize(15)).toBe(16);
    expect(paddedSize(16)).toBe(32);
    expect(paddedSize(95231)).toBe(95232);
    expect(paddedSize(184320)).toBe(184336);
    const key = Buffer.alloc(16, 7);
    expect(encryptMedia(Buffer.alloc(16), key)).toHaveLength(32);
  });

  it('round-trips any bytes, and the ciphertext size is paddedSize', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 200 }),
        fc.uint8Array({ minLength: 16, maxLength: 16 }),
        (data, k) => {
          const key = Buffer.from(k);
          const cipher = encryptMedia(Buffer.from(data), key);
          expect(cipher.length).toBe(paddedSize(data.length));
          expect(decryptMedia(cipher, key).equals(Buffer.from(data))).toBe(true);
        },
      ),
    );
  });

  it('fails with MEDIA_DECRYPT on a wrong key or a truncated file', () => {
    const cipher = encryptMedia(Buffer.from('hello world, this is a file'), Buffer.alloc(16, 1));
    expect(() => decryptMedia(cipher, Buffer.alloc(16, 2))).toThrow(
      expect.objectContaining({ code: 'MEDIA_DECRYPT' }),
    );
    expect(() => decryptMedia(cipher.subarray(0, 20), Buffer.alloc(16, 1))).toThrow(
      expect.objectContaining({ code: 'MEDIA_DECRYPT' }),
    );
  });
});

describe('media key encodings (§11.5)', () => {
  it('decodes an inbound image key the same from image_item.aeskey (hex) and media.aes_key (base64 raw)', () => {
    const image = firstItem('getupdates-image.json').image_item!;
    const fromHex = parseMediaKey(image.aeskey!);
    expect(fromHex).toHaveLength(16);
    expect(parseMediaKey(image.media!.aes_key!).equals(fromHex)).toBe(true);
    expect(fromHex.toString('hex')).toBe('c25f6c477dd8f6bf0c2ac9bcc2dad916');
  });

  it('decodes file, voice and video keys sent as base64 of the hex text', () => {
    const expected = {
      'getupdates-file.json': ['file_item', '8856da41018605f82e13a76922ef35c0'],
      'getupdates-voice.json': ['voice_item', 'c534d021e10f62d104ea3582999922bb'],
      'getupdates-video.json': ['video_item', '6c57a3f03c09c8c3dd92165b2836f499'],
    } as const;
    for (const [name, [field, hex]] of Object.entries(expected)) {
      const key = firstItem(name)[field]!.media!.aes_key!;
      expect(key).toHaveLength(44);
      expect(parseMediaKey(key).toString('hex')).toBe(hex);
    }
  });

  it('encodes outbound keys as base64 of the hex text, as in the fixtures', () => {
    const uploadKeyHex = fixture<GetUploadUrlRequest>('getuploadurl-request.json').aeskey;
    const sent = fixture<{ msg: WeixinMessage }>('sendmessage-image-request.json').msg.item_list![0]!
      .image_item!.media!.aes_key;
    expect(encodeMediaKeyForSend(Buffer.from(uploadKeyHex, 'hex'))).toBe(sent);
  });

  it('rejects keys in no known encoding with a clear error', () => {
    for (const bad of [
      '',
      'abc',
      Buffer.alloc(20).toString('base64'),
      Buffer.from('z'.repeat(32)).toString('base64'),
    ]) {
      expect(() => parseMediaKey(bad)).toThrow(expect.objectContaining({ code: 'MEDIA_KEY' }));
    }
  });
});
