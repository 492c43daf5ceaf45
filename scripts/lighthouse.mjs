// Lighthouse's accessibility category on the built page (dist/), with its desktop and
// mobile presets, in Debian's Chromium started with the browser tests' flags: prints each
// score and the audits that failed, and exits non-zero unless both scores are 100.
// The browser suite runs the same (tests/e2e/lighthouse.test.mjs); this runs it alone,
// after `make build`:
//
//   node scripts/lighthouse.mjs

import { debuggingPort, lighthouseAccessibility } from '../tests/e2e/checkers.mjs';
import { launchBrowser, startStaticServer } from '../tests/e2e/helpers.mjs';

const server = await startStaticServer();
const { args, port } = await debuggingPort();
const browser = await launchBrowser(args);
let failed = false;
try {
  for (const preset of ['desktop', 'mobile']) {
    const start = Date.now();
    const { score, failed: audits, runtimeError } = await lighthouseAccessibility(server.url, port, preset);
    const seconds = ((Date.now() - start) / 1000).toFixed(1);
    console.log(`lighthouse ${preset}: accessibility ${score} (${seconds} s)${audits.length ? `; failed: ${audits.join('; ')}` : ''}`);
    if (runtimeError) console.log(`lighthouse ${preset}: ${runtimeError}`);
    failed ||= score !== 100 || Boolean(runtimeError);
  }
} finally {
  await browser.close();
  await server.close();
}
process.exit(failed ? 1 : 0);
