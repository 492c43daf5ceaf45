// Area: the training loop and its controls — Play/Pause, the epoch counter,
// the two charts, and rebuilding the run when the architecture changes.
// The steps run in order on one page, as a person would use it.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  VIEWPORTS,
  canvasInk,
  describeErrors,
  nextFrames,
  readEpoch,
  screenshot,
  session,
  setInputValue,
  waitForEpoch,
  waitForPlayState,
  waitForReady,
} from './helpers.mjs';

describe('training controls', () => {
  let s;
  let page;
  let errors;

  before(async () => {
    s = await session();
    ({ page, errors } = await s.open({ viewport: VIEWPORTS.desktop }));
  });
  after(async () => {
    await s?.close();
  });

  const assertNoErrors = () => assert.equal(describeErrors(errors), '', 'errors seen on the page');
  const assertBannerHidden = async () => {
    assert.equal(await page.locator('#error-banner').count(), 1, '#error-banner missing');
    assert.ok(await page.locator('#error-banner').isHidden(), '#error-banner is visible');
  };

  test('the page starts the wasm and shows the controls', async () => {
    await waitForReady(page, errors);
    for (const sel of ['#play', '#reset', '#depth', '#act', '#epoch', '#status', '#chart-loss', '#chart-heatmap']) {
      assert.equal(await page.locator(sel).count(), 1, `${sel} missing`);
    }
    await waitForPlayState(page, false);
    assert.equal(await page.locator('#depth').getAttribute('type'), 'range');
    assert.equal(await page.locator('#depth').getAttribute('min'), '1');
    assert.equal(await page.locator('#depth').getAttribute('max'), '20');
    const acts = await page.locator('#act option').evaluateAll((os) => os.map((o) => o.value));
    assert.ok(acts.includes('sigmoid') && acts.includes('relu'), `#act options: ${acts}`);
    await assertBannerHidden();
    assertNoErrors();
  });

  test('Play trains: the epoch count rises and both charts are drawn', async () => {
    await page.click('#play');
    await waitForPlayState(page, true);
    await waitForEpoch(page, '>', 20, 60_000);
    for (const sel of ['#chart-loss', '#chart-heatmap']) {
      const ink = await canvasInk(page, sel);
      assert.equal(ink.error, undefined, ink.error);
      assert.ok(
        ink.fraction > 0.01,
        `${sel} (${ink.width}x${ink.height}) has only ${(ink.fraction * 100).toFixed(2)}% non-background pixels`,
      );
    }
    await screenshot(page, 'desktop-1280x900-training');
    await assertBannerHidden();
    assertNoErrors();
  });

  test('Pause stops training: the epoch count stays put', async () => {
    await page.click('#play');
    await waitForPlayState(page, false);
    await nextFrames(page); // let a frame already scheduled finish
    const paused = await readEpoch(page);
    await page.waitForTimeout(1000);
    assert.equal(await readEpoch(page), paused, 'epoch changed while paused');
  });

  test('changing depth and activation rebuilds the run (epoch back to 0)', async () => {
    assert.ok((await readEpoch(page)) > 0);
    await setInputValue(page, '#depth', 3);
    await page.selectOption('#act', 'relu');
    assert.equal(await page.locator('#depth').inputValue(), '3');
    assert.equal(await page.locator('#act').inputValue(), 'relu');
    await waitForEpoch(page, '=', 0, 5_000);
    await assertBannerHidden();
    assertNoErrors();
  });
});
