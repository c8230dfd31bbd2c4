import { test } from 'node:test';
import { assertValues } from './testing.js';

test('format library validates with upstream messages', () => {
  assertValues([
    ['format.named("dns1123Label").hasValue()', true],
    ['format.named("nope").hasValue()', false],
    ['format.named("dns1123Label").value().validate("my-name").hasValue()', false],
    ['format.dns1123Label().validate("my-name").hasValue()', false],
    [
      'format.dns1123Label().validate("My_Name").value()',
      ["a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"],
    ],
    ['format.dns1123Subdomain().validate("apiextensions.k8s.io").hasValue()', false],
    ['format.dns1035Label().validate("1abc").hasValue()', true],
    ['format.qualifiedName().validate("apiextensions.k8s.io/v1beta1").hasValue()', false],
    ['format.dns1123LabelPrefix().validate("my-label-prefix-").hasValue()', false],
    ['format.dns1123Label().validate("my-label-prefix-").hasValue()', true],
    ['format.labelValue().validate("a b").hasValue()', true],
    ['format.uri().validate("http://example.com").hasValue()', false],
    ['format.uri().validate("example").value()', ['parse "example": invalid URI for request']],
    ['format.uuid().validate("123e4567-e89b-12d3-a456-426614174000").hasValue()', false],
    ['format.uuid().validate("x").value()', ['does not match the UUID format']],
    ['format.byte().validate("aGVsbG8=").hasValue()', false],
    ['format.byte().validate("!").value()', ['invalid base64']],
    ['format.date().validate("2021-01-01").hasValue()', false],
    ['format.date().validate("2021-13-01").value()', ['invalid date']],
    ['format.datetime().validate("2021-01-01T00:00:00Z").hasValue()', false],
    ['format.datetime().validate("yesterday").value()', ['invalid datetime']],
  ]);
});
