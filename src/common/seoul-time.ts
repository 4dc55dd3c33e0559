/**
 * Korea has kept UTC+09:00 all year since 1988 (no daylight saving), so Seoul's wall clock is a
 * fixed offset for any date we handle; this avoids depending on the runtime's time-zone data.
 */
export const SEOUL_OFFSET_MS = 9 * 3_600_000;

/** An instant's date on Korea's calendar, `yyyy-MM-dd` (billing periods, Toss's requestDate). */
export function seoulDate(instant: Date): string {
  return new Date(instant.getTime() + SEOUL_OFFSET_MS).toISOString().slice(0, 10);
}
