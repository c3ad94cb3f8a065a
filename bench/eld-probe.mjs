/* global process, setInterval */
// Preloaded into a benchmarked process (`node --import ./bench/eld-probe.mjs …`): once a second, appends the
// largest event-loop delay of that second (ms) to the file named by LW_BENCH_ELD_FILE. Not part of the bot.
import { appendFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';

const file = process.env.LW_BENCH_ELD_FILE;
if (file) {
  const h = monitorEventLoopDelay({ resolution: 10 });
  h.enable();
  setInterval(() => {
    appendFileSync(file, `${Date.now()} ${(h.max / 1e6).toFixed(1)}\n`);
    h.reset();
  }, 1000).unref();
}
