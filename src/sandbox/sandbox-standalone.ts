import { ClsPluginTransactional } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { DynamicModule, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { TypeOrmModule, getDataSourceToken } from '@nestjs/typeorm';
import { ClsModule } from 'nestjs-cls';
import { tossConfig } from '../config/app.config';
import { dataSourceOptions } from '../database/data-source-options';
import { SandboxModule } from './sandbox.module';
import { SandboxOptions } from './sandbox-options';

export interface StandaloneSandboxOptions extends SandboxOptions {
  databaseUrl: string;
  /** Apply pending migrations at start-up (default true). */
  migrationsRun?: boolean;
  logger?: false;
}

/** Only what the sandbox needs: config, TypeORM, CLS transactions and the SandboxModule. */
@Module({})
export class SandboxStandaloneModule {
  static forRoot(options: StandaloneSandboxOptions): DynamicModule {
    return {
      module: SandboxStandaloneModule,
      imports: [
        ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, load: [tossConfig] }),
        TypeOrmModule.forRoot({
          ...dataSourceOptions({
            url: options.databaseUrl,
            migrationsRun: options.migrationsRun ?? true,
            // It stands in for Toss, which keeps its own books: on a shared machine (the benchmark)
            // its commits should not wait for the disk. The in-app sandbox shares the app's pool and
            // commits synchronously like everything else.
            synchronousCommit: false,
          }),
          retryAttempts: 0,
        }),
        ClsModule.forRoot({
          global: true,
          plugins: [
            new ClsPluginTransactional({
              imports: [TypeOrmModule],
              adapter: new TransactionalAdapterTypeOrm({ dataSourceToken: getDataSourceToken() }),
            }),
          ],
        }),
        SandboxModule.register({
          webhookUrl: options.webhookUrl,
          pollIntervalMs: options.pollIntervalMs,
        }),
      ],
    };
  }
}

/** The sandbox as its own HTTP app (same paths: /sandbox/toss/v1/…, /sandbox/toss/test/…). */
export async function createSandboxApp(
  options: StandaloneSandboxOptions,
): Promise<NestFastifyApplication> {
  return NestFactory.create<NestFastifyApplication>(
    SandboxStandaloneModule.forRoot(options),
    new FastifyAdapter({ bodyLimit: 100 * 1024, routerOptions: { ignoreTrailingSlash: true } }),
    { logger: options.logger === false ? false : ['log', 'warn', 'error'], abortOnError: false },
  );
}
