/** @jest-environment jsdom */
import './support/setup';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { FakeGateway, FEHD, json, sse } from './support/fake-gateway';
import { FakeHost } from './support/fake-host';
import { renderApp } from './support/render';

const FINDING = {
  ruleId: 'hk-zh-formal/colloquial-words',
  level: 'error',
  message: { 'zh-HK': '請用書面語「我們」，不用粵語「我哋」。', en: "Use the written form '我們', not the Cantonese '我哋'." },
  block: 'b2',
  start: 0,
  end: 2,
  text: '我哋',
  fixes: [{ replacement: '我們' }],
};

async function openForm(gateway = new FakeGateway({ departments: [FEHD] }), host = new FakeHost()) {
  const user = userEvent.setup();
  const utils = renderApp({ host, gateway, tab: 'draft' });
  const select = await screen.findByTestId('template-select');
  await user.selectOptions(select, 'fehd/reply-public');
  return { ...utils, user };
}

async function fillAndDraft(user: ReturnType<typeof userEvent.setup>) {
  await user.type(screen.getByTestId('field-ourRef'), 'FEHD/CR/1/2026');
  await user.type(screen.getByTestId('field-subject'), 'Hygiene of rear lanes');
  await user.type(screen.getByTestId('field-contactPhone'), '2868 0000');
  await user.type(screen.getAllByTestId('keypoint-input')[0], 'Cleansing was stepped up in May');
  await user.click(screen.getByTestId('draft-button'));
}

describe('Draft pane', () => {
  test('loading, then templates grouped by department', async () => {
    let release: (v: ReturnType<typeof json>) => void = () => undefined;
    const gateway = new FakeGateway({ templatesResponse: () => new Promise((r) => (release = r)) });
    renderApp({ gateway, tab: 'draft' });
    expect(await screen.findByTestId('templates-loading')).toBeTruthy();
    await act(async () => release(json(200, { departments: [FEHD] })));
    const select = await screen.findByTestId('template-select');
    const group = select.querySelector('optgroup');
    expect(group?.getAttribute('label')).toBe('Food and Environmental Hygiene Department');
    expect(group?.querySelectorAll('option')).toHaveLength(2);
  });

  test('empty: no templates for the department', async () => {
    renderApp({ gateway: new FakeGateway({ departments: [] }), tab: 'draft' });
    expect((await screen.findByTestId('templates-empty')).textContent).toMatch(/No templates/);
  });

  test("error: the gateway's reason, and a retry", async () => {
    let fail = true;
    const gateway = new FakeGateway({
      templatesResponse: () => (fail ? json(401, { error: { message: 'missing or invalid credentials', code: 'unauthorized' } }) : json(200, { departments: [FEHD] })),
    });
    const user = userEvent.setup();
    renderApp({ gateway, tab: 'draft' });
    const error = await screen.findByTestId('templates-error');
    expect(error.textContent).toContain('missing or invalid credentials');
    fail = false;
    await user.click(within(error).getByRole('button', { name: 'Try again' }));
    expect(await screen.findByTestId('template-select')).toBeTruthy();
  });

  test('gateway unreachable: drafting waits, and says so', async () => {
    renderApp({ gateway: new FakeGateway({ down: true }), tab: 'draft' });
    expect((await screen.findByTestId('draft-waiting')).textContent).toMatch(/Drafting waits/);
    const status = screen.getByTestId('gateway-status');
    expect(status.dataset.state).toBe('unreachable');
  });

  test('the form comes from the template: labels, help, required, enum default, validation', async () => {
    const { user, gateway } = await openForm();
    expect(screen.getByLabelText(/Our Ref\./)).toBe(screen.getByTestId('field-ourRef'));
    expect(screen.getByText('Eight digits, e.g. 2868 0000.')).toBeTruthy();
    expect((screen.getByTestId('field-channel') as HTMLSelectElement).value).toBe('letter');
    expect(screen.getByTestId('field-details').tagName).toBe('TEXTAREA');
    expect((screen.getByTestId('field-receivedDate') as HTMLInputElement).type).toBe('date');

    await user.type(screen.getByTestId('field-contactPhone'), '12345');
    await user.click(screen.getByTestId('draft-button'));
    expect(await screen.findByText('Our Ref. is required.')).toBeTruthy();
    expect(screen.getByText(/Contact telephone is not in the expected form/)).toBeTruthy();
    expect(gateway.draftRequests()).toHaveLength(0);
    expect(document.activeElement).toBe(screen.getByTestId('field-ourRef'));
  });

  test('key points can be added and removed', async () => {
    const { user } = await openForm();
    await user.type(screen.getAllByTestId('keypoint-input')[0], 'First');
    await user.click(screen.getByTestId('keypoint-add'));
    expect(screen.getAllByTestId('keypoint-input')).toHaveLength(2);
    expect(document.activeElement).toBe(screen.getAllByTestId('keypoint-input')[1]);
    await user.keyboard('Second');
    await user.click(screen.getAllByTestId('keypoint-remove')[0]);
    const inputs = screen.getAllByTestId('keypoint-input') as HTMLInputElement[];
    expect(inputs.map((i) => i.value)).toEqual(['Second']);
  });

  test('streaming, then done: findings and sources shown; Insert only on click', async () => {
    const host = new FakeHost();
    const { user, gateway } = await openForm(undefined, host);
    await fillAndDraft(user);
    const request = gateway.draftRequests()[0];
    expect(request.body).toMatchObject({
      template: 'fehd/reply-public',
      fields: { ourRef: 'FEHD/CR/1/2026', subject: 'Hygiene of rear lanes', contactPhone: '2868 0000', channel: 'letter' },
      keyPoints: ['Cleansing was stepped up in May'],
      lang: 'en',
      tone: 'formal',
      classification: 'UNCLASSIFIED',
    });
    expect(request.headers.accept).toBe('text/event-stream');

    const stream = gateway.drafts[0];
    await act(async () => {
      stream.push(sse('meta', { template: 'fehd/reply-public', lang: 'en', model: 'm', provider: 'offline', composer: 'offline', classification: 'UNCLASSIFIED', sources: [{ n: 1, title: 'Cleansing Manual', heading: 'Rear lanes' }], notice: { 'zh-HK': '離線草擬', en: 'Drafted offline from the template.' } }));
      stream.push(sse('delta', { text: '# Hygiene of rear lanes\n\n' }));
    });
    expect(screen.getByTestId('draft-result').dataset.phase).toBe('streaming');
    expect(screen.getByTestId('draft-stop')).toBeTruthy();
    expect(screen.queryByTestId('insert-button')).toBeNull();
    expect(screen.getByTestId('draft-output').textContent).toContain('Hygiene of rear lanes');
    expect(screen.getByTestId('draft-output').getAttribute('aria-live')).toBe('polite');

    await act(async () => {
      stream.push(sse('delta', { text: '- Cleansing was **stepped up** in May.\n\n我哋會跟進。' }));
      stream.push(sse('findings', { findings: [FINDING] }));
      stream.push(sse('done', { text: '# Hygiene of rear lanes\n\n- Cleansing was **stepped up** in May.\n\n我哋會跟進。', composer: 'offline', provider: 'offline' }));
      stream.end();
    });
    await screen.findByTestId('draft-done');
    expect(screen.getByTestId('draft-sources').textContent).toContain('Cleansing Manual — Rear lanes');
    expect(screen.getByText('Drafted offline from the template.')).toBeTruthy();
    const findings = screen.getByTestId('draft-findings');
    expect(findings.dataset.count).toBe('1');
    expect(within(findings).getByText("Use the written form '我們', not the Cantonese '我哋'.")).toBeTruthy();
    expect(host.calls.insertDraft).toHaveLength(0);

    await user.click(screen.getByTestId('insert-button'));
    await screen.findByTestId('insert-done');
    expect(host.calls.insertDraft).toEqual([
      {
        blocks: [
          { kind: 'heading', text: 'Hygiene of rear lanes', level: 1 },
          { kind: 'list-item', text: 'Cleansing was stepped up in May.', level: 1 },
          { kind: 'paragraph', text: '我哋會跟進。' },
        ],
        options: { mode: 'cursor' },
      },
    ]);
    await user.click(screen.getByTestId('insert-replace-button'));
    await waitFor(() => expect(host.calls.insertDraft).toHaveLength(2));
    expect(host.calls.insertDraft[1].options).toEqual({ mode: 'replace-selection' });
  });

  test('suggested fixes can be applied to the draft before inserting', async () => {
    const host = new FakeHost();
    const { user, gateway } = await openForm(undefined, host);
    await fillAndDraft(user);
    const text = '# Title\n\n我哋會跟進。';
    await act(async () => {
      gateway.drafts[0].push(sse('delta', { text }));
      gateway.drafts[0].push(sse('findings', { findings: [FINDING] }));
      gateway.drafts[0].push(sse('done', { text, composer: 'model', provider: 'p' }));
      gateway.drafts[0].end();
    });
    await user.click(await screen.findByTestId('draft-apply-fixes'));
    expect(screen.getByTestId('draft-output').textContent).toContain('我們會跟進。');
    expect(screen.getByTestId('draft-findings').dataset.count).toBe('0');
    await user.click(screen.getByTestId('insert-button'));
    await waitFor(() => expect(host.calls.insertDraft).toHaveLength(1));
    expect(host.calls.insertDraft[0].blocks).toEqual([
      { kind: 'heading', text: 'Title', level: 1 },
      { kind: 'paragraph', text: '我們會跟進。' },
    ]);
  });

  test('stopped: the request is aborted, the partial text is not insertable, and the pane says nothing was inserted', async () => {
    const host = new FakeHost();
    const { user, gateway } = await openForm(undefined, host);
    await fillAndDraft(user);
    await act(async () => gateway.drafts[0].push(sse('delta', { text: 'Half a draft' })));
    // Keyboard users land on Stop as soon as drafting starts, and on the outcome after stopping.
    expect(document.activeElement).toBe(screen.getByTestId('draft-stop'));
    await user.keyboard('{Enter}');
    expect((await screen.findByTestId('draft-stopped')).textContent).toBe('Drafting stopped. Nothing was inserted.');
    expect(gateway.drafts[0].cancelled).toBe(true);
    expect(document.activeElement).toBe(screen.getByTestId('draft-result'));
    // Late events from the gateway change nothing.
    await act(async () => gateway.drafts[0].push(sse('done', { text: 'Half a draft', composer: 'model', provider: 'p' })));
    expect(screen.getByTestId('draft-result').dataset.phase).toBe('stopped');
    expect(screen.queryByTestId('insert-button')).toBeNull();
    expect(host.calls.insertDraft).toHaveLength(0);
  });

  test("error: the gateway's error event; nothing can be inserted", async () => {
    const host = new FakeHost();
    const { user, gateway } = await openForm(undefined, host);
    await fillAndDraft(user);
    await act(async () => {
      gateway.drafts[0].push(sse('delta', { text: 'Some text' }));
      gateway.drafts[0].push(sse('error', { message: 'the model server stopped answering', code: 'upstream_error' }));
      gateway.drafts[0].end();
    });
    expect((await screen.findByTestId('draft-error')).textContent).toBe('The draft failed: the model server stopped answering. Nothing was inserted.');
    expect(screen.queryByTestId('insert-button')).toBeNull();
    expect(host.calls.insertDraft).toHaveLength(0);
  });

  test('a stream that ends without `done` is a failure, not a draft', async () => {
    const { user, gateway, host } = await openForm();
    await fillAndDraft(user);
    await act(async () => {
      gateway.drafts[0].push(sse('delta', { text: 'Some text' }));
      gateway.drafts[0].end();
    });
    expect((await screen.findByTestId('draft-error')).textContent).toMatch(/ended before it was finished/);
    expect(host.calls.insertDraft).toHaveLength(0);
  });

  test('an HTTP refusal carries the reason', async () => {
    const gateway = new FakeGateway({ departments: [FEHD] });
    gateway.draftResponse = () => json(403, { error: { message: 'no provider allowed for CONFIDENTIAL text', code: 'no_allowed_provider' } });
    const { user, host } = await openForm(gateway);
    await fillAndDraft(user);
    expect((await screen.findByTestId('draft-error')).textContent).toContain('no provider allowed for CONFIDENTIAL text');
    expect(host.calls.insertDraft).toHaveLength(0);
  });

  test('in Chinese: labels from the template, interface in 繁體中文', async () => {
    const user = userEvent.setup();
    renderApp({ host: new FakeHost({ displayLanguage: 'zh-HK' }), gateway: new FakeGateway({ departments: [FEHD] }), tab: 'draft' });
    await user.selectOptions(await screen.findByTestId('template-select'), 'fehd/reply-public');
    expect(screen.getByLabelText(/本署檔號/)).toBeTruthy();
    expect(screen.getByTestId('draft-button').textContent).toBe('草擬');
    expect((screen.getByTestId('draft-lang-zh-HK') as HTMLInputElement).checked).toBe(true);
  });
});
