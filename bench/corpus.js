// A deterministic bilingual "draft" for benchmarks: formal Hong Kong government Chinese and British English
// paragraphs, with the mistakes a hurried draft has seeded into about one sentence in four: Cantonese
// colloquialisms, Simplified characters, half-width punctuation and Western quotes in Chinese, American
// spellings, "Mr." with a full stop, US-style dates and outdated names of bureaux and departments.
// Plain Node (no build step), so that bench/check.bench.js and the tests can both use it.
'use strict';

/** mulberry32: a small, fast, seedable PRNG. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Well-formed sentences in the register of published HK government papers. Some contain words that look like
// colloquialisms but are not (關係, 食物環境衞生署, the question particle 呢), to exercise the exceptions.
const ZH = [
  '本署已於2026年11月28日收到閣下的來信，現謹覆如下。',
  '政府一直十分重視市民對公共服務的意見，並會繼續檢討有關安排。',
  '食物環境衞生署會加強巡查，確保食肆符合有關的衞生規定。',
  '就閣下所提出的關注，本署已聯絡有關部門作出跟進。',
  '根據現行政策，申請人須於截止日期前遞交所有證明文件。',
  '如閣下對上述安排有任何查詢，請致電本署熱線與我們聯絡。',
  '當局會按既定程序處理每一宗申請，並在完成審批後以書面通知申請人。',
  '為配合區內發展，政府計劃在明年展開道路改善工程。',
  '有關措施旨在提升服務質素，同時減輕前線人員的工作壓力。',
  '我們明白有關工程或會為附近居民帶來不便，並會盡量減少對他們的影響。',
  '本局現正與相關持份者保持緊密溝通，以制定切實可行的方案。',
  '上述數據反映兩者之間存在密切關係，當局會作進一步研究。',
  '市民或會問，新安排何時生效呢？當局會在適當時候公布詳情。',
  '政府在過去一年共收到三百多宗投訴，大部分已經妥善處理。',
  '在疫情期間，各部門均採取了特別措施，以維持基本公共服務。',
  '這些建議經諮詢委員會詳細討論後，已提交局方考慮。',
  '現在正值旅遊旺季，入境事務處已增派人手應付額外需求。',
  '為甚麼部分申請需時較長，主要是因為需要核實申請人提交的資料。',
  '有關報告已上載至本署網頁，供市民查閱。',
  '署方會繼續密切監察情況，並在有需要時採取適當行動。',
  '他表示，新系統會在下季度全面推行，並會為員工提供培訓。',
  '會議紀錄經主席確認後，會送交各委員參閱。',
  '該項計劃沒有影響現有服務，市民可如常使用各項設施。',
  '我們會在收到所需資料後十四個工作天內作出回覆。',
  '稅務局提醒納稅人須在限期前提交報稅表，以免被罰款。',
  '委員會認為，有關條例草案應在本立法年度內提交立法會審議。',
  '本署檔號：FEHD 2/3/45 Pt. 6，來函檔號：CR/2026/118。',
  '隨着人口老化，社會對長者服務的需求不斷增加。',
  '申請人如未能出席面試，應最少在三個工作天前通知本署。',
  '發展局會就「北部都會區」的規劃向公眾作進一步諮詢。',
];

const EN = [
  'Thank you for your letter of 28 November 2026 regarding the refuse collection point in your district.',
  'The Department has carefully considered the views expressed by members of the public during the consultation.',
  'We are reviewing the programme to ensure that it meets the needs of the community.',
  'The Food and Environmental Hygiene Department will step up inspections of licensed premises in the area.',
  'Applicants should submit all supporting documents before the closing date stated in the guidance notes.',
  'Should you have any further enquiries, please contact our hotline during office hours.',
  'The organisation of the event will be coordinated by the District Office in close liaison with the police.',
  'We recognise that the works may cause inconvenience to nearby residents and will minimise any disruption.',
  'The new licence conditions take effect on 1 January 2027 and apply to all operators.',
  'Mr Chan, Senior Executive Officer, will be responsible for the day-to-day management of the centre.',
  'The Government attaches great importance to the health and safety of labour in the construction industry.',
  'Our colleagues will analyse the data collected and report their findings to the committee.',
  'The Digital Policy Office is responsible for formulating policies on digital government and data governance.',
  'The Innovation, Technology and Industry Bureau will brief the Legislative Council panel next month.',
  'Members noted that the behaviour of a small number of visitors had caused concern in the neighbourhood.',
  'The Secretary for Environment and Ecology welcomed the colour-coded recycling scheme in public housing estates.',
  'Dr Wong thanked members for their support and said the Department would prioritise the most urgent cases.',
  'The defence of the proposal rests on its benefits to the travelling public and to local businesses.',
  'Copies of the report are available for inspection at all public libraries and District Offices.',
  'We apologise for any inconvenience caused and appreciate your understanding.',
  'The Bureau will continue to monitor the situation closely and take appropriate action where necessary.',
  'Ms Lee explained that the favourable response from the trade showed strong support for the initiative.',
  'Any personal data provided will be used only for the purposes for which it was collected.',
  'The meeting was adjourned at 5.30 pm and the next meeting will be held on 12 December 2026.',
  'Staff will be trained to use the new system before it is rolled out across the Department.',
  'The licensing authority may refuse an application if the premises do not meet the fire safety requirements.',
  'The Committee agreed to realise the remaining savings through a more efficient use of resources.',
  'In view of the growing demand, the centre will extend its opening hours from next quarter.',
];

// Seeded mistakes: [what a careful writer writes, what a hurried draft has]. Each is applied to the first
// occurrence of its left side in a sentence that has one.
const ZH_COLLOQUIAL = [
  ['他們', '佢哋'], ['沒有', '冇'], ['現在', '而家'], ['這些', '呢啲'], ['為甚麼', '點解'], ['我們', '我哋'],
  ['的', '嘅'], ['是', '係'], ['了', '咗'], ['不', '唔'], ['他', '佢'], ['在', '喺'], ['看', '睇'], ['來', '嚟'],
];
const ZH_SIMPLIFIED = [
  ['說', '说'], ['們', '们'], ['這', '这'], ['為', '为'], ['發', '发'], ['時', '时'], ['會', '会'], ['國', '国'],
  ['經', '经'], ['與', '与'], ['關', '关'], ['務', '务'], ['請', '请'], ['處', '处'], ['門', '门'], ['個', '个'],
  ['對', '对'], ['應', '应'], ['報', '报'], ['區', '区'], ['資', '资'], ['員', '员'], ['稅', '税'], ['衞', '卫'],
];
const ZH_PUNCTUATION = [
  ['，', ','], ['。', '.'], ['：', ':'], ['？', '?'], ['（', '('], ['；', ';'], ['「', '“'], ['」', '”'],
];
const EN_STYLE = [
  ['programme', 'program'], ['organisation', 'organization'], ['centre', 'center'], ['licence', 'license'],
  ['recognise', 'recognize'], ['minimise', 'minimize'], ['analyse', 'analyze'], ['labour', 'labor'],
  ['behaviour', 'behavior'], ['neighbourhood', 'neighborhood'], ['colour', 'color'], ['prioritise', 'prioritize'],
  ['defence', 'defense'], ['favourable', 'favorable'], ['realise', 'realize'], ['apologise', 'apologize'],
  ['travelling', 'traveling'], ['Mr ', 'Mr. '], ['Dr ', 'Dr. '], ['Ms ', 'Ms. '],
  ['28 November 2026', 'November 28, 2026'], ['1 January 2027', 'January 1, 2027'],
  ['Innovation, Technology and Industry Bureau', 'Innovation and Technology Bureau'],
  ['Digital Policy Office', 'Office of the Government Chief Information Officer'],
];
// Whole sentences of spoken Cantonese, as when a reply quotes a caller or a draft is dictated.
const ZH_SPOKEN = [
  '佢哋話而家仲未收到通知，唔知點算好。',
  '呢份文件係咪要今日交返俾你哋？',
  '我哋已經同有關部門講咗，佢話會盡快跟進嘅。',
  '點解咁耐都冇人覆我？',
];

const KINDS = ['colloquial', 'simplified', 'punctuation', 'english', 'spoken'];

function pick(random, list) {
  return list[Math.floor(random() * list.length)];
}

/** Applies one seeded mistake of the given table to the sentence, if any of its words occur; null if none. */
function mutate(random, sentence, table) {
  const start = Math.floor(random() * table.length);
  for (let i = 0; i < table.length; i++) {
    const [good, bad] = table[(start + i) % table.length];
    const at = sentence.indexOf(good);
    if (at >= 0) return sentence.slice(0, at) + bad + sentence.slice(at + good.length);
  }
  return null;
}

/**
 * Generates the corpus. Same options, same text, on every machine.
 * @param {{size?: number, seed?: number, errorRate?: number}} [options]
 *   size: length in characters (UTF-16 code units; every character is in the BMP, so also code points);
 *   errorRate: share of sentences that get one seeded mistake.
 * @returns {{text: string, seeded: Record<string, number>, paragraphs: {zh: number, en: number}}}
 */
function generateCorpus(options = {}) {
  const size = options.size ?? 100_000;
  const random = rng(options.seed ?? 20261128);
  const errorRate = options.errorRate ?? 0.25;
  const seeded = Object.fromEntries(KINDS.map((k) => [k, 0]));
  const paragraphs = { zh: 0, en: 0 };
  const out = [];
  let length = 0;

  for (;;) {
    const zh = random() < 0.6;
    const count = 2 + Math.floor(random() * 4);
    const sentences = [];
    const kinds = [];
    const used = new Set();
    for (let i = 0; i < count; i++) {
      const pool = zh ? ZH : EN;
      let index = Math.floor(random() * pool.length);
      while (used.has(index)) index = (index + 1) % pool.length; // no sentence twice in one paragraph
      used.add(index);
      let sentence = pool[index];
      if (random() < errorRate) {
        let kind;
        let changed = null;
        if (zh) {
          const r = random();
          kind = r < 0.45 ? 'colloquial' : r < 0.7 ? 'simplified' : r < 0.95 ? 'punctuation' : 'spoken';
          if (kind === 'spoken') changed = pick(random, ZH_SPOKEN);
          else changed = mutate(random, sentence, kind === 'colloquial' ? ZH_COLLOQUIAL : kind === 'simplified' ? ZH_SIMPLIFIED : ZH_PUNCTUATION);
        } else {
          kind = 'english';
          changed = mutate(random, sentence, EN_STYLE);
        }
        if (changed !== null) {
          sentence = changed;
          kinds.push(kind);
        }
      }
      sentences.push(sentence);
    }
    const paragraph = sentences.join(zh ? '' : ' ');
    const separator = out.length ? '\n\n' : '';
    if (length + separator.length + paragraph.length > size) break;
    out.push(separator, paragraph);
    length += separator.length + paragraph.length;
    for (const kind of kinds) seeded[kind]++;
    paragraphs[zh ? 'zh' : 'en']++;
  }

  // Fill the rest with well-formed sentences, so that the text is exactly `size` characters long.
  let filler = out.length ? '\n\n' : '';
  while (length + filler.length < size) filler += pick(random, ZH);
  out.push(filler.slice(0, size - length));
  return { text: out.join(''), seeded, paragraphs };
}

module.exports = { generateCorpus, rng, tables: { ZH_COLLOQUIAL, ZH_SIMPLIFIED, ZH_PUNCTUATION, EN_STYLE, ZH_SPOKEN } };
