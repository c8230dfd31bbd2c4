// The baseline for bench/api: a bare node:https server doing trivial JSON work of the same shape.
import { createServer } from 'node:https';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const tls = process.argv[2]!;
const objects = new Map<string, unknown>();
let rv = 1;
for (let i = 0; i < 100; i++) objects.set(`obj-${i}`, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `obj-${i}`, namespace: 'bench', resourceVersion: String(rv++) }, data: { k: 'v'.repeat(64) } });
const server = createServer({ cert: readFileSync(join(tls, 'server.crt')), key: readFileSync(join(tls, 'server.key')) }, (req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    let body: unknown;
    const url = req.url ?? '/';
    if (req.method === 'POST') {
      const o = JSON.parse(Buffer.concat(chunks).toString()) as { metadata: { name: string; resourceVersion?: string } };
      o.metadata.resourceVersion = String(rv++);
      objects.set(o.metadata.name, o);
      body = o;
      res.statusCode = 201;
    } else if (url.includes('/configmaps/')) {
      body = objects.get(url.split('/').pop()!.split('?')[0]!);
    } else {
      body = { kind: 'ConfigMapList', apiVersion: 'v1', metadata: { resourceVersion: String(rv) }, items: [...objects.values()].slice(0, 100) };
    }
    const text = JSON.stringify(body);
    res.setHeader('Content-Type', 'application/json');
    res.end(text);
  });
});
server.listen(0, '127.0.0.1', () => {
  const a = server.address();
  process.stdout.write(`listening ${typeof a === 'object' && a ? a.port : 0}\n`);
});
