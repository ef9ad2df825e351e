// The fast fake upstream for `npm run bench:gateway`: an OpenAI-compatible server on 127.0.0.1 that answers at
// once — a fixed small completion, or a stream of 5 chunks written without delays — so that what the bench
// measures is the gateway, not the model. Run as a child process (it reports its URL over IPC) or required.
'use strict';
const http = require('node:http');

const CONTENT = ['本署已收到', '閣下的來信，', '現回覆如下：', '有關街市的清潔安排', '已作改善。'];

function createFastUpstream() {
  const completion = (model) =>
    Buffer.from(
      JSON.stringify({
        id: 'chatcmpl-bench',
        object: 'chat.completion',
        created: 1700000000,
        model,
        choices: [{ index: 0, message: { role: 'assistant', content: CONTENT.join('') }, finish_reason: 'stop' }],
        usage: { prompt_tokens: 20, completion_tokens: 18, total_tokens: 38 },
      }),
    );
  const chunk = (model, delta, finish) =>
    `data: ${JSON.stringify({ id: 'chatcmpl-bench', object: 'chat.completion.chunk', created: 1700000000, model, choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
  const cache = new Map();
  const forModel = (model) => {
    let c = cache.get(model);
    if (!c) {
      const frames = CONTENT.map((text, i) => chunk(model, i === 0 ? { role: 'assistant', content: text } : { content: text }, null));
      frames.push(chunk(model, {}, 'stop'));
      const usage = `data: ${JSON.stringify({ id: 'chatcmpl-bench', object: 'chat.completion.chunk', created: 1700000000, model, choices: [], usage: { prompt_tokens: 20, completion_tokens: 18, total_tokens: 38 } })}\n\n`;
      c = { json: completion(model), frames, usage };
      cache.set(model, c);
    }
    return c;
  };

  const server = http.createServer((req, res) => {
    if (req.method === 'GET' && req.url === '/v1/models') {
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end('{"object":"list","data":[{"id":"bench-model","object":"model","created":0,"owned_by":"bench"}]}');
    }
    const parts = [];
    req.on('data', (d) => parts.push(d));
    req.on('end', () => {
      let body;
      try {
        body = JSON.parse(Buffer.concat(parts).toString('utf8'));
      } catch {
        res.writeHead(400, { 'content-type': 'application/json' });
        return res.end('{"error":{"message":"bad json"}}');
      }
      const c = forModel(String(body.model || 'bench-model'));
      if (!body.stream) {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': c.json.length });
        return res.end(c.json);
      }
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      // Each chunk its own write, as a model server sends them.
      for (const f of c.frames) res.write(f);
      if (body.stream_options && body.stream_options.include_usage) res.write(c.usage);
      res.end('data: [DONE]\n\n');
    });
  });
  server.keepAliveTimeout = 60_000;
  return server;
}

module.exports = { createFastUpstream, CONTENT };

if (require.main === module) {
  const server = createFastUpstream();
  server.listen(0, '127.0.0.1', () => {
    const { port } = server.address();
    process.send?.({ url: `http://127.0.0.1:${port}` });
  });
  process.on('message', (m) => {
    if (m === 'stop') server.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 1000).unref();
  });
  process.on('disconnect', () => process.exit(0));
}
