/**
 * Phrases beside a figure that say what it is not: a work schedule is not the period of an amount, a chart level
 * is not a key figure; and the Spanish way of saying "a year" ("al año").
 */
import type { Per } from '../types.js';

/** "five days a week", "24 hours a day": a schedule, not the period of the amount next to it. */
export const SCHEDULE = /\b(?:days|hours|shifts) (?:a|per) (?:week|day)\b/gi;

/** A chart level in trader talk ("next resistance around $4.20", "support at $3.80") is not a key figure. */
export const CHART_LEVEL = /\b(?:resistance|support|stop[- ]loss|pivot)(?:\s(?:level|zone|line))?\s(?:at|around|near|is|sits at)?\s*$/i;

/** "15.000 toneladas de LCE al año", "por mes", "cada semana". */
export function spanishPer(window: string): Per | null {
  const w = /\b(?:al|por|cada)\s(año|ano|mes|semana|día|dia)(?![\p{L}])/iu.exec(window)?.[1]?.toLowerCase();
  if (!w) return null;
  return w === 'mes' ? 'month' : w === 'semana' ? 'week' : w.startsWith('d') ? 'day' : 'year';
}
