import { inspect } from 'node:util';
import { RedactionMap, createChunkRestorer, createRestorer, redact, redactDeep, redactMessages, restore, restoreCompletion } from '../../../src/gateway/policy/redaction';
import type { ChatMessage } from '../../../src/gateway/providers/types';

// Valid HKIDs (check digits computed by core's hkidCheckDigit): A123456(3), Z683365(A), K234567(6).
const EN = 'Dear Sir, Mr Chan (HKID A123456(3)) called from 9123 4567 and wrote from chan.tm@example.com. Please call 9123 4567 or email chan.tm@example.com.';
const ZH = '陳大文先生（身份證號碼：Z683365(A)，電話：2345 6789，電郵：chan@fehd.gov.hk）查詢街市事宜。請致電2345 6789回覆，或電郵chan@fehd.gov.hk。身份證：K234567（6）';
const VALUES = ['A123456(3)', '9123 4567', 'chan.tm@example.com', 'Z683365(A)', '2345 6789', 'chan@fehd.gov.hk', 'K234567（6）'];

function expectNoValues(text: string) {
  for (const v of VALUES) expect(text).not.toContain(v);
  expect(text).not.toMatch(/\d{4} ?\d{4}/);
  expect(text).not.toMatch(/@/);
}

describe('redact', () => {
  it('replaces HKID, phone and email in English text and restores them', () => {
    const r = redact(EN);
    expectNoValues(r.text);
    expect(r.text).toBe(
      'Dear Sir, Mr Chan (HKID [HKID_1]) called from [PHONE_1] and wrote from [EMAIL_1]. Please call [PHONE_1] or email [EMAIL_1].',
    );
    expect(r.count).toBe(5);
    expect(r.map.size).toBe(3);
    expect(restore(r.text, r.map)).toBe(EN);
  });

  it('replaces them in Chinese text, full-width brackets included, and restores them', () => {
    const r = redact(ZH);
    expectNoValues(r.text);
    expect(r.text).toBe('陳大文先生（身份證號碼：[HKID_1]，電話：[PHONE_1]，電郵：[EMAIL_1]）查詢街市事宜。請致電[PHONE_1]回覆，或電郵[EMAIL_1]。身份證：[HKID_2]');
    expect(restore(r.text, r.map)).toBe(ZH);
  });

  // Each spelling its own placeholder (it used to be one per value): restoring then gives back exactly what was written.
  it('gives the same spelling the same placeholder, and each other spelling its own, restoring each as written', () => {
    const text = 'Call 2345 6789, 23456789, +852 2345 6789, (852) 2345-6789 or 2345 6789; mail A@X.GOV.HK or a@x.gov.hk.';
    const r = redact(text);
    expect(r.text).toBe('Call [PHONE_1], [PHONE_2], [PHONE_3], [PHONE_4] or [PHONE_1]; mail [EMAIL_1] or [EMAIL_2].');
    expect(r.map.get('[PHONE_1]')).toBe('2345 6789');
    expect(restore(r.text, r.map)).toBe(text);
  });

  it('redacts official numbers too, and leaves dates, unbracketed numbers with a wrong check digit and ordinary numbers alone', () => {
    expect(redact('Enquiries: 2868 0000 (Tel)').text).toBe('Enquiries: [PHONE_1] (Tel)');
    expect(redact('二〇二四年，2024年3月1日，A1234564，第12345678號').text).toBe('二〇二四年，2024年3月1日，A1234564，第12345678號');
    // A bracketed check digit is an HKID's own spelling: redacted even when mistyped.
    expect(redact('A123456(4)').text).toBe('[HKID_1]');
    expect(redact('Ref. FEHD 12/34 of 2024, item 1234').count).toBe(0);
  });

  it('merges overlapping finds so no part of either is left', () => {
    const r = redact('write to 23456789@example.com');
    expect(r.text).toBe('write to [EMAIL_1]');
    expect(restore(r.text, r.map)).toBe('write to 23456789@example.com');
  });

  it('never hands out a placeholder already written in the text', () => {
    const r = redact('Template field [EMAIL_1] and ［PHONE_1］; send to a@b.hk, tel 91234567.');
    expect(r.text).toBe('Template field [EMAIL_1] and ［PHONE_1］; send to [EMAIL_2], tel [PHONE_2].');
    expect(restore(r.text, r.map)).toBe('Template field [EMAIL_1] and ［PHONE_1］; send to a@b.hk, tel 91234567.');
  });

  it('shares a map between texts', () => {
    const map = new RedactionMap();
    expect(redact('a@b.hk', { map }).text).toBe('[EMAIL_1]');
    expect(redact('c@d.hk and a@b.hk', { map }).text).toBe('[EMAIL_2] and [EMAIL_1]');
  });

  it('keeps the map out of logs: JSON, inspect and String say only how many', () => {
    const { map } = redact(EN);
    for (const shown of [JSON.stringify({ map }), inspect(map), inspect({ nested: { map } }, { depth: 5 }), String(map), `${map}`]) {
      for (const v of VALUES) expect(shown).not.toContain(v);
    }
    expect(JSON.stringify(map)).toBe('{"placeholders":3}');
  });
});

describe('redactMessages', () => {
  const messages: ChatMessage[] = [
    { role: 'system', content: 'You draft replies for FEHD. Contact: 2868 0000.' },
    {
      role: 'user',
      content: [
        { type: 'text', text: 'Reply to chan@fehd.gov.hk about the market.' },
        { type: 'image_url', image_url: { url: 'https://intranet/img.png' } },
        { type: 'text', text: 'His number is 2868 0000? No: 9123 4567.' },
      ],
    },
    { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'lookup', arguments: '{"email":"chan@fehd.gov.hk"}' } }] },
    { role: 'tool', content: 'Found: HKID A123456(3)', tool_call_id: 'c1' },
  ];

  it('redacts every text with one shared map and does not change the input', () => {
    const before = JSON.stringify(messages);
    const r = redactMessages(messages);
    expect(JSON.stringify(messages)).toBe(before);
    expect(r.messages[0].content).toBe('You draft replies for FEHD. Contact: [PHONE_1].');
    const parts = r.messages[1].content as Array<{ type: string; text?: string }>;
    expect(parts[0].text).toBe('Reply to [EMAIL_1] about the market.');
    expect(parts[1]).toEqual({ type: 'image_url', image_url: { url: 'https://intranet/img.png' } });
    expect(parts[2].text).toBe('His number is [PHONE_1]? No: [PHONE_2].');
    expect((r.messages[2].tool_calls as Array<{ function: { arguments: string } }>)[0].function.arguments).toBe('{"email":"[EMAIL_1]"}');
    expect(r.messages[3]).toEqual({ role: 'tool', content: 'Found: HKID [HKID_1]', tool_call_id: 'c1' });
    expect(r.count).toBe(6);
    expect(restore('Call [PHONE_2] or write to [EMAIL_1] ([HKID_1]).', r.map)).toBe('Call 9123 4567 or write to chan@fehd.gov.hk (A123456(3)).');
  });

  // Issue 9: tool-call arguments are JSON text; its escapes hid values from the patterns.
  it('redacts JSON tool-call arguments string by string: values after an escaped newline, behind \\u0040, in a bare JSON string', () => {
    const calls = [
      '{"notes":"Caller\\n2868-0000","to":"chan\\u0040example.com"}',
      '"Call\\nAB987654(3)"',
      'not JSON: 9123 4567',
    ].map((args, i) => ({ id: `c${i}`, type: 'function', function: { name: 'f', arguments: args } }));
    const r = redactMessages([{ role: 'assistant', content: null, tool_calls: calls }]);
    const out = (r.messages[0].tool_calls as typeof calls).map((c) => c.function.arguments);
    expect(JSON.parse(out[0])).toEqual({ notes: 'Caller\n[PHONE_1]', to: '[EMAIL_1]' });
    expect(JSON.parse(out[1])).toBe('Call\n[HKID_1]');
    expect(out[2]).toBe('not JSON: [PHONE_2]');
    expect(r.count).toBe(4);
  });

  it('reserves placeholder-shaped text in any message before numbering', () => {
    const r = redactMessages([
      { role: 'user', content: 'mail a@b.hk' },
      { role: 'user', content: 'literal [EMAIL_1] in a later message' },
    ]);
    expect(r.messages[0].content).toBe('mail [EMAIL_2]');
  });
});

describe('createRestorer (streaming)', () => {
  const { map } = redactMessages([{ role: 'user', content: `${EN}\n${ZH}` }]);
  const answers = [
    '致[EMAIL_1]：閣下來電（[PHONE_1]）已收悉。身份證[HKID_1]。',
    'Write to [EMAIL_2] or call [PHONE_2]; ref [1], [PHONE_9] [EMAIL_ [HKID_2]',
    '［EMAIL_1］與【PHONE_2】',
    '[[EMAIL_1]]',
    '[PHONE_1][PHONE_2]',
  ];

  const streamed = (chunks: string[]) => {
    const r = createRestorer(map);
    return chunks.map((c) => r.push(c)).join('') + r.flush();
  };

  it('restores whole texts, including full-width brackets and leaving unknown placeholders', () => {
    expect(restore(answers[0], map)).toBe('致chan.tm@example.com：閣下來電（9123 4567）已收悉。身份證A123456(3)。');
    expect(restore(answers[1], map)).toBe('Write to chan@fehd.gov.hk or call 2345 6789; ref [1], [PHONE_9] [EMAIL_ Z683365(A)');
    expect(restore(answers[2], map)).toBe('chan.tm@example.com與2345 6789');
  });

  it.each(answers.map((a, i) => [i, a]))('restores answer %i split at every position', (_i, answer) => {
    const whole = restore(answer as string, map);
    const text = answer as string;
    for (let i = 0; i <= text.length; i++) expect(streamed([text.slice(0, i), text.slice(i)])).toBe(whole);
  });

  it.each(answers.map((a, i) => [i, a]))('restores answer %i split at every pair of positions, and char by char', (_i, answer) => {
    const text = answer as string;
    const whole = restore(text, map);
    for (let i = 0; i <= text.length; i++) {
      for (let j = i; j <= text.length; j++) expect(streamed([text.slice(0, i), text.slice(i, j), text.slice(j)])).toBe(whole);
    }
    expect(streamed([...text])).toBe(whole);
  });

  it('passes text through at once and holds back only a possible placeholder start', () => {
    const r = createRestorer(map);
    expect(r.push('Hello ')).toBe('Hello ');
    expect(r.push('see [1] and [EMA')).toBe('see [1] and ');
    expect(r.push('IL_1')).toBe('');
    expect(r.push('] done [PH')).toBe('chan.tm@example.com done ');
    expect(r.push('X')).toBe('[PHX');
    expect(r.push(' [HKID_')).toBe(' ');
    expect(r.flush()).toBe('[HKID_');
    expect(r.flush()).toBe('');
  });

  it('never holds back more than a placeholder length', () => {
    const r = createRestorer(map);
    expect(r.push('[EMAIL_1234567')).toBe('[EMAIL_1234567');
  });
});

// Issue 9, "kept text": redacting after JSON.stringify let a value behind an escaped "\n" through.
describe('redactDeep (kept text)', () => {
  // Valid HKIDs (check digits by core's hkidCheckDigit): AB987654(3), M100000(A); a fixed-line phone.
  const RAW = ['AB987654(3)', 'M100000(A)', '2868-0000'];
  const text = `Re: enquiry\nAB987654(3)\nM100000(A)\n2868-0000\nThanks`;

  it('shows why: redacting the serialised JSON misses values at line starts', () => {
    const late = redact(JSON.stringify({ text })).text;
    expect(RAW.some((v) => late.includes(v))).toBe(true);
  });

  it('redacts values at line starts inside nested objects and arrays, then serialises cleanly', () => {
    const kept = { action: 'polish', text, fields: { caller: { hkid: 'M100000(A)', notes: [`Call\n2868-0000`, 42, null, true] } } };
    const r = redactDeep(kept);
    const json = JSON.stringify(r.value);
    for (const v of RAW) expect(json).not.toContain(v);
    expect(r.value.text).toBe('Re: enquiry\n[HKID_1]\n[HKID_2]\n[PHONE_1]\nThanks');
    // One map for the whole value: the same HKID gets the same placeholder wherever it is.
    expect(r.value.fields.caller.hkid).toBe('[HKID_2]');
    expect(r.value.fields.caller.notes).toEqual(['Call\n[PHONE_1]', 42, null, true]);
    expect(r.count).toBe(5);
    expect(r.map.size).toBe(3);
    // The input is not changed.
    expect(kept.text).toBe(text);
  });

  it('redacts object keys, serialises a Date as JSON.stringify would, and never hands out a placeholder already in the value', () => {
    const when = new Date('2026-01-02T03:04:05.000Z');
    const r = redactDeep({ ['AB987654(3)']: 'seen', quoted: 'already says [HKID_1]', at: when, later: '\nAB987654(3)' } as Record<string, unknown>);
    const json = JSON.stringify(r.value);
    expect(json).not.toContain('AB987654(3)');
    expect(r.value).toEqual({ '[HKID_2]': 'seen', quoted: 'already says [HKID_1]', at: '2026-01-02T03:04:05.000Z', later: '\n[HKID_2]' });
  });

  it('leaves values without personal data as they were', () => {
    expect(redactDeep(null).value).toBeNull();
    expect(redactDeep([1, 'plain', { a: false }]).value).toEqual([1, 'plain', { a: false }]);
  });
});

// Issue 9: the answer's other texts (reasoning, tool-call arguments) and every choice of n > 1, each restored
// with its own restorer; streamed chunks interleave them.
describe('restoreCompletion and createChunkRestorer (every choice, every text)', () => {
  const { map } = redactMessages([{ role: 'user', content: 'HKID A123456(3), phone 9123 4567, email chan@example.com' }]);
  const newRestorer = () => createRestorer(map);
  const ORIGINAL: Record<string, string> = { '[HKID_1]': 'A123456(3)', '[PHONE_1]': '9123 4567', '[EMAIL_1]': 'chan@example.com' };
  const expand = (s: string) => s.replace(/\[(HKID|PHONE|EMAIL)_1\]/g, (p) => ORIGINAL[p]);

  it('restores content, reasoning_content, refusal, tool-call and function-call arguments of every choice', () => {
    const result = {
      id: 'c',
      object: 'chat.completion' as const,
      created: 1,
      model: 'm',
      choices: [
        { index: 0, finish_reason: 'stop', message: { role: 'assistant', content: 'Call [PHONE_1].', reasoning_content: 'ID [HKID_1]' } },
        {
          index: 1,
          finish_reason: 'tool_calls',
          message: { role: 'assistant', content: null, refusal: 'not [EMAIL_1]', tool_calls: [{ id: 't', type: 'function', function: { name: 'f', arguments: '{"to":"[EMAIL_1]"}' } }], function_call: { name: 'g', arguments: '[PHONE_1]' } },
        },
      ],
    };
    restoreCompletion(result, newRestorer);
    expect(result.choices[0].message).toEqual({ role: 'assistant', content: 'Call 9123 4567.', reasoning_content: 'ID A123456(3)' });
    const m1 = result.choices[1].message as Record<string, any>;
    expect(m1.refusal).toBe('not chan@example.com');
    expect(m1.tool_calls[0].function.arguments).toBe('{"to":"chan@example.com"}');
    expect(m1.function_call.arguments).toBe('9123 4567');
  });

  /** Two choices, each with content, reasoning and two tool calls, cut into pieces of `size` and interleaved. */
  function interleaved(size: number) {
    const texts: Array<[number, string, string]> = [
      [0, 'content', 'Call [PHONE_1] or mail [EMAIL_1].'],
      [0, 'reasoning_content', 'The HKID is [HKID_1]'],
      [0, 'tool:0', '{"to":"[PHONE_1]"}'],
      [0, 'tool:1', '{"to":"[EMAIL_1]"}'],
      [1, 'content', '[EMAIL_1][HKID_1]'],
      [1, 'tool:0', '{"id":"[HKID_1]"}'],
    ];
    const pieces = texts.map(([choice, field, text]) => ({ choice, field, parts: text.match(new RegExp(`[^]{1,${size}}`, 'g')) as string[] }));
    const chunks: any[] = [];
    for (let round = 0; pieces.some((p) => p.parts.length); round++) {
      for (const p of pieces) {
        const part = p.parts.shift();
        if (part === undefined) continue;
        const delta = p.field.startsWith('tool:') ? { tool_calls: [{ index: Number(p.field.slice(5)), function: { arguments: part } }] } : { [p.field]: part };
        chunks.push({ choices: [{ index: p.choice, delta, finish_reason: null }] });
      }
    }
    chunks.push({ choices: [{ index: 0, delta: {}, finish_reason: 'stop' }, { index: 1, delta: {}, finish_reason: 'stop' }] });
    return { texts, chunks };
  }

  it.each([1, 2, 3, 4, 5, 7, 11])('restores interleaved streamed texts cut into pieces of %d', (size) => {
    const { texts, chunks } = interleaved(size);
    const r = createChunkRestorer(newRestorer);
    const got = new Map<string, string>();
    let content = '';
    for (const chunk of chunks) {
      content += r.push(chunk);
      for (const c of chunk.choices) {
        const add = (key: string, v: unknown) => typeof v === 'string' && got.set(key, (got.get(key) ?? '') + v);
        add(`${c.index}:content`, c.delta.content);
        add(`${c.index}:reasoning_content`, c.delta.reasoning_content);
        for (const t of c.delta.tool_calls ?? []) add(`${c.index}:tool:${t.index}`, t.function?.arguments);
      }
    }
    expect(r.end()).toBeUndefined();
    for (const [choice, field, text] of texts) expect(got.get(`${choice}:${field}`)).toBe(expand(text));
    // push() returns the choices' restored content as it went by (interleaved), for token counts and the hash.
    expect(content.length).toBe(expand(texts[0][2]).length + expand(texts[4][2]).length);
    expect(content).not.toMatch(/\[(?:HKID|PHONE|EMAIL)_/);
  });

  it('end() returns what is still held for a choice that never finished, as a chunk', () => {
    const r = createChunkRestorer(newRestorer);
    const chunk = { id: 'x', object: 'chat.completion.chunk', created: 2, model: 'm', choices: [{ index: 1, delta: { content: 'see [PHONE_1] and [EMA' }, finish_reason: null }] };
    expect(r.push(chunk)).toBe('see 9123 4567 and ');
    expect(r.end()).toEqual({ id: 'x', object: 'chat.completion.chunk', created: 2, model: 'm', choices: [{ index: 1, delta: { content: '[EMA' }, finish_reason: null }] });
  });
});
