import { Injectable, Logger } from '@nestjs/common';

/** A refund Toss has made (our refund row is DONE with Toss's cancel). */
export interface RefundDone {
  refundId: string;
  paymentKey: string;
  orderId: string;
  /** What Toss canceled, in KRW. */
  amount: number;
  /** Its tax-free part, in KRW. */
  taxFreeAmount: number;
}

/**
 * Work that must follow a refund (cancelling part of a cash receipt at Toss, for one). `recorded`
 * runs inside the transaction that marks the refund DONE, under the order's row lock, so what must
 * follow is written together with the refund (never lost between two writes); `settle` runs after
 * that transaction, with none open, and may call Toss. Settling is retried by the follower's own
 * sweeper when it fails here, so its errors are logged, never thrown at the refund's caller.
 */
export interface RefundFollower {
  name: string;
  recorded(refund: RefundDone): Promise<void>;
  settle(refund: RefundDone): Promise<void>;
}

/** The followers of refunds, registered by the modules that own them (payments imports none of them). */
@Injectable()
export class RefundFollowers {
  private readonly logger = new Logger(RefundFollowers.name);
  private readonly followers: RefundFollower[] = [];

  register(follower: RefundFollower): () => void {
    this.followers.push(follower);
    return () => {
      const at = this.followers.indexOf(follower);
      if (at >= 0) this.followers.splice(at, 1);
    };
  }

  /** Inside the refund's DONE transaction: an error rolls the refund's recording back too. */
  async recorded(refund: RefundDone): Promise<void> {
    for (const follower of this.followers) await follower.recorded(refund);
  }

  /** After the refund's transaction: failures are left to each follower's sweeper. */
  async settle(refund: RefundDone): Promise<void> {
    for (const follower of this.followers) {
      try {
        await follower.settle(refund);
      } catch (error) {
        this.logger.warn(
          `refund ${refund.refundId}: ${follower.name} did not settle now (${error instanceof Error ? error.message : String(error)}); its sweeper retries`,
        );
      }
    }
  }
}
