import { escapeXmlPayload, xmlText } from '../escape.js';
import { fakeAesKey, fakeCdnUrl, fakeDigits, fakeEmojiUrl, fakeLength, md5Of } from '../fake.js';
import { randomHex } from '../ids.js';
import type { EmoticonSpec, ImageSpec, VideoSpec, VoiceSpec } from '../spec.js';
import type { BuildEnv, WireMessageRecord } from '../types.js';
import { makeRecord, withGroupPrefix } from './base.js';

const attrs = (pairs: Array<[string, string | number]>): string =>
  pairs.map(([k, v]) => `${k}="${xmlText(v)}"`).join(' ');

/** MsgType 3 (§6.4): xml declaration, `<br/>\t` layout, ImgStatus 2, thumbnail size in ImgWidth/Height. */
export function buildImage(spec: ImageSpec, env: BuildEnv): WireMessageRecord {
  const width = spec.thumbWidth ?? 90;
  const height = spec.thumbHeight ?? 120;
  const aes = spec.aesKey ?? fakeAesKey();
  const cdn = fakeCdnUrl();
  const img = attrs([
    ['aeskey', aes],
    ['encryver', 1],
    ['cdnthumbaeskey', aes],
    ['cdnthumburl', cdn],
    ['cdnthumblength', spec.cdnThumbLength ?? fakeLength(3000, 9000)],
    ['cdnthumbheight', height],
    ['cdnthumbwidth', width],
    ['cdnmidheight', 0],
    ['cdnmidwidth', 0],
    ['cdnhdheight', 0],
    ['cdnhdwidth', 0],
    ['cdnmidimgurl', cdn],
    ['length', spec.length ?? spec.data?.length ?? fakeLength(20_000, 200_000)],
    ['md5', spec.md5 ?? md5Of(spec.data)],
  ]);
  const xml = `<?xml version="1.0"?>\n<msg>\n\t<img ${img} />\n</msg>\n`;
  return makeRecord(env, {
    MsgType: 3,
    Content: withGroupPrefix(env, escapeXmlPayload(xml)),
    ImgStatus: 2,
    ImgHeight: height,
    ImgWidth: width,
  });
}

/** MsgType 34 (§6.4): one-line `<msg><voicemsg … /></msg>`, no declaration; VoiceLength in ms. */
export function buildVoice(spec: VoiceSpec, env: BuildEnv): WireMessageRecord {
  const voice = attrs([
    ['endflag', 1],
    ['cancelflag', 0],
    ['forwardflag', 0],
    ['voiceformat', 4],
    ['voicelength', spec.durationMs],
    ['length', spec.length ?? spec.data?.length ?? Math.max(1, Math.round(spec.durationMs * 1.64))],
    ['bufid', spec.bufId ?? fakeDigits(18)],
    ['clientmsgid', `${randomHex(32)}${env.senderWxid}_${env.createTime - 10}`],
    ['fromusername', env.senderWxid],
  ]);
  const xml = `<msg><voicemsg ${voice} /></msg>`;
  return makeRecord(env, {
    MsgType: 34,
    Content: withGroupPrefix(env, escapeXmlPayload(xml)),
    VoiceLength: spec.durationMs,
  });
}

/** MsgType 43, or 62 for `micro` (§6.4): `<videomsg>` XML, PlayLength in s, thumbnail size. */
export function buildVideo(spec: VideoSpec, env: BuildEnv): WireMessageRecord {
  const width = spec.thumbWidth ?? 224;
  const height = spec.thumbHeight ?? 398;
  const aes = spec.aesKey ?? randomHex(32);
  const cdn = fakeCdnUrl(212);
  const video = attrs([
    ['aeskey', aes],
    ['cdnthumbaeskey', aes],
    ['cdnvideourl', cdn],
    ['cdnthumburl', cdn],
    ['length', spec.length ?? spec.data?.length ?? fakeLength(200_000, 5_000_000)],
    ['playlength', spec.durationSec],
    ['cdnthumblength', fakeLength(5000, 20_000)],
    ['cdnthumbwidth', width],
    ['cdnthumbheight', height],
    ['fromusername', env.senderWxid],
    ['md5', spec.md5 ?? md5Of(spec.data)],
    ['newmd5', randomHex(32)],
    ['isad', 0],
  ]);
  const xml = `<?xml version="1.0"?>\n<msg>\n\t<videomsg ${video} />\n</msg>\n`;
  return makeRecord(env, {
    MsgType: spec.micro ? 62 : 43,
    Content: withGroupPrefix(env, escapeXmlPayload(xml)),
    PlayLength: spec.durationSec,
    ImgHeight: height,
    ImgWidth: width,
  });
}

/**
 * MsgType 47 (§6.4). Custom sticker: the 2019 `<emoji …></emoji>` attribute list (up to `lensid`).
 * Store sticker: empty Content and `HasProductId` 1. Both ImgStatus 2.
 */
export function buildEmoticon(spec: EmoticonSpec, env: BuildEnv): WireMessageRecord {
  const width = spec.width ?? 240;
  const height = spec.height ?? 240;
  if (spec.store) {
    return makeRecord(env, {
      MsgType: 47,
      Content: '',
      ImgStatus: 2,
      HasProductId: 1,
      ImgHeight: height,
      ImgWidth: width,
    });
  }
  const md5 = spec.md5 ?? md5Of(spec.data);
  const len = spec.length ?? spec.data?.length ?? fakeLength(10_000, 500_000);
  const emoji = attrs([
    ['fromusername', env.senderWxid],
    ['tousername', env.receiverWxid],
    ['type', 2],
    ['idbuffer', 'media:0_0'],
    ['md5', md5],
    ['len', len],
    ['productid', ''],
    ['androidmd5', md5],
    ['androidlen', len],
    ['s60v3md5', md5],
    ['s60v3len', len],
    ['s60v5md5', md5],
    ['s60v5len', len],
    ['cdnurl', fakeEmojiUrl()],
    ['designerid', ''],
    ['thumburl', ''],
    ['encrypturl', fakeEmojiUrl()],
    ['aeskey', spec.aesKey ?? fakeAesKey()],
    ['externurl', fakeEmojiUrl()],
    ['externmd5', randomHex(32)],
    ['width', width],
    ['height', height],
    ['tpurl', ''],
    ['tpauthkey', ''],
    ['attachedtext', ''],
    ['attachedtextcolor', ''],
    ['lensid', ''],
  ]);
  const xml = `<msg><emoji ${emoji}></emoji></msg>`;
  return makeRecord(env, {
    MsgType: 47,
    Content: withGroupPrefix(env, escapeXmlPayload(xml)),
    ImgStatus: 2,
    ImgHeight: height,
    ImgWidth: width,
  });
}
