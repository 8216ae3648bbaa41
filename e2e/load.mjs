// Small load script for the answer endpoint (POST /api/v1/assessments/{id}/answers).
// Usage: node load.mjs [base-url] [concurrency] [answers]
// Only ever targets the local server given (default http://127.0.0.1:3000); bounded in count
// and time, it stops by itself. Prints throughput and latency percentiles of the answers.
const base = process.argv[2] ?? 'http://127.0.0.1:3000';
if (!/^http:\/\/(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?$/.test(base)) {
  throw new Error('load.mjs only targets a server on this machine');
}
const concurrency = Number(process.argv[3] ?? 32);
const total = Number(process.argv[4] ?? 4000);
const deadline = Date.now() + 120_000;

async function json(res) {
  const body = await res.json();
  if (!res.ok) throw new Error(`${res.status} ${JSON.stringify(body)}`);
  return body;
}

async function start() {
  const res = await fetch(`${base}/api/v1/assessments`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"path":"citizen"}',
  });
  const { id, token } = await json(res);
  const cur = await json(await fetch(`${base}/api/v1/assessments/${id}/current`, { headers: { authorization: `Bearer ${token}` } }));
  return { id, token, item: cur.item?.id };
}

const latencies = [];
let done = 0;

async function worker() {
  let a = await start();
  while (done < total && Date.now() < deadline) {
    if (!a.item) { a = await start(); continue; }
    const t0 = performance.now();
    const res = await fetch(`${base}/api/v1/assessments/${a.id}/answers`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${a.token}` },
      body: JSON.stringify({ item_id: a.item, response: { skip: true } }),
    });
    const body = await json(res);
    latencies.push(performance.now() - t0);
    done += 1;
    a.item = body.item?.id;
  }
}

const t0 = performance.now();
await Promise.all(Array.from({ length: concurrency }, worker));
const seconds = (performance.now() - t0) / 1000;
latencies.sort((x, y) => x - y);
const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))].toFixed(1);
console.log(`answers: ${latencies.length} in ${seconds.toFixed(1)} s with ${concurrency} clients`);
console.log(`throughput: ${(latencies.length / seconds).toFixed(0)} answers/s (includes starting new assessments)`);
console.log(`latency ms: p50 ${pct(0.5)}  p90 ${pct(0.9)}  p99 ${pct(0.99)}  max ${latencies.at(-1).toFixed(1)}`);
