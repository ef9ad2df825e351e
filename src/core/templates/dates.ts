/**
 * Dates as the Hong Kong Government writes them: "28 November 2026" and 2026年11月28日. "Today" is the date in
 * Hong Kong (UTC+8, no daylight saving), whatever the machine's time zone.
 */
import type { Lang } from './schema';

export interface CalendarDate {
  year: number;
  /** 1-12 */
  month: number;
  day: number;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const WEEKDAYS_EN = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const WEEKDAYS_ZH = ['星期日', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六'];
const HK_OFFSET_MS = 8 * 60 * 60 * 1000;

export function hongKongDate(instant: Date): CalendarDate {
  const d = new Date(instant.getTime() + HK_OFFSET_MS);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

export function formatDate(date: CalendarDate, lang: Lang): string {
  return lang === 'en' ? `${date.day} ${MONTHS[date.month - 1]} ${date.year}` : `${date.year}年${date.month}月${date.day}日`;
}

export function weekday(date: CalendarDate, lang: Lang): string {
  const index = new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();
  return (lang === 'en' ? WEEKDAYS_EN : WEEKDAYS_ZH)[index];
}

/** Reads 2026-11-28, 28 November 2026 (or 28 Nov 2026) and 2026年11月28日; undefined when not a real date. */
export function parseDateInput(input: string): CalendarDate | undefined {
  const s = input.trim();
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s);
  if (m) return valid(+m[1], +m[2], +m[3]);
  m = /^(\d{4})年(\d{1,2})月(\d{1,2})日$/.exec(s);
  if (m) return valid(+m[1], +m[2], +m[3]);
  m = /^(\d{1,2})\s+([A-Za-z]+)\.?\s+(\d{4})$/.exec(s);
  if (m) {
    const name = m[2].toLowerCase();
    const month = MONTHS.findIndex((n) => n.toLowerCase() === name || (name.length >= 3 && n.toLowerCase().startsWith(name)));
    return month < 0 ? undefined : valid(+m[3], month + 1, +m[1]);
  }
  return undefined;
}

function valid(year: number, month: number, day: number): CalendarDate | undefined {
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day ? { year, month, day } : undefined;
}
