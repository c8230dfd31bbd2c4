// Works around a node:http bug on TLS connections: when a response larger than the socket's writable
// highWaterMark (16 KiB) is still being flushed as the next keep-alive request arrives, node pauses the socket and
// then its parser, but a paused TLS socket still hands over data it already decrypted; the paused parser answers it
// with HPE_PAUSED ("Parse Error: Paused") and the connection is dropped mid-request (kubectl prints
// `Unable to connect to the server: EOF`, e.g. applying several large CRDs in one call). A highWaterMark above any
// response the server writes keeps node from pausing between requests; clients that do not pipeline (Go's, Node's)
// read a response whole before sending the next request, so nothing accumulates.
import type { TLSSocket } from 'node:tls';

/** Bytes of unflushed response a connection may hold before node pauses reading it (upstream has no such pause). */
export const responseBufferBytes = 64 * 1024 * 1024;

export function raiseWritableHighWaterMark(socket: TLSSocket): void {
  const state = (socket as TLSSocket & { _writableState?: { highWaterMark: number } })._writableState;
  if (state) state.highWaterMark = Math.max(state.highWaterMark, responseBufferBytes);
}
