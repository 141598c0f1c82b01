// Assistant turns through the agent with a local model: small talk is
// answered by the model the API serves (route "local", streamed as reply
// events), vehicle requests stay on the fast path, and SIGTERM during a
// streamed chat completion ends the server cleanly (exit 0, stream closed).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readEvents, startServer, tinyModel } from './helpers.mjs';

let server;
before(async () => {
  server = await startServer(['--model', tinyModel(), '--offline', '--ctx', '2048', '--reply-tokens', '24']);
});
after(async () => { await server.stop(); });

const post = (path, body) => fetch(server.url + path, {
  method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
});

test('small talk is answered by the local model and streamed', async () => {
  const res = await post('/v1/assistant/turn', { utterance: '你好，陪我聊聊天吧', stream: true });
  assert.equal(res.status, 200);
  const events = await readEvents(res);
  const deltas = events.filter((e) => e.event === 'reply').map((e) => JSON.parse(e.data).delta);
  const act = JSON.parse(events.find((e) => e.event === 'act').data);
  assert.equal(act.route, 'local', JSON.stringify(act));
  assert.ok(deltas.length > 1, 'the reply arrives in pieces');
  assert.ok(act.reply.endsWith(deltas.join('')));
  assert.equal(events.at(-1).data, '[DONE]');
  // The turn shared the chat service: its tokens are counted.
  const metrics = await (await fetch(server.url + '/metrics')).text();
  assert.match(metrics, /^dashmind_completion_tokens_total [1-9]/m);
});

test('a vehicle request stays on the fast path with the model loaded', async () => {
  const act = await (await post('/v1/assistant/turn', { utterance: '打开副驾车窗' })).json();
  assert.equal(act.route, 'fast');
  assert.ok(act.changes.length > 0);
});

test('SIGTERM during a streamed completion: the stream ends and the server exits 0', async () => {
  const own = await startServer(['--model', tinyModel(), '--ctx', '8192', '--threads', '1']);
  const res = await fetch(own.url + '/v1/chat/completions', {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ messages: [{ role: 'user', content: 'write a very long story' }],
      max_tokens: 8000, temperature: 0, stream: true }),
  });
  let first = false;
  const events = readEvents(res, (evs) => { first = evs.length > 0; return false; })
    .catch(() => 'closed');
  for (let i = 0; i < 200 && !first; ++i) await new Promise((r) => setTimeout(r, 25));
  assert.ok(first, 'the stream started');
  const t0 = Date.now();
  const code = await own.stop();
  assert.equal(code, 0, own.stderr());
  assert.ok(Date.now() - t0 < 10000, 'stopped promptly');
  await events;
});
