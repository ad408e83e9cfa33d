// The logging seam: the UI implements it with a LogOutputChannel, tests with an array.
// Callers pass text that is already free of secrets; the HTTP client redacts for them.

export interface Logger {
  trace(message: string): void;
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string | Error): void;
}

export const silentLogger: Logger = {
  trace() {},
  debug() {},
  info() {},
  warn() {},
  error() {},
};
