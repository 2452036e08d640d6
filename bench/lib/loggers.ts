/** Loggers for benchmarks: their output would disturb the timings and bury the results. */
import {
  coreServices,
  createServiceFactory,
  LoggerService,
  RootLoggerService,
} from '@backstage/backend-plugin-api';

/** Drops everything. */
export const silentLogger: LoggerService = {
  info() {},
  warn() {},
  error() {},
  debug() {},
  child: () => silentLogger,
};

/**
 * A root logger, and the service factory that installs it in a backend, that
 * prints nothing: info lines go to `onInfo`, the first `maxErrors` error
 * lines are kept in `errors`, the rest is dropped. Children are the logger
 * itself.
 */
export function quietRootLogger(
  options: { onInfo?: (message: string) => void; maxErrors?: number } = {},
) {
  const maxErrors = options.maxErrors ?? 20;
  const errors: string[] = [];
  const make = (): RootLoggerService => {
    const logger: LoggerService = {
      info(message) {
        options.onInfo?.(message);
      },
      error(message) {
        if (errors.length < maxErrors) errors.push(message);
      },
      warn() {},
      debug() {},
      child: () => logger,
    };
    return logger as RootLoggerService;
  };
  return {
    errors,
    logger: make() as LoggerService,
    factory: createServiceFactory({
      service: coreServices.rootLogger,
      deps: {},
      factory: () => make(),
    }),
  };
}
