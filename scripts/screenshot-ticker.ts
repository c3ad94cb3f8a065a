/**
 * `npm run screenshots:ticker`: draws the /ticker chart for ALB from the recorded Yahoo history fixture (the one the
 * loopback fake serves in the tests), with two news alerts marked, and writes it to docs/ticker-chart.png for the
 * README. The same code path as the bot: Yahoo's chart JSON → PriceHistory → chart spec → SVG → resvg PNG.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createChartRenderer } from '../src/charts/render.js';
import { buildChartSpec } from '../src/core/ticker-chart.js';
import { historyFromChart } from '../src/quotes/yahoo.js';

const fixture = JSON.parse(readFileSync('test/fixtures/quotes/ALB.history.json', 'utf8')) as {
  chart: { result: Parameters<typeof historyFromChart>[1][] };
};
const result = fixture.chart.result[0];
if (!result) throw new Error('the fixture has no chart result');
const history = historyFromChart('ALB', result);
// Two alerts: a supply-cut story in the month panel, and one inside the five days.
const alertTimes = [Date.parse('2026-11-04T16:10:00Z'), Date.parse('2026-11-18T18:05:00Z')];
const spec = buildChartSpec(history, { title: 'ALB · Albemarle · NYSE', alertTimes, now: Date.parse('2026-11-19T16:00:00Z') });
if (!spec) throw new Error('too little history to draw');
const out = process.argv[2] ?? 'docs/ticker-chart.png';
const { png, width, height } = await createChartRenderer().render(spec);
writeFileSync(out, png);
console.log(`wrote ${out} (${width}×${height}, ${png.length} bytes)`);
