import { isHan } from '../core/text/script';
import type { ChatMessage } from './providers/types';

/**
 * A quick token estimate for budgets before the upstream reports usage: a Han character is about one
 * token in DeepSeek's and Qwen's tokenisers, other text about four characters a token.
 */
export function estimateTokens(text: string): number {
  let han = 0;
  for (let i = 0; i < text.length; i++) if (isHan(text.charCodeAt(i))) han++;
  return han + Math.ceil((text.length - han) / 4);
}

export function messageText(message: ChatMessage): string {
  if (typeof message.content === 'string') return message.content;
  if (Array.isArray(message.content)) return message.content.map((p) => (typeof p.text === 'string' ? p.text : '')).join('');
  return '';
}

export function estimatePromptTokens(messages: readonly ChatMessage[]): number {
  return messages.reduce((sum, m) => sum + 4 + estimateTokens(messageText(m)), 2);
}
