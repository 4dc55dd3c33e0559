import { buildMessage, ValidateBy, ValidationOptions } from 'class-validator';

/** PostgreSQL text cannot hold U+0000: refuse it as a 400 here instead of failing in the database. */
export function HasNoNulCharacter(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'hasNoNulCharacter',
      validator: {
        validate: (value: unknown) => typeof value !== 'string' || !value.includes('\u0000'),
        defaultMessage: buildMessage(
          (each) => `${each}$property must not contain NUL characters`,
          options,
        ),
      },
    },
    options,
  );
}
