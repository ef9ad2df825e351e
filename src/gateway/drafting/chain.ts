import { StringOutputParser } from '@langchain/core/output_parsers';
import { ChatPromptTemplate } from '@langchain/core/prompts';
import { RoutedChatModel, type RoutedModelOptions } from './router-chat-model';

/**
 * The drafting chain: instructions and the request are passed as variables (never pasted into the template
 * text, where braces in officers' text would be read as placeholders).
 */
const prompt = ChatPromptTemplate.fromMessages([
  ['system', '{instructions}'],
  ['human', '{request}'],
]);

export function draftingChain(options: RoutedModelOptions) {
  return prompt.pipe(new RoutedChatModel(options)).pipe(new StringOutputParser());
}
