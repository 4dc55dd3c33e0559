import { ClsPluginTransactional } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { DynamicModule, Module, Type } from '@nestjs/common';
import { TypeOrmModule, getDataSourceToken } from '@nestjs/typeorm';
import { ClsModule } from 'nestjs-cls';
import { SandboxCheckoutController } from './checkout.controller';
import {
  openSandboxDataSource,
  SANDBOX_CONNECTION,
  sandboxDataSourceOptions,
} from './database/sandbox-data-source';
import { SandboxBillingRepository } from './sandbox-billing.repository';
import { SandboxBillingService } from './sandbox-billing.service';
import { SandboxCallsRepository } from './sandbox-calls.repository';
import { SandboxCashReceiptsRepository } from './sandbox-cash-receipts.repository';
import { SandboxCashReceiptsService } from './sandbox-cash-receipts.service';
import { SandboxClock } from './sandbox-clock.service';
import { SandboxConnections } from './sandbox-connections';
import { SANDBOX_OPTIONS, SandboxOptions } from './sandbox-options';
import { SandboxPaymentsRepository } from './sandbox-payments.repository';
import { SandboxPaymentsService } from './sandbox-payments.service';
import { SandboxRouteErrors } from './sandbox-route-errors';
import {
  SandboxFaultsRepository,
  SandboxIdempotencyRepository,
  SandboxRequestsRepository,
  SandboxSettingsRepository,
} from './sandbox-support.repository';
import { SandboxTestController } from './sandbox-test.controller';
import { SandboxTestService } from './sandbox-test.service';
import { SandboxWebhooksRepository } from './sandbox-webhooks.repository';
import { SandboxWorker } from './sandbox-worker';
import { SandboxWorkerSignal } from './sandbox-worker-signal';
import { TossApiController } from './toss-api.controller';
import { TossCallRunner } from './toss-call.runner';

/** Every route the sandbox serves, for a host app that marks them (public, no API prefix). */
export const SANDBOX_CONTROLLERS: Type[] = [
  TossApiController,
  SandboxTestController,
  SandboxCheckoutController,
];

/**
 * The Toss Payments emulator: Toss's API under /sandbox/toss/v1, test controls under
 * /sandbox/toss/test, the stand-in payment and billing-auth windows (/sandbox/checkout,
 * /sandbox/checkout/billing) and SDK (/sandbox/sdk.js),
 * webhooks from a background worker. Its state is in its own schema (toss_sandbox) through its own
 * DataSource and CLS transaction host, both named SANDBOX_CONNECTION; the host app provides only
 * ClsModule.forRoot.
 */
@Module({})
export class SandboxModule {
  static register(options: SandboxOptions): DynamicModule {
    return {
      module: SandboxModule,
      imports: [
        TypeOrmModule.forRootAsync({
          name: SANDBOX_CONNECTION,
          useFactory: () => ({
            ...sandboxDataSourceOptions({
              url: options.databaseUrl,
              poolSize: options.poolSize,
              preparedStatements: options.preparedStatements,
              synchronousCommit: options.synchronousCommit,
            }),
            retryAttempts: 0,
          }),
          dataSourceFactory: (dataSourceOptions) => {
            if (!dataSourceOptions) throw new Error('the sandbox has no DataSource options');
            return openSandboxDataSource(dataSourceOptions);
          },
        }),
        ClsModule.registerPlugins([
          new ClsPluginTransactional({
            connectionName: SANDBOX_CONNECTION,
            imports: [TypeOrmModule],
            adapter: new TransactionalAdapterTypeOrm({
              dataSourceToken: getDataSourceToken(SANDBOX_CONNECTION),
            }),
          }),
        ]),
      ],
      controllers: SANDBOX_CONTROLLERS,
      providers: [
        { provide: SANDBOX_OPTIONS, useValue: options },
        SandboxPaymentsRepository,
        SandboxBillingRepository,
        SandboxCashReceiptsRepository,
        SandboxCallsRepository,
        SandboxWebhooksRepository,
        SandboxIdempotencyRepository,
        SandboxFaultsRepository,
        SandboxRequestsRepository,
        SandboxSettingsRepository,
        SandboxClock,
        SandboxConnections,
        SandboxWorkerSignal,
        SandboxPaymentsService,
        SandboxBillingService,
        SandboxCashReceiptsService,
        SandboxTestService,
        TossCallRunner,
        SandboxWorker,
        SandboxRouteErrors,
      ],
    };
  }
}
