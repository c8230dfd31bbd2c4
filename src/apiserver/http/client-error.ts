// Requests node:http cannot hand to the API handler (parser errors, CONNECT): answered on the raw socket with a
// Kubernetes Status and the connection closed, where upstream's net/http answers with plain text.
import type { Duplex } from 'node:stream';
import { ApiError, badRequest } from '../../api/index.js';

/** The Status for a node:http parser error (its `code`), with the HTTP status node:http itself would use. */
export function clientErrorStatus(code: string | undefined): ApiError {
  switch (code) {
    case 'HPE_HEADER_OVERFLOW':
      return new ApiError(431, 'BadRequest', 'Request Header Fields Too Large');
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return new ApiError(413, 'RequestEntityTooLarge', 'Request entity too large: chunk extensions over the limit');
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return new ApiError(408, 'Timeout', 'Request Timeout');
    default:
      return badRequest(`malformed HTTP request${code ? ` (${code})` : ''}`);
  }
}

const reasonPhrase: Record<number, string> = { 400: 'Bad Request', 405: 'Method Not Allowed', 408: 'Request Timeout', 413: 'Payload Too Large', 431: 'Request Header Fields Too Large' };

/** Writes `err` as a complete HTTP/1.1 response and closes the socket (nothing else can be read from it). */
export function writeRawStatus(socket: Duplex, err: ApiError): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const body = JSON.stringify(err.toStatus());
  socket.end(`HTTP/1.1 ${err.code} ${reasonPhrase[err.code] ?? 'Error'}\r\nCache-Control: no-cache, private\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
}

/** The node:http 'clientError' listener: a Status instead of node's bare "400 Bad Request". */
export function answerClientError(err: Error & { code?: string }, socket: Duplex): void {
  // A reset or a request whose response already started cannot be answered.
  if (err.code === 'ECONNRESET' || (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent) {
    socket.destroy();
    return;
  }
  writeRawStatus(socket, clientErrorStatus(err.code));
}

/** The node:http 'connect' listener: CONNECT is no API verb (upstream answers it as an unknown method). */
export function answerConnect(socket: Duplex): void {
  socket.on('error', () => socket.destroy());
  writeRawStatus(socket, new ApiError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource'));
}
