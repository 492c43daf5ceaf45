// Area: the Story followed without sight — a student who cannot see the charts picks
// each Story step with the keyboard (the Story picker and its arrow keys), trains it,
// and reads the accessibility tree: the step's text, the heatmap's summary and the loss
// chart's. The test reads only the tree (Playwright's ariaSnapshot), as a screen reader
// would, and checks what it says against the run's own numbers (`vgp.state()`): the
// problem's gradient is orders of magnitude below the output layer's and the network
// does not learn; each remedy closes the gap and the network learns; the dying ReLU's
// first layer gets no gradient at all; the exploding run diverges.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { VIEWPORTS, assertClean, session, waitForEpoch, waitForReady } from './helpers.mjs';

const EPOCHS = 300;

/** The Story's steps in the picker's order, and what the student must be able to tell. */
const STEPS = [
  ['vanishing', 'problem'],
  ['shallow', 'remedy'],
  ['tanh-glorot', 'remedy'],
  ['relu-he', 'remedy'],
  ['dying-relu', 'dead'],
  ['leaky-relu', 'remedy'],
  ['naive-init', 'problem'],
  ['batch-norm', 'remedy'],
  ['residual', 'remedy'],
  ['exploding', 'diverges'],
  ['clipping', 'remedy'],
];

/** The gap the heatmap's summary states, signed like `ratio_orders` (below is negative). */
function statedGap(summary) {
  const m = summary.match(/is (\d+(?:\.\d+)?) orders? of magnitude (below|above) the output layer's/);
  if (m) return Number(m[1]) * (m[2] === 'below' ? -1 : 1);
  return /within a tenth of an order|about the same as/.test(summary) ? 0 : null;
}

/** The test accuracy the loss chart's summary states, in percent. */
function statedAccuracy(summary) {
  const m = summary.match(/test accuracy (\d+(?:\.\d+)?)%/);
  return m ? Number(m[1]) : null;
}

/** The text of the tree's paragraph that starts with `start` (quotes as the tree writes them). */
function paragraph(tree, start) {
  const line = tree.split('\n').find((l) => l.replace(/^[\s-]*paragraph: "?/, '').startsWith(start));
  return line ? line.replace(/^[\s-]*paragraph: "?/, '').replace(/"$/, '') : null;
}

describe('the Story without sight', () => {
  let s;
  before(async () => {
    s = await session();
  });
  after(() => s?.close());

  test('each step, picked with the keyboard, reads in the accessibility tree as what it shows', async () => {
    const { page, errors, context } = await s.open({ viewport: VIEWPORTS.desktop });
    await waitForReady(page, errors);
    const read = [];
    // The picker takes the focus like any control (Tab; here straight to it), and
    // ArrowDown picks the next step, as a keyboard does on a closed select.
    await page.focus('#preset');
    for (const [id, kind] of STEPS) {
      await page.keyboard.press('ArrowDown');
      assert.equal(await page.inputValue('#preset'), id);
      await page.waitForFunction(() => window.vgp.state().epoch === 0);
      await page.evaluate((n) => window.vgp.train(n), EPOCHS);
      const state = await page.evaluate(() => window.vgp.state());
      const epoch = state.epoch;
      if (kind !== 'diverges') {
        assert.equal(epoch, EPOCHS, `${id}: stopped at ${epoch}`);
      }
      await waitForEpoch(page, '=', epoch, 10_000);
      // The summaries are written at once when the run stops.
      await page.waitForFunction((e) => document.querySelector('#heatmap-summary')?.textContent.startsWith(`At epoch ${e},`), epoch);
      const main = await page.locator('main').ariaSnapshot();
      const story = await page.locator('#story').ariaSnapshot();
      const heatmap = paragraph(main, `At epoch ${epoch}, layer 1's gradient norm`);
      const loss = paragraph(main, 'Training loss');
      assert.ok(heatmap, `${id}: no heatmap summary in the tree`);
      assert.ok(loss, `${id}: no loss summary in the tree`);
      assert.ok(story.length > 80, `${id}: the step's text is not in the tree: ${story}`);
      const gap = statedGap(heatmap);
      const accuracy = statedAccuracy(loss);
      read.push({ id, epoch, gap, accuracy, heatmap });
      if (state.ratio_orders === null) {
        assert.equal(gap, null, `${id}: a gap stated where the run has none: ${heatmap}`);
      } else {
        // The tree's number is the read-out's, to the tenth it is written with.
        assert.ok(Math.abs(gap - state.ratio_orders) <= 0.051, `${id}: "${heatmap}" against ${state.ratio_orders}`);
      }
      assert.ok(Math.abs(accuracy - 100 * state.test_accuracy) <= 0.051, `${id}: "${loss}" against ${state.test_accuracy}`);
      if (kind === 'problem') {
        assert.ok(gap <= -4, `${id}: the problem's gap reads ${gap}: ${heatmap}`);
        assert.ok(accuracy <= 60, `${id}: the problem learned (${accuracy}%)`);
        assert.match(main, /Vanishing gradient/, `${id}: the diagnosis does not name it`);
      } else if (kind === 'remedy') {
        assert.ok(gap !== null && Math.abs(gap) <= 2, `${id}: the remedy's gap reads ${gap}: ${heatmap}`);
        assert.ok(accuracy >= 80, `${id}: the remedy did not learn (${accuracy}%)`);
      } else if (kind === 'dead') {
        assert.match(heatmap, /layer 1's gradient norm is 0 /, `${id}: ${heatmap}`);
      } else {
        assert.ok(epoch < EPOCHS, `${id}: no divergence`);
        assert.match(main, /diverged/i, `${id}: the tree does not say the run diverged`);
      }
    }
    // What the student can say, in numbers: the problem's gap and each remedy's.
    const problem = read.find((r) => r.id === 'vanishing');
    for (const r of read.filter((r) => STEPS.find(([id]) => id === r.id)[1] === 'remedy')) {
      assert.ok(Math.abs(r.gap) < Math.abs(problem.gap) - 2, `${r.id} (${r.gap}) against the problem (${problem.gap})`);
    }
    console.log(read.map((r) => `${r.id}: epoch ${r.epoch}, gap ${r.gap}, accuracy ${r.accuracy}%`).join('\n'));
    await assertClean(page, errors);
    await context.close();
  });
});
