/**
 * The offline summary of an incoming message: its first sentences, with greetings and quoted earlier messages
 * left out. Labelled in the pane as an extract, not a summary by a model.
 */
import { splitSentences } from '../../../core/text/sentences';

const GREETING = /^(dear|to whom|hi|hello|good (morning|afternoon|evening))\b|^(敬啟者|您好|你好|.{1,16}(先生|女士|小姐|閣下)?[：:，,])$/i;
const QUOTED = /^(>|-{2,}\s*original message|from:|sent:|寄件者：|傳送時間：|-----)/i;

export function extractSummary(body: string, maxSentences = 3, maxChars = 320): string {
  const paragraphs: string[] = [];
  for (const line of body.replace(/\r\n?/g, '\n').split(/\n/)) {
    const text = line.trim();
    if (QUOTED.test(text)) break;
    if (!text || GREETING.test(text)) {
      paragraphs.push('');
      continue;
    }
    paragraphs.push(text);
  }
  // Lines of one paragraph are joined: emails wrap lines.
  const joined = paragraphs
    .join('\n')
    .split(/\n{2,}/)
    .map((p) => p.split('\n').filter(Boolean).join(/[\u3400-\u9fff]$/.test(p) ? '' : ' ').trim())
    .filter(Boolean);
  const picked: string[] = [];
  let length = 0;
  outer: for (const p of joined) {
    for (const s of splitSentences(p)) {
      if (picked.length >= maxSentences || (picked.length && length + s.text.length > maxChars)) break outer;
      picked.push(s.text);
      length += s.text.length;
    }
  }
  let summary = picked.map((s, i) => (i && /[A-Za-z0-9.!?]$/.test(picked[i - 1]) ? ` ${s}` : s)).join('');
  if (summary.length > maxChars) summary = `${summary.slice(0, maxChars - 1)}…`;
  return summary;
}
