import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertCheckErrors, assertErrors, assertValues, evalCel } from './testing.js';

test('regex library find and findAll follow Go regexp', () => {
  assertValues([
    ['"abc 123".find("[0-9]+")', '123'],
    ['"abc".find("[0-9]+")', ''],
    ['"123 abc 456".findAll("[0-9]+")', ['123', '456']],
    ['"123 abc 456".findAll("[0-9]+", 1)', ['123']],
    ['"123 abc 456".findAll("[0-9]+", 0)', []],
    ['"abc".findAll("x*")', ['', '', '', '']],
  ]);
  assertErrors([['"a".find("(")', 'Illegal regex: error parsing regexp: missing closing ): `(`']]);
});

test('matches() uses RE2 for the function and the method form', () => {
  assertValues([
    ['"abc".matches("b")', true],
    ['"abc".matches("^b")', false],
    ['matches("abc", "^a.c$")', true],
    ['"foo-bar".matches("^[a-z]+(-[a-z]+)*$")', true],
    ['dyn("abc").matches("c$")', true],
    // RE2 syntax: \pL works; JavaScript-only lookahead is rejected below.
    ['"é".matches("^\\\\pL$")', true],
  ]);
  assertErrors([
    ['"a".matches("(?=a)")', 'error parsing regexp'],
    ['"a".matches("a**")', 'error parsing regexp: invalid nested repetition operator: `**`'],
    ['matches("a", "[")', 'error parsing regexp: missing closing ]'],
  ]);
  assertCheckErrors([['1.matches("a")', "found no matching overload for 'int.matches(string)'"]]);
  // A catastrophic pattern for backtracking engines finishes at once with RE2.
  assert.equal(evalCel('s.matches("^(a+)+$")', { s: `${'a'.repeat(5000)}!` }), false);
});
