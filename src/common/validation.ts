import {
  ArgumentMetadata,
  ValidationError as ClassValidatorError,
  ValidationPipe,
} from '@nestjs/common';
import { ValidationError } from './errors';

/** Far deeper than any body this API takes; class-transformer recurses and overflows the stack near 2000. */
const MAX_BODY_DEPTH = 32;

function nestedDeeperThan(value: unknown, max: number): boolean {
  const pending: [unknown, number][] = [[value, 0]];
  while (pending.length > 0) {
    const [node, depth] = pending.pop()!;
    if (node === null || typeof node !== 'object') continue;
    if (depth >= max) return true;
    for (const child of Object.values(node)) pending.push([child, depth + 1]);
  }
  return false;
}

/** The global pipe: a body must be a JSON object of sane depth before class-validator sees it. */
class ContractValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' && metadata.metatype !== undefined) {
      // ValidationPipe would read a JSON null as {} (an empty PATCH would then succeed).
      if (value === null) {
        throw new ValidationError(
          [{ field: 'body', problems: ['body must be a JSON object'] }],
          'The request body must be a JSON object.',
        );
      }
      if (nestedDeeperThan(value, MAX_BODY_DEPTH)) {
        throw new ValidationError(
          [
            {
              field: 'body',
              problems: [`body must not nest deeper than ${MAX_BODY_DEPTH} levels`],
            },
          ],
          'The request body is nested too deeply.',
        );
      }
    }
    return super.transform(value, metadata);
  }
}

interface FieldProblem {
  field: string;
  problems: string[];
}

function flatten(errors: ClassValidatorError[], prefix = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, problems: Object.values(error.constraints) }] : [];
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

export function createValidationPipe(): ValidationPipe {
  return new ContractValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => {
      const details = flatten(errors);
      const summary = details.map((d) => `${d.field}: ${d.problems.join(', ')}`).join('; ');
      return new ValidationError(details, summary || 'The request is not valid.');
    },
  });
}
