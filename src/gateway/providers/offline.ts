import { randomUUID } from 'node:crypto';
import { createChecker } from '../../core/checks';
import { fixedText } from '../../core/checks/fix';
import { fromPlainText } from '../../core/text/document';
import { detectLanguage } from '../../core/text/script';
import { splitSentences } from '../../core/text/sentences';
import { estimatePromptTokens, estimateTokens, messageText } from '../tokens';
import type { ChatBody, ChatChunk, ChatCompletion, Provider } from './types';

const FORMAL_SETS = ['hk-zh-formal', 'hk-zh-characters', 'hk-zh-punctuation', 'hk-en-style', 'hk-gov-names'];

const LABEL = {
  zh: '【離線草擬器：未有連接語言模型。以下是按本署書面語規則整理的原文，請人手修改。】',
  en: '[Offline drafter: no language model is connected. Below is your text tidied by the house rules; please edit it yourself.]',
};

/**
 * The offline drafter as a chat model: with no model server it answers deterministically, labelled as such,
 * by applying the house-style fixes to the last user message. Drafting from templates uses the core's
 * composer instead (see routes/drafts).
 */
export function offlineAnswer(body: ChatBody): string {
  const lastUser = [...body.messages].reverse().find((m) => m.role === 'user');
  const text = lastUser ? messageText(lastUser).trim() : '';
  const lang = detectLanguage(text) === 'en' ? 'en' : 'zh';
  if (!text) return LABEL[lang];
  const doc = fromPlainText(text);
  const findings = createChecker({ ruleSets: FORMAL_SETS }).check(doc);
  return `${LABEL[lang]}\n\n${fixedText(doc, findings).text}`;
}

/** Pieces to stream: sentence by sentence, so clients see a real stream without invented delays. */
export function streamPieces(answer: string): string[] {
  const pieces: string[] = [];
  for (const line of answer.split(/(?<=\n)/)) {
    const sentences = splitSentences(line);
    if (!sentences.length) {
      pieces.push(line);
      continue;
    }
    let at = 0;
    for (const s of sentences) {
      pieces.push(line.slice(at, s.end));
      at = s.end;
    }
    if (at < line.length) pieces.push(line.slice(at));
  }
  return pieces.filter((p) => p.length > 0);
}

export function createOfflineProvider(id = 'offline'): Provider {
  return {
    id,
    external: false,
    maxClassification: 'TOP SECRET',

    async complete(body) {
      const content = offlineAnswer(body);
      const prompt = estimatePromptTokens(body.messages);
      const completion = estimateTokens(content);
      const result: ChatCompletion = {
        id: `chatcmpl-${randomUUID()}`,
        object: 'chat.completion',
        created: Math.floor(Date.now() / 1000),
        model: body.model,
        choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
        usage: { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion },
      };
      return result;
    },

    async *stream(body, signal) {
      const id = `chatcmpl-${randomUUID()}`;
      const created = Math.floor(Date.now() / 1000);
      const content = offlineAnswer(body);
      const chunk = (delta: ChatChunk['choices'][0]['delta'], finish: string | null): ChatChunk => ({
        id,
        object: 'chat.completion.chunk',
        created,
        model: body.model,
        choices: [{ index: 0, delta, finish_reason: finish }],
      });
      yield chunk({ role: 'assistant', content: '' }, null);
      for (const piece of streamPieces(content)) {
        if (signal.aborted) return;
        yield chunk({ content: piece }, null);
      }
      yield chunk({}, 'stop');
      if (body.stream_options?.include_usage) {
        const prompt = estimatePromptTokens(body.messages);
        const completion = estimateTokens(content);
        yield { id, object: 'chat.completion.chunk', created, model: body.model, choices: [], usage: { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion } };
      }
    },
  };
}
