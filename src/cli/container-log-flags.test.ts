import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseContainerLogFlags } from './container-log-flags.js';

const parse = (flags: Record<string, string>): ReturnType<typeof parseContainerLogFlags> => parseContainerLogFlags(new Map(Object.entries(flags)));

test('parseContainerLogFlags() defaults to upstream kubelet\'s 10Mi × 5 files', () => {
  assert.deepEqual(parse({}), { maxBytes: 10 * 1024 * 1024, maxFiles: 5 });
});

test('parseContainerLogFlags() reads the size as a quantity and the file count as an integer', () => {
  const cases: [Record<string, string>, ReturnType<typeof parseContainerLogFlags>][] = [
    [{ '--container-log-max-size': '50Mi', '--container-log-max-files': '3' }, { maxBytes: 50 * 1024 * 1024, maxFiles: 3 }],
    [{ '--container-log-max-size': '1G' }, { maxBytes: 1e9, maxFiles: 5 }],
    [{ '--container-log-max-size': '4096' }, { maxBytes: 4096, maxFiles: 5 }],
    [{ '--container-log-max-size': '0.5Ki', '--container-log-max-files': '2' }, { maxBytes: 512, maxFiles: 2 }],
    // Negative: upstream's "rotation disabled".
    [{ '--container-log-max-size': '-1' }, undefined],
  ];
  for (const [flags, want] of cases) assert.deepEqual(parse(flags), want, JSON.stringify(flags));
});

test('parseContainerLogFlags() names the flag and the rule a bad value breaks', () => {
  const cases: [Record<string, string>, RegExp][] = [
    [{ '--container-log-max-size': '10MB' }, /invalid argument "10MB" for "--container-log-max-size": Cannot parse quantity "10MB"/],
    [{ '--container-log-max-size': '' }, /invalid argument "" for "--container-log-max-size"/],
    [{ '--container-log-max-size': '100m' }, /invalid argument "100m" for "--container-log-max-size": must be a whole number of bytes, such as 10Mi$/],
    [{ '--container-log-max-size': '0' }, /invalid argument "0" for "--container-log-max-size": must be positive/],
    [{ '--container-log-max-files': '1' }, /invalid argument "1" for "--container-log-max-files": must be an integer greater than 1$/],
    [{ '--container-log-max-files': 'five' }, /invalid argument "five" for "--container-log-max-files"/],
    [{ '--container-log-max-files': '-3' }, /invalid argument "-3" for "--container-log-max-files"/],
  ];
  for (const [flags, want] of cases) assert.throws(() => parse(flags), want, JSON.stringify(flags));
});
