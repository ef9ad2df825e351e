/**
 * What models wrap their answers in, taken off a section's text: code fences, a preamble ("好的，以下是……",
 * "Sure, here is…"), a closing offer ("如需修改……", "Let me know if…"), stray Markdown emphasis, the section's
 * own title, and lines that belong to the frame (salutation, close, signature, reference lines), which the
 * template renders itself. Each removal is reported.
 */

export interface Applied {
  /** What kind of change: see NormalisationKind. */
  kind: NormalisationKind;
  /** The section it was made in, when it was made in one. */
  section?: string;
  from: string;
  to: string;
}

export type NormalisationKind =
  | 'code-fence'
  | 'preamble'
  | 'closing-offer'
  | 'emphasis'
  | 'heading'
  | 'numbering'
  | 'frame-line'
  | 'simplified'
  | 'vocabulary'
  | 'hk-form'
  | 'punctuation'
  | 'spelling';

const FENCE = /^\s*(```|~~~)[\w-]*\s*$/;

const PREAMBLE = new RegExp(
  [
    '^(?:好的|好|當然|当然|沒問題|没问题|明白|收到|遵照|根據您|根据您|按照您|以下是|以下為|以下为|下面是|這是|这是|為您|为您|謹此|現將|现将)',
    '^(?:sure|certainly|of course|okay|ok|here is|here\'s|here are|below is|below are|as requested|i have drafted|i\'ve drafted|please find)\\b',
  ].join('|'),
  'i',
);
const PREAMBLE_END = /[：:]\s*$|以下|如下|below|follows?\b|here\b/i;

const CLOSING = new RegExp(
  [
    '^(?:如需|如有需要|如果您?需要|如您需要|若需|若有需要|如有任何(?:修改|調整|调整|問題|问题)|如對以上|如对以上|希望(?:以上|這|这|此)|請告訴我|请告诉我|請告知|请告知|歡迎|欢迎|以上(?:內容|内容|草稿)|需要我)',
    '^(?:let me know|please let me know|if you (?:need|would like|want|have)|i hope|hope this|feel free|would you like|i can also|i would be happy|happy to)\\b',
  ].join('|'),
  'i',
);

/** Lines the frame owns: a model that writes them has written outside its section. */
const FRAME_LINE = new RegExp(
  [
    '^dear\\s+\\S.*[,，]?$',
    '^yours\\s+(?:faithfully|sincerely|truly)[,.]?$',
    '^(?:best|kind)\\s+regards[,.]?$',
    '^(?:our|your|file)\\s+ref\\.?\\s*(?:no\\.?)?\\s*[:：].*$',
    '^(?:tel\\.?|fax|date|subject|to|from|encl\\.?|c\\.c\\.)\\s*(?:no\\.?)?\\s*[:：].*$',
    '^for\\s+director\\s+of\\b.*$',
    '^\\(\\s*[^()]+\\s*\\)$',
    '^(?:敬啟者|敬启者|此致|順頌|顺颂|謹啟|谨启|謹覆|谨覆|專此|专此)[：:，,]?.*$',
    '^.{1,12}(?:先生|女士|小姐|太太|博士|議員|议员)[：:]$',
    '^先生／女士[：:]?$',
    '^(?:本署檔號|来函檔號|來函檔號|檔號|档号|电话|電話|日期|主旨|標題|标题|附件|副本送)[：:].*$',
    '^.*署長$',
    '^（[^（）]+代行）$',
    // Security markings are the frame's, printed first and last from the declared classification.
    '^(?:restricted|confidential|secret|top secret|限閱文件|限閱|機密|机密|秘密|絕對機密|绝对机密|高度機密|高度机密|絕密|绝密)$',
  ].join('|'),
  'i',
);

export interface TidyInput {
  section: string;
  text: string;
  /** The section's titles (any language), dropped when the model repeats one as a line of its own. */
  titles: readonly string[];
  /** Lines of the rendered frame, trimmed: a content line equal to one is the frame's, not the section's. */
  frameLines: ReadonlySet<string>;
}

/** The section's paragraphs, unwrapped; `applied` says what was taken off. */
export function tidySection(input: TidyInput): { paragraphs: string[]; applied: Applied[] } {
  const applied: Applied[] = [];
  const report = (kind: NormalisationKind, from: string, to = '') => applied.push({ kind, section: input.section, from, to });
  const titles = new Set(input.titles.map(plainTitle));
  const lines: string[] = [];
  for (const raw of input.text.replace(/\r\n?/g, '\n').split('\n')) {
    if (FENCE.test(raw)) {
      report('code-fence', raw.trim());
      continue;
    }
    let line = raw.replace(/[ \t]+$/, '');
    const heading = /^\s*#{1,6}\s+(.*)$/.exec(line);
    const bare = plainTitle(heading ? heading[1] : line);
    if (bare && titles.has(bare)) {
      // The section's own title: the frame prints it where the template has one.
      report('heading', line.trim());
      continue;
    }
    if (heading) {
      report('heading', line.trim(), heading[1]);
      line = heading[1];
    }
    const trimmed = stripEmphasis(line.trim()).text;
    if (trimmed && (input.frameLines.has(trimmed) || input.frameLines.has(line.trim()) || FRAME_LINE.test(trimmed))) {
      report('frame-line', line.trim());
      continue;
    }
    lines.push(line);
  }
  let paragraphs = lines
    .join('\n')
    .split(/\n\s*\n/)
    .map((p) => p.replace(/^\n+|\n+$/g, ''))
    .filter((p) => p.trim() !== '');
  // A preamble is the first paragraph (or its first line) when it announces what follows; a closing offer the last.
  if (paragraphs.length) {
    const first = paragraphs[0];
    const firstLine = first.split('\n')[0];
    if (PREAMBLE.test(firstLine.trim()) && (PREAMBLE_END.test(firstLine) || firstLine.length < 40) && firstLine.length < 160) {
      report('preamble', firstLine.trim());
      const rest = first.split('\n').slice(1).join('\n');
      paragraphs = rest.trim() ? [rest, ...paragraphs.slice(1)] : paragraphs.slice(1);
    }
  }
  while (paragraphs.length) {
    const last = paragraphs[paragraphs.length - 1];
    const lastLines = last.split('\n');
    const tail = lastLines[lastLines.length - 1];
    if (!CLOSING.test(tail.trim()) || tail.length > 240) break;
    report('closing-offer', tail.trim());
    if (lastLines.length > 1) paragraphs[paragraphs.length - 1] = lastLines.slice(0, -1).join('\n');
    else paragraphs.pop();
  }
  paragraphs = paragraphs.map((p) => {
    const e = stripEmphasis(p);
    for (const f of e.found) report('emphasis', f.from, f.to);
    return e.text;
  });
  return { paragraphs, applied };
}

/** Text before any section block, or after the last one: reported as what it is, then dropped. */
export function classifyOutside(text: string): NormalisationKind | undefined {
  const t = text.trim();
  if (!t) return undefined;
  if (FENCE.test(t) || /^(```|~~~)/.test(t)) return 'code-fence';
  if (CLOSING.test(t)) return 'closing-offer';
  return 'preamble';
}

/** **bold**, __bold__, *italic*, `code`: the frame decides emphasis, not the model. List bullets are left. */
export function stripEmphasis(text: string): { text: string; found: Array<{ from: string; to: string }> } {
  const found: Array<{ from: string; to: string }> = [];
  const out = text
    .replace(/\*\*([^*\n]+)\*\*|__([^_\n]+)__/g, (m, a, b) => {
      found.push({ from: m, to: a ?? b });
      return a ?? b;
    })
    .replace(/(^|[^*\w])\*([^*\s][^*\n]*?)\*(?!\*)/g, (m, pre, inner) => {
      found.push({ from: m.slice(pre.length), to: inner });
      return pre + inner;
    })
    .replace(/`([^`\n]+)`/g, (m, inner) => {
      found.push({ from: m, to: inner });
      return inner;
    });
  return { text: out, found };
}

function plainTitle(line: string): string {
  return stripEmphasis(line.trim())
    .text.replace(/^(?:\d+[.)、]|[一二三四五六七八九十]+、)\s*/, '')
    .replace(/[:：]\s*$/, '')
    .trim()
    .toLowerCase();
}
