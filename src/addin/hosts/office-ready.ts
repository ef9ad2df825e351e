/// <reference types="office-js" />
/**
 * The one place the task pane waits for Office.js. Outside Office (a plain browser), office.js still
 * resolves `Office.onReady`, with no host; without office.js at all (a test page) we say so instead of hanging.
 */
export interface OfficeReadyInfo {
  /** "Word", "Outlook", ... or null in a plain browser. */
  host: string | null;
  /** "PC", "Mac", "OfficeOnline", ... or null in a plain browser. */
  platform: string | null;
  /** Office's display language (e.g. "zh-HK"), or the browser's outside Office. */
  language: string;
}

export function officeReady(): Promise<OfficeReadyInfo> {
  const office = (globalThis as { Office?: typeof Office }).Office;
  if (!office?.onReady) {
    return Promise.resolve({ host: null, platform: null, language: navigator.language });
  }
  return office.onReady().then((info) => ({
    host: info.host ? String(info.host) : null,
    platform: info.platform ? String(info.platform) : null,
    language: (info.host && office.context?.displayLanguage) || navigator.language,
  }));
}
