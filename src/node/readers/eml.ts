/**
 * E-mail messages (.eml, RFC 822/MIME), parsed with mailparser's simpleParser, which decodes quoted-printable and
 * base64 bodies, encoded-word headers and legacy charsets (Big5, GB2312 ...).
 *
 * Blocks: the subject first, as a level-1 heading with the style "Subject" (a subject is drafted like a title and
 * is checked like one), then the body one line a paragraph, as the plain-text part has it. When the message has
 * only an HTML body, it is converted to text without re-wrapping lines (so a sentence stays in one block): block
 * elements and table cells start new lines, list items get a "• " prefix, links keep their text only, images are
 * dropped. Trailing blank lines are dropped. Attachments, including .docx ones, are not read, and neither are
 * the From/To/Date headers. `text` is the blocks joined by "\n".
 */
import { convert } from 'html-to-text';
import { simpleParser } from 'mailparser';
import { fromParagraphs, type Block } from '../../core/text/document';
import { DocumentReadError } from './errors';
import type { ReadResult } from './types';

type Paragraph = Omit<Block, 'id' | 'offset'>;

export async function readEmlBytes(bytes: Uint8Array, path: string): Promise<ReadResult> {
  let mail: Awaited<ReturnType<typeof simpleParser>>;
  try {
    mail = await simpleParser(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), { skipHtmlToText: true, skipImageLinks: true, skipTextToHtml: true, skipTextLinks: true });
  } catch (err) {
    throw new DocumentReadError(path, `is not a readable e-mail message (${(err as Error).message})`);
  }
  if (mail.headers.size === 0) throw new DocumentReadError(path, 'is not an e-mail message (it has no headers)');

  const paragraphs: Paragraph[] = [];
  const subject = (mail.subject ?? '').replace(/\s+/g, ' ').trim();
  if (subject) paragraphs.push({ kind: 'heading', level: 1, style: 'Subject', text: subject });

  // With skipHtmlToText, `text` is empty unless the message has a text/plain body of its own.
  let body = mail.text?.trim() ? mail.text : typeof mail.html === 'string' ? htmlToText(mail.html) : '';
  body = body.replace(/\r\n?/g, '\n').replace(/\s+$/, '');
  if (body) for (const line of body.split('\n')) paragraphs.push({ kind: 'paragraph', text: line });

  const model = fromParagraphs(paragraphs);
  return { model, text: model.blocks.map((b) => b.text).join('\n'), format: 'eml' };
}

export function htmlToText(html: string): string {
  return convert(html, {
    wordwrap: false,
    selectors: [
      { selector: 'a', options: { ignoreHref: true } },
      { selector: 'img', format: 'skip' },
      { selector: 'ul', options: { itemPrefix: '• ' } },
      { selector: 'td', format: 'block' },
      { selector: 'th', format: 'block' },
      { selector: 'table', format: 'block' },
      { selector: 'h1', options: { uppercase: false } },
      { selector: 'h2', options: { uppercase: false } },
      { selector: 'h3', options: { uppercase: false } },
      { selector: 'h4', options: { uppercase: false } },
      { selector: 'h5', options: { uppercase: false } },
      { selector: 'h6', options: { uppercase: false } },
      { selector: 'th', options: { uppercase: false } },
    ],
  });
}
