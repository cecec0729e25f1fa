import type { Message } from '@wxbot/core';

const KB = 1024;

function formatSize(bytes: number): string {
  if (bytes < KB) return `${bytes} B`;
  if (bytes < KB * KB) return `${(bytes / KB).toFixed(1)} KB`;
  return `${(bytes / KB / KB).toFixed(1)} MB`;
}

/**
 * A one-line human summary of a message: the text for text-like kinds, a bracketed description
 * for everything else (`[image 640x480]`, `[file report.pdf 1.2 MB]`).
 *
 * @example
 * summarize(message) // "[location 北京市朝阳区 (39.9, 116.4)]"
 */
export function summarize(message: Message): string {
  switch (message.kind) {
    case 'text':
      return message.fullText;
    case 'quote':
      return `「${message.quotedName}: ${message.quotedText}」 ${message.text}`;
    case 'image':
      return `[image ${message.width}x${message.height}]`;
    case 'voice':
      return `[voice ${(message.durationMs / 1000).toFixed(1)} s]`;
    case 'video':
      return `[video ${message.durationSec} s]`;
    case 'emoticon':
      return '[emoticon]';
    case 'card':
      return `[card ${message.nickName}${message.isOfficial ? ' (official account)' : ''}]`;
    case 'link':
      return `[link ${message.title} ${message.url}]`;
    case 'file':
      return `[file ${message.name} ${formatSize(message.size)}]`;
    case 'location':
      return `[location ${message.label || message.poiName} (${message.lat}, ${message.lng})]`;
    case 'miniProgram':
      return `[mini program ${message.title}]`;
    case 'transfer':
      return `[transfer ${message.amount}]`;
    case 'redPacket':
      return `[red packet ${message.direction}]`;
    case 'chatHistory':
      return `[chat history ${message.title}]`;
    case 'music':
      return `[music ${message.title}]`;
    case 'article':
      return `[articles: ${message.articles.map((a) => a.title).join(' | ')}]`;
    case 'friendRequest':
      return `[friend request from ${message.nickName}: ${message.greeting}]`;
    case 'system':
      return message.text;
    case 'recall':
      return `[recalled ${message.recalledId}] ${message.replaceText}`;
    case 'statusNotify':
      return `[status ${message.code}]`;
    case 'unknown':
      return `[unknown: ${message.reason}]`;
  }
}
