/**
 * A draft's Markdown as a simple, styled Word document (built with the `docx` package): one Word paragraph for
 * each line ("# " lines as Heading 1-6, "- "/"* " lines as bulleted list items, "1. " lines as numbered ones,
 * **bold** kept as bold runs), a run of blank lines as one empty paragraph, the classification marking (first
 * and last line) centred and bold. Fonts: Times New Roman for Latin text, PMingLiU (新細明體) for Chinese, 12 pt;
 * proofing language en-GB / zh-HK. Reading it back with the .docx reader gives the draft's lines as blocks.
 */
import { UsageError } from './io';
import type { Lang } from './lang';

export interface DocxDraftOptions {
  lang: Lang;
  /** The marking printed first and last, when the draft is classified. */
  marking?: string;
  title?: string;
}

type DocxModule = typeof import('docx');

async function loadDocx(): Promise<DocxModule> {
  try {
    return await import('docx');
  } catch {
    throw new UsageError('writing .docx needs the "docx" package, which is not installed; write .md instead (--out FILE.md)');
  }
}

export async function markdownToDocx(markdown: string, options: DocxDraftOptions): Promise<Uint8Array> {
  const d = await loadDocx();
  const headingLevels = [d.HeadingLevel.HEADING_1, d.HeadingLevel.HEADING_2, d.HeadingLevel.HEADING_3, d.HeadingLevel.HEADING_4, d.HeadingLevel.HEADING_5, d.HeadingLevel.HEADING_6];
  const lines = markdown.replace(/\r\n?/g, '\n').replace(/\n+$/, '').split('\n');
  const firstText = lines.findIndex((l) => l.trim() !== '');
  let lastText = lines.length - 1;
  while (lastText > 0 && lines[lastText].trim() === '') lastText--;

  const paragraphs: InstanceType<DocxModule['Paragraph']>[] = [];
  let blank = false;
  lines.forEach((line, i) => {
    if (line.trim() === '') {
      if (!blank && paragraphs.length) paragraphs.push(new d.Paragraph({}));
      blank = true;
      return;
    }
    blank = false;
    if (options.marking && (i === firstText || i === lastText) && line.trim() === options.marking) {
      paragraphs.push(new d.Paragraph({ alignment: d.AlignmentType.CENTER, children: [new d.TextRun({ text: line.trim(), bold: true })] }));
      return;
    }
    const heading = /^(#{1,6})[ \t]+(.*)$/.exec(line);
    if (heading) {
      paragraphs.push(new d.Paragraph({ heading: headingLevels[heading[1].length - 1], children: runs(d, heading[2]) }));
      return;
    }
    const bullet = /^\s*[-*+][ \t]+(.*)$/.exec(line);
    if (bullet) {
      paragraphs.push(new d.Paragraph({ bullet: { level: 0 }, children: runs(d, bullet[1]) }));
      return;
    }
    const numbered = /^\s*\d+[.)][ \t]+(.*)$/.exec(line);
    if (numbered) {
      paragraphs.push(new d.Paragraph({ numbering: { reference: 'numbered', level: 0 }, children: runs(d, numbered[1]) }));
      return;
    }
    paragraphs.push(new d.Paragraph({ children: runs(d, line) }));
  });

  const doc = new d.Document({
    creator: 'Wenshu 文書通',
    title: options.title,
    styles: {
      default: {
        document: {
          run: { font: { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: 'PMingLiU' }, size: 24, language: { value: 'en-GB', eastAsia: 'zh-HK' } },
          paragraph: { spacing: { after: 120 } },
        },
      },
    },
    numbering: {
      config: [{ reference: 'numbered', levels: [{ level: 0, format: d.LevelFormat.DECIMAL, text: '%1.', alignment: d.AlignmentType.START }] }],
    },
    sections: [{ children: paragraphs }],
  });
  return new Uint8Array(await d.Packer.toBuffer(doc));
}

/** "a **b** c" → runs, bold where Markdown says so. */
function runs(d: DocxModule, text: string): InstanceType<DocxModule['TextRun']>[] {
  const out: InstanceType<DocxModule['TextRun']>[] = [];
  const parts = text.split(/(\*\*[^*]+\*\*)/);
  for (const part of parts) {
    if (!part) continue;
    const bold = /^\*\*([^*]+)\*\*$/.exec(part);
    out.push(new d.TextRun(bold ? { text: bold[1], bold: true } : { text: part }));
  }
  return out;
}
