#!/usr/bin/env node
// The compiled server: `npm run build` in this package (the root's build, start and test run it) makes dist/.
require('../dist/main.js').runCli();
