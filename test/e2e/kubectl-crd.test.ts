// e2e: CustomResourceDefinitions through the real kubectl. A CRD becomes Established and its resources are served
// through the generic registry: discovery (short names, categories), CRUD with printer columns, schema validation
// with upstream's messages, pruning (refused under kubectl's strict validation, warned under --validate=warn),
// defaulting, the status and scale subresources, server-side apply, several versions over one storage version,
// name conflicts, and deleting a CRD deletes its resources.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { eventually } from '../support/eventually.js';
import { kubectlAvailable, startSkiff, type SkiffProcess } from '../support/skiff-process.js';

const skip = kubectlAvailable() ? false : 'kubectl is not on PATH';
const crdFixtures = join(import.meta.dirname, '..', '..', '..', 'test', 'fixtures', 'crds');

const database = {
  apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'databases.db.example.com' },
  spec: {
    group: 'db.example.com', scope: 'Namespaced',
    names: { plural: 'databases', singular: 'database', kind: 'Database', shortNames: ['dbs'], categories: ['stateful'] },
    versions: ['v1', 'v1beta1'].map((name) => ({
      name, served: true, storage: name === 'v1',
      schema: {
        openAPIV3Schema: {
          type: 'object',
          properties: {
            spec: {
              type: 'object', required: ['engine'],
              properties: {
                engine: { type: 'string', enum: ['postgres', 'mysql'] },
                replicas: { type: 'integer', minimum: 1, maximum: 9, default: 1 },
                storage: { type: 'string', default: '1Gi' },
                selector: { type: 'string' },
                users: { type: 'array', 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['name'], items: { type: 'object', required: ['name'], properties: { name: { type: 'string' }, role: { type: 'string' } } } },
                tags: { type: 'array', items: { type: 'string' } },
              },
            },
            status: { type: 'object', properties: { replicas: { type: 'integer' }, selector: { type: 'string' }, phase: { type: 'string' } } },
          },
        },
      },
      subresources: { status: {}, scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas', labelSelectorPath: '.status.selector' } },
      additionalPrinterColumns: [
        { name: 'Engine', type: 'string', jsonPath: '.spec.engine' },
        { name: 'Replicas', type: 'integer', jsonPath: '.spec.replicas' },
        { name: 'Phase', type: 'string', jsonPath: '.status.phase' },
      ],
    })),
  },
};

describe('CustomResourceDefinitions through kubectl', { skip }, () => {
  let s: SkiffProcess;
  before(async () => {
    s = await startSkiff({ args: ['--disable-agent'] });
    await s.create(JSON.stringify(database));
    await s.k('wait', '--for=condition=Established', 'crd/databases.db.example.com', '--timeout=20s');
  });
  after(async () => { await s?.stop(); });

  test('the CRD is Established with its names accepted; discovery lists its resource with short names and categories', async () => {
    assert.equal(await s.k('get', 'crd', 'databases.db.example.com', '-o', 'jsonpath={range .status.conditions[*]}{.type}={.status}/{.reason} {end}'), 'NamesAccepted=True/NoConflicts Established=True/InitialNamesAccepted ');
    assert.equal(await s.k('get', 'crd', 'databases.db.example.com', '-o', 'jsonpath={.status.acceptedNames.listKind} {.status.storedVersions}'), 'DatabaseList ["v1"]');
    assert.match(await s.k('api-resources', '--api-group=db.example.com'), /^NAME\s+SHORTNAMES\s+APIVERSION\s+NAMESPACED\s+KIND\ndatabases\s+dbs\s+db\.example\.com\/v1\s+true\s+Database\n$/);
    assert.match(await s.k('get', 'crd'), /^NAME\s+CREATED AT\ndatabases\.db\.example\.com\s+\d{4}-/);
    // Its group-versions are registered as Local APIServices (upstream's crdRegistrationController).
    await eventually(async () => assert.match(await s.k('get', 'apiservice', 'v1.db.example.com', 'v1beta1.db.example.com'), /^NAME\s+SERVICE\s+AVAILABLE\s+AGE\nv1\.db\.example\.com\s+Local\s+True\s+\S+\nv1beta1\.db\.example\.com\s+Local\s+True\s+\S+\n$/));
  });

  test('resources: create, printer columns, defaults, validation with upstream messages, pruning under strict and warn validation', async () => {
    await s.create(JSON.stringify({ apiVersion: 'db.example.com/v1', kind: 'Database', metadata: { name: 'orders' }, spec: { engine: 'postgres', replicas: 3 } }));
    // Only the declared columns (no Age unless declared); a value the object lacks is an empty cell.
    assert.match(await s.k('get', 'dbs'), /^NAME\s+ENGINE\s+REPLICAS\s+PHASE\norders\s+postgres\s+3\s+\n$/);
    assert.equal(await s.k('get', 'database', 'orders', '-o', 'jsonpath={.spec.storage}'), '1Gi', 'the schema default applied');
    assert.equal(await s.k('get', 'stateful', '-o', 'name'), 'database.db.example.com/orders\n', 'the category names the resource');
    const bad = await s.kubectl(['create', '-f', '-'], { input: JSON.stringify({ apiVersion: 'db.example.com/v1', kind: 'Database', metadata: { name: 'bad' }, spec: { engine: 'oracle', replicas: 10 } }) });
    assert.equal(bad.code, 1);
    assert.equal(bad.stderr, 'The Database "bad" is invalid: \n* spec.engine: Unsupported value: "oracle": supported values: "postgres", "mysql"\n* spec.replicas: Invalid value: 10: spec.replicas in body should be less than or equal to 9\n');
    const missing = await s.kubectl(['create', '-f', '-'], { input: JSON.stringify({ apiVersion: 'db.example.com/v1', kind: 'Database', metadata: { name: 'bad' }, spec: {} }) });
    assert.equal(missing.stderr, 'The Database "bad" is invalid: spec.engine: Required value\n');
    const unknown = { apiVersion: 'db.example.com/v1', kind: 'Database', metadata: { name: 'extra' }, spec: { engine: 'mysql', bogus: true } };
    const strict = await s.kubectl(['apply', '-f', '-'], { input: JSON.stringify(unknown) });
    assert.equal(strict.code, 1);
    assert.match(strict.stderr, /Error from server \(BadRequest\): error when creating "STDIN": Database in version "v1" cannot be handled as a Database: strict decoding error: unknown field "spec\.bogus"\n/);
    const warn = await s.kubectl(['apply', '--validate=warn', '-f', '-'], { input: JSON.stringify(unknown) });
    assert.equal(warn.code, 0, warn.stderr);
    assert.match(warn.stderr, /Warning: unknown field "spec\.bogus"/);
    assert.equal(await s.k('get', 'database', 'extra', '-o', 'jsonpath={.spec}'), '{"engine":"mysql","replicas":1,"storage":"1Gi"}');
  });

  test('status and scale subresources: kubectl scale, status written only through /status, generation on spec changes', async () => {
    await s.create(JSON.stringify({ apiVersion: 'db.example.com/v1', kind: 'Database', metadata: { name: 'scaled' }, spec: { engine: 'postgres' } }));
    await s.k('patch', 'database', 'scaled', '--subresource=status', '--type=merge', '-p', '{"status":{"replicas":1,"selector":"app=scaled","phase":"Ready"}}');
    await s.k('patch', 'database', 'scaled', '--type=merge', '-p', '{"status":{"phase":"Ignored"}}');
    assert.equal(await s.k('get', 'database', 'scaled', '-o', 'jsonpath={.status.phase} {.metadata.generation}'), 'Ready 1');
    assert.equal(await s.k('scale', 'database', 'scaled', '--replicas=4'), 'database.db.example.com/scaled scaled\n');
    assert.equal(await s.k('get', 'database', 'scaled', '-o', 'jsonpath={.spec.replicas} {.metadata.generation}'), '4 2');
    const scale = JSON.parse(await s.k('get', '--raw', '/apis/db.example.com/v1/namespaces/default/databases/scaled/scale')) as { spec: { replicas: number }; status: { replicas: number; selector: string } };
    assert.deepEqual([scale.spec.replicas, scale.status], [4, { replicas: 1, selector: 'app=scaled' }]);
    const strategic = await s.kubectl(['patch', 'database', 'scaled', '-p', '{"spec":{"storage":"2Gi"}}']);
    assert.equal(strategic.stderr, 'error: application/strategic-merge-patch+json is not supported by db.example.com/v1, Kind=Database: the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml\n');
    const over = await s.kubectl(['scale', 'database', 'scaled', '--replicas=12']);
    assert.match(over.stderr, /spec\.replicas: Invalid value: 12: spec\.replicas in body should be less than or equal to 9/);
  });

  test('server-side apply, a second served version over the same storage, watch', async () => {
    const applied = await s.kubectl(['apply', '--server-side', '-f', '-'], { input: 'apiVersion: db.example.com/v1beta1\nkind: Database\nmetadata:\n  name: ssa\nspec:\n  engine: mysql\n  replicas: 2\n' });
    assert.equal(applied.stdout, 'database.db.example.com/ssa serverside-applied\n', applied.stderr);
    assert.equal(await s.k('get', 'databases.v1.db.example.com', 'ssa', '-o', 'jsonpath={.apiVersion} {.spec.replicas}'), 'db.example.com/v1 2');
    assert.equal(await s.k('get', 'databases.v1beta1.db.example.com', 'ssa', '-o', 'jsonpath={.apiVersion} {.metadata.managedFields[0].manager}'), 'db.example.com/v1beta1 kubectl');
    // Two managers apply their own entries of a list-map (merged by key, as the schema says); an atomic list is replaced whole.
    const apply = async (manager: string, spec: string): Promise<void> => {
      const r = await s.kubectl(['apply', '--server-side', `--field-manager=${manager}`, '-f', '-'], { input: `apiVersion: db.example.com/v1\nkind: Database\nmetadata:\n  name: shared\nspec:\n  engine: mysql\n${spec}` });
      assert.equal(r.code, 0, r.stderr);
    };
    await apply('alice', '  users:\n  - name: alice\n    role: admin\n  tags: [a]\n');
    await apply('bob', '  users:\n  - name: bob\n    role: ro\n');
    assert.equal(await s.k('get', 'database', 'shared', '-o', 'jsonpath={.spec.users[*].name} {.spec.tags}'), 'alice bob ["a"]');
    const taken = await s.kubectl(['apply', '--server-side', '--field-manager=bob', '-f', '-'], { input: 'apiVersion: db.example.com/v1\nkind: Database\nmetadata:\n  name: shared\nspec:\n  engine: mysql\n  users:\n  - name: bob\n    role: ro\n  tags: [b]\n' });
    assert.match(taken.stderr, /Apply failed with 1 conflict: conflict with "alice": \.spec\.tags/);
    const watch = s.kubectl(['get', 'databases', '--watch-only', '--request-timeout=4s']);
    await new Promise((r) => setTimeout(r, 1000));
    await s.k('patch', 'database', 'ssa', '--type=merge', '-p', '{"spec":{"replicas":5}}');
    const seen = await watch;
    assert.match(seen.stdout, /ssa\s+mysql\s+5\s/);
  });

  test('a CRD whose names another CRD of the group holds is not accepted; an invalid CRD is refused', async () => {
    const clash = structuredClone(database) as typeof database;
    clash.metadata.name = 'backups.db.example.com';
    clash.spec.names = { plural: 'backups', singular: 'backup', kind: 'Database', shortNames: ['bk'], categories: [] };
    await s.create(JSON.stringify(clash));
    await eventually(async () => assert.equal(await s.k('get', 'crd', 'backups.db.example.com', '-o', 'jsonpath={range .status.conditions[*]}{.type}={.status}/{.reason}/{.message} {end}'), 'NamesAccepted=False/ListKindConflict/"DatabaseList" is already in use Established=False/NotAccepted/not all names are accepted '));
    assert.equal((await s.kubectl(['get', 'backups'])).code, 1);
    const wrongName = await s.kubectl(['create', '-f', '-'], { input: JSON.stringify({ ...database, metadata: { name: 'dbs.db.example.com' } }) });
    assert.match(wrongName.stderr, /metadata\.name: Invalid value: "dbs\.db\.example\.com": must be spec\.names\.plural\+"\."\+spec\.group/);
  });

  test('the sample-controller Foo and the documentation CronTab apply; deleting a CRD deletes its resources', async () => {
    await s.k('apply', '-f', join(crdFixtures, 'foo-sample-controller.yaml'), '-f', join(crdFixtures, 'crontab.yaml'));
    await s.k('wait', '--for=condition=Established', 'crd/foos.samplecontroller.k8s.io', 'crd/crontabs.stable.example.com', '--timeout=20s');
    await s.create(JSON.stringify({ apiVersion: 'stable.example.com/v1', kind: 'CronTab', metadata: { name: 'my-new-cron-object' }, spec: { cronSpec: '* * * * */5', image: 'my-awesome-cron-image', replicas: 2 } }));
    assert.match(await s.k('get', 'ct'), /^NAME\s+SPEC\s+REPLICAS\s+AGE\nmy-new-cron-object\s+\* \* \* \* \*\/5\s+2\s+\d+s\n$/);
    assert.equal(await s.k('delete', 'crd', 'crontabs.stable.example.com', '--timeout=30s'), 'customresourcedefinition.apiextensions.k8s.io "crontabs.stable.example.com" deleted\n');
    assert.equal((await s.kubectl(['get', 'crd', 'crontabs.stable.example.com'])).code, 1);
    await eventually(async () => assert.equal((await s.kubectl(['get', 'apiservice', 'v1.stable.example.com'])).code, 1), { timeoutMs: 10_000 });
    // Re-created, the CRD serves no leftover resources.
    await s.k('apply', '-f', join(crdFixtures, 'crontab.yaml'));
    await s.k('wait', '--for=condition=Established', 'crd/crontabs.stable.example.com', '--timeout=20s');
    const again = await s.kubectl(['get', 'crontabs']);
    assert.deepEqual([again.code, again.stdout, again.stderr], [0, '', 'No resources found in default namespace.\n']);
  });
});
