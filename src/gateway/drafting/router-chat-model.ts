import type { CallbackManagerForLLMRun } from '@langchain/core/callbacks/manager';
import { BaseChatModel, type BaseChatModelCallOptions } from '@langchain/core/language_models/chat_models';
import { AIMessage, AIMessageChunk, type BaseMessage } from '@langchain/core/messages';
import { ChatGenerationChunk, type ChatResult } from '@langchain/core/outputs';
import type { Deployment, Router } from '../providers/router';
import type { ChatBody, ChatMessage, Provider, Usage } from '../providers/types';

export interface RoutedModelOptions {
  router: Router;
  model: string;
  maxTokens: number;
  allowed(p: Provider): boolean;
  /** Redaction for external providers: the messages as that provider may see them. */
  messagesFor(p: Provider, messages: ChatMessage[]): ChatMessage[];
  restorerFor(p: Provider): { push(s: string): string; flush(): string };
  onRouted?(deployment: Deployment): void;
  onUsage?(usage: Usage): void;
}

const ROLE: Record<string, string> = { system: 'system', human: 'user', ai: 'assistant', tool: 'tool' };

function toOpenAI(messages: BaseMessage[]): ChatMessage[] {
  return messages.map((m) => ({ role: ROLE[m.getType()] ?? 'user', content: typeof m.content === 'string' ? m.content : JSON.stringify(m.content) }));
}

/**
 * LangChain's view of the gateway's router: a chat model whose every call goes through the same routing,
 * retries, fallbacks, circuit breakers, classification filter and redaction as /v1/chat/completions.
 * The drafting chain is an ordinary LangChain runnable (prompt -> this model -> string parser).
 */
export class RoutedChatModel extends BaseChatModel<BaseChatModelCallOptions, AIMessageChunk> {
  constructor(private readonly options: RoutedModelOptions) {
    super({});
  }

  _llmType(): string {
    return 'wenshu-router';
  }

  private body(messages: BaseMessage[]): ChatBody {
    return { model: this.options.model, messages: toOpenAI(messages), max_tokens: this.options.maxTokens, stream_options: { include_usage: true } };
  }

  override async *_streamResponseChunks(messages: BaseMessage[], callOptions: this['ParsedCallOptions'], runManager?: CallbackManagerForLLMRun): AsyncGenerator<ChatGenerationChunk> {
    const body = this.body(messages);
    const signal = callOptions.signal ?? new AbortController().signal;
    const routed = await this.options.router.openStream(this.options.model, body, this.options.allowed, signal, (p) => ({ ...body, messages: this.options.messagesFor(p, body.messages) }));
    this.options.onRouted?.(routed.deployment);
    const restorer = this.options.restorerFor(routed.deployment.provider);
    let chunk: IteratorResult<import('../providers/types').ChatChunk> = { done: false, value: routed.result.first };
    while (!chunk.done) {
      const value = chunk.value;
      if (value.usage) this.options.onUsage?.(value.usage);
      const text = value.choices?.map((c) => c.delta?.content ?? '').join('') ?? '';
      const finished = value.choices?.some((c) => c.finish_reason);
      const out = (text ? restorer.push(text) : '') + (finished ? restorer.flush() : '');
      if (out) {
        yield new ChatGenerationChunk({ text: out, message: new AIMessageChunk({ content: out }) });
        await runManager?.handleLLMNewToken(out);
      }
      chunk = await routed.result.rest.next();
    }
    const tail = restorer.flush();
    if (tail) yield new ChatGenerationChunk({ text: tail, message: new AIMessageChunk({ content: tail }) });
  }

  async _generate(messages: BaseMessage[], callOptions: this['ParsedCallOptions']): Promise<ChatResult> {
    const body = this.body(messages);
    const signal = callOptions.signal ?? new AbortController().signal;
    const routed = await this.options.router.complete(this.options.model, body, this.options.allowed, signal, (p) => ({ ...body, messages: this.options.messagesFor(p, body.messages) }));
    this.options.onRouted?.(routed.deployment);
    if (routed.result.usage) this.options.onUsage?.(routed.result.usage);
    const restorer = this.options.restorerFor(routed.deployment.provider);
    const raw = routed.result.choices?.[0]?.message?.content ?? '';
    const text = restorer.push(raw) + restorer.flush();
    return { generations: [{ text, message: new AIMessage(text) }] };
  }
}
