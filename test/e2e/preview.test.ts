/**
 * End to end: Debian's Chromium (playwright-core, never a downloaded browser) drives the BUILT preview page
 * (dist/addin/preview.html: the task pane beside an editable document, served from 127.0.0.1) against gateways
 * started in process on loopback. The page learns the gateway from `?gateway=`; `?tab=` opens a tab, `?lang=` sets
 * the UI language.
 *
 * Without /usr/bin/chromium the suite is skipped with a loud warning, except in CI (CI=true), where it fails.
 * dist/addin is (re)built with `webpack --mode production` when missing or older than its sources.
 * Every test leaves a screenshot in test-results/ (also when it fails).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { CHROMIUM, ROOT, chromiumPresent, ensureAddinBuilt, inCI, launchChromium, startStaticServer, type StaticServer } from '../../scripts/e2e-support';
import { startE2EGateway, startSlowUpstream, type E2EGateway, type SlowUpstream } from './support/servers';
import { FakeUpstream } from '../gateway/support/fake-upstream';
import { blocks, mainlandModel } from '../drafts/support/mainland-model';

const RESULTS = join(ROOT, 'test-results');
const present = chromiumPresent();
const ci = inCI();

if (!present && !ci) {
  const bar = '!'.repeat(100);
  // eslint-disable-next-line no-console
  console.warn(
    `\n${bar}\n!! END-TO-END TESTS SKIPPED: no Chromium at ${CHROMIUM}.\n` +
      `!! Install Debian's browser with \`sudo apt-get install chromium fonts-noto-cjk\` (or set WENSHU_CHROMIUM).\n` +
      `!! Never \`npx playwright install\`. In CI (CI=true) a missing Chromium fails the run instead.\n${bar}\n`,
  );
}

// A paragraph with two Cantonese colloquialisms (我哋, 嘅) and one Simplified character (请).
const COLLOQUIAL = '我哋會盡快處理你嘅申請，请耐心等候。';
const CORRECTED = '我們會盡快處理你的申請，請耐心等候。';

const MEMO = {
  template: 'fehd/memo',
  fields: { to: '環境及生態局局長', ourRef: 'FEHD/123/45', subject: '全港滅鼠運動', signatoryName: '陳大文' },
  keyPoint: '加強後巷清潔',
};

(present || ci ? describe : describe.skip)('task pane in Chromium (preview page, gateway on loopback)', () => {
  let browser: Browser | undefined;
  let site: StaticServer | undefined;
  let gateway: E2EGateway | undefined;
  let slowGateway: E2EGateway | undefined;
  let slow: SlowUpstream | undefined;
  let mainland: FakeUpstream | undefined;
  let modelGateway: E2EGateway | undefined;

  beforeAll(async () => {
    if (!present) throw new Error(`CI: no Chromium at ${CHROMIUM}. .ci/run installs Debian's \`chromium\` with apt-get; never download a browser.`);
    mkdirSync(RESULTS, { recursive: true });
    ensureAddinBuilt({ log: (m) => process.stderr.write(`${m}\n`) });
    site = await startStaticServer();
    slow = await startSlowUpstream();
    mainland = await FakeUpstream.start();
    [gateway, slowGateway, modelGateway, browser] = await Promise.all([
      startE2EGateway({ corsOrigin: site.origin }),
      startE2EGateway({ corsOrigin: site.origin, slowUpstream: slow.url }),
      startE2EGateway({ corsOrigin: site.origin, slowUpstream: mainland.url, modelName: 'local' }),
      launchChromium(),
    ]);
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await Promise.all([gateway?.close(), slowGateway?.close(), modelGateway?.close()]);
    await slow?.close();
    await mainland?.close();
    await site?.close();
  });

  /** A fresh browser context (no storage, no cache) on preview.html; a screenshot at the end, pass or fail. */
  async function withPage(name: string, query: Record<string, string>, locale: string, body: (page: Page) => Promise<void>): Promise<void> {
    const context = await browser!.newContext({ viewport: { width: 1280, height: 900 }, locale });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    const pageErrors: string[] = [];
    page.on('pageerror', (err) => pageErrors.push(err.message));
    // Nothing leaves the machine: only the static server and loopback gateways are reachable.
    await page.route(/^(?!http:\/\/127\.0\.0\.1[:/]).*/, (route) => route.abort());
    try {
      await page.goto(`${site!.url}/preview.html?${new URLSearchParams(query)}`);
      await page.getByTestId('tabs').waitFor();
      await body(page);
      expect(pageErrors).toEqual([]);
    } finally {
      await page.screenshot({ path: join(RESULTS, `${name}.png`), fullPage: true }).catch(() => undefined);
      await context.close();
    }
  }

  const documentText = (page: Page) =>
    page.getByTestId('document').evaluate((el) => Array.from(el.querySelectorAll('p, h1, h2, h3, li')).map((p) => p.textContent ?? ''));

  async function typeIntoDocument(page: Page, text: string): Promise<void> {
    await page.getByTestId('document').click();
    await page.keyboard.type(text);
  }

  async function fillMemo(page: Page): Promise<void> {
    await page.getByTestId('template-select').selectOption(MEMO.template);
    for (const [id, value] of Object.entries(MEMO.fields)) await page.getByTestId(`field-${id}`).fill(value);
    await page.getByTestId('keypoint-input').first().fill(MEMO.keyPoint);
  }

  async function checkAndFixAll(page: Page): Promise<void> {
    await page.getByTestId('check-button').click();
    const summary = page.getByTestId('check-summary');
    await summary.waitFor();
    const findings = page.getByTestId('finding');
    const seen = await findings.evaluateAll((els) => els.map((el) => ({ rule: el.getAttribute('data-rule-id'), text: el.getAttribute('data-text'), message: el.textContent ?? '' })));
    expect(seen.map((f) => `${f.rule} ${f.text}`).sort()).toEqual(
      ['hk-zh-characters/simplified 请', 'hk-zh-formal/colloquial-words 嘅', 'hk-zh-formal/colloquial-words 我哋'].sort(),
    );
    expect(await summary.getAttribute('data-count')).toBe('3');
    // Each finding explains itself and offers its fix.
    expect(seen.find((f) => f.text === '请')?.message).toContain('請');
    expect(seen.find((f) => f.text === '我哋')?.message).toContain('我們');
    await page.getByTestId('fix-all').click();
    // Fix all applies the fixes, then checks again: the document is clean.
    await page.locator('[data-testid="check-status"][data-phase="done"] [data-testid="check-summary"][data-count="0"]').waitFor();
  }

  it('finds Cantonese colloquialisms and a Simplified character, fixes them all, and the page holds the corrected text', async () => {
    await withPage('e2e-check-fix-all', { gateway: gateway!.url, tab: 'check', lang: 'zh-HK' }, 'zh-HK', async (page) => {
      await typeIntoDocument(page, COLLOQUIAL);
      expect(await documentText(page)).toEqual([COLLOQUIAL]);

      await page.getByTestId('check-button').click();
      await page.getByTestId('findings-list').waitFor();
      await page.screenshot({ path: join(RESULTS, 'e2e-check-findings.png'), fullPage: true });
      // The pane is in Chinese: the colloquial finding is explained in 中文.
      await expect(page.getByTestId('finding').first().textContent()).resolves.toMatch(/[\u4e00-\u9fff]/);
      expect(await page.getByTestId('document').locator('[data-block-id="p0"]').textContent()).toBe(COLLOQUIAL);

      await checkAndFixAll(page);
      expect(await documentText(page)).toEqual([CORRECTED]);
      expect(await page.getByTestId('document').innerText()).toBe(CORRECTED);
    });
  }, 60_000);

  it('drafts from a template with the offline drafter and inserts exactly the draft into the document', async () => {
    await withPage('e2e-draft-insert', { gateway: gateway!.url, tab: 'draft', lang: 'zh-HK' }, 'zh-HK', async (page) => {
      await page.locator('[data-testid="gateway-status"][data-state="online"]').waitFor();
      await fillMemo(page);
      await page.getByTestId('draft-button').click();
      await page.locator('[data-testid="draft-result"][data-phase="done"]').waitFor();

      const drafted = await page.getByTestId('draft-output').evaluate((el) => Array.from(el.querySelectorAll('p, li')).map((p) => p.textContent ?? ''));
      expect(drafted.join('\n')).toContain(MEMO.fields.subject);
      expect(drafted.join('\n')).toContain(MEMO.keyPoint);
      expect(drafted.join('\n')).toContain(MEMO.fields.to);
      // Nothing enters the document before Insert.
      expect((await documentText(page)).join('')).toBe('');
      await expect(page.locator('[data-tag="wenshu-ai-draft"]').count()).resolves.toBe(0);

      await page.getByTestId('insert-button').click();
      await page.getByTestId('insert-done').waitFor();
      const inserted = await page
        .locator('[data-testid="document"] section[data-tag="wenshu-ai-draft"]')
        .evaluate((el) => Array.from(el.querySelectorAll('p, h1, h2, h3, li')).map((p) => p.textContent ?? ''));
      expect(inserted).toEqual(drafted);
      const all = (await documentText(page)).join('\n');
      for (const value of [...Object.values(MEMO.fields), MEMO.keyPoint]) expect(all).toContain(value);
    });
  }, 60_000);

  it('drafts through a misbehaving Mainland-trained model: the officer inserts the conformant draft, with its provenance', async () => {
    // The first answer: a preamble, a code fence, Simplified characters, Mainland words (信息, 短信), an invented
    // telephone number and a closing offer. The number is not in the officer's inputs, so one repair call follows.
    mainland!.enqueue(
      mainlandModel(
        (p) =>
          '好的，以下是草稿：\n\n```markdown\n' +
          blocks(p, { purpose: '本便笺旨在通知有关全港灭鼠运动的信息。', details: '本署会加强后巷清洁，并以短信通知食肆。查询请致电 2345 6789。' }) +
          '\n```\n\n如需修改，请告诉我。',
      ),
      mainlandModel((p) => blocks(p, Object.fromEntries(p.repairIds.map((id) => [id, '本署会加强后巷清洁，并以短信通知食肆。'])))),
    );
    const before = mainland!.chatRequests.length;
    await withPage('e2e-draft-mainland-model', { gateway: modelGateway!.url, tab: 'draft', lang: 'zh-HK' }, 'zh-HK', async (page) => {
      await page.locator('[data-testid="gateway-status"][data-state="online"]').waitFor();
      await fillMemo(page);
      await page.getByTestId('draft-button').click();
      await page.locator('[data-testid="draft-result"][data-phase="done"]').waitFor();
      expect(mainland!.chatRequests.length - before).toBe(2);

      const drafted = await page.getByTestId('draft-output').evaluate((el) => Array.from(el.querySelectorAll('p, li')).map((p) => p.textContent ?? ''));
      expect((await documentText(page)).join('')).toBe('');
      await page.getByTestId('insert-button').click();
      await page.getByTestId('insert-done').waitFor();
      const section = page.locator('[data-testid="document"] section[data-tag="wenshu-ai-draft"]');
      const inserted = await section.evaluate((el) => Array.from(el.querySelectorAll('p, h1, h2, h3, li')).map((p) => p.textContent ?? ''));
      expect(inserted).toEqual(drafted);
      const text = inserted.join('\n');
      // The frame is the template's (the memo's fields, rendered by rule); the sections are in HK Traditional.
      for (const value of Object.values(MEMO.fields)) expect(text).toContain(value);
      expect(text).toContain('本署會加強後巷清潔，並以短訊通知食肆。');
      expect(text).toContain('滅鼠運動的資訊');
      for (const bad of ['好的', '```', '如需修改', '2345 6789', '们', '会', '灭', '后巷', '并以', '信息', '短信', '便笺']) expect(text).not.toContain(bad);

      const provenance = JSON.parse((await section.getAttribute('data-provenance')) ?? 'null');
      expect(provenance).toMatchObject({ template: { id: 'fehd/memo' }, frame: { composer: 'template' }, repairRounds: 1, host: 'preview' });
      expect(provenance.sections.every((s: { composer: string; model: string }) => s.composer === 'model' && s.model === 'local')).toBe(true);
      expect(provenance.sections.some((s: { repaired: boolean }) => s.repaired)).toBe(true);
    });
  }, 90_000);

  it('stops a draft midway: the stream ends, the model call is cancelled, and nothing is inserted', async () => {
    await withPage('e2e-draft-stop', { gateway: slowGateway!.url, tab: 'draft', lang: 'en' }, 'en-GB', async (page) => {
      await typeIntoDocument(page, 'Existing paragraph.');
      const before = await page.getByTestId('document').innerHTML();
      await page.locator('[data-testid="gateway-status"][data-state="online"]').waitFor();
      await fillMemo(page);
      const requestsBefore = slow!.requests.length;
      await page.getByTestId('draft-button').click();

      // Wait until the slow model has sent a few pieces (one every 200 ms), then Stop. A section's text is shown
      // only once the section has settled, so the pane may still show just the frame at this point.
      const output = page.getByTestId('draft-output');
      await waitUntil(() => (slow!.requests[requestsBefore]?.chunksSent ?? 0) >= 3, 15_000);
      await page.getByTestId('draft-stop').click();
      await page.locator('[data-testid="draft-result"][data-phase="stopped"]').waitFor();
      await page.getByTestId('draft-stopped').waitFor();
      const atStop = await output.innerText();

      // The gateway cancels the upstream call; the pane takes no more text and offers no Insert.
      const request = slow!.requests[requestsBefore];
      expect(request).toBeDefined();
      await waitUntil(() => request.aborted || request.finished, 5_000);
      expect(request).toMatchObject({ aborted: true, finished: false });
      expect(request.chunksSent).toBeLessThan(40);
      await page.waitForTimeout(800);
      expect(await output.innerText()).toBe(atStop);
      await expect(page.getByTestId('insert-button').count()).resolves.toBe(0);
      await expect(page.getByTestId('insert-replace-button').count()).resolves.toBe(0);
      expect(await page.getByTestId('document').innerHTML()).toBe(before);
      expect(await documentText(page)).toEqual(['Existing paragraph.']);
      await expect(page.locator('[data-tag="wenshu-ai-draft"]').count()).resolves.toBe(0);
    });
  }, 60_000);

  it('keeps checking with the gateway turned off, and says the gateway is unreachable', async () => {
    const doomed = await startE2EGateway({ corsOrigin: site!.origin });
    try {
      await withPage('e2e-gateway-off', { gateway: doomed.url, tab: 'check', lang: 'zh-HK' }, 'zh-HK', async (page) => {
        await page.locator('[data-testid="gateway-status"][data-state="online"]').waitFor();
        // The templates arrive just after the badge turns online: wait for them, so that the gateway is known to
        // have answered everything before it goes away (on a loaded machine the list can still be in flight).
        await page.getByTestId('tab-draft').click();
        await page.getByTestId('template-select').waitFor();
        await page.getByTestId('tab-check').click();
        await doomed.close();

        // Checking runs in the pane: it works with the gateway gone.
        await typeIntoDocument(page, COLLOQUIAL);
        await checkAndFixAll(page);
        expect(await documentText(page)).toEqual([CORRECTED]);

        // The first call that needs the gateway finds it gone: the pane says so, and drafting waits.
        await page.getByTestId('tab-draft').click();
        await fillMemo(page);
        await page.getByTestId('draft-button').click();
        await page.locator('[data-testid="gateway-status"][data-state="unreachable"]').waitFor();
        await page.getByTestId('draft-waiting').waitFor();
        await expect(page.getByTestId('draft-button').isDisabled()).resolves.toBe(true);
        expect((await documentText(page)).join('')).toBe(CORRECTED);

        // A page opened while the gateway is off says so at once, and checks all the same.
        await page.goto(`${site!.url}/preview.html?${new URLSearchParams({ gateway: doomed.url, tab: 'check', lang: 'zh-HK' })}`);
        await page.locator('[data-testid="gateway-status"][data-state="unreachable"]').waitFor();
        await expect(page.getByTestId('gateway-status').innerText()).resolves.toMatch(/[\u4e00-\u9fff]/);
        await typeIntoDocument(page, COLLOQUIAL);
        await checkAndFixAll(page);
        expect(await documentText(page)).toEqual([CORRECTED]);
      });
    } finally {
      await doomed.close();
    }
  }, 60_000);
});

async function waitUntil(condition: () => boolean, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!condition() && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
}
