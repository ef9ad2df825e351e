/**
 * A small non-validating XML parser, enough for the parts of an Office Open XML package (no DTDs, no external
 * entities). It builds a plain tree; names keep their prefixes ("w:p"), which is how every Word part spells them.
 */
export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlNode[];
}
export type XmlNode = XmlElement | string;

export class XmlError extends Error {}

const TOKEN = /<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!\[CDATA\[([\s\S]*?)\]\]>|<!DOCTYPE[^>[]*(?:\[[\s\S]*?\])?\s*>|<(\/?)([A-Za-z_][\w.:-]*)((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/g;
const ATTR = /([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

export function parseXml(source: string): XmlElement {
  const root: XmlElement = { name: '#document', attrs: {}, children: [] };
  const stack: XmlElement[] = [root];
  let last = 0;
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(source); m; m = TOKEN.exec(source)) {
    const top = stack[stack.length - 1];
    if (m.index > last) addText(top, source.slice(last, m.index), last);
    last = TOKEN.lastIndex;
    if (m[1] !== undefined) {
      top.children.push(m[1]);
      continue;
    }
    const name = m[3];
    if (name === undefined) continue; // comment, processing instruction, doctype
    if (m[2] === '/') {
      if (stack.length === 1 || top.name !== name) throw new XmlError(`unexpected </${name}> at character ${m.index}`);
      stack.pop();
      continue;
    }
    const attrs: Record<string, string> = {};
    ATTR.lastIndex = 0;
    for (let a = ATTR.exec(m[4]); a; a = ATTR.exec(m[4])) attrs[a[1]] = decodeEntities(a[2] ?? a[3] ?? '');
    const el: XmlElement = { name, attrs, children: [] };
    top.children.push(el);
    if (m[5] !== '/') stack.push(el);
  }
  if (last < source.length) addText(stack[stack.length - 1], source.slice(last), last);
  if (stack.length > 1) throw new XmlError(`<${stack[stack.length - 1].name}> is never closed`);
  const elements = root.children.filter((c): c is XmlElement => typeof c !== 'string');
  if (elements.length !== 1) throw new XmlError(elements.length ? 'more than one root element' : 'no root element');
  return elements[0];
}

function addText(parent: XmlElement, raw: string, at: number): void {
  if (raw.includes('<')) throw new XmlError(`malformed markup at character ${at + raw.indexOf('<')}`);
  if (parent.name === '#document') {
    if (raw.trim()) throw new XmlError('text outside the root element');
    return;
  }
  parent.children.push(decodeEntities(raw));
}

const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

export function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g, (whole, ent: string) => {
    if (ent[0] === '#') {
      const cp = ent[1] === 'x' || ent[1] === 'X' ? parseInt(ent.slice(2), 16) : parseInt(ent.slice(1), 10);
      return cp <= 0x10ffff ? String.fromCodePoint(cp) : whole;
    }
    return NAMED[ent] ?? whole;
  });
}

export function childElements(el: XmlElement, name?: string): XmlElement[] {
  const out: XmlElement[] = [];
  for (const c of el.children) if (typeof c !== 'string' && (name === undefined || c.name === name)) out.push(c);
  return out;
}

export function child(el: XmlElement | undefined, name: string): XmlElement | undefined {
  if (!el) return undefined;
  for (const c of el.children) if (typeof c !== 'string' && c.name === name) return c;
  return undefined;
}

/** The text of every string under `el`, in order. */
export function textContent(el: XmlElement): string {
  let out = '';
  for (const c of el.children) out += typeof c === 'string' ? c : textContent(c);
  return out;
}
