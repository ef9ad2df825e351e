/**
 * Quoted speech: the spans inside 「」, 『』, “” and pairs of ASCII double quotes. Standard written Chinese may quote
 * a speaker's own words, Cantonese included, so rules can report a colloquialism inside quotation marks at a lower
 * level (a quotation, not an error), as cantonesedetect's quote-aware judgement does.
 */
export interface Span {
  start: number;
  end: number;
}

const PAIRS: Record<string, string> = { '「': '」', '『': '』', '“': '”' };

/** Spans of quoted text (the marks excluded), outermost quotations only, in order. An unclosed quotation runs to the end. */
const ANY_QUOTE = /["「『“]/;

export function quotationSpans(text: string): Span[] {
  const out: Span[] = [];
  if (!ANY_QUOTE.test(text)) return out;
  const stack: string[] = [];
  let open = -1;
  let ascii = -1;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"' && !stack.length) {
      if (ascii < 0) ascii = i;
      else {
        out.push({ start: ascii + 1, end: i });
        ascii = -1;
      }
      continue;
    }
    if (PAIRS[ch]) {
      if (!stack.length) open = i;
      stack.push(PAIRS[ch]);
    } else if (stack.length && ch === stack[stack.length - 1]) {
      stack.pop();
      if (!stack.length) out.push({ start: open + 1, end: i });
    }
  }
  if (stack.length) out.push({ start: open + 1, end: text.length });
  return out;
}

export function inside(spans: readonly Span[], start: number, end: number): boolean {
  for (const s of spans) {
    if (s.start <= start && end <= s.end) return true;
    if (s.start > start) break;
  }
  return false;
}
