/**
 * The iLink wire types (protocol.md §3–§11), field names as on the wire. Every field the server sends
 * is optional here: real answers omit fields freely, and the parser must not trust any of them.
 * uint64 ids (`message_id`, `msg_id`, `svr_id`) are strings: the JSON parser keeps every digit.
 */

/** `base_info` of authenticated bodies. */
export interface BaseInfo {
  readonly channel_version?: string;
  readonly bot_agent?: string;
}

/** `MessageItem.type`. */
export const MessageItemType = {
  NONE: 0,
  TEXT: 1,
  IMAGE: 2,
  VOICE: 3,
  FILE: 4,
  VIDEO: 5,
  TOOL_CALL_START: 11,
  TOOL_CALL_RESULT: 12,
} as const;

/** `WeixinMessage.message_type`: 1 from a user, 2 from a bot. */
export const MessageType = { NONE: 0, USER: 1, BOT: 2 } as const;

/** `WeixinMessage.message_state`. */
export const MessageState = { NEW: 0, GENERATING: 1, FINISH: 2 } as const;

/** `getuploadurl.media_type`. */
export const UploadMediaType = { IMAGE: 1, VIDEO: 2, FILE: 3, VOICE: 4 } as const;
/** One of {@link UploadMediaType}. */
export type UploadMediaTypeValue = (typeof UploadMediaType)[keyof typeof UploadMediaType];

/** `sendtyping.status`: 1 typing, 2 cancel. */
export const TypingStatus = { TYPING: 1, CANCEL: 2 } as const;

/** A reference to an encrypted object on the CDN. */
export interface CdnMedia {
  readonly encrypt_query_param?: string;
  /** base64 of the raw 16-byte key, or base64 of its 32-char hex text (§11.5). */
  readonly aes_key?: string;
  readonly encrypt_type?: number;
  /** Complete download URL; preferred over one built from `encrypt_query_param`. */
  readonly full_url?: string;
}

export interface TextItem {
  readonly text?: string;
}

export interface ImageItem {
  readonly media?: CdnMedia;
  readonly thumb_media?: CdnMedia;
  /** 32 lowercase hex = the raw key; preferred for inbound images. */
  readonly aeskey?: string;
  readonly url?: string;
  readonly mid_size?: number;
  readonly hd_size?: number;
  readonly thumb_size?: number;
  readonly thumb_height?: number;
  readonly thumb_width?: number;
}

export interface VoiceItem {
  readonly media?: CdnMedia;
  readonly encode_type?: number;
  readonly bits_per_sample?: number;
  readonly sample_rate?: number;
  /** Duration in ms. */
  readonly playtime?: number;
  /** The server's speech-to-text transcript. */
  readonly text?: string;
}

export interface FileItem {
  readonly media?: CdnMedia;
  readonly file_name?: string;
  /** Plaintext MD5, hex. */
  readonly md5?: string;
  /** Plaintext size as a decimal string. */
  readonly len?: string;
}

export interface VideoItem {
  readonly media?: CdnMedia;
  readonly video_size?: number;
  readonly play_length?: number;
  readonly video_md5?: string;
  readonly thumb_media?: CdnMedia;
  readonly thumb_size?: number;
  readonly thumb_height?: number;
  readonly thumb_width?: number;
}

/** A user quoting part of a message. */
export interface PartialText {
  readonly start?: string;
  readonly end?: string;
  readonly startindex?: number;
  readonly endindex?: number;
  readonly quotemd5?: string;
}

/** What a quote refers to. */
export interface RefMessage {
  readonly title?: string;
  readonly message_item?: MessageItem;
  readonly svr_id?: string;
  readonly partial_text?: PartialText;
}

/** One item of a message (usually exactly one per message). */
export interface MessageItem {
  readonly type?: number;
  readonly create_time_ms?: number;
  readonly update_time_ms?: number;
  readonly is_completed?: boolean;
  readonly msg_id?: string;
  readonly ref_msg?: RefMessage;
  readonly text_item?: TextItem;
  readonly image_item?: ImageItem;
  readonly voice_item?: VoiceItem;
  readonly file_item?: FileItem;
  readonly video_item?: VideoItem;
}

/** A message, inbound (in `getupdates.msgs`) or outbound (`sendmessage.msg`). */
export interface WeixinMessage {
  readonly seq?: number;
  readonly message_id?: string;
  readonly from_user_id?: string;
  readonly to_user_id?: string;
  readonly client_id?: string;
  readonly create_time_ms?: number;
  readonly update_time_ms?: number;
  readonly delete_time_ms?: number;
  readonly session_id?: string;
  readonly group_id?: string;
  readonly message_type?: number;
  readonly message_state?: number;
  readonly item_list?: readonly MessageItem[];
  readonly context_token?: string;
  readonly run_id?: string;
}

/** Fields every JSON answer may carry. */
export interface ApiResult {
  readonly ret?: number;
  readonly errcode?: number;
  readonly errmsg?: string;
}

/** `get_bot_qrcode` answer. */
export interface GetBotQrcodeResponse extends ApiResult {
  /** Opaque polling handle. */
  readonly qrcode: string;
  /** The text to encode into the QR image (a URL to an HTML page, not an image). */
  readonly qrcode_img_content: string;
}

/** The literal QR states (note the spellings: `scaned`, `binded_redirect`, `need_verifycode`). */
export type QrStatus =
  | 'wait'
  | 'scaned'
  | 'need_verifycode'
  | 'verify_code_blocked'
  | 'expired'
  | 'scaned_but_redirect'
  | 'binded_redirect'
  | 'confirmed';

/** `get_qrcode_status` answer. */
export interface QrcodeStatusResponse extends ApiResult {
  readonly status: QrStatus;
  readonly bot_token?: string;
  readonly ilink_bot_id?: string;
  readonly baseurl?: string;
  readonly ilink_user_id?: string;
  readonly redirect_host?: string;
}

/** `getupdates` answer (after the envelope check). */
export interface GetUpdatesResponse extends ApiResult {
  readonly msgs: readonly WeixinMessage[];
  readonly get_updates_buf?: string;
  readonly longpolling_timeout_ms?: number;
}

/** `sendmessage` answer; `message_id` is often absent. */
export interface SendMessageResponse extends ApiResult {
  readonly message_id?: string;
}

/** `getuploadurl` request (without `base_info`). */
export interface GetUploadUrlRequest {
  readonly filekey: string;
  readonly media_type: UploadMediaTypeValue;
  readonly to_user_id: string;
  readonly rawsize: number;
  readonly rawfilemd5: string;
  readonly filesize: number;
  readonly thumb_rawsize?: number;
  readonly thumb_rawfilemd5?: string;
  readonly thumb_filesize?: number;
  readonly no_need_thumb?: boolean;
  /** The key as 32 hex chars. */
  readonly aeskey: string;
}

/** `getuploadurl` answer. */
export interface GetUploadUrlResponse extends ApiResult {
  readonly upload_param?: string;
  readonly thumb_upload_param?: string;
  readonly upload_full_url?: string;
}

/** `getconfig` answer. */
export interface GetConfigResponse extends ApiResult {
  readonly typing_ticket?: string;
}
