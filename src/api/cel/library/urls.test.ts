import { test } from 'node:test';
import { assertErrors, assertValues } from './testing.js';

test('urls library follows Go url.Parse as upstream', () => {
  assertValues([
    ['isURL("https://user:pass@example.com:80/path?query=val#fragment")', true],
    ['isURL("/absolute-path")', true],
    ['isURL("https://a:b:c/")', false],
    ['isURL("../relative-path")', false],
    ['isURL("example.com")', false],
    ['url("/absolute-path").getScheme()', ''],
    ['url("https://example.com/").getScheme()', 'https'],
    ['url("HTTPS://example.com/").getScheme()', 'https'],
    ['url("https://example.com:80/").getHost()', 'example.com:80'],
    ['url("https://[::1]:80/").getHost()', '[::1]:80'],
    ['url("https://example.com:80/").getHostname()', 'example.com'],
    ['url("https://[::1]:80/").getHostname()', '::1'],
    ['url("https://example.com:80/").getPort()', '80'],
    ['url("https://example.com/").getPort()', ''],
    ['url("https://example.com/path with spaces/").getEscapedPath()', '/path%20with%20spaces/'],
    ['url("https://example.com/a%2Fb").getEscapedPath()', '/a%2Fb'],
    ['url("https://example.com/path#frag").getEscapedPath()', '/path'],
    ['url("https://example.com/path?k1=a&k2=b&k2=c").getQuery()', new Map([['k1', ['a']], ['k2', ['b', 'c']]])],
    ['url("https://example.com/path?key=a+b%20c").getQuery()["key"][0]', 'a b c'],
    ['url("https://example.com/").getQuery().size()', 0n],
  ]);
  assertErrors([
    ['url("../relative")', 'URL parse error during conversion from string: parse "../relative": invalid URI for request'],
    ['url("https://a:b:c/")', 'URL parse error during conversion from string: parse "https://a:b:c/": invalid port ":c" after host'],
    ['url(":x")', 'missing protocol scheme'],
  ]);
});
