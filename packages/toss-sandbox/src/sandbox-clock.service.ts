import { Injectable } from '@nestjs/common';
import { CLOCK_OFFSET_KEY, SandboxSettingsRepository } from './sandbox-support.repository';

/** The sandbox time for an offset read from the database. */
export function clockAt(offsetMs: number): Date {
  return new Date(Date.now() + offsetMs);
}

/**
 * The emulated Toss's "now": real time plus an offset tests can set (POST /sandbox/toss/test/clock),
 * kept in the database so that every instance on it agrees. Drives the 10-minute confirm window.
 * Hot paths read the offset inside a statement they make anyway (CLOCK_OFFSET_SQL) and pass it on.
 */
@Injectable()
export class SandboxClock {
  private lastOffsetMs = 0;

  constructor(private readonly settings: SandboxSettingsRepository) {}

  async offsetMs(): Promise<number> {
    const value = await this.settings.get(CLOCK_OFFSET_KEY);
    return this.remember(typeof value === 'number' ? value : 0);
  }

  async now(): Promise<Date> {
    return clockAt(await this.offsetMs());
  }

  /** The offset this process saw last: a guess that a statement must check against the stored one. */
  lastSeenOffsetMs(): number {
    return this.lastOffsetMs;
  }

  remember(offsetMs: number): number {
    this.lastOffsetMs = offsetMs;
    return offsetMs;
  }

  async setOffset(offsetMs: number): Promise<void> {
    if (offsetMs === 0) await this.settings.remove(CLOCK_OFFSET_KEY);
    else await this.settings.set(CLOCK_OFFSET_KEY, offsetMs);
    this.remember(offsetMs);
  }
}
