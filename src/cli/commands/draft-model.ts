/**
 * `wenshu draft --model NAME`: the draft is made by the gateway, through the same POST /v1/drafts path as the
 * task pane (policy gate, quotas, audit, the frame from the template, the model's sections normalised and
 * verified, at most one repair). The CLI only sends the request and prints what it gets back.
 */
import type { DraftProvenance } from '../../core/drafting/provenance-record';
import type { Finding } from '../../core/checks/types';
import type { Lang } from '../../core/templates/schema';
import { UsageError, type CliIO } from '../io';

export interface GatewayDraftRequest {
  template: string;
  fields: Record<string, string>;
  keyPoints: string[];
  lang?: Lang;
  classification?: string;
  model: string;
  /** "docx": the gateway also fills the template's body.docx and returns it (GatewayDraft.docx). */
  format?: 'markdown' | 'docx';
}

export interface GatewayDraft {
  text: string;
  composer: 'model' | 'offline';
  provider: string;
  findings: Finding[];
  applied?: Array<{ kind: string; section?: string; from: string; to: string }>;
  repaired?: boolean;
  parts?: Array<{ part: string; id?: string; model?: string; provider?: string; repaired?: boolean }>;
  notice?: { 'zh-HK': string; en: string };
  lang: Lang;
  classification: string;
  provenance?: DraftProvenance;
  /** The filled body.docx, when asked for with format "docx". */
  docx?: { base64: string };
}

export const DEFAULT_GATEWAY = 'http://127.0.0.1:8787';

/** The gateway's base URL (--gateway, $WENSHU_GATEWAY, or the local default) and the API key, if one is named. */
export function gatewayTarget(io: CliIO, url: string | undefined, keyEnv: string | undefined): { url: string; apiKey?: string } {
  const base = (url ?? io.env.WENSHU_GATEWAY ?? DEFAULT_GATEWAY).replace(/\/+$/, '');
  if (!/^https?:\/\/[^\s/]+/.test(base)) throw new UsageError(`--gateway must be an http(s) URL (got "${base}")`);
  const name = keyEnv ?? (io.env.WENSHU_API_KEY ? 'WENSHU_API_KEY' : undefined);
  const apiKey = name ? io.env[name] : undefined;
  if (keyEnv && !apiKey) throw new UsageError(`--api-key-env names ${keyEnv}, which is not set`);
  return { url: base, apiKey };
}

export async function draftThroughGateway(target: { url: string; apiKey?: string }, body: GatewayDraftRequest): Promise<GatewayDraft> {
  let res: Response;
  try {
    res = await fetch(`${target.url}/v1/drafts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...(target.apiKey ? { 'x-api-key': target.apiKey } : {}) },
      body: JSON.stringify(body),
    });
  } catch (err) {
    const code = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).message;
    throw new UsageError(`cannot reach the gateway at ${target.url} (${code}); start it with wenshu serve, or give --gateway URL`);
  }
  const text = await res.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    throw new UsageError(`the gateway at ${target.url} answered ${res.status} with something that is not JSON`);
  }
  if (!res.ok) throw new UsageError(`the gateway refused the draft (${res.status} ${json?.error?.code ?? ''}): ${json?.error?.message ?? 'no reason given'}`.replace(' )', ')'));
  if (typeof json?.text !== 'string') throw new UsageError(`the gateway at ${target.url} answered without a draft`);
  return json as GatewayDraft;
}

/** One line per normalisation and per part, for stderr: what the gateway changed and who wrote what. */
export function describeModelDraft(draft: GatewayDraft, lang: Lang): string[] {
  const lines: string[] = [];
  const sections = (draft.parts ?? []).filter((p) => p.part === 'section');
  if (draft.composer === 'model') {
    const who = sections.map((p) => `${p.id}: ${p.model} (${p.provider})${p.repaired ? (lang === 'zh-HK' ? '，已修正' : ', repaired') : ''}`).join('; ');
    lines.push(lang === 'zh-HK' ? `範本擬備框架；模型撰寫各部分：${who}` : `frame: template; sections by model: ${who}`);
  } else if (draft.notice) {
    lines.push(draft.notice[lang]);
  }
  for (const a of draft.applied ?? []) {
    const where = a.section ? ` [${a.section}]` : '';
    lines.push(lang === 'zh-HK' ? `已修正${where}（${a.kind}）：${a.from}${a.to ? ` → ${a.to}` : ''}` : `normalised${where} (${a.kind}): ${a.from}${a.to ? ` -> ${a.to}` : ''}`);
  }
  return lines;
}
