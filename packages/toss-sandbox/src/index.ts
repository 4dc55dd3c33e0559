/** What a host app uses to mount the sandbox in its own process, and what tests read back. */
export { SANDBOX_CONTROLLERS, SandboxModule } from './sandbox.module';
export { createSandboxApp, SandboxStandaloneModule } from './sandbox-standalone';
export type { StandaloneSandboxOptions } from './sandbox-standalone';
export type { SandboxOptions } from './sandbox-options';
export { SANDBOX_SCHEMA, SANDBOX_CONNECTION } from './database/sandbox-data-source';
export type { ReadBack } from './sandbox-test.service';
export { SANDBOX_ROUTES, SANDBOX_SECRET_KEY } from './mount';
export { buildSandboxDocument, SANDBOX_DOCS, setupSandboxDocs } from './sandbox-docs';
