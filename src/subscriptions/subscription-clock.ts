import { Injectable } from '@nestjs/common';

/**
 * "Now" for subscriptions: every period, due date and retry is decided against it. One seam, so
 * tests can move subscriptions through months in step with the sandbox's clock.
 */
@Injectable()
export class SubscriptionClock {
  now(): Date {
    return new Date();
  }
}
