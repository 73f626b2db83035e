import type { Config } from './config';

/** Minimal structured logging to stdout: one JSON object a line. */
export function createLogger(level: Config['logLevel']) {
  const write = (severity: string, message: string, details: Record<string, unknown> = {}) => {
    process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), level: severity, message, ...details })}\n`);
  };
  return {
    info: (message: string, details?: Record<string, unknown>) => level !== 'silent' && write('info', message, details),
    debug: (message: string, details?: Record<string, unknown>) => level === 'debug' && write('debug', message, details),
    error: (message: string, details?: Record<string, unknown>) => level !== 'silent' && write('error', message, details),
  };
}
export type Logger = ReturnType<typeof createLogger>;
