// e2e: the CronJob controller through kubectl on simulated nodes: `kubectl create cronjob` and a YAML CronJob
// with spec.timeZone, `kubectl get cronjob` columns, the first scheduled Job (name, owner, scheduled-timestamp
// annotation), `kubectl create job --from=cronjob/…`, an invalid time zone refused with 422, and suspend via
// `kubectl patch`. Jobs do not complete here (that is the Job controller's part); the unit tables cover history.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { kubectlAvailable, startSkiff, type SkiffProcess } from '../support/skiff-process.js';
import { eventually } from '../support/eventually.js';

const skip = kubectlAvailable() ? false : 'kubectl is not on PATH';

interface JobView {
  metadata: { name: string; annotations?: Record<string, string>; ownerReferences?: { apiVersion: string; kind: string; name: string; uid: string; controller?: boolean; blockOwnerDeletion?: boolean }[] };
}

const cronJobYaml = (name: string, timeZone: string): string => `apiVersion: batch/v1
kind: CronJob
metadata:
  name: ${name}
spec:
  schedule: "*/1 * * * *"
  timeZone: ${timeZone}
  jobTemplate:
    metadata:
      labels: {app: ${name}}
    spec:
      template:
        spec:
          containers: [{name: c, image: busybox, command: [date]}]
          restartPolicy: OnFailure
`;

/** The scheduled time of a Job the controller created: its name's Unix minutes. */
const minuteOf = (job: string): number => Number(/-(\d+)$/.exec(job)?.[1]);

describe('kubectl CronJob on simulated nodes', { skip }, () => {
  let s: SkiffProcess;
  let firstHello = '';
  before(async () => { s = await startSkiff({ args: ['--simulated-nodes', '2'] }); });
  after(async () => { await s?.stop(); });

  const jobsOf = async (cronJob: string): Promise<JobView[]> => {
    const list = JSON.parse(await s.k('get', 'jobs', '-o', 'json')) as { items: JobView[] };
    return list.items.filter((j) => j.metadata.ownerReferences?.some((r) => r.kind === 'CronJob' && r.name === cronJob));
  };
  const scheduledJobs = async (cronJob: string): Promise<string[]> =>
    (await jobsOf(cronJob)).map((j) => j.metadata.name).filter((n) => new RegExp(`^${cronJob}-\\d+$`).test(n)).sort();

  test('kubectl create cronjob and a YAML CronJob with timeZone; kubectl get cronjob shows the columns; an unknown zone is refused with 422', async () => {
    assert.equal(await s.k('create', 'cronjob', 'hello', '--image=busybox', '--schedule=*/1 * * * *', '--', 'date'), 'cronjob.batch/hello created\n');
    assert.equal(await s.create(cronJobYaml('hello-tz', 'Asia/Kolkata')), 'cronjob.batch/hello-tz created\n');
    assert.match(await s.k('get', 'cronjob'), /^NAME\s+SCHEDULE\s+TIMEZONE\s+SUSPEND\s+ACTIVE\s+LAST SCHEDULE\s+AGE\nhello\s+\*\/1 \* \* \* \*\s+<none>\s+False\s+0\s+<none>\s+\S+\nhello-tz\s+\*\/1 \* \* \* \*\s+Asia\/Kolkata\s+False\s+0\s+<none>\s+\S+\n$/);
    const bad = await s.kubectl(['create', '-f', '-', '-v=6'], { input: cronJobYaml('bad-tz', 'Mars/Olympus') });
    assert.notEqual(bad.code, 0);
    assert.match(bad.stderr, /POST https:\/\/\S+\/apis\/batch\/v1\/namespaces\/default\/cronjobs\?\S* 422 Unprocessable Entity/);
    assert.match(bad.stderr, /The CronJob "bad-tz" is invalid: spec\.timeZone: Invalid value: "Mars\/Olympus": unknown time zone Mars\/Olympus/);
  });

  test('within a minute each CronJob has its first Job: <name>-<minutes>, controlled by it, stamped with the scheduled time in its zone', async () => {
    const [hello, helloTz] = await eventually(async () => {
      const [a, b] = [await scheduledJobs('hello'), await scheduledJobs('hello-tz')];
      assert.ok(a.length > 0 && b.length > 0, `jobs so far: ${[...a, ...b].join(', ')}`);
      return [a[0]!, b[0]!];
    }, { timeoutMs: 75_000, intervalMs: 500 });
    firstHello = hello;
    const uid = (await s.k('get', 'cronjob', 'hello', '-o', 'jsonpath={.metadata.uid}')).trim();
    const job = (await jobsOf('hello')).find((j) => j.metadata.name === hello)!;
    assert.deepEqual(job.metadata.ownerReferences, [{ apiVersion: 'batch/v1', kind: 'CronJob', name: 'hello', uid, controller: true, blockOwnerDeletion: true }]);
    const scheduled = minuteOf(hello) * 60_000;
    assert.equal(job.metadata.annotations?.['batch.kubernetes.io/cronjob-scheduled-timestamp'], new Date(scheduled).toISOString().replace('.000Z', 'Z'));
    const tzJob = (await jobsOf('hello-tz')).find((j) => j.metadata.name === helloTz)!;
    const kolkata = new Date(minuteOf(helloTz) * 60_000 + 330 * 60_000).toISOString().replace('.000Z', '+05:30');
    assert.equal(tzJob.metadata.annotations?.['batch.kubernetes.io/cronjob-scheduled-timestamp'], kolkata);
    await eventually(async () => {
      assert.equal(await s.k('get', 'cronjob', 'hello', '-o', 'jsonpath={.status.lastScheduleTime} {.status.active[*].name}'), `${new Date(scheduled).toISOString().replace('.000Z', 'Z')} ${hello}`);
      assert.match(await s.k('get', 'cronjob', 'hello'), /\nhello\s+\*\/1 \* \* \* \*\s+<none>\s+False\s+1\s+\d+s\s+\S+\n$/);
    });
    assert.match((await s.k('describe', 'cronjob', 'hello')).split('Events:')[1]!, new RegExp(`Normal\\s+SuccessfulCreate\\s+\\S+\\s+cronjob-controller\\s+Created job ${hello}`));
  });

  test('kubectl create job --from=cronjob/hello: a Job owned by the CronJob, not a scheduled run', async () => {
    const before = await s.k('get', 'cronjob', 'hello', '-o', 'jsonpath={.status.lastScheduleTime}');
    assert.equal(await s.k('create', 'job', '--from=cronjob/hello', 'manual'), 'job.batch/manual created\n');
    const manual = (await jobsOf('hello')).find((j) => j.metadata.name === 'manual')!;
    assert.equal(manual.metadata.annotations?.['cronjob.kubernetes.io/instantiate'], 'manual');
    assert.equal(manual.metadata.ownerReferences?.[0]?.controller, true);
    // Upstream's controller does not list a Job it did not create: it warns once per sync it sees one running.
    await eventually(async () => assert.match((await s.k('describe', 'cronjob', 'hello')).split('Events:')[1]!,
      /Warning\s+UnexpectedJob\s+\S+(?: \(x\d+ over \S+\))?\s+cronjob-controller\s+Saw a job that the controller did not create or forgot: manual/));
    assert.equal(await s.k('get', 'cronjob', 'hello', '-o', 'jsonpath={.status.lastScheduleTime}'), before);
    assert.ok(!(await s.k('get', 'cronjob', 'hello', '-o', 'jsonpath={.status.active[*].name}')).includes('manual'));
  });

  test('kubectl patch suspend: no new Jobs for hello while hello-tz goes on', async () => {
    assert.equal(await s.k('patch', 'cronjob', 'hello', '-p', '{"spec":{"suspend":true}}'), 'cronjob.batch/hello patched\n');
    const suspendedAt = Date.now();
    assert.match(await s.k('get', 'cronjob', 'hello'), /\nhello\s+\*\/1 \* \* \* \*\s+<none>\s+True\s+/);
    // A minute boundary after the suspension: hello-tz starts a Job for it, hello does not.
    const later = await eventually(async () => {
      const next = (await scheduledJobs('hello-tz')).find((n) => minuteOf(n) * 60_000 > suspendedAt);
      assert.ok(next, 'hello-tz has a Job for a minute after the suspension');
      return next;
    }, { timeoutMs: 75_000, intervalMs: 500 });
    await new Promise((r) => setTimeout(r, 3_000)); // hello's sync for that minute would have run by now
    assert.ok((await scheduledJobs('hello')).every((n) => minuteOf(n) < minuteOf(later)), `hello has no Job for ${minuteOf(later)}`);
    assert.ok((await scheduledJobs('hello')).includes(firstHello));
  });
});
