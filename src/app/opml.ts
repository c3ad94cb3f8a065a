/**
 * OPML 2.0 (the feed list format every reader imports and exports). Import: every <outline> with an xmlUrl is a
 * feed; its tags are the text of the outlines it sits in (folders) plus its `category` attribute (comma-separated,
 * slash-delimited paths). Export: one flat list, tags in `category`, the feed id in `text` (so an export read back
 * keeps its ids). A file that is not well-formed OPML, or has a feed whose URL is not http(s), is an error as a
 * whole: the import saves nothing from it.
 */
import { UserError } from '../core/errors.js';
import { FEED_ID, normaliseTags } from '../core/feed-registry.js';
import { parseXml, xmlEscape, XmlError, type XmlElement } from './xml-lite.js';

export interface OpmlFeed {
  url: string;
  tags: string[];
  /** The outline's text (or title): an id when it is one, otherwise a label for one. */
  label?: string | undefined;
  title?: string | undefined;
  line: number;
}

export class OpmlError extends UserError {
  constructor(message: string) {
    super('OPML_INVALID', message);
  }
}

const MAX_FEEDS = 10_000;

function httpUrl(raw: string): string | undefined {
  try {
    const u = new URL(raw.trim());
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : undefined;
  } catch {
    return undefined;
  }
}

/** The category attribute's tags: "/Mining/Lithium, asx" → mining, lithium, asx. */
function categoryTags(raw: string | undefined): string[] {
  if (!raw) return [];
  return raw.split(',').flatMap((path) => path.split('/')).map((t) => t.trim()).filter(Boolean);
}

/** The feeds of an OPML document, in document order. Throws OpmlError naming the line of the first problem. */
export function parseOpml(text: string): OpmlFeed[] {
  let root: XmlElement;
  try {
    root = parseXml(text);
  } catch (e) {
    if (e instanceof XmlError) throw new OpmlError(`not well-formed XML: ${e.message}`);
    throw e;
  }
  if (root.name !== 'opml') throw new OpmlError(`line ${root.line}: the root element is <${root.name}>, not <opml>`);
  const body = root.children.find((c) => c.name === 'body');
  if (!body) throw new OpmlError('the <opml> element has no <body>');
  const feeds: OpmlFeed[] = [];
  const walk = (el: XmlElement, folders: string[]): void => {
    for (const o of el.children) {
      if (o.name !== 'outline') continue;
      const label = (o.attrs.text ?? o.attrs.title ?? '').trim();
      const xmlUrl = o.attrs.xmlUrl ?? o.attrs.xmlurl;
      if (xmlUrl === undefined) {
        walk(o, label ? [...folders, label] : folders);
        continue;
      }
      const url = httpUrl(xmlUrl);
      if (!url) throw new OpmlError(`line ${o.line}: xmlUrl ${JSON.stringify(xmlUrl.slice(0, 200))} is not an http(s) URL`);
      if (feeds.length >= MAX_FEEDS) throw new OpmlError(`more than ${MAX_FEEDS} feeds in one file`);
      feeds.push({
        url,
        tags: normaliseTags([...folders, ...categoryTags(o.attrs.category)]),
        ...(label ? { label: label.slice(0, 200) } : {}),
        ...(o.attrs.title?.trim() ? { title: o.attrs.title.trim().slice(0, 200) } : {}),
        line: o.line,
      });
      // A feed outline's own children are not folders of it; feeds nested under a feed still count as feeds.
      walk(o, folders);
    }
  };
  walk(body, []);
  return feeds;
}

/** An outline's id when its text already is one (an export of ours), else undefined. */
export function labelAsId(label: string | undefined): string | undefined {
  return label && FEED_ID.test(label) && label.length <= 60 ? label : undefined;
}

export interface ExportFeed {
  id: string;
  url: string;
  tags: readonly string[];
  title?: string | undefined;
  /** Where it comes from, written as a comment-free attribute readers ignore. */
  origin: 'config' | 'chat';
}

/** An OPML 2.0 document listing `feeds`. */
export function writeOpml(feeds: readonly ExportFeed[], now: Date): string {
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<opml version="2.0">',
    '  <head>',
    '    <title>lithium-wire feeds</title>',
    `    <dateCreated>${now.toUTCString()}</dateCreated>`,
    '  </head>',
    '  <body>',
    ...feeds.map((f) => {
      const attrs: [string, string][] = [
        ['type', 'rss'],
        ['text', f.id],
        ['title', f.title ?? f.id],
        ['xmlUrl', f.url],
        ...(f.tags.length ? ([['category', f.tags.join(',')]] as [string, string][]) : []),
        ['lithiumWireOrigin', f.origin],
      ];
      return `    <outline ${attrs.map(([k, v]) => `${k}="${xmlEscape(v)}"`).join(' ')}/>`;
    }),
    '  </body>',
    '</opml>',
    '',
  ];
  return lines.join('\n');
}
