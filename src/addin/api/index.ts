export * from './client';
export * from './types';
export { readSse, type SseMessage } from './sse';
export * from './transform';
