import { Param, PipeTransform } from '@nestjs/common';
import { DomainError } from '../common/errors';
import { isUuid } from '../common/ids';

class CardIdPipe implements PipeTransform<unknown, string> {
  transform(value: unknown): string {
    // As every path id (src/common/id-param.ts): a malformed one names nothing, so it is not there.
    if (typeof value !== 'string' || !isUuid(value)) {
      throw new DomainError('CARD_NOT_FOUND', 'There is no such card.');
    }
    return value;
  }
}

/** A card id in the path: a UUID, else 404 CARD_NOT_FOUND. */
export function CardIdParam(name: string): ParameterDecorator {
  return Param(name, new CardIdPipe());
}
