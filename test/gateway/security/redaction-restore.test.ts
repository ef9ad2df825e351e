/**
 * Issue 9, "Redaction misses", the way back: through HTTP with the real openai client against the gateway
 * and the recording fake upstream (an external provider, so personal data is replaced going out).
 * Tool-call arguments and reasoning_content were redacted going out but never restored coming back; with
 * n > 1 one restorer was shared by every choice, so interleaved streamed pieces were garbled. Going out, a
 * value after an escaped "\n" in JSON tool-call arguments, and reasoning sent back in the history, reached
 * the external provider raw. Each test is named after its case and failed before.
 */
import OpenAI from 'openai';
import { FakeUpstream } from '../support/fake-upstream';
import { startTestGateway, type TestGateway } from '../support/gateway';

let upstream: FakeUpstream;
let gw: TestGateway;
let client: OpenAI;

beforeAll(async () => {
  upstream = await FakeUpstream.start();
  gw = await startTestGateway({ upstream });
  client = new OpenAI({ baseURL: gw.v1, apiKey: 'x', maxRetries: 0 });
});
afterAll(async () => {
  await gw?.close();
  await upstream?.close();
});
afterEach(() => upstream.reset());

const PHONE = '9123 4567';
const EMAIL = 'chan.taiman@example.com';
const HKID = 'A123456(3)';
/** One of each, numbered in this order by the gateway: [HKID_1], [PHONE_1], [EMAIL_1]. */
const PERSONAL = `Mr CHAN, HKID ${HKID}, phone ${PHONE}, email ${EMAIL}.`;

const completion = (choices: unknown[]) => ({ id: 'c', object: 'chat.completion', created: 1, model: 'cloud-model', choices, usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 } });
const frame = (choices: unknown[]) => `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 1, model: 'cloud-model', choices })}\n\n`;
const delta = (index: number, d: Record<string, unknown>, finish: string | null = null) => ({ index, delta: d, finish_reason: finish });

function sentToUpstream(): string {
  return upstream.chatRequests.map((r) => r.rawBody + JSON.stringify(r.body)).join('\n');
}

describe('issue 9: restore in tool-call arguments and reasoning_content (non-streamed)', () => {
  it('issue 9: tool-call arguments come back restored', async () => {
    upstream.enqueue({
      body: completion([
        {
          index: 0,
          message: { role: 'assistant', content: null, tool_calls: [{ id: 't1', type: 'function', function: { name: 'send_sms', arguments: '{"to":"[PHONE_1]","cc":"[EMAIL_1]"}' } }] },
          finish_reason: 'tool_calls',
        },
      ]),
    });
    const out = await client.chat.completions.create({ model: 'cloud', messages: [{ role: 'user', content: PERSONAL }] });
    expect(sentToUpstream()).not.toContain(PHONE);
    const call = out.choices[0].message.tool_calls![0] as OpenAI.Chat.Completions.ChatCompletionMessageFunctionToolCall;
    expect(JSON.parse(call.function.arguments)).toEqual({ to: PHONE, cc: EMAIL });
  });

  it('issue 9: reasoning_content comes back restored', async () => {
    upstream.enqueue({ body: completion([{ index: 0, message: { role: 'assistant', content: 'Reply to [EMAIL_1].', reasoning_content: 'The caller [HKID_1] gave [PHONE_1].' }, finish_reason: 'stop' }]) });
    const out = await client.chat.completions.create({ model: 'cloud', messages: [{ role: 'user', content: PERSONAL }] });
    const message = out.choices[0].message as unknown as { content: string; reasoning_content: string };
    expect(message.content).toBe(`Reply to ${EMAIL}.`);
    expect(message.reasoning_content).toBe(`The caller ${HKID} gave ${PHONE}.`);
  });

  it('with n > 1 every choice is restored (non-streamed: a guard; the shared restorer failed only when streamed)', async () => {
    upstream.enqueue({
      body: completion([
        { index: 0, message: { role: 'assistant', content: 'Call [PHONE_1].' }, finish_reason: 'stop' },
        { index: 1, message: { role: 'assistant', content: 'Write to [EMAIL_1].' }, finish_reason: 'stop' },
      ]),
    });
    const out = await client.chat.completions.create({ model: 'cloud', n: 2, messages: [{ role: 'user', content: PERSONAL }] });
    expect(out.choices.map((c) => c.message.content)).toEqual([`Call ${PHONE}.`, `Write to ${EMAIL}.`]);
  });
});

describe('issue 9: restore in a stream, each choice and each text with its own restorer', () => {
  /** Collects every text of every choice from the openai client's stream. */
  async function collect(stream: AsyncIterable<OpenAI.Chat.Completions.ChatCompletionChunk>) {
    const texts = new Map<string, string>();
    const add = (key: string, piece: unknown) => {
      if (typeof piece === 'string') texts.set(key, (texts.get(key) ?? '') + piece);
    };
    for await (const chunk of stream) {
      for (const c of chunk.choices) {
        const d = c.delta as Record<string, unknown> & typeof c.delta;
        add(`${c.index}:content`, d.content);
        add(`${c.index}:reasoning`, d.reasoning_content);
        for (const t of d.tool_calls ?? []) add(`${c.index}:tool${t.index}`, t.function?.arguments);
      }
    }
    return Object.fromEntries(texts);
  }

  it('issue 9: n > 1 streamed, placeholders split over chunks that interleave by choice index', async () => {
    upstream.enqueue({
      rawFrames: [
        frame([delta(0, { role: 'assistant', content: 'Call [PHO' })]),
        frame([delta(1, { role: 'assistant', content: 'Mail [EMA' })]),
        frame([delta(0, { content: 'NE_1] now' })]),
        frame([delta(1, { content: 'IL_1] today' })]),
        frame([delta(0, { content: ' [HKID_' }, 'stop')]),
        frame([delta(1, {}, 'stop')]),
        'data: [DONE]\n\n',
      ],
    });
    const stream = await client.chat.completions.create({ model: 'cloud', n: 2, stream: true, messages: [{ role: 'user', content: PERSONAL }] });
    expect(await collect(stream)).toEqual({ '0:content': `Call ${PHONE} now [HKID_`, '1:content': `Mail ${EMAIL} today` });
  });

  it('issue 9: streamed tool-call arguments and reasoning_content are restored, split placeholders joined', async () => {
    upstream.enqueue({
      rawFrames: [
        frame([delta(0, { role: 'assistant', reasoning_content: 'Caller [HK' })]),
        frame([delta(0, { reasoning_content: 'ID_1] wants a call.' })]),
        frame([delta(0, { tool_calls: [{ index: 0, id: 't1', type: 'function', function: { name: 'call', arguments: '{"to":"[PH' } }] })]),
        frame([delta(0, { tool_calls: [{ index: 1, id: 't2', type: 'function', function: { name: 'mail', arguments: '{"to":"[EMAIL' } }] })]),
        frame([delta(0, { tool_calls: [{ index: 0, function: { arguments: 'ONE_1]"}' } }] })]),
        frame([delta(0, { tool_calls: [{ index: 1, function: { arguments: '_1]"}' } }] }, 'tool_calls')]),
        'data: [DONE]\n\n',
      ],
    });
    const stream = await client.chat.completions.create({ model: 'cloud', stream: true, messages: [{ role: 'user', content: PERSONAL }] });
    const got = await collect(stream);
    expect(got['0:reasoning']).toBe(`Caller ${HKID} wants a call.`);
    expect(JSON.parse(got['0:tool0'])).toEqual({ to: PHONE });
    expect(JSON.parse(got['0:tool1'])).toEqual({ to: EMAIL });
  });

  it('a stream that ends without finish_reason still delivers the text held back as a possible placeholder', async () => {
    upstream.enqueue({ rawFrames: [frame([delta(0, { role: 'assistant', content: 'See [PHONE_1] and [EMA' })]), 'data: [DONE]\n\n'] });
    const stream = await client.chat.completions.create({ model: 'cloud', stream: true, messages: [{ role: 'user', content: PERSONAL }] });
    expect((await collect(stream))['0:content']).toBe(`See ${PHONE} and [EMA`);
  });
});

describe('issue 9: redaction going out, in every text of the history', () => {
  it('issue 9: a value after an escaped newline in JSON tool-call arguments does not reach the external provider', async () => {
    upstream.enqueue({ content: 'ok' });
    await client.chat.completions.create({
      model: 'cloud',
      messages: [
        { role: 'user', content: 'Log the call.' },
        {
          role: 'assistant',
          content: null,
          tool_calls: [{ id: 't1', type: 'function', function: { name: 'log', arguments: JSON.stringify({ notes: 'Caller\n2868-0000\nAB987654(3)\nM100000(A)' }) } }],
        },
        { role: 'tool', tool_call_id: 't1', content: 'logged' },
      ],
    });
    const sent = sentToUpstream();
    for (const value of ['2868-0000', 'AB987654(3)', 'M100000(A)']) expect(sent).not.toContain(value);
    const args = JSON.parse(upstream.chatRequests[0].body.messages[1].tool_calls[0].function.arguments);
    expect(args.notes).toBe('Caller\n[PHONE_1]\n[HKID_1]\n[HKID_2]');
  });

  it('issue 9: reasoning_content sent back in the history is redacted', async () => {
    upstream.enqueue({ content: 'ok' });
    await client.chat.completions.create({
      model: 'cloud',
      messages: [
        { role: 'user', content: 'Who called?' },
        { role: 'assistant', content: 'Mr Chan.', reasoning_content: `He gave ${PHONE} and ${EMAIL}.` } as OpenAI.Chat.Completions.ChatCompletionMessageParam,
        { role: 'user', content: 'Thanks.' },
      ],
    });
    const sent = sentToUpstream();
    expect(sent).not.toContain(PHONE);
    expect(sent).not.toContain(EMAIL);
  });
});
