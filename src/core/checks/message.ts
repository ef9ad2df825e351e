import type { Message } from './types';

/** Fills `%s` placeholders in order, each language with its own arguments. */
export function formatMessage(template: Message, zhArgs: readonly string[], enArgs: readonly string[] = zhArgs): Message {
  return { 'zh-HK': fill(template['zh-HK'], zhArgs), en: fill(template.en, enArgs) };
}

function fill(template: string, args: readonly string[]): string {
  let i = 0;
  return template.replace(/%s/g, () => (i < args.length ? args[i++] : ''));
}
