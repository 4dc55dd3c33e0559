/** One of Toss's amount fields as whole won, or null when Toss left it out or sent something else. */
export function tossAmount(value: unknown): number | null {
  return typeof value === 'number' && Number.isSafeInteger(value) ? value : null;
}
