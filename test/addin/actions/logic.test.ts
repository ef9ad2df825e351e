import { createChecker } from '../../../src/core/checks';
import { fromParagraphs, fromPlainText } from '../../../src/core/text/document';
import { GatewayClient, GatewayError, type FetchLike } from '../../../src/addin/api/client';
import { en } from '../../../src/addin/i18n/en';
import { zhHK } from '../../../src/addin/i18n/zh-HK';
import { compareVersions } from '../../../src/addin/panes/actions/bilingual';
import { canUseResult, DEFAULT_OPTIONS, originalTarget, plainText, requestFor, resultBlocks, selectionText } from '../../../src/addin/panes/actions/logic';
import { json, sse, Stream, streamResponse } from '../panes/support/fake-gateway';

describe('selection actions: logic', () => {
  test('a selection as text, one paragraph a line', () => {
    expect(selectionText(fromParagraphs([{ kind: 'paragraph', text: 'a' }, { kind: 'paragraph', text: 'b' }, { kind: 'paragraph', text: '' }]))).toBe('a\nb');
    expect(selectionText({ blocks: [] })).toBe('');
  });

  test('each action asks for what it needs', () => {
    const o = { ...DEFAULT_OPTIONS, targetLang: 'zh-HK' as const, length: 'long' as const, form: 'paragraph' as const, style: 'detailed' as const, template: 'fehd/minutes' };
    expect(requestFor('polish', 't', o)).toEqual({ action: 'polish', text: 't' });
    expect(requestFor('formalise', 't', o)).toEqual({ action: 'formalise', text: 't' });
    expect(requestFor('translate', 't', o)).toEqual({ action: 'translate', text: 't', lang: 'zh-HK' });
    expect(requestFor('summarise', 't', o)).toEqual({ action: 'summarise', text: 't', length: 'long', form: 'paragraph' });
    expect(requestFor('minutes', 't', o)).toEqual({ action: 'minutes', text: 't', style: 'detailed', template: 'fehd/minutes' });
    expect(requestFor('minutes', 't', { ...o, template: '' })).toEqual({ action: 'minutes', text: 't', style: 'detailed' });
  });

  test('only a finished result can be used', () => {
    for (const phase of ['idle', 'streaming', 'stopped', 'error'] as const) {
      expect(canUseResult({ phase, text: '全文' })).toBe(false);
      expect(resultBlocks({ phase, text: '全文' })).toEqual([]);
    }
    expect(canUseResult({ phase: 'done', text: '  ' })).toBe(false);
    expect(resultBlocks({ phase: 'done', text: '# 標題\n\n正文\n- 一' })).toEqual([
      { kind: 'heading', text: '標題', level: 1 },
      { kind: 'paragraph', text: '正文' },
      { kind: 'list-item', text: '一', level: 1 },
    ]);
  });

  test('Copy gives plain text', () => {
    expect(plainText('## Decisions\n\n- **Cleansing** stepped up\n  - twice a day\n\nNext meeting: 3 May.')).toBe('Decisions\n• Cleansing stepped up\n  • twice a day\nNext meeting: 3 May.');
  });

  test('the original can be selected again when it was within one paragraph', () => {
    const one = { kind: 'selection' as const, text: '我哋', doc: { blocks: [{ id: 'p3:5', kind: 'paragraph' as const, text: '我哋', offset: 0 }] } };
    expect(originalTarget(one)).toEqual({ block: 'p3:5', start: 0, end: 2, text: '我哋' });
    const two = { kind: 'selection' as const, text: 'a\nb', doc: fromPlainText('a\nb') };
    expect(originalTarget(two)).toBeNull();
    expect(originalTarget({ kind: 'transcript', text: 'x' })).toBeNull();
  });

  test('bilingual comparison: halves and pasted', () => {
    const zh = '本署已預留150萬元，在2027年3月前為轄下12個公眾街市更換照明系統。';
    const enText = 'The Department has earmarked $1.6 million to replace the lighting systems of its 12 public markets by March 2027.';
    const halves = compareVersions(fromPlainText(`${zh}\n${enText}`), 'halves');
    expect(halves.problem).toBeUndefined();
    expect(halves.findings.map((c) => [c.finding.document, c.finding.text, c.finding.block, c.inDocument])).toEqual([
      ['zh-HK', '150萬元', 'b0', true],
      ['en', '$1.6 million', 'b1', true],
    ]);
    const pasted = compareVersions(fromPlainText(zh), 'pasted', enText);
    expect(pasted.documentLang).toBe('zh-HK');
    expect(pasted.findings.map((c) => [c.finding.document, c.inDocument])).toEqual([
      ['zh-HK', true],
      ['en', false],
    ]);
    expect(compareVersions(fromPlainText(zh), 'halves').problem).toBe('noEnglish');
    expect(compareVersions(fromPlainText(enText), 'halves').problem).toBe('noChinese');
    expect(compareVersions(fromPlainText(zh), 'pasted', '  ').problem).toBe('pasteFirst');
    expect(compareVersions(fromPlainText(zh), 'pasted', zh).problem).toBe('sameLanguage');
    expect(compareVersions(fromPlainText(''), 'pasted', enText).problem).toBe('noChinese');
  });
});

describe('GatewayClient.transform', () => {
  test('POSTs /v1/transform for a stream, with the credentials, and yields its events', async () => {
    const stream = new Stream();
    const calls: Array<{ url: string; method: string; headers: Record<string, string>; body?: string }> = [];
    const fetch: FetchLike = async (url, init) => {
      calls.push({ url, ...init });
      return streamResponse(stream);
    };
    const client = new GatewayClient({ baseUrl: 'http://gw.test/', fetch, credentials: () => ({ authorization: 'Bearer t' }) });
    stream.push(sse('meta', { action: 'polish', composer: 'offline' }) + sse('delta', { text: '甲' }) + sse('ping', {}) + sse('done', { text: '甲' }));
    stream.end();
    const events = [];
    for await (const e of client.transform({ action: 'polish', text: '甲' })) events.push(e);
    expect(events.map((e) => e.type)).toEqual(['meta', 'delta', 'done']);
    expect(calls[0].url).toBe('http://gw.test/v1/transform');
    expect(calls[0].method).toBe('POST');
    expect(calls[0].headers).toMatchObject({ accept: 'text/event-stream', 'content-type': 'application/json', authorization: 'Bearer t' });
    expect(JSON.parse(calls[0].body!)).toEqual({ action: 'polish', text: '甲' });
  });

  test('Stop ends it with an "aborted" GatewayError; a refusal carries the reason', async () => {
    const stream = new Stream();
    const controller = new AbortController();
    const client = new GatewayClient({
      baseUrl: 'http://gw.test',
      fetch: async (_url, init) => {
        init.signal?.addEventListener('abort', () => stream.abort(), { once: true });
        return streamResponse(stream);
      },
    });
    stream.push(sse('delta', { text: '甲' }));
    const it = client.transform({ action: 'polish', text: '甲' }, { signal: controller.signal });
    expect((await it.next()).value).toEqual({ type: 'delta', data: { text: '甲' } });
    const next = it.next();
    controller.abort();
    await expect(next).rejects.toMatchObject({ name: 'GatewayError', kind: 'aborted' });

    const refused = new GatewayClient({ baseUrl: 'http://gw.test', fetch: async () => json(429, { error: { message: 'quota exceeded', code: 'quota_exceeded' } }) });
    const err = await refused.transform({ action: 'polish', text: '甲' }).next().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GatewayError);
    expect(err).toMatchObject({ kind: 'http', status: 429, code: 'quota_exceeded', message: 'quota exceeded' });
  });
});

describe('selection actions: strings', () => {
  const keys = Object.keys(en).filter((k) => k.startsWith('actions.'));

  test('every actions string in both languages, with the same placeholders', () => {
    expect(keys.length).toBeGreaterThan(50);
    const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of keys as Array<keyof typeof en>) {
      expect([key, zhHK[key]?.trim().length > 0]).toEqual([key, true]);
      expect([key, placeholders(zhHK[key])]).toEqual([key, placeholders(en[key])]);
    }
    expect(Object.keys(zhHK).filter((k) => k.startsWith('actions.')).sort()).toEqual([...keys].sort());
  });

  test('the Chinese is HK written Chinese: no Simplified characters, no Cantonese, full-width punctuation', () => {
    const checker = createChecker({ ruleSets: ['hk-zh-characters', 'hk-zh-formal'] });
    const doc = fromParagraphs(keys.map((k) => ({ kind: 'paragraph' as const, text: zhHK[k as keyof typeof zhHK] })));
    expect(checker.check(doc, { lang: 'zh-HK' }).map((f) => `${f.ruleId}: ${f.text}`)).toEqual([]);
  });

  test('the English is British', () => {
    const text = keys.map((k) => en[k as keyof typeof en]).join(' ');
    expect(text).not.toMatch(/\b(summariz|organiz|color|center)\w*/i);
  });
});
