import { ClsPluginTransactional } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { DynamicModule, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { TypeOrmModule, getDataSourceToken } from '@nestjs/typeorm';
import { ClsModule } from 'nestjs-cls';
import { AuthModule } from './auth/auth.module';
import { AllExceptionsFilter } from './common/filters/all-exceptions.filter';
import { LoggingModule, LoggingOptions } from './common/logging/logging.module';
import { RateLimitModule } from './common/security/rate-limit.module';
import { createValidationPipe } from './common/validation';
import { appConfig, authConfig, databaseConfig, opsConfig, tossConfig } from './config/app.config';
import { dataSourceOptions } from './database/data-source-options';
import { DemoModule } from './demo/demo.module';
import { HealthModule } from './health/health.module';
import { MetricsModule } from './metrics/metrics.module';
import { OrdersModule } from './orders/orders.module';
import { PaymentsModule } from './payments/payments.module';
import { WebhooksModule } from './webhooks/webhooks.module';
import { ProductsModule } from './products/products.module';
import { SandboxModule } from './sandbox/sandbox.module';

export interface AppModuleOptions {
  /** The database to use: DATABASE_URL, the embedded server, or a test database. */
  databaseUrl: string;
  /** Apply pending migrations at start-up (the app does; tests start from a migrated template). */
  migrationsRun?: boolean;
  poolSize?: number;
  /** Where logs go (tests capture them); see LoggingModule. */
  logging?: LoggingOptions;
}

@Module({})
export class AppModule {
  static forRoot(options: AppModuleOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot({
          isGlobal: true,
          ignoreEnvFile: true,
          load: [appConfig, databaseConfig, authConfig, tossConfig, opsConfig],
        }),
        LoggingModule.forRoot(options.logging),
        MetricsModule,
        TypeOrmModule.forRoot({
          ...dataSourceOptions({
            url: options.databaseUrl,
            migrationsRun: options.migrationsRun ?? true,
            poolSize: options.poolSize ?? databaseConfig().poolSize,
            preparedStatements: databaseConfig().preparedStatements,
          }),
          // The URL was probed before boot; a failure now is real and retrying hides it.
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
        AuthModule,
        // After AuthModule: its guard runs after the auth guard (per-customer limits need the user).
        RateLimitModule,
        ProductsModule,
        OrdersModule,
        PaymentsModule,
        WebhooksModule,
        HealthModule,
        // The Toss emulator (/sandbox/toss): on unless NODE_ENV=production or SANDBOX_ENABLED=false.
        ...(tossConfig().sandboxEnabled ? [SandboxModule.register()] : []),
        DemoModule.forRoot(),
      ],
      providers: [
        { provide: APP_PIPE, useFactory: createValidationPipe },
        { provide: APP_FILTER, useClass: AllExceptionsFilter },
      ],
    };
  }
}
