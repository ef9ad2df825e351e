/** Department knowledge: indexing, bilingual retrieval with citations (see knowledge-base.ts). */
export { KnowledgeBase, SHARED_DEPARTMENT, type KnowledgeBaseOptions, type KnowledgeLogger, type RefreshOptions } from './knowledge-base';
export { EmbeddingsClient, EmbeddingsError, reciprocalRankFusion, type EmbeddingsConfig } from './embeddings';
export { Glossary, GENERAL_TERMS, type TermPair } from './glossary';
export { analyze, queryTerms } from './tokenize';
export { chunkUnits, titleAndBody } from './chunker';
export { parseMarkdown, parseText } from './structure';
export { readKnowledgeFile, KnowledgeFileError, KNOWLEDGE_EXTENSIONS } from './read';
export type * from './types';
