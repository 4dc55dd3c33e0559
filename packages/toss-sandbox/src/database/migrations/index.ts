import { TossSandboxInit1795800000100 } from './1795800000100-TossSandboxInit';
import { TossSandboxBilling1795800000200 } from './1795800000200-TossSandboxBilling';
import { TossSandboxCashReceipts1795800000300 } from './1795800000300-TossSandboxCashReceipts';

/** The sandbox's own chain, applied by the sandbox when it starts (its table: toss_sandbox.migrations). */
export const SANDBOX_MIGRATIONS = [
  TossSandboxInit1795800000100,
  TossSandboxBilling1795800000200,
  TossSandboxCashReceipts1795800000300,
];
