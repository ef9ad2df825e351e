#!/usr/bin/env node
/**
 * Builds the bundled sample .docx bodies (templates/td/reply-public/body.en.docx and body.zh-HK.docx) with the
 * `docx` package, so that no binary is committed that cannot be rebuilt from source. Each body is the template's
 * Markdown body, one Word paragraph a line (the lines stay those of body.<lang>.md, so the frame the gateway
 * renders and the filled .docx say the same), set in the department's own letter layout: a letterhead in the
 * header (department name in both languages, address, telephone, fax and website, ruled off), a footer, a
 * "TD Letter" paragraph style and a "TD Subject" style for the subject line.
 *
 *   node scripts/build-sample-docx.js            writes the files
 *   node scripts/build-sample-docx.js --check    exits 1 when a committed file's text differs from a fresh build
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const d = require('docx');

const DIR = path.join(__dirname, '..', 'templates', 'td', 'reply-public');
const LANGS = ['en', 'zh-HK'];

const FONT = { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: 'PMingLiU' };

function letterhead() {
  const centred = (text, size, bold) =>
    new d.Paragraph({ alignment: d.AlignmentType.CENTER, spacing: { after: 0 }, children: [new d.TextRun({ text, size, bold, font: FONT })] });
  return new d.Header({
    children: [
      centred('運輸署', 32, true),
      centred('TRANSPORT DEPARTMENT', 28, true),
      centred('香港灣仔告士打道7號入境事務大樓41樓', 18),
      centred('41/F, Immigration Tower, 7 Gloucester Road, Wan Chai, Hong Kong', 18),
      new d.Paragraph({
        alignment: d.AlignmentType.CENTER,
        border: { bottom: { style: d.BorderStyle.SINGLE, size: 8, color: '000000', space: 4 } },
        spacing: { after: 240 },
        children: [new d.TextRun({ text: '電話 Tel.: 2804 2600    圖文傳真 Fax: 2824 0433    網址 Website: www.td.gov.hk', size: 18, font: FONT })],
      }),
    ],
  });
}

function footer() {
  return new d.Footer({
    children: [
      new d.Paragraph({
        alignment: d.AlignmentType.CENTER,
        children: [new d.TextRun({ text: '運輸署 Transport Department', size: 16, font: FONT })],
      }),
    ],
  });
}

/** One paragraph per non-blank line of the Markdown body; a blank line after a paragraph becomes space after it. */
function bodyParagraphs(markdown) {
  const lines = markdown.replace(/\r\n?/g, '\n').replace(/\n+$/, '').split('\n');
  const out = [];
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    const gapAfter = i + 1 < lines.length && lines[i + 1].trim() === '';
    const bold = /^\*\*(.*)\*\*$/.exec(line.trim());
    out.push(
      new d.Paragraph({
        style: bold ? 'TDSubject' : 'TDLetter',
        spacing: { after: gapAfter ? 240 : 0 },
        children: [new d.TextRun({ text: bold ? bold[1] : line })],
      }),
    );
  });
  return out;
}

async function build(lang) {
  const markdown = fs.readFileSync(path.join(DIR, `body.${lang}.md`), 'utf8');
  const doc = new d.Document({
    creator: 'Transport Department',
    title: lang === 'en' ? 'Letter replying to a member of the public' : '回覆市民的公函',
    styles: {
      default: { document: { run: { font: FONT, size: 24, language: { value: 'en-GB', eastAsia: 'zh-HK' } } } },
      paragraphStyles: [
        { id: 'TDLetter', name: 'TD Letter', basedOn: 'Normal', quickFormat: true, run: { font: FONT, size: 24 }, paragraph: { spacing: { line: 300 } } },
        { id: 'TDSubject', name: 'TD Subject', basedOn: 'TDLetter', quickFormat: true, run: { bold: true, underline: {} } },
      ],
    },
    sections: [
      {
        properties: { page: { margin: { top: 1440, bottom: 1440, left: 1440, right: 1440 } } },
        headers: { default: letterhead() },
        footers: { default: footer() },
        children: bodyParagraphs(markdown),
      },
    ],
  });
  return Buffer.from(await d.Packer.toBuffer(doc));
}

async function main() {
  const check = process.argv.includes('--check');
  for (const lang of LANGS) {
    const file = path.join(DIR, `body.${lang}.docx`);
    const bytes = await build(lang);
    if (check) {
      // The zip's timestamps differ from build to build; the document text is what must match.
      const JSZip = require('jszip');
      const text = async (b) => (await JSZip.loadAsync(b)).file('word/document.xml').async('string');
      if (!fs.existsSync(file) || (await text(fs.readFileSync(file))) !== (await text(bytes))) {
        console.error(`${path.relative(process.cwd(), file)} is out of date: run node scripts/build-sample-docx.js`);
        process.exitCode = 1;
      }
      continue;
    }
    fs.writeFileSync(file, bytes);
    console.log(`wrote ${path.relative(process.cwd(), file)} (${bytes.length} bytes)`);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
