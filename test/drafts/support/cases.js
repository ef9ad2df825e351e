/**
 * The realistic-model table: recorded-style answers of DeepSeek/Qwen-family models to Wenshu's drafting
 * prompt, across the six template kinds and both languages. Each case scripts the first answer (and the
 * repair answer, when the gateway should ask for one) from the prompt the model saw, and says what the
 * gateway must make of it. Shared by test/drafts/realistic-model.test.ts and bench/drafts.bench.js, so the
 * bench's shares are over exactly this table. Plain CommonJS so the bench can load it without a compiler.
 *
 * expect:
 *   applied   [kind, from?, to?]: normalisations that must be reported (from/to: substrings of what was
 *             changed and of what it became)
 *   invented  fact texts that must be findings "not in your inputs" before any repair
 *   repair    whether the repair call must be made (it is made at most once)
 *   left      rule ids of verification findings still open at hand-over
 *   contains / absent   text the final draft must / must not hold
 *   cut       the stream is cut by the upstream: an error event, no done
 */

/** Blocks in the requested shape, with the request's own nonce (as a compliant model writes them). */
function blocks(p, sections) {
  return Object.entries(sections)
    .map(([id, text]) => `<${p.tag} id="${id}">\n${text}\n</${p.tag}>`)
    .join('\n\n');
}

const FIELDS = {
  'reply-public': {
    en: {
      ourRef: '(12) in FEHD HQ/1234/56', receivedDate: '2026-11-20', channel: 'email', addressee: 'Mr CHAN Tai-man',
      subject: 'Cleanliness of Sheung Wan Market', contactOfficer: 'Mr LEE Ka-ming, Senior Health Inspector', contactPhone: '2868 0000', signatoryName: 'Miss WONG Mei-ling',
    },
    'zh-HK': {
      ourRef: '(12) in FEHD HQ/1234/56', receivedDate: '2026-11-20', channel: 'email', addressee: '陳大文先生',
      subject: '上環街市的衞生情況', contactOfficer: '本署高級衞生督察李家明先生', contactPhone: '2868 0000', signatoryName: '黃美玲',
    },
  },
  memo: {
    en: { to: 'Secretary for Environment and Ecology', ourRef: 'HQ/1234/56', tel: '2868 0000', subject: 'Anti-rodent Campaign 2026', signatoryName: 'LEE Ka-ming' },
    'zh-HK': { to: '環境及生態局局長', ourRef: 'HQ/1234/56', tel: '2868 0000', subject: '2026年全港滅鼠運動', signatoryName: '李家明' },
  },
  circular: {
    en: { circularNo: '5/2026', ourRef: 'HQ/CIR/5/2026', subject: 'Revised Inspection Arrangements', purpose: 'This circular sets out the revised arrangements for inspections.', effectiveDate: '2026-12-01', contactOfficer: 'Mr LEE Ka-ming', contactPhone: '2868 0000', signatoryName: 'WONG Siu-ming' },
    'zh-HK': { circularNo: '5/2026', ourRef: 'HQ/CIR/5/2026', subject: '修訂巡查安排', purpose: '本通告旨在公布修訂後的巡查安排。', effectiveDate: '2026-12-01', contactOfficer: '李家明先生', contactPhone: '2868 0000', signatoryName: '黃小明' },
  },
  minutes: {
    en: {
      meetingName: 'Fourth Meeting of the Working Group in 2026', meetingDate: '2026-11-20', meetingTime: '2:30 pm', venue: 'Conference Room, 44/F, Queensway Government Offices',
      chairman: 'Mr CHAN Tai-man, Assistant Director', present: 'Ms WONG Mei-ling, Chief Officer\nMr LEE Ka-ming, Senior Officer', secretary: 'Miss HO Wing-yan', lastMeetingDate: '2026-10-20', nextMeetingDate: '2026-12-18',
    },
    'zh-HK': {
      meetingName: '工作小組2026年第四次會議', meetingDate: '2026-11-20', meetingTime: '下午2時30分', venue: '金鐘道政府合署44樓會議室', chairman: '助理署長陳大文先生',
      present: '總主任黃美玲女士\n高級主任李家明先生', secretary: '何詠欣女士', lastMeetingDate: '2026-10-20', nextMeetingDate: '2026-12-18',
    },
  },
  'press-release': {
    en: { headline: 'Special arrangements for the holiday', lead: 'The Food and Environmental Hygiene Department today announced special arrangements for refuse collection over the holiday.' },
    'zh-HK': { headline: '假期特別安排', lead: '食物環境衞生署今日公布假期期間的垃圾收集特別安排。' },
  },
  'email-reply': {
    en: { ourRef: 'HQ/99', subject: 'Enquiry about hawker licences', receivedDate: '2026-11-25', addressee: 'Ms WONG Mei-ling', contactOfficer: 'Mr LEE Ka-ming', contactPhone: '2868 0000', signatoryName: 'WONG Siu-ming' },
    'zh-HK': { ourRef: 'HQ/99', subject: '有關小販牌照的查詢', receivedDate: '2026-11-25', addressee: '黃美玲女士', contactOfficer: '李家明先生', contactPhone: '2868 0000', signatoryName: '黃小明' },
  },
};

const KEY_POINTS = {
  en: ['The market was cleansed twice daily from 20 November.', 'Inspections will continue.'],
  'zh-HK': ['本署由11月20日起每日清潔街市兩次。', '本署會繼續巡查。'],
};

const CASES = [
  // ---------------------------------------------------------------- Chinese
  {
    name: 'zh letter: preamble, Simplified text and a closing offer',
    template: 'fehd/reply-public', lang: 'zh-HK',
    first: (p) =>
      `好的，以下是根据您的要求撰写的回复内容：\n\n${blocks(p, {
        response: '本署人员发现街市的卫生情况有改善空间，已由11月20日起每日清洁街市两次。',
        'follow-up': '本署以后会继续密切监察这里的情况。',
      })}\n\n如需修改，请随时告诉我。`,
    expect: { applied: [['preamble', '好的'], ['simplified', '发现', '發現'], ['simplified', '以后', '以後'], ['simplified', '这里', '這裏'], ['closing-offer', '如需修改']], invented: [], repair: false, contains: ['本署人員發現街市的衞生情況'], absent: ['好的', '如需修改'] },
  },
  {
    name: 'zh memo: code fences and Mainland vocabulary',
    template: 'fehd/memo', lang: 'zh-HK',
    first: (p) =>
      '```markdown\n' +
      blocks(p, { purpose: '本便箋旨在告知有關滅鼠運動的信息。', details: '本署會收集市民的反饋，並以短信通知參與的食肆。' }) +
      '\n```',
    expect: { applied: [['code-fence', '```'], ['vocabulary', '信息', '資訊'], ['vocabulary', '反饋', '回應'], ['vocabulary', '短信', '短訊']], invented: [], repair: false, contains: ['有關滅鼠運動的資訊', '以短訊通知'], absent: ['```', '信息'] },
  },
  {
    name: 'zh circular: Simplified one-to-many characters resolved by phrase',
    template: 'fehd/circular', lang: 'zh-HK',
    first: (p) =>
      blocks(p, {
        background: '台风季节后，部分食肆的厨房不够干净，头发及杂物积聚。',
        details: '巡查人员须复查有关食肆，并在巡查后回复总部。干扰巡查的个案须即时呈报。',
      }),
    expect: {
      applied: [['simplified', '台风', '颱風'], ['simplified', '干净', '乾淨'], ['simplified', '头发', '頭髮'], ['simplified', '复查', '複查'], ['simplified', '回复', '回覆']],
      invented: [], repair: false, contains: ['颱風季節後', '不夠乾淨，頭髮', '干擾巡查'], absent: [],
    },
  },
  {
    name: 'zh minutes: a section answered in English is repaired',
    template: 'fehd/minutes', lang: 'zh-HK',
    first: (p) => blocks(p, { discussion: 'The Working Group discussed the inspection arrangements and agreed to keep them under review.' }),
    repair: (p) => blocks(p, { discussion: '工作小組討論巡查安排，同意繼續檢討。' }),
    expect: { applied: [], invented: [], repair: true, contains: ['工作小組討論巡查安排'], absent: ['The Working Group'] },
  },
  {
    name: 'zh press release: Mainland terms in Traditional characters',
    template: 'fehd/press-release', lang: 'zh-HK',
    first: (p) => blocks(p, { details: '本署已在網站上載宣傳視頻，介紹垃圾收集服務的質量。', advice: '市民可透過短信查詢最新信息。' }),
    expect: { applied: [['vocabulary', '視頻', '影片'], ['vocabulary', '質量', '質素'], ['vocabulary', '短信', '短訊'], ['vocabulary', '信息', '資訊']], invented: [], repair: false, contains: ['宣傳影片', '服務的質素'], absent: ['視頻'] },
  },
  {
    name: 'zh email reply: JSON in a fence, then trailing prose',
    template: 'fehd/email-reply', lang: 'zh-HK',
    first: () => '```json\n{"sections": {"response": "閣下申請小販牌照，須向本署遞交申請表格。"}}\n```\n希望以上內容對您有幫助！',
    expect: { applied: [['code-fence', '```'], ['closing-offer', '希望以上內容']], invented: [], repair: false, contains: ['須向本署遞交申請表格'], absent: ['希望以上', '{', '```'] },
  },
  {
    name: 'zh letter: an invented reference number and telephone number are removed on repair',
    template: 'fehd/reply-public', lang: 'zh-HK',
    first: (p) => blocks(p, { response: '本署已就個案開立檔案（檔號：FEHD HQ/9999/99），閣下可致電2123 4567查詢。' }),
    repair: (p) => blocks(p, { response: '本署已就個案開立檔案跟進。' }),
    expect: { applied: [], invented: ['FEHD HQ/9999/99', '2123 4567'], repair: true, contains: ['本署已就個案開立檔案跟進。'], absent: ['9999', '2123 4567'] },
  },
  {
    name: 'zh letter: Cantonese colloquialisms are repaired',
    template: 'fehd/reply-public', lang: 'zh-HK',
    first: (p) => blocks(p, { response: '我哋已經派員巡查，佢哋會跟進。' }),
    repair: (p) => blocks(p, { response: '本署已派員巡查，並會跟進。' }),
    expect: { applied: [], invented: [], repair: true, contains: ['本署已派員巡查，並會跟進。'], absent: ['我哋', '佢哋'] },
  },
  {
    name: 'zh memo: a citation [7] of the sources given is repaired',
    template: 'fehd/memo', lang: 'zh-HK',
    first: (p) => blocks(p, { details: '滅鼠工作須按既定指引進行[7]。' }),
    repair: (p) => blocks(p, { details: `滅鼠工作須按既定指引進行${p.sources ? '[1]' : ''}。` }),
    expect: { applied: [], invented: [], repair: true, contains: ['滅鼠工作須按既定指引進行'], absent: ['[7]'] },
  },
  {
    name: 'zh circular: a missing required section is written on repair',
    template: 'fehd/circular', lang: 'zh-HK',
    first: (p) => blocks(p, { background: '本署檢討了巡查安排。' }),
    repair: (p) => blocks(p, { details: '各分區須按修訂安排進行巡查。' }),
    expect: { applied: [], invented: [], repair: true, contains: ['本署檢討了巡查安排。', '各分區須按修訂安排進行巡查。'], absent: [] },
  },
  {
    name: 'zh press release: the stream is cut in the middle of a section',
    template: 'fehd/press-release', lang: 'zh-HK',
    first: (p) => blocks(p, { details: '本署会在假期期间加强垃圾收集服务，并会调配额外人手。', advice: '市民应把垃圾妥善包好。' }),
    cutAfter: 6,
    expect: { cut: true, applied: [], invented: [], repair: false, contains: [], absent: [] },
  },
  {
    name: 'zh email reply: the close and signature written into the section are the frame’s',
    template: 'fehd/email-reply', lang: 'zh-HK',
    first: (p) => blocks(p, { response: '黃美玲女士：\n\n閣下申請小販牌照，須向本署遞交申請表格。\n\n此致\n\n食物環境衞生署署長\n（黃小明　代行）' }),
    expect: { applied: [['frame-line', '黃美玲女士：'], ['frame-line', '此致'], ['frame-line', '食物環境衞生署署長'], ['frame-line', '（黃小明　代行）']], invented: [], repair: false, contains: ['須向本署遞交申請表格。'], absent: ['此致'] },
  },
  {
    name: 'zh minutes: an invented name the repair keeps is left as a finding',
    template: 'fehd/minutes', lang: 'zh-HK',
    first: (p) => blocks(p, { discussion: '張志強先生報告巡查結果，工作小組備悉。' }),
    repair: (p) => blocks(p, { discussion: '張志強先生報告巡查結果，工作小組備悉有關報告。' }),
    expect: { applied: [], invented: ['張志強先生'], repair: true, left: ['drafting/not-in-inputs'], contains: ['張志強先生'], absent: [] },
  },
  {
    name: 'zh letter: half-width punctuation and Government character forms',
    template: 'fehd/reply-public', lang: 'zh-HK',
    first: (p) => blocks(p, { response: '本署已加強清潔,並會檢討衛生情況.', 'follow-up': '本署會繼續巡查,了解什麼措施最有效.' }),
    expect: { applied: [['punctuation', ',', '，'], ['hk-form', '衛', '衞'], ['hk-form', '什麼', '甚麼']], invented: [], repair: false, contains: ['本署已加強清潔，並會檢討衞生情況。', '甚麼措施'], absent: ['衛生'] },
  },
  // ---------------------------------------------------------------- English
  {
    name: 'en letter: "Sure, here is", American spelling and "Let me know"',
    template: 'fehd/reply-public', lang: 'en',
    first: (p) =>
      `Sure, here is the draft you asked for:\n\n${blocks(p, {
        response: 'We organized additional cleansing at the market center, which has been cleansed twice daily from 20 November.',
        'follow-up': 'Inspections will continue.',
      })}\n\nLet me know if you would like any changes.`,
    expect: { applied: [['preamble', 'Sure, here is'], ['spelling', 'organized', 'organised'], ['spelling', 'center', 'centre'], ['closing-offer', 'Let me know']], invented: [], repair: false, contains: ['We organised additional cleansing at the market centre'], absent: ['Sure, here is', 'Let me know'] },
  },
  {
    name: 'en memo: code fences and bold emphasis',
    template: 'fehd/memo', lang: 'en',
    first: (p) => '```\n' + blocks(p, { details: 'The campaign will run in **all eighteen districts**.', action: 'Please confirm the *district contacts* before the campaign starts.' }) + '\n```',
    expect: { applied: [['code-fence', '```'], ['emphasis', '**all eighteen districts**', 'all eighteen districts'], ['emphasis', '*district contacts*', 'district contacts']], invented: [], repair: false, contains: ['in all eighteen districts.'], absent: ['**all', '*district', '```'] },
  },
  {
    name: 'en circular: an invented date and amount are removed on repair',
    template: 'fehd/circular', lang: 'en',
    first: (p) => blocks(p, { details: 'Staff must complete the revised checklist by 15 January 2027. Licensees who do not comply face a fine of $5,000.' }),
    repair: (p) => blocks(p, { details: 'Staff must complete the revised checklist.' }),
    expect: { applied: [], invented: ['15 January 2027', '$5,000'], repair: true, contains: ['Staff must complete the revised checklist.'], absent: ['$5,000', 'January 2027'] },
  },
  {
    name: 'en minutes: a section answered in Chinese is repaired',
    template: 'fehd/minutes', lang: 'en',
    first: (p) => blocks(p, { discussion: '工作小組討論了巡查安排，並同意繼續檢討。' }),
    repair: (p) => blocks(p, { discussion: 'The Working Group discussed the inspection arrangements and agreed to keep them under review.' }),
    expect: { applied: [], invented: [], repair: true, contains: ['The Working Group discussed the inspection arrangements'], absent: ['工作小組'] },
  },
  {
    name: 'en press release: a citation [7] the repair keeps is left as a finding',
    template: 'fehd/press-release', lang: 'en',
    first: (p) => blocks(p, { details: 'Refuse collection points will be cleansed more often [7].' }),
    repair: (p) => blocks(p, { details: 'Refuse collection points will be cleansed more often [7].' }),
    expect: { applied: [], invented: [], repair: true, left: ['drafting/unknown-citation'], contains: ['cleansed more often [7].'], absent: [] },
  },
  {
    name: 'en email reply: a wrong close and salutation written into the section',
    template: 'fehd/email-reply', lang: 'en',
    first: (p) => blocks(p, { response: 'Dear Sir/Madam,\n\nApplications for hawker licences are made on the form available at any District Environmental Hygiene Office.\n\nYours faithfully,' }),
    expect: { applied: [['frame-line', 'Dear Sir/Madam,'], ['frame-line', 'Yours faithfully,']], invented: [], repair: false, contains: ['Dear Ms Wong,', 'Yours sincerely,'], absent: ['Yours faithfully', 'Dear Sir/Madam'] },
  },
  {
    name: 'en letter: the required response is missing and written on repair',
    template: 'fehd/reply-public', lang: 'en',
    first: (p) => blocks(p, { 'follow-up': 'Inspections will continue.' }),
    repair: (p) => blocks(p, { response: 'The market has been cleansed twice daily from 20 November.' }),
    expect: { applied: [], invented: [], repair: true, contains: ['The market has been cleansed twice daily from 20 November.', 'Inspections will continue.'], absent: [] },
  },
  {
    name: 'en memo: JSON with trailing prose',
    template: 'fehd/memo', lang: 'en',
    first: () => '{"sections": [{"id": "details", "text": "The campaign will run in all districts."}, {"id": "action", "text": "Please nominate a district contact."}]}\n\nI hope this helps! Would you like a Chinese version too?',
    expect: { applied: [['closing-offer', 'I hope this helps']], invented: [], repair: false, contains: ['The campaign will run in all districts.', 'Please nominate a district contact.'], absent: ['I hope', '{'] },
  },
  {
    name: 'en circular: the stream is cut in the middle of a section',
    template: 'fehd/circular', lang: 'en',
    first: (p) => blocks(p, { background: 'The arrangements were reviewed this year.', details: 'Each district will inspect licensed premises according to the revised risk ratings.' }),
    cutAfter: 9,
    expect: { cut: true, applied: [], invented: [], repair: false, contains: [], absent: [] },
  },
  {
    name: 'en press release: Markdown headings instead of blocks, after "Here is"',
    template: 'fehd/press-release', lang: 'en',
    first: () => 'Here is the press release:\n\n## Details\n\nRefuse collection will be stepped up over the holiday.\n\n## Advice\n\nMembers of the public should wrap their refuse properly.',
    expect: { applied: [['preamble', 'Here is the press release']], invented: [], repair: false, contains: ['Refuse collection will be stepped up over the holiday.', 'Members of the public should wrap their refuse properly.'], absent: ['Here is', '## Details'] },
  },
  {
    name: 'en email reply: an invented email address and HKID number are removed on repair',
    template: 'fehd/email-reply', lang: 'en',
    first: (p) => blocks(p, { response: 'Please send your application to licensing@fehd.example.hk, quoting HKID A123456(3).' }),
    repair: (p) => blocks(p, { response: 'Please send your application to any District Environmental Hygiene Office.' }),
    expect: { applied: [], invented: ['licensing@fehd.example.hk', 'A123456(3)'], repair: true, contains: ['Please send your application to any District Environmental Hygiene Office.'], absent: ['A123456', 'licensing@'] },
  },
  {
    name: 'en minutes: an invented telephone number the repair keeps is left as a finding',
    template: 'fehd/minutes', lang: 'en',
    first: (p) => blocks(p, { discussion: 'Members noted that complaints may be made on 2345 6789.' }),
    repair: (p) => blocks(p, { discussion: 'Members noted that complaints may be made on 2345 6789 at any time.' }),
    expect: { applied: [], invented: ['2345 6789'], repair: true, left: ['drafting/not-in-inputs'], contains: ['2345 6789'], absent: [] },
  },
  {
    name: 'en letter: a well-behaved answer is taken as it is',
    template: 'fehd/reply-public', lang: 'en',
    first: (p) => blocks(p, { response: 'The market has been cleansed twice daily from 20 November.', 'follow-up': 'Inspections will continue.' }),
    expect: { applied: [], invented: [], repair: false, contains: ['The market has been cleansed twice daily from 20 November.'], absent: [] },
  },
];

module.exports = { CASES, FIELDS, KEY_POINTS, blocks };
