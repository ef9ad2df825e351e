/**
 * Issue 9: "unmarked text from a plain OpenAI client defaults to UNCLASSIFIED". A department may say what its
 * unmarked text is (policy.unmarked): a department whose ordinary correspondence is RESTRICTED never has unmarked
 * text sent to a provider cleared only for UNCLASSIFIED, while a cleared internal provider still answers.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { FakeUpstream } from '../support/fake-upstream';
import { startTestGateway, TEMPLATES, type TestGateway } from '../support/gateway';

const UNMARKED = 'Please summarise: the levy will be announced on Tuesday.';

let upstream: FakeUpstream;
let restricted: TestGateway;
let ordinary: TestGateway;
let dir: string;

beforeAll(async () => {
  upstream = await FakeUpstream.start();
  dir = mkdtempSync(join(tmpdir(), 'wenshu-unmarked-'));
  cpSync(TEMPLATES, dir, { recursive: true });
  const file = join(dir, 'fehd', 'department.yaml');
  const yaml = readFileSync(file, 'utf8');
  if (!/^policy:\n {2}providers:/m.test(yaml)) throw new Error('test setup: fehd policy not where expected');
  writeFileSync(file, yaml.replace(/^policy:\n/m, 'policy:\n  unmarked: RESTRICTED\n'));
  restricted = await startTestGateway({ upstream, config: { templates: dir } });
  ordinary = await startTestGateway({ upstream });
});
afterAll(async () => {
  await restricted?.close();
  await ordinary?.close();
  await upstream?.close();
  rmSync(dir, { recursive: true, force: true });
});
afterEach(() => upstream.reset());

const ask = (gw: TestGateway, model: string) =>
  new OpenAI({ baseURL: gw.v1, apiKey: 'x', maxRetries: 0 }).chat.completions.create({ model, messages: [{ role: 'user', content: UNMARKED }] });

it('issue 9: unmarked text of a department whose default is RESTRICTED never reaches the external provider', async () => {
  const err = (await ask(restricted, 'cloud').catch((e) => e)) as { status?: number; message?: string };
  expect(err.status).toBe(403);
  expect(upstream.requests).toHaveLength(0);
});

it('the same department’s unmarked text is answered by the internal provider cleared for it', async () => {
  const answer = await ask(restricted, 'local');
  expect(answer.choices[0].message.content).toBeTruthy();
  expect(upstream.chatRequests).toHaveLength(1);
});

it('positive control: without the default, the same text goes to the external provider', async () => {
  await ask(ordinary, 'cloud');
  expect(upstream.chatRequests).toHaveLength(1);
  expect(JSON.stringify(upstream.chatRequests[0].body)).toContain('levy will be announced');
});
