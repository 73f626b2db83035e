import { validateOrReject, type ValidationError, type ValidatorOptions } from 'class-validator';
import { ArgumentValidationError, type ValidatorFn } from 'type-graphql';

/** As type-graphql's `validate` option sets class-validator: bounds declared on inputs, missing (optional) properties skipped. */
const OPTIONS: ValidatorOptions = { skipMissingProperties: true, forbidUnknownValues: false };

const isInput = (value: unknown): value is object => value !== null && typeof value === 'object';

/**
 * Checks the bounds declared on an input argument (list sizes, string lengths, ranges) with
 * class-validator, as type-graphql's own `validate` does, with the library loaded once: type-graphql's
 * loads it with a require() for every argument it checks, a file-system lookup of four
 * package.json files per request on the executed path.
 */
export const validateArgument: ValidatorFn = (value) => checkInput(value);

/** What validateArgument checks, for arguments coerced outside type-graphql (made instances of their classes). */
export async function checkInput(value: unknown): Promise<void> {
  if (!isInput(value)) return;
  try {
    if (Array.isArray(value)) await Promise.all(value.filter(isInput).map((item) => validateOrReject(item, OPTIONS)));
    else await validateOrReject(value, OPTIONS);
  } catch (errors) {
    throw new ArgumentValidationError(errors as ValidationError[]);
  }
}

/** For an argument whose items are checked one by one by its resolver (so that one bad item does not refuse the rest). */
export const noArgumentValidation: ValidatorFn = () => undefined;
