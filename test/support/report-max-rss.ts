// Preloaded into a child process (node --import tsx --import ./test/support/report-max-rss.ts): prints the
// process's peak resident set size at exit, so a test can bound the memory of a real CLI run.
process.on('exit', () => process.stderr.write(`\nmax-rss-kb=${process.resourceUsage().maxRSS}\n`));
export {};
