// The baseline for bench/api: a bare node:https server doing trivial work over the same JSON objects
// Skiff returns (items loaded from a file captured from Skiff in the same run).
import { createServer } from 'node:https';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';

const [tls, itemsFile] = [process.argv[2]!, process.argv[3]!];
type Obj = { metadata: Record<string, unknown> };
const items = JSON.parse(readFileSync(itemsFile, 'utf8')) as Obj[];
const template = items[0]!;
const objects = new Map<string, Obj>(items.map((o) => [String(o.metadata['name']), o]));
let rv = 1000;
const server = createServer({ cert: readFileSync(join(tls, 'server.crt')), key: readFileSync(join(tls, 'server.key')) }, (req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    let body: unknown;
    const url = req.url ?? '/';
    if (req.method === 'POST') {
      const o = JSON.parse(Buffer.concat(chunks).toString()) as Obj;
      o.metadata = { ...template.metadata, ...o.metadata, uid: randomUUID(), resourceVersion: String(rv++), creationTimestamp: new Date().toISOString() };
      objects.set(String(o.metadata['name']), o);
      body = o;
      res.statusCode = 201;
    } else if (url.includes('/configmaps/')) {
      body = objects.get(url.split('/').pop()!.split('?')[0]!);
    } else {
      body = { kind: 'ConfigMapList', apiVersion: 'v1', metadata: { resourceVersion: String(rv) }, items: [...objects.values()].slice(0, 100) };
    }
    res.setHeader('Content-Type', 'application/json');
    res.setHeader('Cache-Control', 'no-cache, private');
    res.end(JSON.stringify(body));
  });
});
server.listen(0, '127.0.0.1', () => {
  const a = server.address();
  process.stdout.write(`listening ${typeof a === 'object' && a ? a.port : 0}\n`);
});
