import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePluginArgs, pluginUsage, whyUsage } from './args.js';

const why = (resource: string, name: string, o: { namespace?: string; kubeconfig?: string; context?: string } = {}): object =>
  ({ kind: 'why', resource, name, namespace: o.namespace, kubeconfig: o.kubeconfig, context: o.context });

test('parsePluginArgs() reads TYPE/NAME or TYPE NAME and kubectl\'s connection flags in every spelling', () => {
  const cases: [string[], object][] = [
    [['why', 'pod/web-0'], why('pods', 'web-0')],
    [['why', 'pods', 'web-0', '-n', 'shop'], why('pods', 'web-0', { namespace: 'shop' })],
    [['why', '-nshop', 'po/web-0'], why('pods', 'web-0', { namespace: 'shop' })],
    [['why', 'pvc/data', '-n=shop', '--kubeconfig', '/k', '--context=c'], why('persistentvolumeclaims', 'data', { namespace: 'shop', kubeconfig: '/k', context: 'c' })],
    [['why', 'persistentvolumeclaim', 'data', '--namespace', 'shop'], why('persistentvolumeclaims', 'data', { namespace: 'shop' })],
    [['why', 'PersistentVolumeClaims/data'], why('persistentvolumeclaims', 'data')],
  ];
  for (const [argv, want] of cases) assert.deepEqual(parsePluginArgs(argv), want, argv.join(' '));
});

test('parsePluginArgs() answers --help for the plugin and for why', () => {
  assert.deepEqual(parsePluginArgs([]), { kind: 'help', text: pluginUsage });
  assert.deepEqual(parsePluginArgs(['--help']), { kind: 'help', text: pluginUsage });
  assert.deepEqual(parsePluginArgs(['why', 'pod/x', '-h']), { kind: 'help', text: whyUsage });
});

test('parsePluginArgs() refuses what kubectl would call a usage error', () => {
  const cases: [string[], RegExp][] = [
    [['explain', 'pod/x'], /^unknown command "explain" for "kubectl skiff"$/],
    [['why'], /you must specify the object to explain: TYPE\/NAME or TYPE NAME/],
    [['why', 'pod'], /you must specify the name of the pod to explain/],
    [['why', 'pod/x', 'pod/y'], /explains one object, got 2 arguments/],
    [['why', 'pod/x/y'], /must have a single resource and name/],
    [['why', 'deploy/web'], /^kubectl skiff why explains pods and persistentvolumeclaims, not deployments\.apps$/],
    [['why', 'widgets/w'], /^the server doesn't have a resource type "widgets"$/],
    [['why', 'pod/x', '--watch'], /^unknown flag: --watch$/],
    [['why', 'pod/x', '-w'], /^unknown shorthand flag: 'w' in -w$/],
    [['why', 'pod/x', '-n'], /^flag needs an argument: 'n' in -n$/],
  ];
  for (const [argv, want] of cases) assert.throws(() => parsePluginArgs(argv), (e: unknown) => e instanceof Error && e.name === 'UsageError' && want.test(e.message), argv.join(' '));
});
