/**
 * The one rule for text arriving from outside: well-formed Unicode (no lone surrogate, which JSON's
 * `\ud800` escape or a truncated emoji makes) and no NUL. PostgreSQL stores neither (text refuses
 * NUL; jsonb refuses both; a lone surrogate in text silently becomes U+FFFD), and validators such
 * as isEmail throw on a lone surrogate. ES2024's String#isWellFormed is not in our lib target.
 */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export function isWellFormedText(value: string): boolean {
  return !value.includes('\u0000') && !LONE_SURROGATE.test(value);
}

export const WELL_FORMED_PROBLEM = 'must be well-formed Unicode text without NUL characters';

export interface FieldProblem {
  field: string;
  problems: string[];
}

/** Enough to name what is wrong; a body full of bad strings is refused just the same. */
const MAX_PROBLEMS = 20;

/**
 * Every string and every key in a parsed JSON body that breaks the rule, named by its path
 * (`items.0.productId`, as class-validator names nested fields). Iterative: a 100 kB body can nest
 * tens of thousands of levels, which the depth check refuses only later.
 */
export function illFormedBodyFields(body: unknown): FieldProblem[] {
  const found: FieldProblem[] = [];
  const pending: [unknown, string][] = [[body, '']];
  for (let next = 0; next < pending.length && found.length < MAX_PROBLEMS; next++) {
    const [node, path] = pending[next];
    if (typeof node === 'string') {
      if (!isWellFormedText(node))
        found.push({
          field: path || 'body',
          problems: [`${path || 'body'} ${WELL_FORMED_PROBLEM}`],
        });
      continue;
    }
    if (node === null || typeof node !== 'object') continue;
    for (const [key, child] of Object.entries(node)) {
      if (!isWellFormedText(key)) {
        const owner = path || 'body';
        found.push({ field: owner, problems: [`field names in ${owner} ${WELL_FORMED_PROBLEM}`] });
        continue;
      }
      pending.push([child, path ? `${path}.${key}` : key]);
    }
  }
  return found;
}

/**
 * A query string's parameters, each of which must be given exactly once as well-formed text:
 * `paymentKey=x&paymentKey=y` arrives as an array and would otherwise travel on as one.
 */
export function queryProblems(query: Record<string, unknown>): FieldProblem[] {
  const found: FieldProblem[] = [];
  for (const [name, value] of Object.entries(query)) {
    if (found.length >= MAX_PROBLEMS) break;
    if (!isWellFormedText(name)) {
      found.push({ field: 'query', problems: [`query parameter names ${WELL_FORMED_PROBLEM}`] });
    } else if (Array.isArray(value)) {
      found.push({ field: name, problems: [`${name} must be given once`] });
    } else if (typeof value !== 'string') {
      found.push({ field: name, problems: [`${name} must be a single string`] });
    } else if (!isWellFormedText(value)) {
      found.push({ field: name, problems: [`${name} ${WELL_FORMED_PROBLEM}`] });
    }
  }
  return found;
}
