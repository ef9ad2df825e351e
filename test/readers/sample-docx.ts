import { AlignmentType, Document, Footer, Header, HeadingLevel, LevelFormat, Packer, Paragraph, Table, TableCell, TableRow, TextRun, Tab } from 'docx';

/** A Chinese reply letter, as the docx package writes one: marking in header and footer, title, headings, list, table. */
export async function sampleDocx(): Promise<Buffer> {
  const doc = new Document({
    numbering: { config: [{ reference: 'nums', levels: [{ level: 0, format: LevelFormat.DECIMAL, text: '%1.', alignment: AlignmentType.START }] }] },
    sections: [
      {
        headers: { default: new Header({ children: [new Paragraph({ text: '限閱文件', alignment: AlignmentType.CENTER })] }) },
        footers: { default: new Footer({ children: [new Paragraph(''), new Paragraph({ text: '限閱文件', alignment: AlignmentType.CENTER })] }) },
        children: [
          new Paragraph({ text: '回覆市民來信', heading: HeadingLevel.TITLE }),
          new Paragraph({ text: '背景', heading: HeadingLevel.HEADING_1 }),
          new Paragraph({ children: [new TextRun({ text: '佢哋', bold: true }), new TextRun('嘅意見已收悉。')] }),
          new Paragraph({ children: [new TextRun('𠝹😀佢'), new TextRun({ children: [new Tab(), '第二'] }), new TextRun({ text: '行', break: 1 })] }),
          new Paragraph({ text: '詳情', heading: HeadingLevel.HEADING_2 }),
          new Paragraph({ text: '第一點', bullet: { level: 0 } }),
          new Paragraph({ text: '第二點', numbering: { reference: 'nums', level: 0 } }),
          new Table({
            rows: [
              new TableRow({ children: [new TableCell({ children: [new Paragraph('項目')] }), new TableCell({ children: [new Paragraph('日期')] })] }),
              new TableRow({ children: [new TableCell({ children: [new Paragraph('清潔街市')] }), new TableCell({ children: [new Paragraph('2026年11月28日')] })] }),
            ],
          }),
          new Paragraph(''),
          new Paragraph('食物環境衞生署'),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}
