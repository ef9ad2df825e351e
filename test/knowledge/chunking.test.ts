/** Structure-aware chunking of Markdown, text, Word and PDF knowledge files. */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { chunkUnits, parseMarkdown, parseText, readKnowledgeFile, titleAndBody, type Unit } from '../../src/gateway/knowledge';
import { splitSentences } from '../../src/core/text/sentences';
import { samples, TEMPLATES } from './helpers';

// minSize 1: every numbered paragraph starts a chunk, however short (the default, 24, merges short list items).
const chunksOf = (doc: ReturnType<typeof parseMarkdown>, minSize = 1) => {
  const { title, units } = titleAndBody(doc, 'file');
  return { title, chunks: chunkUnits(units, { minSize }) };
};

describe('Markdown', () => {
  const md = `---
title: Guide
shared: true
---

# Guide

## 1. Applying

1. Apply on the form, with a copy of your identity card.
   The form is on the website.

2. The fee is $900. It is not refundable.

### Late applications

3. A late application is refused.

## 2. 續期

4. 持有人須在屆滿前續期。
`;

  it('keeps the front matter, the heading trail, and one numbered paragraph per chunk', () => {
    const doc = parseMarkdown(md);
    expect(doc.shared).toBe(true);
    const { title, chunks } = chunksOf(doc);
    expect(title).toBe('Guide');
    expect(chunks.map((c) => [c.headings, c.text])).toEqual([
      [['1. Applying'], '1. Apply on the form, with a copy of your identity card. The form is on the website.'],
      [['1. Applying'], '2. The fee is $900. It is not refundable.'],
      [['1. Applying', 'Late applications'], '3. A late application is refused.'],
      [['2. 續期'], '4. 持有人須在屆滿前續期。'],
    ]);
    expect(chunks.map((c) => c.lang)).toEqual(['en', 'en', 'en', 'zh-HK']);
  });

  it('starts a new chunk where a bilingual file changes language', () => {
    const { chunks } = chunksOf(parseMarkdown('# T\n\n## 鼠患 Rodents\n\n留意是否有老鼠糞便。\n\nLook for droppings.\n'));
    expect(chunks.map((c) => c.text)).toEqual(['留意是否有老鼠糞便。', 'Look for droppings.']);
    expect(chunks[0].headings).toEqual(['鼠患 Rodents']);
  });

  it('merges short numbered items (below the minimum size) into one passage by default', () => {
    const { chunks } = chunksOf(parseMarkdown('# T\n\n1. Fill in the form.\n2. Pay the fee.\n3. Wait for the letter.\n'), 40);
    expect(chunks.map((c) => c.text)).toEqual(['1. Fill in the form.\n2. Pay the fee.\n3. Wait for the letter.']);
  });

  it('strips inline markup, keeps table rows and list items with their introduction', () => {
    const { chunks } = chunksOf(
      parseMarkdown('# T\n\nBring **these** [documents](http://x):\n\n- identity card\n- proof of address\n\n| Fee | Amount |\n|---|---|\n| Renewal | $900 |\n'),
    );
    expect(chunks).toHaveLength(1);
    expect(chunks[0].text).toBe('Bring these documents:\nidentity card\nproof of address\nFee | Amount\nRenewal | $900');
  });
});

describe('plain text', () => {
  it('finds a title block, headings standing alone, and numbered paragraphs written one a line', () => {
    const doc = parseText('食物環境衞生署通告第3/2025號\n全港滅蚊運動2025\n\n背景\n\n一、本署每年舉辦滅蚊運動。\n二、第一期由3月17日開始。\n\n查詢\n\n三、請與本署聯絡。\n');
    const { title, chunks } = chunksOf(doc);
    expect(title).toBe('食物環境衞生署通告第3/2025號 全港滅蚊運動2025');
    expect(chunks.map((c) => [c.headings.join('/'), c.text])).toEqual([
      ['背景', '一、本署每年舉辦滅蚊運動。'],
      ['背景', '二、第一期由3月17日開始。'],
      ['查詢', '三、請與本署聯絡。'],
    ]);
  });

  it('joins wrapped lines and keeps a question with its answer', () => {
    const { chunks } = chunksOf(parseText('FAQ\n===\n\nQ1. How do I pay at a\nparking meter?\nA1. By Octopus card.\n\nQ2. Are coins accepted?\nA2. No.\n'));
    expect(chunks.map((c) => c.text)).toEqual(['Q1. How do I pay at a parking meter?\nA1. By Octopus card.', 'Q2. Are coins accepted?\nA2. No.']);
  });
});

describe('long paragraphs', () => {
  it('are cut between sentences only, and a sentence longer than the limit stays whole', () => {
    const sentence = (i: number) => `Sentence number ${i} explains one more requirement of the licensing conditions in some detail.`;
    const long = Array.from({ length: 30 }, (_, i) => sentence(i)).join(' ');
    const giant = `${'word '.repeat(400)}end.`;
    const units: Unit[] = [
      { kind: 'para', text: long, numbered: false },
      { kind: 'para', text: giant, numbered: false },
    ];
    const chunks = chunkUnits(units, { maxSize: 120 });
    expect(chunks.length).toBeGreaterThan(5);
    const all = chunks.map((c) => c.text);
    for (let i = 0; i < 30; i++) expect(all.some((t) => t.includes(sentence(i)))).toBe(true);
    expect(all).toContain(giant);
  });

  it('never split a sentence of the sample knowledge bases', async () => {
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const p = join(dir, name);
        if (statSync(p).isDirectory()) walk(p);
        else if (/\.(md|txt|docx|pdf)$/.test(name) && !/^readme/i.test(name)) files.push(p);
      }
    };
    for (const d of ['fehd', 'td', 'shared']) walk(join(TEMPLATES, d, 'knowledge'));
    expect(files.length).toBeGreaterThanOrEqual(20);
    for (const file of files) {
      const doc = await readKnowledgeFile(file, file);
      const { units } = titleAndBody(doc, 'x');
      const chunks = chunkUnits(units, { maxSize: 60 }); // small, to force splits
      const joined = chunks.map((c) => c.text);
      for (const u of units) {
        if (u.kind !== 'para') continue;
        for (const s of splitSentences(u.text)) expect(joined.some((t) => t.includes(s.text))).toBe(true);
      }
    }
  });
});

describe('Word and PDF', () => {
  it('reads a .docx: Title style is the title, Heading 1 a section', async () => {
    const doc = await readKnowledgeFile(join(TEMPLATES, 'td/knowledge/guidelines/fare-concession-schemes.docx'), 'x.docx');
    const { title, chunks } = chunksOf(doc);
    expect(title).toBe('公共交通票價優惠計劃指南 Guide to Public Transport Fare Concession Schemes');
    expect(chunks[0]).toMatchObject({ headings: ['兩元乘車優惠計劃 The $2 Scheme'], lang: 'zh-HK' });
    expect(chunks.some((c) => c.text.includes('up to $400 a month') && c.headings[0].startsWith('公共交通費用補貼計劃'))).toBe(true);
  });

  it('reads a PDF: the larger font is a heading, wrapped lines are one paragraph', async () => {
    const file = join(TEMPLATES, 'td/knowledge/circulars/traffic-enforcement-cameras.pdf');
    const doc = await readKnowledgeFile(file, 'x.pdf', readFileSync(file));
    const { title, chunks } = chunksOf(doc);
    expect(title).toBe('Speed Enforcement Cameras and Red Light Cameras: Operational Notes');
    const penalty = chunks.find((c) => c.text.includes('red light jumping is $600'));
    expect(penalty?.headings).toEqual(['Notices and penalties']);
    expect(penalty?.text.startsWith('4. The fixed penalty for red light jumping is $600 and the driver also incurs driving-offence points.')).toBe(true);
  });

  it('refuses a PDF without text, a damaged .docx and an unknown format, naming the file', async () => {
    const empty = samples.makePdf({ title: 'Scan', blocks: [] });
    await expect(readKnowledgeFile('scan.pdf', 'fehd/knowledge/scan.pdf', empty)).rejects.toThrow(/^fehd\/knowledge\/scan\.pdf: has no text/);
    await expect(readKnowledgeFile('bad.docx', 'fehd/knowledge/bad.docx', Buffer.from('PK\u0003\u0004 not really a zip'))).rejects.toThrow(/^fehd\/knowledge\/bad\.docx: /);
    await expect(readKnowledgeFile('notes.pptx', 'fehd/knowledge/notes.pptx', Buffer.from('x'))).rejects.toThrow(/unsupported file type \.pptx/);
    await expect(readKnowledgeFile('junk.pdf', 'fehd/knowledge/junk.pdf', Buffer.from('%PDF-1.4 garbage'))).rejects.toThrow(/^fehd\/knowledge\/junk\.pdf: /);
  });
});
