/**
 * The ChartRenderer behind /ticker: our SVG (svg.ts) rasterised to PNG by resvg (@resvg/resvg-js, a prebuilt
 * native binary from npm; no browser, nothing fetched from the internet).
 *
 * Fonts: resvg draws text only with fonts it is given, and loading every system font costs ~20 ms per render.
 * So one sans font is looked for once, at a few well-known paths (Debian's fonts-dejavu-core, Liberation), and
 * handed over as a file; when none is there, the system fonts are scanned; with no fonts at all the labels are
 * missing but the lines and markers still draw.
 */
import { existsSync } from 'node:fs';
import { Resvg, type ResvgRenderOptions } from '@resvg/resvg-js';
import type { ChartRenderer, TickerChartSpec } from '../core/ticker-chart.js';
import { chartSvg } from './svg.js';

/** Tried in order; the first that exists is used. */
export const FONT_CANDIDATES: readonly string[] = [
  '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf',
  '/usr/share/fonts/TTF/DejaVuSans.ttf',
  '/usr/share/fonts/dejavu/DejaVuSans.ttf',
  '/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf',
  '/usr/share/fonts/liberation-sans/LiberationSans-Regular.ttf',
  '/System/Library/Fonts/Supplemental/Arial.ttf',
  'C:\\Windows\\Fonts\\arial.ttf',
];

export interface ChartRendererOptions {
  /** Font files to draw text with; default: the first of FONT_CANDIDATES found. An empty list: no text at all. */
  fontFiles?: readonly string[];
  /** Output width in pixels (the SVG scales); default the SVG's own 960. */
  width?: number;
}

function fontOptions(files: readonly string[] | undefined): ResvgRenderOptions['font'] {
  if (files && files.length === 0) return { loadSystemFonts: false };
  const found = files ?? FONT_CANDIDATES.filter((f) => existsSync(f)).slice(0, 1);
  if (found.length === 0) return { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' };
  return { loadSystemFonts: false, fontFiles: [...found], defaultFontFamily: found[0]?.includes('Liberation') ? 'Liberation Sans' : 'DejaVu Sans' };
}

/** PNG bytes of an SVG document. */
export function renderSvg(svg: string, opts: ChartRendererOptions = {}): { png: Uint8Array; width: number; height: number } {
  const resvg = new Resvg(svg, {
    font: fontOptions(opts.fontFiles),
    ...(opts.width ? { fitTo: { mode: 'width' as const, value: opts.width } } : {}),
    background: '#ffffff',
  });
  const image = resvg.render();
  return { png: new Uint8Array(image.asPng()), width: image.width, height: image.height };
}

export function createChartRenderer(opts: ChartRendererOptions = {}): ChartRenderer {
  // Looked up once: a font installed later is picked up on the next start.
  const font = fontOptions(opts.fontFiles);
  const files = font?.fontFiles ?? (font?.loadSystemFonts === false ? [] : undefined);
  return {
    async render(spec: TickerChartSpec) {
      return renderSvg(chartSvg(spec), { ...opts, ...(files ? { fontFiles: files } : {}) });
    },
  };
}
