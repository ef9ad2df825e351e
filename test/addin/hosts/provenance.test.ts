/**
 * @jest-environment jsdom
 */
/// <reference types="office-js" />
/**
 * A draft's provenance kept with the inserted content, in every host: Word (content control tag + custom XML part,
 * document settings before WordApi 1.4), Outlook compose (internet header, a custom property before Mailbox 1.8),
 * the preview (the draft's section). And the record's XML form, as `wenshu check` reads it back.
 */
import { OfficeApp, OfficeMockObject } from './support/office-addin-mock';
import { WordMock, wordDocument } from './support/word-mock';
import { createWordHost, DRAFT_TAG, PROVENANCE_SETTING } from '../../../src/addin/hosts/word';
import { createOutlookHost, PROVENANCE_PROPERTY } from '../../../src/addin/hosts/outlook';
import { createPreviewHost, setPreviewText } from '../../../src/addin/hosts/preview';
import {
  draftIdOfTag,
  provenanceHeaderValue,
  provenanceXml,
  readProvenanceXml,
  type InsertedProvenance,
} from '../../../src/core/drafting/provenance-record';
import { provenanceForInsert } from '../../../src/addin/panes/shared/provenance';

const RECORD: InsertedProvenance = {
  template: { id: 'fehd/reply-public', version: 'sha256:d41ed4629c14b98e' },
  ruleSets: [{ id: 'hk-zh-formal', version: 'sha256:896a20e425805df9' }],
  frame: { composer: 'template' },
  sections: [
    { id: 'response', composer: 'model', model: 'local', provider: 'local-llm', repaired: true },
    { id: 'follow-up', composer: 'model', model: 'local', provider: 'local-llm', repaired: false },
  ],
  repairRounds: 1,
  findingsAtHandOver: [{ ruleId: 'drafting/not-in-inputs', level: 'warning' }],
  officer: 'chan.taiman@fehd.gov.hk',
  createdAt: '2026-12-03T12:08:03.576Z',
  draftId: '4f6c1a2e-8d0b-4f3e-9a51-2b7d0c9e6f10',
  insertedBy: 'chan.taiman@fehd.gov.hk',
  insertedAt: '2026-12-03T12:09:00.000Z',
  host: 'word',
};

const BLOCKS = [{ kind: 'paragraph' as const, text: '多謝閣下來信。' }];

describe('the provenance record as XML', () => {
  it('round-trips through the custom XML part, text escaped (a < or & in an id cannot break the part)', () => {
    const tricky = { ...RECORD, template: { ...RECORD.template, id: 'a<b>&c' } };
    const xml = provenanceXml(tricky);
    expect(xml).toContain('xmlns:wenshu="urn:wenshu:provenance:1"');
    expect(xml).not.toContain('a<b>');
    expect(readProvenanceXml(xml)).toEqual(tricky);
  });

  it('is not read from a part in another namespace, a malformed record, or an edited one', () => {
    expect(readProvenanceXml('<x:provenance xmlns:x="urn:other">{}</x:provenance>')).toBeNull();
    expect(readProvenanceXml(provenanceXml(RECORD).replace('"repairRounds":1', '"repairRounds":"one"'))).toBeNull();
    expect(readProvenanceXml(provenanceXml(RECORD).replace('}</wenshu', '</wenshu'))).toBeNull();
    expect(readProvenanceXml('<ds:datastoreItem xmlns:ds="http://schemas.openxmlformats.org/officeDocument/2006/customXml"/>')).toBeNull();
  });

  it('the Outlook header is ASCII and carries no officer, rule set or finding', () => {
    const value = provenanceHeaderValue({ ...RECORD, template: { ...RECORD.template, id: '食環署/回覆' } });
    expect(value).toMatch(/^[\x20-\x7e]+$/);
    expect(JSON.parse(value)).toMatchObject({ v: 1, draft: RECORD.draftId, template: '食環署/回覆@sha256:d41ed4629c14b98e', repairs: 1, open: 1 });
    expect(value).not.toContain('chan.taiman');
    expect(value).not.toContain('not-in-inputs');
    expect(value).not.toContain('hk-zh-formal');
  });

  it('the pane adds a new draft id, the inserting host and time to the gateway record; none without a record', () => {
    const { draftId, insertedBy, insertedAt, host, ...gatewayRecord } = RECORD;
    const a = provenanceForInsert({ text: '', composer: 'model', provider: 'x', provenance: gatewayRecord }, 'preview', new Date('2026-12-03T13:00:00Z'))!;
    const b = provenanceForInsert({ text: '', composer: 'model', provider: 'x', provenance: gatewayRecord }, 'preview')!;
    expect(a).toMatchObject({ ...gatewayRecord, insertedBy: gatewayRecord.officer, insertedAt: '2026-12-03T13:00:00.000Z', host: 'preview' });
    expect(a.draftId).not.toBe(b.draftId);
    expect(draftId && insertedBy && insertedAt && host).toBeTruthy();
    expect(provenanceForInsert({ text: '', composer: 'offline', provider: 'offline' }, 'word')).toBeUndefined();
    expect(provenanceForInsert(undefined, 'word')).toBeUndefined();
  });
});

describe('Word keeps the provenance with the draft', () => {
  afterEach(() => WordMock.uninstall());

  it('WordApi 1.4: tags the control wenshu-ai-draft:<id> and adds the custom XML part, in the same write sync', async () => {
    const mock = wordDocument({ paragraphs: ['敬啟者：'], supported: { WordApi: '1.4' } });
    await createWordHost().insertDraft(BLOCKS, { mode: 'cursor', provenance: RECORD });
    // Sync 1 reads where the cursor is; sync 2 inserts, tags and adds the part together.
    expect(mock.syncs).toBe(2);
    expect(mock.controls).toHaveLength(1);
    expect(draftIdOfTag(mock.controls[0].tag!)).toBe(RECORD.draftId);
    expect(mock.customXmlParts).toHaveLength(1);
    expect(readProvenanceXml(mock.customXmlParts[0])).toEqual(RECORD);
    expect(mock.log.find((o) => o.op === 'addCustomXmlPart')?.sync).toBe(2);
    expect(mock.log.find((o) => o.op === 'insertContentControl')?.sync).toBe(2);
    expect(mock.settings.has(PROVENANCE_SETTING)).toBe(false);
  });

  it('WordApi 1.3: no custom XML parts there, so the record goes into the document settings, keyed by draft id', async () => {
    const mock = wordDocument({ paragraphs: ['敬啟者：'], supported: { WordApi: '1.3' } });
    await createWordHost().insertDraft(BLOCKS, { mode: 'cursor', provenance: RECORD });
    expect(mock.syncs).toBe(2);
    expect(mock.customXmlParts).toHaveLength(0);
    expect(mock.settings.get(PROVENANCE_SETTING)).toEqual({ [RECORD.draftId]: RECORD });
    expect(draftIdOfTag(mock.controls[0].tag!)).toBe(RECORD.draftId);
  });

  it('without a record: the bare tag and no part', async () => {
    const mock = wordDocument({ paragraphs: ['敬啟者：'], supported: { WordApi: '1.4' } });
    await createWordHost().insertDraft(BLOCKS, { mode: 'cursor' });
    expect(mock.controls[0].tag).toBe(DRAFT_TAG);
    expect(mock.customXmlParts).toHaveLength(0);
  });

  it('a filled .docx keeps its record too', async () => {
    const mock = wordDocument({ paragraphs: ['甲'], supported: { WordApi: '1.4' } });
    await createWordHost().insertDocx!('UEsDBBQAAAAIAA==', { mode: 'cursor', provenance: RECORD });
    expect(mock.syncs).toBe(1);
    expect(readProvenanceXml(mock.customXmlParts[0])?.draftId).toBe(RECORD.draftId);
  });
});

describe('Outlook compose keeps the provenance with the message', () => {
  type Callback = (result: unknown) => void;
  const ok = (value?: unknown) => ({ status: 'succeeded', value });
  const later = (cb: Callback, result: unknown) => setTimeout(() => cb(result), 0);

  function compose(mailbox: string) {
    const headers: Record<string, string> = {};
    const props: Record<string, unknown> = {};
    const item = {
      itemType: 'message',
      subject: { getAsync: (cb: Callback) => later(cb, ok('回覆：查詢')) },
      body: {
        getAsync: (_c: unknown, cb: Callback) => later(cb, ok('')),
        getTypeAsync: (cb: Callback) => later(cb, ok('html')),
        setSelectedDataAsync: (_d: string, _o: unknown, cb: Callback) => later(cb, ok()),
      },
      getSelectedDataAsync: (_c: unknown, cb: Callback) => later(cb, ok({ data: '' })),
      internetHeaders: { setAsync: (set: Record<string, string>, cb: Callback) => (Object.assign(headers, set), later(cb, ok())) },
      loadCustomPropertiesAsync: (cb: Callback) =>
        later(cb, ok({ get: (n: string) => props[n], set: (n: string, v: unknown) => void (props[n] = v), saveAsync: (done: Callback) => later(done, ok()) })),
    };
    (globalThis as Record<string, unknown>).Office = new OfficeMockObject(
      {
        context: {
          displayLanguage: 'zh-HK',
          mailbox: { item },
          requirements: { isSetSupported: (name: string, version: string) => name === 'Mailbox' && Number(version) <= Number(mailbox) },
        },
        CoercionType: { Text: 'text', Html: 'html' },
        AsyncResultStatus: { Succeeded: 'succeeded', Failed: 'failed' },
      },
      OfficeApp.Outlook as never,
    );
    return { headers, props };
  }

  afterEach(() => delete (globalThis as Record<string, unknown>).Office);

  it('Mailbox 1.8: an x-wenshu-provenance internet header', async () => {
    const { headers, props } = compose('1.8');
    await createOutlookHost().insertDraft(BLOCKS, { mode: 'cursor', provenance: RECORD });
    expect(JSON.parse(headers['x-wenshu-provenance'])).toMatchObject({ draft: RECORD.draftId, template: 'fehd/reply-public@sha256:d41ed4629c14b98e' });
    expect(props[PROVENANCE_PROPERTY]).toBeUndefined();
  });

  it('before Mailbox 1.8: the same value in a custom property of the item', async () => {
    const { headers, props } = compose('1.5');
    await createOutlookHost().insertDraft(BLOCKS, { mode: 'cursor', provenance: RECORD });
    expect(headers).toEqual({});
    expect(JSON.parse(String(props[PROVENANCE_PROPERTY]))).toMatchObject({ draft: RECORD.draftId });
  });
});

describe('the preview keeps the provenance on the draft section', () => {
  it('data-draft-id and data-provenance, readable back as the record', async () => {
    const element = document.createElement('div');
    document.body.replaceChildren(element);
    setPreviewText(element, '敬啟者：');
    const host = createPreviewHost(element);
    await host.insertDraft(BLOCKS, { mode: 'cursor', provenance: { ...RECORD, host: 'preview' } });
    const section = element.querySelector('section[data-tag="wenshu-ai-draft"]')!;
    expect(section.getAttribute('data-draft-id')).toBe(RECORD.draftId);
    expect(JSON.parse(section.getAttribute('data-provenance')!)).toEqual({ ...RECORD, host: 'preview' });
    host.dispose();
  });
});
