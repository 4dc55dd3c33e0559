import { TossSandboxInit1795800000100 } from './1795800000100-TossSandboxInit';

/** The sandbox's own chain, applied by the sandbox when it starts (its table: toss_sandbox.migrations). */
export const SANDBOX_MIGRATIONS = [TossSandboxInit1795800000100];
