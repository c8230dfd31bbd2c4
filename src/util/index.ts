// util: leaf helpers (clock, disposables, logging, WebSockets and the exec channel protocol). Imports nothing of ours.
export * from './clock.js';
export * from './fake-clock.js';
export * from './disposable.js';
export * from './logger.js';
export * from './deep-freeze.js';
export { canonicalJson, hashText, revisionHash } from './template-hash.js';
export { errorMessage } from './errors.js';
export { withoutZeros } from './omit-zero.js';
export { acceptKey, acceptUpgrade, connectWebSocket, encodeFrame, isWebSocketUpgrade, offeredProtocols, parseFrames, rejectUpgrade, UpgradeRefusedError, WebSocketConnection, webSocketProtocols } from './websocket.js';
export { channelClient, channelProtocolOf, channelProtocols, resultOf, serveChannelSession, statusOf, type ChannelProcess, type ChannelResult } from './channel-stream.js';
export { parseGoDuration, goDurationMs, formatGoDuration } from './go-duration.js';
