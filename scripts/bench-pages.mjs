// Measures the module page against a bare Fastify JSON route of the same running app, with autocannon.
// Usage: node scripts/bench-pages.mjs <baseUrl> [seconds] [connections]
import autocannon from 'autocannon';

const [baseUrl = 'http://127.0.0.1:3999', seconds = '10', connections = '50'] = process.argv.slice(2);
const MODULE_PAGE = '/courses/school-resource-allocation/modules/res-m03';
// What Chromium sends; pages go out pre-compressed in the best encoding the client accepts.
const BROWSER = { 'accept-encoding': 'gzip, deflate, br, zstd', accept: 'text/html' };
const targets = [
  { name: 'bare Fastify JSON route (/health/live)', path: '/health/live', headers: BROWSER },
  { name: 'module page, browser (brotli)', path: MODULE_PAGE, headers: BROWSER },
  { name: 'module page, gzip-only client', path: MODULE_PAGE, headers: { 'accept-encoding': 'gzip', accept: 'text/html' } },
];

function run(target, duration) {
  return autocannon({ url: `${baseUrl}${target.path}`, connections: Number(connections), duration, headers: target.headers });
}

const rates = [];
for (const target of targets) {
  await run(target, 2); // warm-up: JIT, caches, connection pools
  const result = await run(target, Number(seconds));
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${target.path}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  rates.push(result.requests.average);
  console.log(
    `${target.name.padEnd(40)} ${result.requests.average.toFixed(0).padStart(7)} req/s  p50 ${result.latency.p50} ms  p99 ${result.latency.p99} ms  ${(result.throughput.average / result.requests.average / 1024).toFixed(1)} KB/response`,
  );
}
console.log(`ratio module page / bare route: ${(rates[1] / rates[0]).toFixed(2)} browser, ${(rates[2] / rates[0]).toFixed(2)} gzip-only (goal >= 0.50)`);
