// Types for scripts/e2e-support.js (used by test/e2e from TypeScript).
import type { Browser } from 'playwright-core';

export const ROOT: string;
export const DIST: string;
export const CHROMIUM: string;
export const CHROMIUM_ARGS: string[];
export function chromiumPresent(): boolean;
export function inCI(): boolean;
export function launchChromium(): Promise<Browser>;
export function addinBuildState(): { fresh: boolean; reason: string };
export function ensureAddinBuilt(options?: { force?: boolean; log?: (message: string) => void }): { built: boolean; reason: string; ms: number };
export interface StaticServer {
  url: string;
  origin: string;
  port: number;
  close(): Promise<void>;
}
export function startStaticServer(dir?: string): Promise<StaticServer>;
