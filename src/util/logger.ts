// Logger: structured, leveled logging (one JSON-ish line per entry) with bound fields.

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const order: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  with(fields: Record<string, unknown>): Logger;
}

export interface LoggerOptions {
  level?: LogLevel;
  write?: (line: string) => void;
  fields?: Record<string, unknown>;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const level = order[options.level ?? (process.env['SKIFF_LOG_LEVEL'] as LogLevel | undefined) ?? 'info'] ?? 20;
  const write = options.write ?? ((line: string) => process.stderr.write(line + '\n'));
  const bound = options.fields ?? {};
  const log = (lvl: LogLevel, msg: string, fields?: Record<string, unknown>): void => {
    if (order[lvl] < level) return;
    const all = { ...bound, ...fields };
    const parts = Object.entries(all).map(([k, v]) => `${k}=${typeof v === 'string' ? JSON.stringify(v) : v instanceof Error ? JSON.stringify(v.message) : JSON.stringify(v)}`);
    write(`${new Date().toISOString()} ${lvl.toUpperCase()} ${msg}${parts.length ? ' ' + parts.join(' ') : ''}`);
  };
  return {
    debug: (m, f) => log('debug', m, f),
    info: (m, f) => log('info', m, f),
    warn: (m, f) => log('warn', m, f),
    error: (m, f) => log('error', m, f),
    with: (fields) => createLogger({ ...options, fields: { ...bound, ...fields } }),
  };
}

export const silentLogger: Logger = createLogger({ level: 'error', write: () => {} });
