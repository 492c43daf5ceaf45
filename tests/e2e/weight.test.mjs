// Area: the page's weight — what a visit downloads from dist/, gzip-compressed as a
// static host serves it, stays within the budget of docs/performance.md (280 KB: 250 until the charts were
// made readable without sight, 265 until the Network panel; each cost more than any cut
// elsewhere could win back; docs/performance.md, "The budget", lists what was measured).
// Sizes are exact, not timed, so this is a test and not a benchmark. The usual way to
// break it is a Rust float being formatted or parsed in the page's code, which adds
// the standard library's float printer or parser to the module (about 25 KB gzip).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DIST } from './helpers.mjs';
import { weigh } from '../../scripts/page-weight.mjs';

const BUDGET_KB = 280;

test(`a visit downloads at most ${BUDGET_KB} KB gzip`, () => {
  const { files, gzip } = weigh(DIST);
  const kb = gzip / 1024;
  const list = files.map((f) => `${f.name} ${(f.gzip / 1024).toFixed(1)} KB${f.onDemand ? ' (on demand)' : ''}`).join(', ');
  assert.ok(kb <= BUDGET_KB, `${kb.toFixed(1)} KB gzip: ${list}`);
  // The digits set is fetched only by a run of `digits`, never by a visit; the article's
  // files only by a visit to the article.
  assert.ok(files.some((f) => f.name === 'digits.bin' && f.onDemand), list);
  assert.deepEqual(files.filter((f) => f.article).map((f) => f.name), ['learn.css', 'learn.html', 'learn.js'], list);
});
