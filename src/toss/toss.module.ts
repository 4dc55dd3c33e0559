import { Global, Module } from '@nestjs/common';
import { TossClient } from './toss.client';

@Global()
@Module({ providers: [TossClient], exports: [TossClient] })
export class TossModule {}
