// Area: what a teacher relies on — the read-out beside the run bar shows the run's own numbers, the heatmap's colours come from one fixed scale (the same value is the same colour in different runs; relative mode), Space does play/pause whatever was clicked last, and on a phone the settings open from the run bar with touch targets of at least 44 px.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  VIEWPORTS,
  assertClean,
  blurAll,
  exportRun,
  heatmapColours,
  nextFrames,
  session,
  setControls,
  useSmallRun,
  waitForEpoch,
  waitForPlayState,
  waitForReady,
  stepEpochs,
} from './helpers.mjs';

/** The read-out's value for `id` as text. */
const readout = (page, id) => page.locator(`#${id}`).textContent();

/** Parse "0.6931", "1.234e-7", "51.2%", "−6.6 orders" into a number. */
const number = (text) => Number(text.replace('\u2212', '-').match(/[-+]?\d+(\.\d+)?(e[-+]?\d+)?/)[0]);


/** The canvas pixel [r, g, b] of the heatmap's cell of `layer` in the middle column. */
const heatmapPixel = async (page, layer) => (await heatmapColours(page, layer))[0];

const luminance = ([r, g, b]) => (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;

describe('numbers and scale on the page (desktop)', () => {
  let s, page, errors;
  before(async () => {
    s = await session();
    ({ page, errors } = await s.open({ viewport: VIEWPORTS.desktop }));
    await waitForReady(page, errors);
  });
  after(() => s?.close());

  test('the read-out shows the newest epoch of the run, as the export has it', async () => {
    await useSmallRun(page, { depth: 4 });
    await stepEpochs(page, 3);
    await nextFrames(page, 3);
    const run = await exportRun(page);
    const m = run.epochs.at(-1);
    assert.equal(m.epoch, 3);
    const close = (text, want, what) =>
      assert.ok(Math.abs(number(text) - want) <= 1e-3 * Math.abs(want) + 1e-4, `${what}: shows ${text}, run has ${want}`);
    close(await readout(page, 'ro-train-loss'), m.train_loss, 'train loss');
    close(await readout(page, 'ro-test-loss'), m.test_loss, 'test loss');
    close(await readout(page, 'ro-accuracy'), 100 * m.test_accuracy, 'test accuracy');
    const orders = Math.log10(m.grad_norm[0] / m.grad_norm.at(-1));
    const shown = number(await readout(page, 'ro-ratio'));
    assert.ok(Math.abs(shown - orders) <= 0.051, `ratio shows ${shown}, run has ${orders}`);
    // Regression: the accuracy item becomes the fit error (root of the test MSE).
    await setControls(page, { data: 'sine' });
    await waitForEpoch(page, '=', 0, 5_000);
    await stepEpochs(page, 1);
    await nextFrames(page, 3);
    assert.equal(await page.locator('#ro-accuracy-label').textContent(), 'Test RMSE');
    const sine = (await exportRun(page)).epochs.at(-1);
    close(await readout(page, 'ro-accuracy'), Math.sqrt(sine.test_loss), 'test RMSE');
    await setControls(page, { data: 'spiral' });
    await waitForEpoch(page, '=', 0, 5_000);
    await assertClean(page, errors);
  });

  test('the heatmap uses one colour scale: the output row relative to itself is one colour in any run', async () => {
    // Absolute: in the deep sigmoid network layer 1 is much darker than the output layer.
    await setControls(page, { width: '16', depth: '10' });
    await waitForEpoch(page, '=', 0, 5_000);
    await nextFrames(page, 3);
    const first = await heatmapPixel(page, 'layer 1,');
    const out = await heatmapPixel(page, 'output layer');
    assert.ok(luminance(first) + 0.1 < luminance(out), `layer 1 ${first} vs output ${out}`);
    // Relative to the output layer: the output row is exactly 1 in every run, so it has
    // the same colour in the sigmoid run and in a ReLU run.
    await page.check('#heatmap-relative');
    await nextFrames(page, 3);
    const sigmoidOut = await heatmapPixel(page, 'output layer');
    await setControls(page, { act: 'relu' });
    await waitForEpoch(page, '=', 0, 5_000);
    await nextFrames(page, 3);
    const reluOut = await heatmapPixel(page, 'output layer');
    assert.deepEqual(reluOut, sigmoidOut, 'the value 1 has two colours');
    const tip = await page.locator('#heatmap-tip').textContent();
    assert.match(tip, /the output layer's/, tip);
    await page.uncheck('#heatmap-relative');
    await setControls(page, { act: 'sigmoid' });
    await waitForEpoch(page, '=', 0, 5_000);
    await assertClean(page, errors);
  });

  test('Space plays and pauses after Step, Reset or a checkbox was clicked', async () => {
    await useSmallRun(page);
    for (const clicked of ['#step', '#reset', '#loss-log']) {
      await page.click(clicked);
      await waitForPlayState(page, false);
      await page.keyboard.press('Space');
      await waitForPlayState(page, true);
      await page.keyboard.press('Space');
      await waitForPlayState(page, false);
    }
    await page.uncheck('#loss-log');
    await blurAll(page);
    await assertClean(page, errors);
  });
});

describe('phone: settings from the run bar, touch targets', () => {
  let s, page, errors;
  before(async () => {
    s = await session();
    ({ page, errors } = await s.open({ viewport: VIEWPORTS.phone, mobile: true }));
    await waitForReady(page, errors);
  });
  after(() => s?.close());

  test('the settings open from the first screen, in front of the charts, and close again', async () => {
    const viewport = page.viewportSize();
    const toggle = page.locator('#settings-toggle');
    const box = await toggle.boundingBox();
    assert.ok(box && box.y + box.height <= viewport.height, `Settings button at ${JSON.stringify(box)}`);
    await toggle.click();
    assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
    // The first settings are on screen without scrolling; the rest scroll inside the
    // sheet, not the page.
    for (const sel of ['#data', '#noise', '#depth']) {
      const b = await page.locator(sel).boundingBox();
      assert.ok(b && b.y >= 0 && b.y + b.height <= viewport.height, `${sel} at ${JSON.stringify(b)}`);
    }
    const scrollY = await page.evaluate(() => window.scrollY);
    await page.locator('#act').scrollIntoViewIfNeeded();
    assert.equal(await page.evaluate(() => window.scrollY), scrollY, 'the page scrolled behind the sheet');
    // A change made in the sheet reaches the run.
    await page.selectOption('#act', 'tanh');
    await waitForEpoch(page, '=', 0, 5_000);
    assert.match((await exportRun(page)).query, /act=tanh/);
    await page.click('#settings-close');
    assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
    const b = await page.locator('#data').boundingBox();
    assert.ok(!b || b.y > viewport.height, 'the sheet did not close');
    // Escape closes it too.
    await toggle.click();
    await page.keyboard.press('Escape');
    assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
    await assertClean(page, errors);
  });

  test('every control a finger hits is at least 44 px tall', async () => {
    if ((await page.locator('#settings-toggle').getAttribute('aria-expanded')) !== 'true') {
      await page.locator('#settings-toggle').click();
    }
    const small = await page.evaluate(() => {
      const targets = [
        ...document.querySelectorAll('button, select, input[type=range], input[type=number], summary'),
        // A checkbox's target is its label.
        ...[...document.querySelectorAll('input[type=checkbox]')].map((c) => c.closest('label')),
      ];
      return targets
        .filter((el) => el && el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden')
        .map((el) => ({ what: el.id || el.getAttribute('for') || el.textContent.trim().slice(0, 30), h: el.getBoundingClientRect().height }))
        .filter((t) => t.h < 44);
    });
    assert.deepEqual(small, [], 'touch targets under 44 px');
    // Tapping a checkbox's label toggles it.
    const before = await page.locator('#bn').isChecked();
    await page.locator('label[for="bn"]').click();
    assert.equal(await page.locator('#bn').isChecked(), !before);
    await page.locator('label[for="bn"]').click();
    await page.click('#settings-close');
    await assertClean(page, errors);
  });
});
