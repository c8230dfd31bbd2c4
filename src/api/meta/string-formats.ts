// String formats a CustomResourceDefinition may use: upstream keeps only a fixed list (unknown formats, and the
// numeric ones such as int32, are ignored) and checks strings against kube-openapi's format registry.
import { isIPv4, isIPv6 } from './name-validation.js';

type Check = (s: string) => boolean;

const uuid = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;
const uuid3 = /^[0-9a-f]{8}-?[0-9a-f]{4}-?3[0-9a-f]{3}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;
const uuid4 = /^[0-9a-f]{8}-?[0-9a-f]{4}-?4[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}$/i;
const uuid5 = /^[0-9a-f]{8}-?[0-9a-f]{4}-?5[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}$/i;
const hostnameLabel = /^[\p{L}\p{S}0-9](?:[\p{L}\p{S}0-9-]{0,61}[\p{L}\p{S}0-9])?$/u;
const base64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const date = /^(\d{4})-(\d{2})-(\d{2})$/;
const dateTime = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})?$/;
const duration = /^(?:[-+]?(?:\d+(?:\.\d*)?|\.\d+)\s*(?:ns|us|µs|ms|s|m|h|d|w)\s*)+$/;
const mac = /^(?:[0-9a-f]{2}(?:[:-][0-9a-f]{2}){5}|[0-9a-f]{2}(?:[:-][0-9a-f]{2}){7}|[0-9a-f]{2}(?:[:-][0-9a-f]{2}){19}|[0-9a-f]{4}(?:\.[0-9a-f]{4}){2,9})$/i;
const email = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+$/;
const hexColor = /^#?(?:[0-9a-f]{3}|[0-9a-f]{6})$/i;
const rgbColor = /^rgb\(\s*(\d{1,3})\s*,\s*(\d{1,3})\s*,\s*(\d{1,3})\s*\)$/;
const ssn = /^\d{3}[- ]?\d{2}[- ]?\d{4}$/;
const bsonObjectId = /^[0-9a-f]{24}$/i;

function isValidDate(y: string, m: string, d: string): boolean {
  const month = Number(m);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(Number(y), month, 0)).getUTCDate();
}

function isDateTime(s: string): boolean {
  const m = dateTime.exec(s);
  if (!m) return false;
  const [, y = '', mo = '', d = '', h = '', mi = '', se = ''] = m;
  return isValidDate(y, mo, d) && Number(h) < 24 && Number(mi) < 60 && Number(se) < 60;
}

function isHostname(s: string): boolean {
  if (s.length === 0 || s.length > 255) return false;
  return s.split('.').every((l) => hostnameLabel.test(l));
}

function isCidr(s: string): boolean {
  const slash = s.indexOf('/');
  if (slash < 0) return false;
  const ip = s.slice(0, slash);
  const bits = s.slice(slash + 1);
  if (!/^\d{1,3}$/.test(bits)) return false;
  if (isIPv4(ip)) return Number(bits) <= 32;
  return isIPv6(ip) && Number(bits) <= 128;
}

function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let n = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) n = n * 2 > 9 ? n * 2 - 9 : n * 2;
    sum += n;
  }
  return sum % 10 === 0;
}

function isIsbn10(s: string): boolean {
  const c = s.replace(/[\s-]/g, '');
  if (!/^\d{9}[\dX]$/.test(c)) return false;
  let sum = 0;
  for (let i = 0; i < 10; i++) sum += (10 - i) * (c[i] === 'X' ? 10 : Number(c[i]));
  return sum % 11 === 0;
}

function isIsbn13(s: string): boolean {
  const c = s.replace(/[\s-]/g, '');
  if (!/^\d{13}$/.test(c)) return false;
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(c[i]) * (i % 2 === 0 ? 1 : 3);
  return (10 - (sum % 10)) % 10 === Number(c[12]);
}

function isUri(s: string): boolean {
  // Go's url.ParseRequestURI: an absolute URI or an absolute path, no fragment-only or relative references.
  if (s.startsWith('/')) return !/\s/.test(s);
  try {
    return /^[A-Za-z][A-Za-z0-9+.-]*:/.test(s) && new URL(s).protocol !== '';
  } catch {
    return false;
  }
}

const checks: Record<string, Check> = {
  bsonobjectid: (s) => bsonObjectId.test(s),
  uri: isUri,
  email: (s) => email.test(s),
  hostname: isHostname,
  ipv4: isIPv4,
  ipv6: isIPv6,
  cidr: isCidr,
  mac: (s) => mac.test(s),
  uuid: (s) => uuid.test(s),
  uuid3: (s) => uuid3.test(s),
  uuid4: (s) => uuid4.test(s),
  uuid5: (s) => uuid5.test(s),
  isbn: (s) => isIsbn10(s) || isIsbn13(s),
  isbn10: isIsbn10,
  isbn13: isIsbn13,
  creditcard: (s) => {
    const d = s.replace(/\D/g, '');
    return /^(?:4\d{12}(?:\d{3})?|5[1-5]\d{14}|6(?:011|5\d\d)\d{12}|3[47]\d{13}|3(?:0[0-5]|[68]\d)\d{11}|(?:2131|1800|35\d{3})\d{11})$/.test(d) && luhn(d);
  },
  ssn: (s) => ssn.test(s),
  hexcolor: (s) => hexColor.test(s),
  rgbcolor: (s) => {
    const m = rgbColor.exec(s);
    return m !== null && m.slice(1).every((n) => Number(n) <= 255);
  },
  byte: (s) => base64.test(s),
  password: () => true,
  date: (s) => {
    const m = date.exec(s);
    return m !== null && isValidDate(m[1] ?? '', m[2] ?? '', m[3] ?? '');
  },
  duration: (s) => duration.test(s),
  datetime: isDateTime,
};

/** The checker for a schema's format, or undefined when upstream ignores that format (int32, float, unknown). */
export function formatChecker(format: string): Check | undefined {
  // go-openapi normalises format names by dropping dashes and case: date-time is datetime.
  return checks[format.replace(/-/g, '').toLowerCase()];
}
