import { DynamicModule, Module } from '@nestjs/common';
import { tossConfig } from '../config/app.config';
import { DemoController } from './demo.controller';
import { SandboxCheckoutController } from './sandbox-checkout.controller';

/** The demo checkout at /demo and, where the sandbox runs, its stand-in payment window and SDK. */
@Module({})
export class DemoModule {
  static forRoot(): DynamicModule {
    // Decided when the app is built: the window exists only where the sandbox does (tossConfig.sandboxEnabled).
    const { sandboxEnabled } = tossConfig();
    return {
      module: DemoModule,
      controllers: sandboxEnabled ? [DemoController, SandboxCheckoutController] : [DemoController],
    };
  }
}
