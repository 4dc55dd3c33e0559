import { DynamicModule, Module } from '@nestjs/common';
import { SandboxCallsRepository } from './sandbox-calls.repository';
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

/**
 * The Toss Payments emulator: Toss's API under /sandbox/toss/v1, test controls under
 * /sandbox/toss/test, state in the sandbox_* tables, webhooks from a background worker.
 * Needs ConfigModule (tossConfig), TypeORM and the CLS transactional plugin from the host app.
 */
@Module({})
export class SandboxModule {
  static register(options: SandboxOptions = {}): DynamicModule {
    return {
      module: SandboxModule,
      controllers: [TossApiController, SandboxTestController],
      providers: [
        { provide: SANDBOX_OPTIONS, useValue: options },
        SandboxPaymentsRepository,
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
        SandboxTestService,
        TossCallRunner,
        SandboxWorker,
        SandboxRouteErrors,
      ],
    };
  }
}
