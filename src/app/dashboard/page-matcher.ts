/** Try the matcher: a headline and summary through the real matcher, with its verdict, why, tickers and figures. */
import { figureLabel } from '../../core/alert-view.js';
import type { DashboardDeps } from './deps.js';
import { html, type Html } from './html.js';
import { tags } from './views.js';

export function matcherPage(deps: DashboardDeps, params: URLSearchParams): Html {
  const headline = (params.get('headline') ?? '').slice(0, 2000);
  const summary = (params.get('summary') ?? '').slice(0, 20_000);
  const form = html`<form method="get" action="/matcher" class="card matcher">
<label>headline<input name="headline" value="${headline}" size="100"></label>
<label>summary<textarea name="summary" rows="6">${summary}</textarea></label><p><button>Match</button></p></form>`;
  if (!headline.trim() && !summary.trim()) return form;
  const r = deps.matcher.match({ title: headline, summary });
  const figures = r.figures.map(figureLabel);
  return html`${form}<div class="card result">
<div class="verdict ${r.lithiumSupply ? 'ok' : 'muted'}"><b>${r.lithiumSupply ? 'Lithium supply story' : 'Not a lithium supply story'}</b> (score ${r.score.toFixed(2)})</div>
<div class="why">why: ${r.why.length ? r.why.join('; ') : '—'}</div>
<div>topics: ${r.topics.length ? tags(r.topics) : '—'}</div>
<div class="tickers">tickers: ${r.tickers.length ? tags(r.tickers) : '—'}</div>
<div class="figures">figures: ${figures.length ? tags(figures, 'tag figure') : '—'}</div></div>`;
}
