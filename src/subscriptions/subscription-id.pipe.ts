import { Param, PipeTransform } from '@nestjs/common';
import { DomainError } from '../common/errors';
import { isUuid } from '../common/ids';

export const subscriptionNotFound = () =>
  new DomainError('SUBSCRIPTION_NOT_FOUND', 'There is no such subscription.');

class SubscriptionIdPipe implements PipeTransform<unknown, string> {
  transform(value: unknown): string {
    // As every path id (src/common/id-param.ts): a malformed one names nothing, so it is not there.
    if (typeof value !== 'string' || !isUuid(value)) throw subscriptionNotFound();
    return value;
  }
}

/** A subscription id in the path: a UUID, else 404 SUBSCRIPTION_NOT_FOUND. */
export function SubscriptionIdParam(name: string): ParameterDecorator {
  return Param(name, new SubscriptionIdPipe());
}
