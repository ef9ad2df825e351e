/** `wenshu draft --model NAME`: through a running gateway's POST /v1/drafts, the same path as the task pane. */
import { FakeUpstream } from '../gateway/support/fake-upstream';
import { startTestGateway, type TestGateway } from '../gateway/support/gateway';
import { expectOneLineError, runCli } from '../cli/helpers';
import { FIELDS } from './support/cases';
import { mainlandModel } from './support/mainland-model';
import { blocks } from './support/cases';

let upstream: FakeUpstream;
let gw: TestGateway;
beforeAll(async () => {
  upstream = await FakeUpstream.start();
  gw = await startTestGateway({ upstream });
});
afterAll(async () => {
  await gw?.close();
  await upstream?.close();
});
afterEach(() => upstream.reset());

const fieldArgs = Object.entries(FIELDS['reply-public'].en).flatMap(([k, v]) => ['--field', `${k}=${v}`]);

it('prints the gateway’s conformant draft and says what it normalised and who wrote what', async () => {
  upstream.enqueue(mainlandModel((p) => `Sure, here is the draft:\n\n${blocks(p, { response: 'We organized extra cleansing from 20 November.' })}`));
  const r = await runCli(['draft', '--template', 'fehd/reply-public', '--lang', 'en', ...fieldArgs, '--points', 'Cleansing was stepped up from 20 November.', '--model', 'local', '--gateway', gw.url]);
  expect(upstream.chatRequests).toHaveLength(1);
  expect(r.stdout).toContain('Our Ref.: (12) in FEHD HQ/1234/56');
  expect(r.stdout).toContain('We organised extra cleansing from 20 November.');
  expect(r.stdout).not.toContain('Sure, here is');
  expect(r.stderr).toContain('frame: template; sections by model: response: local (local-llm)');
  expect(r.stderr).toContain('normalised [response] (spelling): organized -> organised');
  expect(r.stderr).toContain('normalised (preamble): Sure, here is the draft:');
  expect([0, 1]).toContain(r.code);
});

it('refuses clearly when no gateway answers there', async () => {
  const r = await runCli(['draft', '--template', 'fehd/reply-public', '--lang', 'en', ...fieldArgs, '--model', 'local', '--gateway', 'http://127.0.0.1:9']);
  expectOneLineError(r, /cannot reach the gateway at http:\/\/127\.0\.0\.1:9 .*wenshu serve/);
});

it('passes on the gateway’s reason for a refusal', async () => {
  const r = await runCli(['draft', '--template', 'fehd/reply-public', '--lang', 'en', ...fieldArgs, '--model', 'no-such-model', '--gateway', gw.url]);
  expectOneLineError(r, /the gateway refused the draft \(404 model_not_found\): model "no-such-model" does not exist/);
});
