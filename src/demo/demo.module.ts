import { Module } from '@nestjs/common';
import { DemoController } from './demo.controller';

/** The demo checkout at /demo; the payment window it opens is the sandbox's where that is mounted. */
@Module({ controllers: [DemoController] })
export class DemoModule {}
