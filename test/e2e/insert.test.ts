/**
 * End to end, inserting where the officer means: Debian's Chromium drives the BUILT preview page against the offline
 * gateway on loopback. The officer selects one colloquial sentence in the MIDDLE of a paragraph, polishes it, and
 * clicks Replace: the formal sentence takes its place in that paragraph (no new paragraph, no hole), the text around
 * it untouched. Skipped loudly without /usr/bin/chromium (failed in CI), like the other e2e tests.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { CHROMIUM, ROOT, chromiumPresent, ensureAddinBuilt, inCI, launchChromium, startStaticServer, type StaticServer } from '../../scripts/e2e-support';
import { polishOffline } from '../../src/core/transform';
import { startE2EGateway, type E2EGateway } from './support/servers';

const RESULTS = join(ROOT, 'test-results');
const present = chromiumPresent();
const ci = inCI();

const HEAD = '敬啟者：';
const BEFORE = '有關來信所述事宜。';
const SENTENCE = '我哋聽日會再去睇吓。';
const AFTER = '如有查詢，請致電本署。';

(present || ci ? describe : describe.skip)('inserting in place in Chromium (preview page, offline gateway)', () => {
  let browser: Browser | undefined;
  let site: StaticServer | undefined;
  let gateway: E2EGateway | undefined;

  beforeAll(async () => {
    if (!present) throw new Error(`CI: no Chromium at ${CHROMIUM}. Install Debian's \`chromium\` with apt-get; never download a browser.`);
    mkdirSync(RESULTS, { recursive: true });
    ensureAddinBuilt({ log: (m) => process.stderr.write(`${m}\n`) });
    site = await startStaticServer();
    [gateway, browser] = await Promise.all([startE2EGateway({ corsOrigin: site.origin }), launchChromium()]);
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await gateway?.close();
    await site?.close();
  });

  const documentText = (page: Page) =>
    page.getByTestId('document').evaluate((el) => Array.from(el.querySelectorAll('p, h1, h2, h3, li')).map((p) => p.textContent ?? ''));

  it('replaces a mid-paragraph selection in place: same paragraphs, the words around it untouched', async () => {
    const polished = polishOffline(SENTENCE, 'zh-HK').text;
    expect(polished).not.toBe(SENTENCE);
    const context = await browser!.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-HK' });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    const pageErrors: string[] = [];
    page.on('pageerror', (err) => pageErrors.push(err.message));
    await page.route(/^(?!http:\/\/127\.0\.0\.1[:/]).*/, (route) => route.abort());
    try {
      await page.goto(`${site!.url}/preview.html?${new URLSearchParams({ gateway: gateway!.url, tab: 'check', lang: 'zh-HK' })}`);
      await page.getByTestId('tabs').waitFor();
      await page.locator('[data-testid="gateway-status"][data-state="online"]').waitFor();

      await page.getByTestId('document').click();
      await page.keyboard.type(HEAD);
      await page.keyboard.press('Enter');
      await page.keyboard.type(BEFORE + SENTENCE + AFTER);
      expect(await documentText(page)).toEqual([HEAD, BEFORE + SENTENCE + AFTER]);

      // Select just the colloquial sentence, in the middle of the second paragraph.
      await page.getByTestId('document').evaluate(
        (el, [from, to]) => {
          const p = el.querySelectorAll('p')[1];
          const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
          const text = walker.nextNode() as Text;
          const range = document.createRange();
          range.setStart(text, from);
          range.setEnd(text, to);
          const sel = window.getSelection()!;
          sel.removeAllRanges();
          sel.addRange(range);
        },
        [BEFORE.length, BEFORE.length + SENTENCE.length],
      );
      expect(await page.evaluate(() => window.getSelection()?.toString())).toBe(SENTENCE);

      await page.getByTestId('actions-menu').click();
      await page.getByTestId('action-polish').click();
      await page.locator('[data-testid="action-result"][data-phase="done"]').waitFor();
      expect(await page.getByTestId('action-result').innerText()).toBe(polished);

      await page.getByTestId('action-replace').click();
      await page.locator('[data-testid="action-outcome"][data-kind="replaced"]').waitFor();
      expect(await documentText(page)).toEqual([HEAD, BEFORE + polished + AFTER]);
      // Tagged as a draft, inline.
      expect(await page.locator('[data-testid="document"] p span[data-tag="wenshu-ai-draft"]').innerText()).toBe(polished);
      expect(pageErrors).toEqual([]);
    } finally {
      await page.screenshot({ path: join(RESULTS, 'e2e-insert-in-place.png'), fullPage: true }).catch(() => undefined);
      await context.close();
    }
  }, 120_000);
});
