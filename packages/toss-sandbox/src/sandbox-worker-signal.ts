import { Injectable } from '@nestjs/common';

/** Lets a committed status change wake the webhook worker now instead of at its next poll. */
@Injectable()
export class SandboxWorkerSignal {
  private listener?: () => void;

  listen(listener: () => void): void {
    this.listener = listener;
  }

  kick(): void {
    this.listener?.();
  }
}
