import { ClsPluginTransactional } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { DynamicModule, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { APP_FILTER, APP_PIPE, HttpAdapterHost } from '@nestjs/core';
import { TypeOrmModule, getDataSourceToken } from '@nestjs/typeorm';
import { ClsModule } from 'nestjs-cls';
import {
  SANDBOX_CONTROLLERS,
  SANDBOX_ROUTES,
  SANDBOX_SECRET_KEY,
  SandboxModule,
  setupSandboxDocs,
} from 'toss-sandbox';
import { Public } from './auth/auth-user';
import { AuthModule } from './auth/auth.module';
import { BillingModule } from './billing/billing.module';
import { CashReceiptsModule } from './cash-receipts/cash-receipts.module';
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
import { PlansModule } from './plans/plans.module';
import { SubscriptionsModule } from './subscriptions/subscriptions.module';
import { TOSS_API_ORIGIN, TOSS_ENDPOINT, TossEndpoint } from './toss/toss.client';

/**
 * The composition root is the only place that knows the Toss sandbox package (packages/toss-sandbox):
 * the rest of the app knows Toss through TossClient and its endpoint. These are the sandbox's paths
 * that the app's set-up must leave alone when it is mounted.
 */
export const SANDBOX_MOUNT = {
  /** Served where Toss's API and window are, outside the /api/v1 prefix. */
  prefixExclusions: SANDBOX_ROUTES.prefixExclusions,
  /** On shutdown the in-flight confirms may still be calling this process's own sandbox. */
  servesWhileDraining: (url: string) => url.startsWith(`${SANDBOX_ROUTES.tossApi}/`),
  /** Its own contract: Swagger UI at /sandbox/docs, OpenAPI at /sandbox/docs-json. */
  setupDocs: setupSandboxDocs,
};

/** The sandbox in this process, in its own schema of the app's database, posting webhooks to this app. */
function mountSandbox(databaseUrl: string): DynamicModule {
  // It stands in for Toss, which needs none of the app's logins.
  for (const controller of SANDBOX_CONTROLLERS) Public()(controller);
  return SandboxModule.register({
    databaseUrl,
    webhookUrl: tossConfig().sandboxWebhookUrl,
    webhookPath: '/api/v1/webhooks/toss',
    preparedStatements: databaseConfig().preparedStatements,
  });
}

/**
 * Where TossClient calls: TOSS_API_BASE_URL, else Toss itself with a secret key, else (no key) this
 * process's own sandbox, whose port is known only once the app listens.
 */
@Module({})
class TossEndpointModule {
  static forRoot(): DynamicModule {
    const endpoint = (host: HttpAdapterHost): TossEndpoint => {
      const { secretKey, apiBaseUrl } = tossConfig();
      return {
        secretKey: secretKey ?? SANDBOX_SECRET_KEY,
        baseUrl: () => {
          if (apiBaseUrl) return apiBaseUrl;
          if (secretKey) return TOSS_API_ORIGIN;
          const server = host.httpAdapter?.getHttpServer() as { address(): unknown } | undefined;
          const address = server?.address() as { port?: number } | null | undefined;
          return `http://127.0.0.1:${address?.port ?? appConfig().port}${SANDBOX_ROUTES.tossApi}`;
        },
      };
    };
    return {
      module: TossEndpointModule,
      global: true,
      providers: [{ provide: TOSS_ENDPOINT, inject: [HttpAdapterHost], useFactory: endpoint }],
      exports: [TOSS_ENDPOINT],
    };
  }
}

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
        BillingModule,
        PlansModule,
        SubscriptionsModule,
        CashReceiptsModule,
        WebhooksModule,
        HealthModule,
        TossEndpointModule.forRoot(),
        // The Toss emulator (/sandbox/…): on unless NODE_ENV=production, SANDBOX_ENABLED=false or a live key (src/config/env.ts).
        ...(tossConfig().sandboxEnabled ? [mountSandbox(options.databaseUrl)] : []),
        DemoModule,
      ],
      providers: [
        { provide: APP_PIPE, useFactory: createValidationPipe },
        { provide: APP_FILTER, useClass: AllExceptionsFilter },
      ],
    };
  }
}
