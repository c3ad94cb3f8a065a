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
  // "20 mil toneladas anuales", "toneladas anuais", "150 mil barriles diarios": the adjective right after the unit.
  const adj = /^\s?(anual|anuales|anuais|mensual|mensuales|mensais|diarios|diarias|diários|diárias)(?![\p{L}])/iu.exec(window)?.[1]?.toLowerCase();
  if (adj) return adj.startsWith('anu') ? 'year' : adj.startsWith('mens') ? 'month' : 'day';
  const w = /\b(?:al|ao|por|cada)\s(año|ano|mes|mês|semana|día|dia)(?![\p{L}])/iu.exec(window)?.[1]?.toLowerCase();
  if (!w) return null;
  return w === 'mes' || w === 'mês' ? 'month' : w === 'semana' ? 'week' : w.startsWith('d') ? 'day' : 'year';
}
