/**
 * The one HTTP server's routing: exact paths (`/healthz`, `/slack/events`) and prefixes (`/samples/`, and `/` for
 * a future dashboard), on node:http alone. A handful of fixed routes needs no framework; Bolt's and our Discord
 * handler are plain (req, res) listeners, so each mounts as it is.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

export type Handler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

export interface RouteOptions {
  /** Methods answered; others get 405. Default: any. */
  methods?: readonly string[];
  /** Match every path under this one (the path must end with '/'); the longest prefix wins. */
  prefix?: boolean;
}

interface Route {
  path: string;
  handler: Handler;
  methods: readonly string[] | undefined;
  prefix: boolean;
}

export interface Router {
  /** Adds a route; a second mount of the same path is a wiring mistake and throws. Returns the unmount. */
  mount(path: string, handler: Handler, opts?: RouteOptions): () => void;
  /** The paths mounted, for the start-up line. */
  paths(): string[];
  /** The node:http request listener. */
  listener: (req: IncomingMessage, res: ServerResponse) => void;
}

export function sendJson(res: ServerResponse, status: number, body: unknown, method?: string): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'content-length': Buffer.byteLength(text) });
  res.end(method === 'HEAD' ? undefined : text);
}

export function createRouter(): Router {
  const routes = new Map<string, Route>();

  function find(pathname: string): Route | undefined {
    const exact = routes.get(pathname);
    if (exact && !exact.prefix) return exact;
    let best: Route | undefined;
    for (const r of routes.values()) {
      if (r.prefix && pathname.startsWith(r.path) && (!best || r.path.length > best.path.length)) best = r;
    }
    return best;
  }

  return {
    mount(path, handler, opts = {}) {
      if (!path.startsWith('/')) throw new Error(`route ${path}: a path starts with /`);
      if (opts.prefix && !path.endsWith('/')) throw new Error(`route ${path}: a prefix route ends with /`);
      if (routes.has(path)) throw new Error(`route ${path} is mounted twice`);
      const route: Route = { path, handler, methods: opts.methods, prefix: opts.prefix ?? false };
      routes.set(path, route);
      return () => {
        if (routes.get(path) === route) routes.delete(path);
      };
    },
    paths: () => [...routes.keys()].sort(),
    listener(req, res) {
      let pathname: string;
      try {
        pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
      } catch {
        return sendJson(res, 400, { error: 'bad request target' });
      }
      const route = find(pathname);
      if (!route) return sendJson(res, 404, { error: 'not found' }, req.method);
      if (route.methods && !route.methods.includes(req.method ?? '')) {
        res.setHeader('allow', route.methods.join(', '));
        return sendJson(res, 405, { error: 'method not allowed' }, req.method);
      }
      try {
        const done = route.handler(req, res);
        if (done) done.catch((e: unknown) => failed(res, e));
      } catch (e) {
        failed(res, e);
      }
    },
  };
}

/** A handler that threw: 500 when nothing was sent yet; never the error text (it may hold internals). */
function failed(res: ServerResponse, e: unknown): void {
  void e;
  if (!res.headersSent) sendJson(res, 500, { error: 'internal error' });
  else res.destroy();
}
