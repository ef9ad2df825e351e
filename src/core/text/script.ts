/** Character classes shared by rules and segmentation. */
export function isHan(code: number): boolean {
  return (
    (code >= 0x4e00 && code <= 0x9fff) ||
    (code >= 0x3400 && code <= 0x4dbf) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0x20000 && code <= 0x2ffff)
  );
}

/** Han characters plus CJK punctuation and full-width forms: text that is "Chinese" for punctuation rules. */
export function isCjkContext(code: number): boolean {
  return isHan(code) || (code >= 0x3000 && code <= 0x303f) || (code >= 0xff00 && code <= 0xffef);
}

export function isLatinWordChar(code: number): boolean {
  return (
    (code >= 0x30 && code <= 0x39) ||
    (code >= 0x41 && code <= 0x5a) ||
    (code >= 0x61 && code <= 0x7a) ||
    code === 0x5f ||
    (code >= 0xc0 && code <= 0x24f)
  );
}

export type TextLanguage = 'zh' | 'en' | 'none';

/** The language of a piece of text by its letters: Han characters against Latin words. */
export function detectLanguage(text: string): TextLanguage {
  let han = 0;
  let latin = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (isHan(c)) han++;
    else if ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)) latin++;
  }
  if (han === 0 && latin === 0) return 'none';
  // A Han character carries about as much as a four-letter English word.
  return han * 4 >= latin ? (han > 0 ? 'zh' : 'en') : 'en';
}

/** ASCII-only lower-casing: keeps every offset where it was (String#toLowerCase may not). */
export function asciiLower(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    out += c >= 0x41 && c <= 0x5a ? String.fromCharCode(c + 32) : text[i];
  }
  return out;
}
