import { Param, PipeTransform } from '@nestjs/common';
import { DomainError, ErrorCode } from './errors';
import { isOrderId, isPaymentKey, isUuid } from './ids';

interface IdKind {
  shape: (value: string) => boolean;
  notFound: ErrorCode;
  message: string;
}

const ID_KINDS = {
  product: { shape: isUuid, notFound: 'PRODUCT_NOT_FOUND', message: 'There is no such product.' },
  order: { shape: isOrderId, notFound: 'ORDER_NOT_FOUND', message: 'There is no such order.' },
  payment: {
    shape: isPaymentKey,
    notFound: 'PAYMENT_NOT_FOUND',
    message: 'There is no such payment.',
  },
  plan: { shape: isUuid, notFound: 'PLAN_NOT_FOUND', message: 'There is no such plan.' },
  subscription: {
    shape: isUuid,
    notFound: 'SUBSCRIPTION_NOT_FOUND',
    message: 'There is no such subscription.',
  },
  card: { shape: isUuid, notFound: 'CARD_NOT_FOUND', message: 'There is no such card.' },
} as const satisfies Record<string, IdKind>;

type IdKindName = keyof typeof ID_KINDS;

/**
 * The 404 of a `kind` that is not there (or is another customer's): the same answer IdParam gives
 * a malformed id, so services throw this rather than spell the code and message again.
 */
export function idNotFound(kind: IdKindName): DomainError {
  const { notFound, message }: IdKind = ID_KINDS[kind];
  return new DomainError(notFound, message);
}

class IdPipe implements PipeTransform<unknown, string> {
  constructor(private readonly kind: IdKindName) {}

  transform(value: unknown): string {
    // The patterns are ASCII: NUL, ill-formed text and over-long ids all end here, as "not there".
    if (typeof value !== 'string' || !ID_KINDS[this.kind].shape(value)) {
      throw idNotFound(this.kind);
    }
    return value;
  }
}

/**
 * A path id, validated as one string of its pattern before any service sees it; anything else
 * names nothing and answers that resource's 404. Every path parameter of the API goes through here.
 */
export function IdParam(name: string, kind: IdKindName): ParameterDecorator {
  return Param(name, new IdPipe(kind));
}
