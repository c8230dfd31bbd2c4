// Response writing: JSON bodies, Status errors, the headers every reply carries (Cache-Control as upstream).
import type { ServerResponse } from 'node:http';
import { ApiError, internal, type Status } from '../../api/index.js';
import { auditRecordOf } from '../audit/capture.js';

export const commonHeaders = { 'Cache-Control': 'no-cache, private' } as const;

/**
 * Warning header values as upstream formats them: `299 - "text"`. The text goes out as UTF-8 bytes, as Go writes it
 * (node:http sends header strings as latin1, so the bytes are spelled as latin1 characters); control characters
 * are escaped, so text from a request (an unknown field's name) cannot break the header.
 */
export function warningHeader(warnings: readonly string[]): string[] {
  return warnings.map((w) => Buffer.from(`299 - ${JSON.stringify(w).replace(/\x7f/g, '\\u007f')}`, 'utf8').toString('latin1'));
}

export function sendJson(res: ServerResponse, code: number, body: unknown, warnings: readonly string[] = []): void {
  writeJson(res, code, JSON.stringify(body), warnings, body);
}

/** Sends an already-serialised JSON body. */
export function sendRaw(res: ServerResponse, code: number, text: string, warnings: readonly string[] = []): void {
  writeJson(res, code, text, warnings, undefined);
}

function writeJson(res: ServerResponse, code: number, text: string, warnings: readonly string[], body: unknown): void {
  // The audit record keeps the reply's Status and, at level RequestResponse, the reply itself.
  auditRecordOf(res)?.recordResponse(code, body, text);
  const headers: Record<string, string | string[]> = { ...commonHeaders, 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(text)) };
  if (warnings.length) headers['Warning'] = [...headerValues(res.getHeader('Warning')), ...warningHeader(warnings)];
  res.writeHead(code, headers);
  res.end(text);
}

/** A header already set on the response (a deprecation warning set before the handler ran) as a list. */
function headerValues(v: number | string | string[] | undefined): string[] {
  return v === undefined ? [] : Array.isArray(v) ? v : [String(v)];
}

export function sendText(res: ServerResponse, code: number, text: string): void {
  res.writeHead(code, { ...commonHeaders, 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff', 'Content-Length': String(Buffer.byteLength(text)) });
  res.end(text);
}

export function toApiError(e: unknown): ApiError {
  return e instanceof ApiError ? e : internal(e);
}

export function sendError(res: ServerResponse, e: unknown): void {
  const err = toApiError(e);
  if (res.headersSent) {
    res.destroy();
    return;
  }
  sendJson(res, err.code, err.toStatus());
}

export function successStatus(details: Status['details']): Status {
  const st: Status = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 200 };
  if (details) st.details = details;
  return st;
}
