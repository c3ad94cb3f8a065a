// rss-parser ships no types for its helper module; we replace one of its functions (see src/feeds/parse.ts).
declare module 'rss-parser/lib/utils.js' {
  const utils: { stripHtml(s: string): string };
  export default utils;
}
