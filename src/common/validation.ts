import {
  ArgumentMetadata,
  ValidationError as ClassValidatorError,
  INestApplication,
  ValidationPipe,
  ValidationPipeOptions,
} from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ValidationError } from './errors';
import { toErrorBody } from './filters/all-exceptions.filter';
import { FieldProblem, illFormedBodyFields, queryProblems } from './well-formed-text';

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

const IGNORES_UNKNOWN_FIELDS = Symbol('ignoresUnknownFields');

/**
 * For input we do not write ourselves (the query string Toss's window sends the browser back with,
 * where the merchant's successUrl may carry its own parameters): unknown fields are dropped rather
 * than refused. The declared ones are validated as strictly as anywhere.
 */
export function IgnoresUnknownFields(): ClassDecorator {
  return (target) => {
    Reflect.defineMetadata(IGNORES_UNKNOWN_FIELDS, true, target);
  };
}

/** The global pipe: a body must be a JSON object of sane depth before class-validator sees it. */
class ContractValidationPipe extends ValidationPipe {
  private readonly lenient: ValidationPipe;

  constructor(options: ValidationPipeOptions) {
    super(options);
    this.lenient = new ValidationPipe({ ...options, forbidNonWhitelisted: false });
  }

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
    if (metadata.metatype && Reflect.getMetadata(IGNORES_UNKNOWN_FIELDS, metadata.metatype)) {
      return this.lenient.transform(value, metadata);
    }
    return super.transform(value, metadata);
  }
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
    exceptionFactory: (errors) => invalid(flatten(errors)),
  });
}

function invalid(details: FieldProblem[]): ValidationError {
  const summary = details.map((d) => `${d.field}: ${d.problems.join(', ')}`).join('; ');
  return new ValidationError(details, summary || 'The request is not valid.');
}

/**
 * The text rule (well-formed-text.ts), decided once at the edge for every route of the JSON API:
 * each query parameter given once as well-formed text, and every string and key of a JSON body
 * well-formed, or 400 VALIDATION_ERROR naming the field. It runs before guards, pipes and handlers,
 * so no validator, service or database ever sees such text. Path ids are checked by their own
 * pattern (IdParam), which answers their 404. The sandbox (/sandbox/toss) answers as Toss does.
 */
export function installTextRules(app: INestApplication, routePrefix: string): void {
  const fastify = (app as NestFastifyApplication).getHttpAdapter().getInstance();
  fastify.addHook('preValidation', (request, reply, done) => {
    if (!request.routeOptions.url?.startsWith(routePrefix)) return done();
    const details = [
      ...queryProblems(request.query as Record<string, unknown>),
      ...illFormedBodyFields(request.body),
    ];
    if (details.length === 0) return done();
    const body = toErrorBody(invalid(details))!;
    void reply.code(body.statusCode).send(body);
  });
}
