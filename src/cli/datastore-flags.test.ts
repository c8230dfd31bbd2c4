import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { parseDatastoreFlags, sameDatastoreProblem } from './datastore-flags.js';

test('parseDatastoreFlags() reads --from and --to with their etcd TLS files, paths made absolute', () => {
  assert.deepEqual(parseDatastoreFlags(['migrate', '--from', 'sqlite://data/state.db', '--to=etcd://a:2379,b:2379/',
    '--to-cafile', 'ca.crt', '--to-certfile', '/etc/c.crt', '--to-keyfile', 'k.key']), {
    command: 'migrate',
    from: { url: `sqlite://${resolve('data/state.db')}`, tls: {} },
    to: { url: 'etcd://a:2379,b:2379', tls: { caFile: resolve('ca.crt'), certFile: '/etc/c.crt', keyFile: resolve('k.key') } },
    help: false,
  });
  assert.deepEqual(parseDatastoreFlags(['migrate', '--from', 'etcd://a:2379', '--from-cafile', '/ca', '--to', 'sqlite:///s.db']).from, { url: 'etcd://a:2379', tls: { caFile: '/ca' } });
});

test('parseDatastoreFlags() asks for help without a command or with -h', () => {
  assert.equal(parseDatastoreFlags([]).help, true);
  assert.equal(parseDatastoreFlags(['--help']).help, true);
  assert.equal(parseDatastoreFlags(['migrate', '-h']).help, true);
});

test('parseDatastoreFlags() refuses missing, in-memory and unknown datastores', () => {
  const cases: [string[], RegExp][] = [
    [['restore'], /unknown command "restore" for "skiff datastore"/],
    [['migrate', '--to', 'etcd://a:2379'], /--from is required/],
    [['migrate', '--from', 'sqlite:///a.db'], /--to is required/],
    [['migrate', '--from', 'memory://', '--to', 'sqlite:///b.db'], /"memory:\/\/" for "--from": an in-memory datastore holds nothing/],
    [['migrate', '--from', 'sqlite:///a.db', '--to', 'sqlite://:memory:'], /for "--to": an in-memory datastore/],
    [['migrate', '--from', 'postgres://db', '--to', 'sqlite:///b.db'], /"postgres:\/\/db" for "--from": must be sqlite:\/\/<path> or etcd:\/\//],
    [['migrate', '--from', 'sqlite://', '--to', 'sqlite:///b.db'], /must be sqlite:\/\/<path>/],
    [['migrate', '--from', 'sqlite:///a.db', '--to', 'sqlite:///b.db', '--to-cafile', 'ca'], /--to-cafile\/-certfile\/-keyfile are for etcd/],
    [['migrate', '--from', 'etcd://a:2379', '--from-keyfile=', '--to', 'sqlite:///b.db'], /invalid argument "" for "--from-keyfile"/],
    [['migrate', '--from', 'sqlite:///a.db', '--to', 'sqlite:///b.db', '--force'], /unknown flag: --force/],
  ];
  for (const [argv, want] of cases) assert.throws(() => parseDatastoreFlags(argv), want, argv.join(' '));
});

test('sameDatastoreProblem() names the same datastore, however spelled, and etcd prefixes that share keys', () => {
  const problem = (from: string, to: string): string | undefined => {
    const f = parseDatastoreFlags(['migrate', '--from', from, '--to', to]);
    return sameDatastoreProblem(f.from, f.to);
  };
  assert.equal(problem('sqlite:///a.db', 'sqlite:///a.db'), '--from and --to are the same datastore "sqlite:///a.db": migrate into another, empty one');
  assert.match(problem(`sqlite://${resolve('x/a.db')}`, 'sqlite://x/../x/a.db') ?? '', /are the same datastore/);
  assert.match(problem('etcd://a:2379/p', 'etcd://a:2379/p/') ?? '', /are the same datastore "etcd:\/\/a:2379\/p"/);
  assert.equal(problem('etcd://a,b:2379', 'etcd://b:2379,a:2379/new'),
    '--from "etcd://a,b:2379" and --to "etcd://b:2379,a:2379/new" share keys (the same etcd members, one key prefix inside the other): give the target a key prefix outside the source\'s');
  assert.match(problem('etcd://a:2379/old', 'etcd://a:2379') ?? '', /share keys/);
  assert.equal(problem('etcd://a:2379/old', 'etcd://a:2379/new'), undefined);
  assert.equal(problem('etcd://a:2379', 'etcd://b:2379'), undefined);
  assert.equal(problem('sqlite:///a.db', 'sqlite:///b.db'), undefined);
});
