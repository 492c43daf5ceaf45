// Area: Lighthouse — its accessibility category scores 100 on the built page and on the
// article (learn.html) with the desktop and the mobile preset (Lighthouse 12.2.3 run from Node on this file's
// Chromium, through its debugging port). About 15 s per preset on an idle 2-core machine,
// 35 to 55 s while other builds load it; `node scripts/lighthouse.mjs` runs the same alone.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { session } from './helpers.mjs';
import { debuggingPort, lighthouseAccessibility } from './checkers.mjs';

describe('lighthouse', () => {
  let s, port;
  before(async () => {
    const debugging = await debuggingPort();
    port = debugging.port;
    s = await session({ browserArgs: debugging.args });
  });
  after(() => s?.close());

  for (const [page, path] of [
    ['playground', ''],
    ['article', 'learn.html'],
  ]) {
    for (const preset of ['desktop', 'mobile']) {
      test(`the ${page}'s accessibility score is 100 with the ${preset} preset`, async (t) => {
        const start = Date.now();
        const { score, failed, runtimeError } = await lighthouseAccessibility(`${s.url}${path}`, port, preset);
        t.diagnostic(`lighthouse ${page} ${preset}: ${score} in ${((Date.now() - start) / 1000).toFixed(1)} s`);
        assert.equal(runtimeError, undefined, runtimeError);
        assert.deepEqual(failed, [], failed.join('\n'));
        assert.equal(score, 100);
      });
    }
  }
});
