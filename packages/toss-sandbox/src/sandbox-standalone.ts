import { DynamicModule, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { ClsModule } from 'nestjs-cls';
import { setupSandboxDocs } from './sandbox-docs';
import { SandboxModule } from './sandbox.module';
import { SandboxOptions } from './sandbox-options';

export interface StandaloneSandboxOptions extends SandboxOptions {
  logger?: false;
}

/** Only what the sandbox needs: CLS (for its transactions) and the SandboxModule. */
@Module({})
export class SandboxStandaloneModule {
  static forRoot(options: StandaloneSandboxOptions): DynamicModule {
    return {
      module: SandboxStandaloneModule,
      imports: [
        ClsModule.forRoot({ global: true }),
        SandboxModule.register({
          // It stands in for Toss, which keeps its own books: on a shared machine (the benchmark)
          // its commits should not wait for the disk.
          synchronousCommit: false,
          ...options,
        }),
      ],
    };
  }
}

/**
 * The sandbox as its own HTTP app (same paths: /sandbox/toss/v1/…, /sandbox/toss/test/…), with its
 * OpenAPI document and Swagger UI (/sandbox/docs, /sandbox/docs-json).
 */
export async function createSandboxApp(
  options: StandaloneSandboxOptions,
): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(
    SandboxStandaloneModule.forRoot(options),
    new FastifyAdapter({ bodyLimit: 100 * 1024, routerOptions: { ignoreTrailingSlash: true } }),
    { logger: options.logger === false ? false : ['log', 'warn', 'error'], abortOnError: false },
  );
  setupSandboxDocs(app);
  return app;
}
