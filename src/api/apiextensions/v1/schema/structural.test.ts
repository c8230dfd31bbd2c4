import { test } from 'node:test';
import assert from 'node:assert/strict';
import { errorString, root } from '../../../meta/field-path.js';
import { structuralSchemaErrors } from './structural.js';
import type { JSONSchemaProps } from './types.js';

const p = root('spec').child('versions').index(0).child('schema', 'openAPIV3Schema');
const at = 'spec.versions[0].schema.openAPIV3Schema';
const errs = (s: JSONSchemaProps): string[] => structuralSchemaErrors(s, p).map(errorString);
const obj = (properties: Record<string, JSONSchemaProps>): JSONSchemaProps => ({ type: 'object', properties });

const cases: Array<{ name: string; schema: JSONSchemaProps; want: string[] }> = [
  { name: 'accepts a structural schema', schema: obj({ spec: obj({ n: { type: 'integer', default: 1 }, m: { 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, { type: 'string' }] } }) }), want: [] },
  { name: 'requires types', schema: { properties: { spec: { properties: { a: { items: { type: 'string' } } } } } }, want: [
    `${at}.properties[spec].properties[a].type: Required value: must not be empty for specified object fields`,
    `${at}.properties[spec].type: Required value: must not be empty for specified object fields`,
    `${at}.type: Required value: must not be empty at the root`,
  ] },
  { name: 'requires items of arrays and an object root', schema: { type: 'array' }, want: [`${at}.items: Required value: must be specified`, `${at}.type: Invalid value: "array": must be object at the root`] },
  { name: 'forbids types and defaults in value validations and fields not specified outside', schema: obj({ a: { type: 'string', anyOf: [{ type: 'string' }], allOf: [{ properties: { x: { maxLength: 1 } } }] } }), want: [
    `${at}.properties[a].anyOf[0].type: Forbidden: must be empty to be structural`,
    `${at}.properties[a].properties[x]: Required value: because it is defined in ${at}.properties[a].allOf[0].properties[x]`,
  ] },
  { name: 'restricts root metadata to name and generateName', schema: obj({ metadata: obj({ labels: { type: 'object' } }) }), want: [`${at}.properties[metadata]: Forbidden: must not specify anything other than name and generateName, but metadata is implicitly specified`] },
  { name: 'forbids unsupported keywords', schema: { type: 'object', uniqueItems: true, $ref: '#/x', id: 'x', patternProperties: { a: { type: 'string' } }, properties: { a: { type: 'string' } }, additionalProperties: { type: 'string' } }, want: [
    `${at}.additionalProperties: Forbidden: must not be used at the root`,
    `${at}.id: Forbidden: id is not supported`,
    `${at}.patternProperties: Forbidden: patternProperties is not supported`,
    `${at}.$ref: Forbidden: $ref is not supported`,
    `${at}.uniqueItems: Forbidden: uniqueItems cannot be set to true since the runtime complexity becomes quadratic`,
    `${at}.additionalProperties: Forbidden: additionalProperties and properties are mutual exclusive`,
  ] },
  { name: 'checks list-map keys', schema: obj({ l: { type: 'array', 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['k', 'o', 'z'], items: obj({ k: { type: 'string' }, o: { type: 'object' } }) } }), want: [
    `${at}.properties[l].items.properties[k].default: Required value: this property is in x-kubernetes-list-map-keys, so it must have a default or be a required property`,
    `${at}.properties[l].items.properties[o].type: Invalid value: "object": must be a scalar type if parent array's x-kubernetes-list-type is map`,
    `${at}.properties[l].items.properties[o].default: Required value: this property is in x-kubernetes-list-map-keys, so it must have a default or be a required property`,
    `${at}.properties[l].x-kubernetes-list-map-keys: Invalid value: ["k","o","z"]: entries must all be names of item properties`,
  ] },
  { name: 'checks list and map types', schema: obj({ l: { type: 'string', 'x-kubernetes-list-type': 'bag', 'x-kubernetes-map-type': 'x' } }), want: [
    `${at}.properties[l].type: Invalid value: "string": must be object if x-kubernetes-map-type is specified`,
    `${at}.properties[l].x-kubernetes-map-type: Unsupported value: "x": supported values: "atomic", "granular"`,
    `${at}.properties[l].type: Invalid value: "string": must be array if x-kubernetes-list-type is specified`,
    `${at}.properties[l].x-kubernetes-list-type: Unsupported value: "bag": supported values: "atomic", "set", "map"`,
  ] },
  { name: 'refuses patterns RE2 refuses', schema: obj({ a: { type: 'string', pattern: '^(?=a)b' } }), want: [`${at}.properties[a].pattern: Invalid value: "^(?=a)b": must be a valid regular expression, but isn't: error parsing regexp: invalid or unsupported Perl syntax: \`(?=\``] },
  { name: 'validates defaults and requires them pruned', schema: obj({ a: { type: 'integer', default: 'x' }, b: { type: 'object', default: { c: 1 }, properties: {} } }), want: [
    `${at}.properties[a].default: Invalid value: "string":  in body must be of type integer: "string"`,
    `${at}.properties[b].default: Invalid value: {"c":1}: must not have unknown fields`,
  ] },
  { name: 'forbids defaults in top-level metadata and nullable roots', schema: { type: 'object', nullable: true, properties: { metadata: { type: 'object', default: {} } } }, want: [
    `${at}.nullable: Forbidden: nullable cannot be true at the root`,
    `${at}.properties[metadata].default: Forbidden: must not be set in top-level metadata`,
  ] },
  { name: 'checks embedded resources', schema: obj({ e: { 'x-kubernetes-embedded-resource': true, additionalProperties: { type: 'string' } } }), want: [
    `${at}.properties[e].additionalProperties: Forbidden: must not be used if x-kubernetes-embedded-resource is set`,
    `${at}.properties[e].properties: Required value: must not be empty if x-kubernetes-embedded-resource is true without x-kubernetes-preserve-unknown-fields`,
    `${at}.properties[e].type: Required value: must be object if x-kubernetes-embedded-resource is true`,
  ] },
];

for (const c of cases) test(`structuralSchemaErrors() ${c.name}`, () => assert.deepEqual(errs(c.schema), c.want));

