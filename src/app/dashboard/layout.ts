/** The page frame: navigation, the stylesheet and the one small script, both carrying the response's CSP nonce. */
import { html, raw, type Html } from './html.js';

export interface PageContext {
  nonce: string;
  /** Set when admin edits are allowed (token given): the CSRF token the forms carry. */
  csrf?: string | undefined;
  /** Whether a token guards the dashboard (shows the sign-out button). */
  guarded: boolean;
}

const NAV: [string, string][] = [
  ['/', 'Alerts'],
  ['/stories', 'Stories'],
  ['/feeds', 'Feeds'],
  ['/channels', 'Channels'],
  ['/matcher', 'Try the matcher'],
  ['/charts', 'Charts'],
];

const CSS = `
:root{--fg:#1d232a;--muted:#5d6873;--line:#d9dee3;--bg:#f6f7f9;--card:#fff;--acc:#0b6e4f;--bad:#b42318;--warn:#9a6700}
*{box-sizing:border-box}body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
header{background:#12343b;color:#fff;padding:10px 20px;display:flex;gap:18px;align-items:center;flex-wrap:wrap}
header b{font-size:16px;margin-right:12px}header a{color:#d6efe6;text-decoration:none}header a.on{color:#fff;border-bottom:2px solid #6fd3b0}
header form{margin-left:auto}main{padding:16px 20px;max-width:1200px}
h1{font-size:20px;margin:4px 0 14px}h2{font-size:16px;margin:18px 0 8px}
.card{background:var(--card);border:1px solid var(--line);border-radius:6px;padding:12px 14px;margin:0 0 10px}
.muted{color:var(--muted)}.small{font-size:12px}.why{color:#2e4a3f}
.tag{display:inline-block;border:1px solid var(--line);border-radius:10px;padding:0 7px;margin:1px 3px 1px 0;font-size:12px;background:#f1f4f6}
.st-sent{color:var(--acc);font-weight:600}.st-pending{color:var(--warn);font-weight:600}.st-dead{color:var(--bad);font-weight:600}
table{border-collapse:collapse;width:100%;background:var(--card)}th,td{border-bottom:1px solid var(--line);padding:6px 8px;text-align:left;vertical-align:top}
th a{color:inherit}td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
form.filters{display:flex;gap:8px;flex-wrap:wrap;align-items:end;margin-bottom:12px}
label{display:flex;flex-direction:column;font-size:12px;color:var(--muted)}input,select,textarea{font:inherit;padding:4px 6px}
textarea{width:100%}button{font:inherit;padding:4px 10px;cursor:pointer}.bad{color:var(--bad)}.ok{color:var(--acc)}
table.channels td.gets{width:26%}table.channels td.settings{width:32%}table.channels td.posting{width:16%}table.channels .setting{margin:0 0 3px}form.inline{display:inline}.pager{display:flex;gap:12px;margin:12px 0}svg{background:var(--card);border:1px solid var(--line);border-radius:6px;max-width:100%;height:auto}
`;

// Admin forms ask before they act; nothing else needs script.
const JS = `document.addEventListener('submit',function(e){var m=e.target.getAttribute('data-confirm');if(m&&!window.confirm(m))e.preventDefault();});`;

export function layout(ctx: PageContext, path: string, title: string, body: Html): string {
  const nav = NAV.map(([href, label]) => {
    const on = href === '/' ? path === '/' : path.startsWith(href);
    return html`<a href="${href}" class="${on ? 'on' : ''}">${label}</a>`;
  });
  const out = ctx.guarded
    ? html`<form method="post" action="/logout"><input type="hidden" name="csrf" value="${ctx.csrf ?? ''}"><button>Sign out</button></form>`
    : '';
  return html`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${title} · lithium-wire</title><style nonce="${ctx.nonce}">${raw(CSS)}</style></head>
<body><header><b>lithium-wire</b>${nav}${out}</header><main><h1>${title}</h1>${body}</main>
<script nonce="${ctx.nonce}">${raw(JS)}</script></body></html>`.text;
}

/** A page outside the frame (login, refusal). */
export function bare(nonce: string, title: string, body: Html): string {
  return html`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title} · lithium-wire</title>
<style nonce="${nonce}">${raw(CSS)}</style></head><body><main><h1>${title}</h1>${body}</main></body></html>`.text;
}
