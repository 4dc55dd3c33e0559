import { RequestMethod } from '@nestjs/common';

/** A secret key for a host app that calls its own mounted sandbox (any `test_` key is accepted). */
export const SANDBOX_SECRET_KEY = 'test_sk_builtin_sandbox';

/** The sandbox's paths, for a host app that mounts it beside a global prefix and a shutdown drain. */
export const SANDBOX_ROUTES = {
  /** Toss's API (/v1) and the test controls (/test): TOSS_API_BASE_URL is an origin + this. */
  tossApi: '/sandbox/toss',
  /** Routes to leave out of the host's global prefix: they answer where Toss's and the window's do. */
  prefixExclusions: [
    { path: 'sandbox/checkout', method: RequestMethod.GET },
    { path: 'sandbox/checkout/{*path}', method: RequestMethod.GET },
    { path: 'sandbox/sdk.js', method: RequestMethod.GET },
    { path: 'sandbox/toss/{*path}', method: RequestMethod.ALL },
  ] as { path: string; method: RequestMethod }[],
};
