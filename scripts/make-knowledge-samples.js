#!/usr/bin/env node
// Generates the Word and PDF files of the sample knowledge bases (templates/<dept>/knowledge/), which are
// committed: node scripts/make-knowledge-samples.js
//
// - .docx with the `docx` package (headings as Word's Heading 1/2 styles, so the reader sees the structure),
//   then re-zipped with fixed dates so that the output is byte-for-byte reproducible.
// - .pdf written by hand: PDF 1.4 with the standard Helvetica fonts (no embedding), one content stream per page,
//   headings in a larger bold font, and a correct cross-reference table. ASCII text only.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const JSZip = require('jszip');
const { Document, Packer, Paragraph, HeadingLevel, TextRun } = require('docx');

const ROOT = path.join(__dirname, '..', 'templates');
const FIXED_DATE = new Date('2025-01-01T00:00:00Z');

// ---------------------------------------------------------------------------------------------------------------
// Content

const FEHD_DOCX = {
  file: 'fehd/knowledge/guidelines/public-cleanliness-fixed-penalties.docx',
  title: '公眾地方潔淨罪行定額罰款指南 Guide to Fixed Penalties for Public Cleanliness Offences',
  blocks: [
    ['h1', '定額罰款適用的罪行 Offences subject to a fixed penalty'],
    ['p', '1. 根據《定額罰款（公眾地方潔淨及阻礙）條例》（第570章），執法人員可就亂拋垃圾、隨地吐痰、狗隻糞便弄污街道、未經許可張貼街招及非法棄置垃圾等罪行，向違例者發出定額罰款通知書，罰款額為3,000元。'],
    ['p', '1. Under the Fixed Penalty (Public Cleanliness and Obstruction) Ordinance (Cap. 570), enforcement officers may issue a fixed penalty notice of $3,000 for littering, spitting, fouling of streets by dog faeces, unauthorised bill posting and illegal dumping of refuse.'],
    ['p', '2. 店鋪阻街，即在公眾地方擺放貨品或其他物件造成阻礙，定額罰款為6,000元。'],
    ['p', '2. The fixed penalty for obstruction of public places, such as a shop placing goods on the pavement, is $6,000.'],
    ['h1', '繳款及爭議 Payment and disputes'],
    ['p', '3. 收到定額罰款通知書的人須在21天內繳付罰款，可透過繳費靈、郵寄支票、便利店或親身到郵政局繳付。'],
    ['p', '3. A person who receives a fixed penalty notice must pay the penalty within 21 days, by PPS, by cheque through the post, at a convenience store or at a post office.'],
    ['p', '4. 如對定額罰款通知書有異議，須在21天內以書面通知本署，表示有意在裁判法院就有關法律責任提出爭議。'],
    ['p', '4. A person who wishes to dispute liability must notify the Department in writing within 21 days that the case should be heard by a magistrate.'],
    ['p', '5. 逾期未繳付罰款，法庭可命令繳付相等於罰款額的附加罰款及訟費。'],
    ['p', '5. If the penalty is not paid in time, the court may order an additional penalty equal to the fixed penalty, plus costs.'],
    ['h1', '執法安排 Enforcement'],
    ['p', '6. 本署人員執法時會出示委任證，並向違例者解釋其罪行。十六歲以下人士不會獲發定額罰款通知書，但會被轉介跟進。'],
    ['p', '6. Officers show their warrant card when taking enforcement action and explain the offence. Persons under 16 are not issued a fixed penalty notice but are referred for follow-up.'],
  ],
};

const TD_DOCX = {
  file: 'td/knowledge/guidelines/fare-concession-schemes.docx',
  title: '公共交通票價優惠計劃指南 Guide to Public Transport Fare Concession Schemes',
  blocks: [
    ['h1', '兩元乘車優惠計劃 The $2 Scheme'],
    ['p', '1. 長者及合資格殘疾人士公共交通票價優惠計劃讓65歲或以上長者及合資格殘疾人士，以每程2元乘搭港鐵、專營巴士、專線小巴、渡輪及電車等指定公共交通工具。'],
    ['p', '1. The Government Public Transport Fare Concession Scheme for the Elderly and Eligible Persons with Disabilities lets people aged 65 or above and eligible persons with disabilities travel on the MTR, franchised buses, green minibuses, ferries and trams at $2 a trip.'],
    ['p', '2. 長者須使用樂悠咭或個人化八達通卡，並須先登記才可享用優惠。殘疾人士須使用附有殘疾人士身分的個人化八達通卡。'],
    ['p', '2. Elderly people must use a JoyYou Card or a registered Personalised Octopus card; persons with disabilities must use a Personalised Octopus card with the status of a person with disabilities.'],
    ['p', '3. 如發現濫用優惠，例如非合資格人士使用樂悠咭乘車，可被檢控，並須繳付全費車資。'],
    ['p', '3. Abuse of the concession, such as a person who is not eligible travelling on a JoyYou Card, may lead to prosecution and payment of the full fare.'],
    ['h1', '公共交通費用補貼計劃 Public Transport Fare Subsidy Scheme'],
    ['p', '4. 市民每月的公共交通開支超過500元，超出部分的三分之一可獲補貼，每月補貼上限為400元。'],
    ['p', '4. Under the Public Transport Fare Subsidy Scheme, a person whose monthly public transport expenses exceed $500 receives a subsidy of one third of the amount above $500, up to $400 a month.'],
    ['p', '5. 補貼會存入市民登記的八達通卡，可在下一個月在指定收集點或透過八達通應用程式領取，須在三個月內收集。'],
    ['p', '5. The subsidy is credited to the Octopus card used and can be collected in the following month at subsidy collection points or through the Octopus app, within three months.'],
  ],
};

const FEHD_PDF = {
  file: 'fehd/knowledge/circulars/refuse-collection-points-and-toilets.pdf',
  title: 'Circular: Management of Refuse Collection Points and Public Toilets',
  blocks: [
    ['h1', 'Circular: Management of Refuse Collection Points and Public Toilets'],
    ['p', 'FEHD Circular No. 5/2025. For District Environmental Hygiene Superintendents.'],
    ['h2', 'Refuse collection points'],
    ['p', '1. Refuse collection points must be cleaned and washed at least twice a day, and the refuse must be removed to a refuse transfer station at least once a day. Cleansing contractors must deodorise the refuse collection point after each removal.'],
    ['p', '2. Refuse collection points near residential buildings should be operated with the doors closed and fitted with air purifiers where feasible, to reduce odour nuisance to residents.'],
    ['p', '3. Complaints about odour or vermin at a refuse collection point should be inspected within two working days. Officers should check the cleansing records of the contractor and issue a default notice when the contract standards are not met.'],
    ['h2', 'Public toilets'],
    ['p', '4. Public toilets must be cleaned by toilet attendants throughout opening hours. Toilets with high usage must have an attendant on duty at all times during peak hours.'],
    ['p', '5. The Public Toilet Refurbishment Programme improves the design, lighting and ventilation of selected public toilets. Districts should nominate toilets for refurbishment by the end of June each year.'],
    ['p', '6. Faulty facilities in public toilets, such as blocked flushing systems or broken hand dryers, should be reported to the works departments at once and repaired within the response times in the maintenance contract.'],
    ['h2', 'Enquiries'],
    ['p', '7. Enquiries about this circular should be addressed to the Cleansing and Pest Control Section at headquarters.'],
  ],
};

const TD_PDF = {
  file: 'td/knowledge/circulars/traffic-enforcement-cameras.pdf',
  title: 'Speed Enforcement Cameras and Red Light Cameras: Operational Notes',
  blocks: [
    ['h1', 'Speed Enforcement Cameras and Red Light Cameras: Operational Notes'],
    ['h2', 'Purpose of the cameras'],
    ['p', '1. Speed enforcement cameras and red light cameras deter speeding and red light jumping, two leading causes of serious traffic accidents. Camera housings are installed at accident blackspots and the cameras are rotated among them.'],
    ['p', '2. Sites for new cameras are chosen by the Transport Department with the Police, having regard to the accident records, the traffic speeds and the road layout. Warning signs are placed before the camera housings.'],
    ['h2', 'Notices and penalties'],
    ['p', '3. When a camera records an offence, the Police send a notice to the registered owner of the vehicle under the Fixed Penalty (Traffic Contraventions) Ordinance (Cap. 237). The owner must pay the fixed penalty or identify the driver within 21 days.'],
    ['p', '4. The fixed penalty for red light jumping is $600 and the driver also incurs driving-offence points. Fixed penalties for speeding range from $320 to $1,000 depending on how far the speed limit was exceeded.'],
    ['h2', 'Requests for new cameras'],
    ['p', '5. Requests from members of the public or District Councils for a camera at a particular junction are assessed against the accident records of the location. A camera is not recommended where the accident record is low or where other traffic management measures are more effective.'],
    ['h2', 'Average speed cameras'],
    ['p', '6. An average speed camera system measures the average speed of a vehicle between two points. A trial on a section of a trunk road is being planned, and the results will be reported to the Legislative Council Panel on Transport.'],
  ],
};

// ---------------------------------------------------------------------------------------------------------------
// Word

async function makeDocx({ title, blocks }) {
  const children = [new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun(title)] })];
  for (const [kind, text] of blocks) {
    if (kind === 'h1') children.push(new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun(text)] }));
    else if (kind === 'h2') children.push(new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun(text)] }));
    else children.push(new Paragraph({ children: [new TextRun(text)] }));
  }
  const doc = new Document({ creator: 'Wenshu sample knowledge', title, sections: [{ children }] });
  const raw = await Packer.toBuffer(doc);
  // Reproducible: fixed document-property dates and fixed ZIP entry dates.
  const zip = await JSZip.loadAsync(raw);
  const out = new JSZip();
  for (const name of Object.keys(zip.files).sort()) {
    const entry = zip.files[name];
    if (entry.dir) continue;
    let content = await entry.async('nodebuffer');
    if (name === 'docProps/core.xml') {
      content = Buffer.from(content.toString('utf8').replace(/(<dcterms:(?:created|modified)[^>]*>)[^<]*/g, `$1${FIXED_DATE.toISOString().replace(/\.\d+Z$/, 'Z')}`));
    }
    out.file(name, content, { date: FIXED_DATE, createFolders: false });
  }
  return out.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

// ---------------------------------------------------------------------------------------------------------------
// PDF

const PAGE = { width: 595, height: 842, margin: 72 };
const STYLE = { h1: { font: 'F2', size: 16, before: 6, after: 10 }, h2: { font: 'F2', size: 13, before: 10, after: 6 }, p: { font: 'F1', size: 11, before: 0, after: 8 } };

function wrap(text, size) {
  const width = PAGE.width - 2 * PAGE.margin;
  const max = Math.floor(width / (size * 0.5));
  const lines = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && line.length + 1 + word.length > max) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

function pdfString(text) {
  if (/[^\x20-\x7e]/.test(text)) throw new Error(`PDF text must be ASCII: ${text}`);
  return `(${text.replace(/[\\()]/g, (c) => `\\${c}`)})`;
}

function makePdf({ title, blocks }) {
  const pages = [];
  let ops = [];
  let y = PAGE.height - PAGE.margin;
  const newPage = () => {
    if (ops.length) pages.push(ops.join('\n'));
    ops = [];
    y = PAGE.height - PAGE.margin;
  };
  for (const [kind, text] of blocks) {
    const s = STYLE[kind];
    const leading = s.size * 1.35;
    y -= s.before;
    for (const line of wrap(text, s.size)) {
      if (y - leading < PAGE.margin) newPage();
      y -= leading;
      ops.push(`BT /${s.font} ${s.size} Tf ${PAGE.margin} ${y.toFixed(2)} Td ${pdfString(line)} Tj ET`);
    }
    y -= s.after;
  }
  newPage();
  if (!pages.length) pages.push(''); // no text at all: one blank page (tests use it as a PDF without text)

  const objects = [];
  const add = (body) => objects.push(body);
  add('<< /Type /Catalog /Pages 2 0 R >>');
  add(null); // pages, filled in below
  add('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>');
  add('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>');
  add(`<< /Title ${pdfString(title)} /Producer (Wenshu make-knowledge-samples.js) >>`);
  const kids = [];
  for (const content of pages) {
    const contentId = objects.length + 1;
    add(`<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}\nendstream`);
    const pageId = objects.length + 1;
    add(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${PAGE.width} ${PAGE.height}] /Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents ${contentId} 0 R >>`);
    kids.push(`${pageId} 0 R`);
  }
  objects[1] = `<< /Type /Pages /Kids [${kids.join(' ')}] /Count ${kids.length} >>`;

  let out = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
  const offsets = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) out += `${String(o).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info 5 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

// ---------------------------------------------------------------------------------------------------------------

async function main() {
  for (const spec of [FEHD_DOCX, TD_DOCX]) {
    const target = path.join(ROOT, spec.file);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, await makeDocx(spec));
    console.log(`wrote templates/${spec.file}`);
  }
  for (const spec of [FEHD_PDF, TD_PDF]) {
    const target = path.join(ROOT, spec.file);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, makePdf(spec));
    console.log(`wrote templates/${spec.file}`);
  }
}

module.exports = { makePdf, makeDocx };

if (require.main === module) {
  main().catch((err) => {
    console.error(err.message);
    process.exit(1);
  });
}
