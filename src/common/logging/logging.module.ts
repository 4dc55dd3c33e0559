import { DynamicModule } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LoggerModule, Params } from 'nestjs-pino';
import type { DestinationStream, LoggerOptions } from 'pino';
import type { Options } from 'pino-http';
import { appConfig, authConfig, tossConfig } from '../../config/app.config';
import { basicCredential, lineScrubber, REDACT_PATHS, REDACTED } from './redaction';

export interface LoggingOptions {
  /** Where JSON lines go instead of stdout (tests capture them here). */
  destination?: DestinationStream;
  /** No output at all (the e2e apps, unless they capture). */
  silent?: boolean;
}

/** Paths whose request lines are noise (probes and scrapes); their app logs keep the request id. */
const QUIET_PATHS = /^\/(health|metrics)(\/|\?|$)/;

function prettyAvailable(): boolean {
  try {
    require.resolve('pino-pretty');
    return true;
  } catch {
    return false;
  }
}

export function loggerParams(
  app: ConfigType<typeof appConfig>,
  toss: ConfigType<typeof tossConfig>,
  auth: ConfigType<typeof authConfig>,
  options: LoggingOptions,
): Params {
  const scrub = lineScrubber([toss.secretKey, toss.secretKey && basicCredential(toss.secretKey), auth.jwtSecret]);
  const pino: LoggerOptions = {
    level: options.silent ? 'silent' : app.logLevel,
    redact: { paths: REDACT_PATHS, censor: REDACTED },
    hooks: { streamWrite: scrub },
    serializers: {
      // Method and URL only: headers carry credentials and bodies carry personal data.
      req: (req: { method?: string; url?: string; remoteAddress?: string }) => ({ method: req.method, url: req.url, remoteAddress: req.remoteAddress }),
      res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
    },
  };
  // Pretty lines for people in development; JSON (one object a line) for collectors everywhere else.
  const pretty = !options.destination && app.logFormat === 'pretty' && prettyAvailable();
  const http: Options<IncomingMessage, ServerResponse> = {
    ...pino,
    ...(pretty && { transport: { target: 'pino-pretty', options: { singleLine: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' } } }),
    // Fastify's request id (X-Request-Id or a UUID, see bootstrap.ts) is put on the raw request.
    genReqId: (req) => req.id,
    quietReqLogger: true,
    customAttributeKeys: { reqId: 'reqId' },
    autoLogging: { ignore: (req) => QUIET_PATHS.test(req.url ?? '') },
    customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? 'error' : 'info'),
    customSuccessMessage: (req, res, ms) => `${req.method} ${req.url} ${res.statusCode} ${ms} ms`,
    customErrorMessage: (req, res) => `${req.method} ${req.url} ${res.statusCode} failed`,
  };
  return { pinoHttp: options.destination ? [http, options.destination] : http };
}

/** nestjs-pino: request logs, and Nest's Logger lines bound to the request (reqId) they run in. */
export class LoggingModule {
  static forRoot(options: LoggingOptions = {}): DynamicModule {
    return LoggerModule.forRootAsync({
      inject: [appConfig.KEY, tossConfig.KEY, authConfig.KEY],
      useFactory: (app: ConfigType<typeof appConfig>, toss: ConfigType<typeof tossConfig>, auth: ConfigType<typeof authConfig>) =>
        loggerParams(app, toss, auth, options),
    });
  }
}
