import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseExposition, type ExposedSample } from './exposition.js';

const s = (name: string, value: number, type: ExposedSample['type'] = 'untyped', labels: Record<string, string> = {}, timestampMs?: number): ExposedSample =>
  ({ name, labels, value, type, ...(timestampMs !== undefined ? { timestampMs } : {}) });

const accepted: { name: string; text: string; want: ExposedSample[] }[] = [
  { name: 'a bare sample is untyped', text: 'packets_per_second 42\n', want: [s('packets_per_second', 42)] },
  { name: 'no final newline, blank lines, CRLF and indentation', text: '\n  a 1\r\n\n\tb 2', want: [s('a', 1), s('b', 2)] },
  {
    name: 'TYPE gives counter and gauge; HELP and other comments are skipped',
    text: '# HELP http_requests_total The total number of requests.\n# TYPE http_requests_total counter\n# a plain comment\n#\n'
      + 'http_requests_total{method="post",code="200"} 1027\n# TYPE temperature GAUGE\ntemperature -3.5\n# HELP empty\n',
    want: [s('http_requests_total', 1027, 'counter', { method: 'post', code: '200' }), s('temperature', -3.5, 'gauge')],
  },
  { name: 'TYPE untyped', text: '# TYPE x untyped\nx 1', want: [s('x', 1)] },
  {
    name: 'label values unescape \\\\, \\" and \\n; other characters stay as they are',
    text: 'msdos_file_access_time_seconds{path="C:\\\\DIR\\\\FILE.TXT",error="Cannot find file:\\n\\"FILE.TXT\\"",utf="größe {a=b}, #"} 1.458255915e9',
    want: [s('msdos_file_access_time_seconds', 1.458255915e9, 'untyped', { path: 'C:\\DIR\\FILE.TXT', error: 'Cannot find file:\n"FILE.TXT"', utf: 'größe {a=b}, #' })],
  },
  {
    name: 'blanks inside the label set, a trailing comma, no blank before the value, empty labels left out',
    text: 'a { x = "1" , y="2", } 3\nb{}4\nc{z=""} 5\nd {x="1"}\t6',
    want: [s('a', 3, 'untyped', { x: '1', y: '2' }), s('b', 4), s('c', 5), s('d', 6, 'untyped', { x: '1' })],
  },
  {
    name: 'timestamps, negative ones included',
    text: 'a 1 1395066363000\nb{x="y"} 2 -3982045\nc 3   7  ',
    want: [s('a', 1, 'untyped', {}, 1395066363000), s('b', 2, 'untyped', { x: 'y' }, -3982045), s('c', 3, 'untyped', {}, 7)],
  },
  {
    name: 'special and exponent values',
    text: 'a NaN\nb +Inf\nc -Inf\nd Inf\ne nan\nf 1e-3\ng .5\nh -0\ni 2.\nj +7E+2',
    want: [s('a', NaN), s('b', Infinity), s('c', -Infinity), s('d', Infinity), s('e', NaN), s('f', 0.001), s('g', 0.5), s('h', -0), s('i', 2), s('j', 700)],
  },
  {
    name: 'a summary: quantiles are gauges, _sum and _count counters',
    text: '# TYPE rpc_duration_seconds summary\nrpc_duration_seconds{quantile="0.5"} 4773\nrpc_duration_seconds{quantile="0.99"} 76656\n'
      + 'rpc_duration_seconds_sum 1.7560473e+07\nrpc_duration_seconds_count 2693\n',
    want: [
      s('rpc_duration_seconds', 4773, 'gauge', { quantile: '0.5' }), s('rpc_duration_seconds', 76656, 'gauge', { quantile: '0.99' }),
      s('rpc_duration_seconds_sum', 1.7560473e7, 'counter'), s('rpc_duration_seconds_count', 2693, 'counter'),
    ],
  },
  {
    name: 'a histogram with labels: buckets, _sum and _count are counters, each series kept apart',
    text: '# HELP d A histogram.\n# TYPE d histogram\nd_bucket{path="/a",le="0.1"} 3\nd_bucket{path="/a",le="+Inf"} 5\nd_sum{path="/a"} 1.5\nd_count{path="/a"} 5\n'
      + 'd_bucket{path="/b",le="+Inf"} 1\nd_sum{path="/b"} 0.2\nd_count{path="/b"} 1\n',
    want: [
      s('d_bucket', 3, 'counter', { path: '/a', le: '0.1' }), s('d_bucket', 5, 'counter', { path: '/a', le: '+Inf' }), s('d_sum', 1.5, 'counter', { path: '/a' }),
      s('d_count', 5, 'counter', { path: '/a' }), s('d_bucket', 1, 'counter', { path: '/b', le: '+Inf' }), s('d_sum', 0.2, 'counter', { path: '/b' }), s('d_count', 1, 'counter', { path: '/b' }),
    ],
  },
  {
    name: 'suffixes only mean something under a summary or histogram TYPE; an own TYPE wins',
    text: '# TYPE jobs_count gauge\njobs_count 3\nlatency_sum 9\n# TYPE g gauge\ng_bucket{le="1"} 1\n# TYPE s summary\ns_bucket 2',
    want: [s('jobs_count', 3, 'gauge'), s('latency_sum', 9), s('g_bucket', 1, 'untyped', { le: '1' }), s('s_bucket', 2)],
  },
  { name: 'a repeated series keeps its first sample (label order aside)', text: 'a{x="1",y="2"} 1\na{y="2",x="1"} 2\na 3\na 4', want: [s('a', 1, 'untyped', { x: '1', y: '2' }), s('a', 3)] },
  { name: 'names with colons and a label named __proto__', text: 'job:rate:5m{__proto__="x"} 1', want: [s('job:rate:5m', 1, 'untyped', JSON.parse('{"__proto__":"x"}') as Record<string, string>)] },
];

for (const c of accepted) {
  test(`parseExposition() reads ${c.name}`, () => {
    assert.deepEqual(parseExposition(c.text), c.want);
  });
}

test('parseExposition() keeps a label named __proto__ as an own label', () => {
  const [sample] = parseExposition('a{__proto__="x"} 1');
  assert.deepEqual([Object.keys(sample?.labels ?? {}), Object.getPrototypeOf(sample?.labels)], [['__proto__'], Object.prototype]);
});

const rejected: { name: string; text: string; error: RegExp }[] = [
  { name: 'a name starting with a digit', text: 'ok 1\n1abc 2', error: /^Cannot parse the metrics at line 2: expected a metric name, found "1abc 2"$/ },
  { name: 'a sample without a value', text: 'a', error: /line 1: expected a value for "a", found the end of the line/ },
  { name: 'a value that is no number', text: 'a one', error: /line 1: "one" is not a sample value/ },
  { name: 'a hexadecimal value', text: 'a 0x10', error: /"0x10" is not a sample value/ },
  { name: 'a value glued to the name', text: 'a-1', error: /expected a blank after the metric name "a", found "-1"/ },
  { name: 'a fractional timestamp', text: 'a 1 1.5', error: /"1.5" is not a timestamp/ },
  { name: 'something after the timestamp', text: 'a 1 2 3', error: /expected the end of the sample, found "3"/ },
  { name: 'an unquoted label value', text: 'a{x=1} 1', error: /expected a quoted value for label "x", found "1} 1"/ },
  { name: 'an unterminated label value', text: 'a{x="1} 1', error: /the value of label "x" has no closing quote/ },
  { name: 'an unknown escape', text: 'a{x="\\t"} 1', error: /invalid escape "\\t"/ },
  { name: 'a label given twice', text: 'a{x="1",x="2"} 1', error: /label "x" appears twice/ },
  { name: 'a label name with a dash', text: 'a{x-y="1"} 1', error: /expected "=" after label "x", found "-y="1"} 1"/ },
  { name: 'a label set without its closing brace', text: 'a{x="1" 1', error: /expected "," or "}" after a label value/ },
  { name: 'an unknown type', text: '# TYPE a info\na 1', error: /unknown metric type "info" for "a"/ },
  { name: 'a TYPE without a type', text: '# TYPE a', error: /expected a blank and a type after the metric name/ },
  { name: 'a HELP without a name', text: '# HELP', error: /expected a metric name after HELP/ },
  { name: 'a second TYPE', text: '# TYPE a gauge\n# TYPE a counter', error: /line 2: second TYPE line for metric "a"/ },
  { name: 'a second HELP', text: '# HELP a x\n# HELP a y', error: /line 2: second HELP line for metric "a"/ },
  { name: 'a TYPE after its samples', text: 'a 1\n# TYPE a gauge', error: /line 2: the TYPE line for metric "a" comes after its samples/ },
  { name: 'a histogram TYPE after one of its series', text: 'h_sum 1\n# TYPE h histogram', error: /TYPE line for metric "h" comes after its samples/ },
  { name: 'a quantile without its label', text: '# TYPE s summary\ns 1', error: /sample "s" has no "quantile" label/ },
  { name: 'a bucket whose le is no number', text: '# TYPE h histogram\nh_bucket{le="big"} 1', error: /sample "h_bucket" has le="big", not a number/ },
  { name: 'a histogram sample without suffix', text: '# TYPE h histogram\nh{le="1"} 1', error: /histogram "h" has a sample without the _bucket, _sum or _count suffix/ },
];

for (const c of rejected) {
  test(`parseExposition() rejects ${c.name}`, () => {
    assert.throws(() => parseExposition(c.text), (e: unknown) => e instanceof SyntaxError && c.error.test(e.message) && e.cause instanceof SyntaxError);
  });
}
