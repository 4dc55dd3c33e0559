/**
 * Any number of rows as one statement with a fixed text (so it stays one prepared statement): each
 * column goes as one array parameter, and `unnest($n::type[], …)` turns them back into rows.
 */

/** `unnest($first::type0[], $first+1::type1[], …)`, one array parameter per column type. */
export function unnestOf(first: number, types: readonly string[]): string {
  return `unnest(${types.map((type, i) => `$${first + i}::${type}[]`).join(', ')})`;
}

/** The parameters for unnestOf: one array per key, in the keys' order. */
export function columnArrays<T, K extends keyof T>(
  rows: readonly T[],
  keys: readonly K[],
): T[K][][] {
  return keys.map((key) => rows.map((row) => row[key]));
}
