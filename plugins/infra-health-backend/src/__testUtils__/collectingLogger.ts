import {
  coreServices,
  createServiceFactory,
  LoggerService,
  RootLoggerService,
} from '@backstage/backend-plugin-api';

/** A root logger that keeps every line (message and metadata) for tests that read the logs. */
export function collectingLogger() {
  const lines: string[] = [];
  const make = (meta: object): RootLoggerService => {
    const write =
      (level: string) => (message: string, extra?: Error | object) => {
        lines.push(
          `${level} ${message} ${JSON.stringify({
            ...meta,
            ...(extra ?? {}),
          })}`,
        );
      };
    const logger: LoggerService = {
      error: write('error'),
      warn: write('warn'),
      info: write('info'),
      debug: write('debug'),
      child: childMeta => make({ ...meta, ...childMeta }),
    };
    return logger as RootLoggerService;
  };
  return {
    lines,
    factory: createServiceFactory({
      service: coreServices.rootLogger,
      deps: {},
      factory: () => make({}),
    }),
  };
}
