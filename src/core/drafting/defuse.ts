/**
 * Data may not close (or open) its own block. The prompt's blocks are tags whose names carry a per-request
 * nonce (`<data-k3v9q2 kind="fields">`), which text from outside cannot know; on top of that, anything inside
 * the data that reads as one of our tags in any spelling is defused: full-width brackets and letters
 * (＜／ｄａｔａ＞), spaces after the bracket or the slash (`</ data>`), zero-width and other invisible characters
 * inside the word, other angle brackets (‹ 〈 ﹤ ⟨) and the nonce itself. The bracket is replaced by "[" (which
 * no model reads as a tag) and the invisible characters in the tag dropped, so the text still reads the same.
 */

/** Tag names the prompts use (with or without a nonce suffix). */
export const TAG_WORDS = ['data', 'knowledge', 'section', 'message', 'instructions', 'system', 'previous-answer', 'findings'];

const INVISIBLE = /[\u00AD\u034F\u061C\u115F\u1160\u17B4\u17B5\u180B-\u180F\u200B-\u200F\u202A-\u202E\u2060-\u206F\u3164\uFE00-\uFE0F\uFEFF\uFFA0]/;
const BRACKETS = new Set(['<', '‹', '〈', '⟨', '《', '«']);

/**
 * Each character's NFKC form, lower-cased, with invisible ones dropped, and a map back to the original
 * offsets: tags are matched on this view and defused in the original.
 */
function folded(text: string): { view: string; at: number[] } {
  let view = '';
  const at: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const code = text.codePointAt(i)!;
    const ch = String.fromCodePoint(code);
    const wide = ch.length;
    if (!INVISIBLE.test(ch)) {
      let n = ch.normalize('NFKC').toLowerCase();
      if (BRACKETS.has(n)) n = '<';
      for (const c of n) {
        view += c;
        at.push(i);
      }
    }
    if (wide === 2) i++;
  }
  return { view, at };
}

export function defuse(text: string, nonces: readonly string[] = []): string {
  const { view, at } = folded(text);
  const words = [...TAG_WORDS, ...nonces.map((n) => n.toLowerCase())].map((w) => w.replace(/[-]/g, '[-_\\s]?'));
  const tag = new RegExp(`<\\s*\\/?\\s*(?:[a-z-]*(?:${words.join('|')}))`, 'g');
  const bracketAt = new Set<number>();
  const dropInvisible: Array<[number, number]> = [];
  for (const m of view.matchAll(tag)) {
    bracketAt.add(at[m.index]);
    // Invisible characters are dropped up to the tag's closing bracket (or 60 characters on).
    const close = view.slice(m.index, m.index + 60).search(/[>›〉⟩》»]/);
    const last = close === -1 ? m.index + m[0].length - 1 : m.index + close;
    dropInvisible.push([at[m.index], at[Math.min(last, at.length - 1)] + 1]);
  }
  // A bare nonce (without brackets) is defused too: the model must never be able to echo it as a delimiter.
  const bareNonces = nonces.filter((n) => n.length >= 6);
  if (!bracketAt.size && !bareNonces.some((n) => view.includes(n.toLowerCase()))) return text;
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const inTag = dropInvisible.some(([s, e]) => i > s && i <= e);
    if (inTag && INVISIBLE.test(text[i])) continue;
    out += bracketAt.has(i) ? '[' : text[i];
  }
  for (const n of bareNonces) out = out.split(n).join(n.slice(0, 3) + '·' + n.slice(3));
  return out;
}

/** True when text holds something that reads as one of the prompt's tags (used by tests and the leak check). */
export function holdsTag(text: string, nonces: readonly string[] = []): boolean {
  return defuse(text, nonces) !== text;
}
