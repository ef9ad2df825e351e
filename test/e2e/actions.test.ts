/**
 * End to end, the selection actions: Debian's Chromium drives the BUILT preview page (dist/addin/preview.html)
 * against a gateway on loopback with no model (the offline path). The officer types a paragraph of Cantonese notes
 * into the document, selects it, chooses Polish from the selection-actions menu with the keyboard, reads the result
 * beside the original (with the offline notice), clicks Replace, and the page holds the formal text.
 *
 * Like preview.test.ts: skipped with a loud warning without /usr/bin/chromium (failed in CI), dist/addin rebuilt
 * when stale, a screenshot in test-results/ whatever happens.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { CHROMIUM, ROOT, chromiumPresent, ensureAddinBuilt, inCI, launchChromium, startStaticServer, type StaticServer } from '../../scripts/e2e-support';
import { createChecker } from '../../src/core/checks';
import { fromPlainText } from '../../src/core/text/document';
import { polishOffline } from '../../src/core/transform';
import { startE2EGateway, type E2EGateway } from './support/servers';

const RESULTS = join(ROOT, 'test-results');
const present = chromiumPresent();
const ci = inCI();

if (!present && !ci) {
  const bar = '!'.repeat(100);
  // eslint-disable-next-line no-console
  console.warn(`\n${bar}\n!! END-TO-END TESTS SKIPPED: no Chromium at ${CHROMIUM}. Install Debian's \`chromium\` (never \`npx playwright install\`).\n${bar}\n`);
}

/** Notes typed in colloquial Cantonese. */
const NOTES = '頭先去咗深水埗嗰條後巷睇過，啲垃圾仲喺度。佢哋話聽日朝早會再清，我哋會跟進。';

/** The e2e gateway (support/servers.ts); it serves POST /v1/transform, which the test asserts below. */
async function gatewayWithTransform(corsOrigin: string): Promise<E2EGateway> {
  const gateway = await startE2EGateway({ corsOrigin });
  const probe = await fetch(`${gateway.url}/v1/transform`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ action: 'formalise', text: '我哋' }),
  });
  expect(probe.status).toBe(200);
  return gateway;
}

(present || ci ? describe : describe.skip)('selection actions in Chromium (preview page, offline gateway on loopback)', () => {
  let browser: Browser | undefined;
  let site: StaticServer | undefined;
  let gateway: E2EGateway | undefined;

  beforeAll(async () => {
    if (!present) throw new Error(`CI: no Chromium at ${CHROMIUM}. Install Debian's \`chromium\` with apt-get; never download a browser.`);
    mkdirSync(RESULTS, { recursive: true });
    ensureAddinBuilt({ log: (m) => process.stderr.write(`${m}\n`) });
    site = await startStaticServer();
    [gateway, browser] = await Promise.all([gatewayWithTransform(site.origin), launchChromium()]);
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await gateway?.close();
    await site?.close();
  });

  const documentText = (page: Page) =>
    page.getByTestId('document').evaluate((el) => Array.from(el.querySelectorAll('p, h1, h2, h3, li')).map((p) => p.textContent ?? ''));

  it('selects Cantonese notes, polishes them offline, shows them side by side, and replaces the selection only on click', async () => {
    const expected = polishOffline(NOTES, 'zh-HK').text;
    // The offline polish really is formal: nothing colloquial left, and it is not the notes unchanged.
    expect(expected).not.toBe(NOTES);
    expect(createChecker({ ruleSets: ['hk-zh-formal'] }).check(fromPlainText(expected)).map((f) => f.text)).toEqual([]);

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

      // Type the notes, and select them.
      await page.getByTestId('document').click();
      await page.keyboard.type(NOTES);
      expect(await documentText(page)).toEqual([NOTES]);
      await page.keyboard.press('Control+A');
      expect(await page.evaluate(() => window.getSelection()?.toString())).toBe(NOTES);

      // The menu, with the keyboard: Enter opens it on its first item (Polish), Enter chooses.
      const menu = page.getByTestId('actions-menu');
      await menu.focus();
      await page.keyboard.press('Enter');
      await page.getByTestId('action-polish').waitFor();
      await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'action-polish');
      await page.keyboard.press('ArrowDown');
      await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'action-translate');
      await page.keyboard.press('ArrowUp');
      await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'action-polish');
      await page.keyboard.press('Enter');

      // The result, beside the original, with the offline notice; nothing in the document yet.
      await page.locator('[data-testid="action-result"][data-phase="done"]').waitFor();
      expect(await page.getByTestId('action-original').innerText()).toBe(NOTES);
      expect(await page.getByTestId('action-result').innerText()).toBe(expected);
      await page.getByTestId('action-offline-notice').waitFor();
      expect(await page.getByTestId('action-offline-notice').innerText()).toContain('離線');
      await page.getByTestId('action-offline-badge').waitFor();
      await page.getByTestId('action-findings').waitFor();
      expect(await documentText(page)).toEqual([NOTES]);
      await expect(page.locator('[data-tag="wenshu-ai-draft"]').count()).resolves.toBe(0);
      await page.getByTestId('action-panel').scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(RESULTS, 'e2e-actions-polish-result.png'), fullPage: true });

      // Replace: the document now holds the formal text, and only it.
      await page.getByTestId('action-replace').click();
      await page.locator('[data-testid="action-outcome"][data-kind="replaced"]').waitFor();
      expect(await documentText(page)).toEqual([expected]);
      expect((await page.getByTestId('document').innerText()).trim()).toBe(expected);
      // Tagged as a draft: inline when it replaced text within one paragraph (as Word's insertText does), else a section.
      await expect(page.locator('[data-testid="document"] [data-tag="wenshu-ai-draft"]').count()).resolves.toBe(1);
      expect(pageErrors).toEqual([]);
    } finally {
      await page.screenshot({ path: join(RESULTS, 'e2e-actions-polish.png'), fullPage: true }).catch(() => undefined);
      await context.close();
    }
  }, 120_000);
});
