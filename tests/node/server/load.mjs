// Load generator for `dashmind serve`: `clients` concurrent loops for
// `seconds`, each request drawn from a mix of valid, malformed, oversized and
// slow requests. Every request must end in an HTTP response (an error status
// is fine; a connection dropped without one counts as lost). Reports
// throughput, latency percentiles, the status histogram and the server's peak
// RSS.
//
//   node load.mjs [--clients 64] [--seconds 60] [--model M.gguf] [--json]
// (starts its own server; the CI test load.test.mjs runs a short version).
import net from 'node:net';
import { readFileSync } from 'node:fs';
import { startServer, tinyModel } from './helpers.mjs';

const UTTERANCES = ['打开副驾车窗', '把主驾温度调到22度', 'turn on the air conditioning', '关闭所有车窗',
  'set the fan speed to 3', '座椅加热开到二档', 'what is the cabin temperature', '播放周杰伦的歌'];

function rawRequest(port, chunks, { delayMs = 0, timeoutMs = 30000 } = {}) {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let reply = '';
    let done = false;
    const finish = (error) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      const m = reply.match(/^HTTP\/1\.1 (\d{3})/);
      resolve(m ? { status: Number(m[1]) } : { error: error || 'no response' });
    };
    const timer = setTimeout(() => finish('timeout'), timeoutMs);
    socket.on('data', (d) => {
      reply += d.toString('latin1');
      if (/^HTTP\/1\.1 \d{3}/.test(reply) && reply.includes('\r\n\r\n')) finish();
    });
    socket.on('error', (e) => { if (!reply) setTimeout(() => finish(e.code), 50); });
    socket.on('close', () => finish());
    socket.on('connect', async () => {
      for (const c of chunks) {
        if (socket.destroyed) return;
        socket.write(c);
        if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
      }
    });
  });
}

async function timedFetch(url, init) {
  try {
    const res = await fetch(url, init);
    await res.arrayBuffer();
    return { status: res.status };
  } catch (e) {
    return { error: e.cause?.code || e.message };
  }
}

// One request of the mix; returns {kind, status?, error?}.
function pickRequest(base, port, withChat, rng) {
  const r = rng();
  const json = { 'Content-Type': 'application/json' };
  const u = UTTERANCES[Math.floor(rng() * UTTERANCES.length)];
  if (r < 0.25) return ['turn', () => timedFetch(`${base}/v1/assistant/turn`, { method: 'POST', headers: json, body: JSON.stringify({ utterance: u }) })];
  if (r < 0.35) return ['state', () => timedFetch(`${base}/v1/vehicle/state`)];
  if (r < 0.45) return ['health', () => timedFetch(`${base}/health`)];
  if (r < 0.52) return ['mcp', () => timedFetch(`${base}/mcp`, { method: 'POST', headers: json, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'set_cabin_temperature', arguments: { zone: 'driver', temperature: 18 + Math.floor(rng() * 10) } } }) })];
  if (r < 0.62 && withChat) return ['chat', () => timedFetch(`${base}/v1/chat/completions`, { method: 'POST', headers: json, body: JSON.stringify({ messages: [{ role: 'user', content: u }], max_tokens: 4, stream: rng() < 0.5 }) })];
  if (r < 0.72) {
    const bad = ['{"utterance": ', '{"messages": 5}', '[' .repeat(200), '{"utterance": "\\ud800"}', 'null', '{"stream": "yes", "utterance": "x"}'];
    const path = rng() < 0.5 ? '/v1/assistant/turn' : '/v1/chat/completions';
    return ['malformed', () => timedFetch(`${base}${path}`, { method: 'POST', headers: json, body: bad[Math.floor(rng() * bad.length)] })];
  }
  if (r < 0.80) {
    const size = (1 << 20) + 1 + Math.floor(rng() * (1 << 20));
    const head = `POST /v1/assistant/turn HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${size}\r\n\r\n`;
    return ['oversized', () => rawRequest(port, [head, Buffer.alloc(size, 0x61)])];
  }
  if (r < 0.88) {
    const body = JSON.stringify({ utterance: u });
    const text = `POST /v1/assistant/turn HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
    const pieces = [];
    for (let i = 0; i < text.length; i += 16) pieces.push(text.slice(i, i + 16));
    return ['slow', () => rawRequest(port, pieces, { delayMs: 25 })];
  }
  if (r < 0.94) {
    const junk = ['GARBAGE\r\n\r\n', 'GET /' + 'a'.repeat(10000) + ' HTTP/1.1\r\n\r\n', 'GET / HTTP/1.1\r\n' + 'X: y\r\n'.repeat(2000) + '\r\n',
      'POST /mcp HTTP/1.1\r\nContent-Length: -5\r\n\r\n', 'POST /v1/assistant/turn HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n'];
    return ['junk', () => rawRequest(port, [junk[Math.floor(rng() * junk.length)]])];
  }
  return ['missing', () => timedFetch(`${base}/v1/nope`)];
}

function rssMb(pid) {
  try {
    const m = readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+) kB/);
    return m ? Number(m[1]) / 1024 : 0;
  } catch { return 0; }
}

export async function runLoad({ url, pid, clients = 64, seconds = 60, withChat = false, seed = 1 }) {
  const port = Number(new URL(url).port);
  let s = seed >>> 0;
  const rng = () => { s = (s * 1664525 + 1013904223) >>> 0; return s / 2 ** 32; };
  const latencies = [];
  const statuses = {};
  const lost = [];
  const byKind = {};
  const kindLatencies = {};
  let peakRss = rssMb(pid);
  const sampler = setInterval(() => { peakRss = Math.max(peakRss, rssMb(pid)); }, 250);
  const end = Date.now() + seconds * 1000;
  async function client() {
    while (Date.now() < end) {
      const [kind, run] = pickRequest(url, port, withChat, rng);
      const t0 = performance.now();
      const r = await run();
      const ms = performance.now() - t0;
      latencies.push(ms);
      byKind[kind] = (byKind[kind] || 0) + 1;
      (kindLatencies[kind] ||= []).push(ms);
      if (r.status) statuses[r.status] = (statuses[r.status] || 0) + 1;
      else lost.push(`${kind}: ${r.error}`);
    }
  }
  const t0 = Date.now();
  await Promise.all(Array.from({ length: clients }, client));
  const elapsed = (Date.now() - t0) / 1000;
  clearInterval(sampler);
  const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
  const summary = (list) => {
    const sorted = [...list].sort((a, b) => a - b);
    return { requests: sorted.length, p50_ms: Math.round(pct(sorted, 0.5)), p99_ms: Math.round(pct(sorted, 0.99)) };
  };
  latencies.sort((a, b) => a - b);
  // Per kind of request: the slow and junk kinds wait out the server's read
  // timeout by design, so the valid kinds' percentiles are reported apart.
  const kinds = Object.fromEntries(Object.entries(kindLatencies).map(([k, list]) => [k, summary(list)]));
  return {
    clients, seconds: elapsed, requests: latencies.length, throughput_rps: latencies.length / elapsed,
    p50_ms: pct(latencies, 0.5), p99_ms: pct(latencies, 0.99), max_ms: latencies.at(-1), statuses, by_kind: kinds,
    lost: lost.length, lost_examples: lost.slice(0, 5), peak_rss_mb: Math.round(peakRss),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const arg = (name, dflt) => {
    const i = process.argv.indexOf(name);
    return i >= 0 ? process.argv[i + 1] : dflt;
  };
  const clients = Number(arg('--clients', 64));
  const seconds = Number(arg('--seconds', 60));
  const model = arg('--model', process.argv.includes('--tiny-model') ? tinyModel() : '');
  const server = await startServer([...(model ? ['--model', model, '--ctx', '512'] : [])]);
  const report = await runLoad({ url: server.url, pid: server.proc.pid, clients, seconds, withChat: !!model });
  const code = await server.stop();
  report.server_exit = code;
  console.log(JSON.stringify(report, null, 2));
  process.exit(report.lost === 0 && code === 0 ? 0 : 1);
}
