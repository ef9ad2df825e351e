/**
 * The task pane's entry point. For now it only shows that the add-in has loaded inside its host;
 * the Draft, Check and Reply panes come with the task-pane issue.
 */
import { officeReady } from '../hosts/office-ready';

const HOST_NAMES: Record<string, { zh: string; en: string }> = {
  Word: { zh: 'Word', en: 'Word' },
  Outlook: { zh: 'Outlook', en: 'Outlook' },
};

export async function start(doc: Document = document): Promise<void> {
  const status = doc.getElementById('status');
  try {
    const info = await officeReady();
    const host = info.host ? HOST_NAMES[info.host] ?? { zh: info.host, en: info.host } : null;
    if (status) {
      status.textContent = host
        ? `已在 ${host.zh} 中載入。Loaded in ${host.en}.`
        : '未在 Office 中執行（瀏覽器預覽）。Not running inside Office (browser preview).';
      status.dataset.state = 'ready';
    }
    doc.documentElement.lang = info.language.toLowerCase().startsWith('zh') ? 'zh-HK' : 'en-GB';
  } catch (err) {
    if (status) {
      status.textContent = `未能載入 Office.js。Office.js failed to load: ${(err as Error).message}`;
      status.dataset.state = 'error';
    }
  }
}

void start();
