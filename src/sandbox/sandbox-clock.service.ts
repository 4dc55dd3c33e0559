import { Injectable } from '@nestjs/common';
import { SandboxSettingsRepository } from './sandbox-support.repository';

const CLOCK_KEY = 'clock_offset_ms';

/**
 * The emulated Toss's "now": real time plus an offset tests can set (POST /sandbox/toss/test/clock),
 * kept in the database so that every instance on it agrees. Drives the 10-minute confirm window.
 */
@Injectable()
export class SandboxClock {
  constructor(private readonly settings: SandboxSettingsRepository) {}

  async offsetMs(): Promise<number> {
    const value = await this.settings.get(CLOCK_KEY);
    return typeof value === 'number' ? value : 0;
  }

  async now(): Promise<Date> {
    return new Date(Date.now() + (await this.offsetMs()));
  }

  async setOffset(offsetMs: number): Promise<void> {
    if (offsetMs === 0) await this.settings.remove(CLOCK_KEY);
    else await this.settings.set(CLOCK_KEY, offsetMs);
  }
}
