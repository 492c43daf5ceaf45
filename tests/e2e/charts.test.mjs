// Area: the seven charts — every canvas has drawn pixels after training, the loss chart's log-scale toggle redraws it, the heatmap tooltip on hover, and a diverging run (status says so, charts keep their pixels, no error banner).

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CHARTS,
  VIEWPORTS,
  assertClean,
  canvasInk,
  nextFrames,
  readEpoch,
  session,
  setControls,
  useSmallRun,
  waitForEpoch,
  waitForPlayState,
  waitForReady,
} from './helpers.mjs';

/** Every chart canvas must have more than `min` of its pixels off its background. */
async function assertAllDrawn(page, min = 0.01) {
  for (const sel of CHARTS) {
    const ink = await canvasInk(page, sel);
    assert.equal(ink.error, undefined, ink.error);
    assert.ok(
      ink.fraction > min,
      `${sel} (${ink.width}x${ink.height}) has only ${(ink.fraction * 100).toFixed(2)}% non-background pixels`,
    );
  }
}

/** A cheap fingerprint of a canvas's pixels. */
function canvasHash(page, sel) {
  return page.evaluate((s) => {
    const c = document.querySelector(s);
    const copy = document.createElement('canvas');
    copy.width = c.width;
    copy.height = c.height;
    const ctx = copy.getContext('2d');
    ctx.drawImage(c, 0, 0);
    const px = ctx.getImageData(0, 0, c.width, c.height).data;
    let h = 2166136261;
    for (let i = 0; i < px.length; i++) h = Math.imul(h ^ px[i], 16777619) >>> 0;
    return `${c.width}x${c.height}:${h}`;
  }, sel);
}

describe('charts', () => {
  let s;
  let page;
  let errors;

  before(async () => {
    s = await session();
    ({ page, errors } = await s.open({ viewport: VIEWPORTS.desktop }));
    await waitForReady(page, errors);
  });
  after(async () => {
    await s?.close();
  });

  test('every chart canvas has drawn pixels after training (default network)', async () => {
    for (const sel of CHARTS) assert.equal(await page.locator(sel).count(), 1, `${sel} missing`);
    await page.click('#play');
    await waitForPlayState(page, true);
    await waitForEpoch(page, '>', 15, 30_000);
    await page.click('#play');
    await waitForPlayState(page, false);
    await nextFrames(page);
    await assertAllDrawn(page);
    await assertClean(page, errors);
  });

  test('the log-scale checkbox redraws the loss chart', async () => {
    const before = await canvasHash(page, '#chart-loss');
    await page.check('#loss-log');
    await nextFrames(page);
    const logged = await canvasHash(page, '#chart-loss');
    assert.notEqual(logged, before, 'the loss chart did not change with log scale on');
    await page.uncheck('#loss-log');
    await nextFrames(page);
    assert.equal(await canvasHash(page, '#chart-loss'), before, 'log scale off did not restore the linear chart');
    await assertClean(page, errors);
  });

  test('hovering the heatmap shows a tooltip naming the layer and epoch; leaving hides it', async () => {
    const tip = page.locator('#heatmap-tip');
    assert.ok(await tip.isHidden(), 'tooltip visible before any hover');
    await page.locator('#chart-heatmap').scrollIntoViewIfNeeded();
    const box = await page.locator('#chart-heatmap').boundingBox();
    // Try a few points inside the plot area (away from the axes and colour bar).
    let text = '';
    for (const [fx, fy] of [
      [0.5, 0.5],
      [0.4, 0.4],
      [0.6, 0.3],
      [0.3, 0.6],
    ]) {
      await page.mouse.move(box.x + box.width * fx, box.y + box.height * fy);
      try {
        await tip.waitFor({ state: 'visible', timeout: 1_000 });
        text = await tip.textContent();
        break;
      } catch {
        // not over a cell; next point
      }
    }
    assert.ok(text, 'no tooltip at any of the hovered points of the heatmap');
    assert.match(text, /layer/i, `tooltip: ${text}`);
    assert.match(text, /epoch \d+/i, `tooltip: ${text}`);
    assert.match(text, /gradient norm/i, `tooltip: ${text}`);
    // The tip sits inside the chart's box.
    const tipBox = await tip.boundingBox();
    const boxEl = await page.locator('#chart-heatmap').boundingBox();
    assert.ok(tipBox.x >= boxEl.x - 1 && tipBox.x + tipBox.width <= boxEl.x + boxEl.width + 1, `tip at ${JSON.stringify(tipBox)}, chart ${JSON.stringify(boxEl)}`);
    // Off the canvas: hidden again.
    await page.mouse.move(box.x + box.width / 2, box.y + box.height + 200);
    await tip.waitFor({ state: 'hidden', timeout: 2_000 });
    await assertClean(page, errors);
  });

  test('a diverging run says "Diverged at epoch" and keeps its charts; no error banner', async () => {
    await useSmallRun(page, { act: 'relu', init: 'he_normal', lr: '10', data: 'sine', depth: 4 });
    await page.click('#play');
    await page.waitForFunction(() => /Diverged at epoch \d+/.test(document.querySelector('#status').textContent), null, {
      timeout: 20_000,
    });
    await waitForPlayState(page, false);
    const status = await page.locator('#status').textContent();
    const at = Number(status.match(/Diverged at epoch (\d+)/)[1]);
    await nextFrames(page);
    const epoch = await readEpoch(page);
    assert.ok(at >= 1 && at <= epoch + 1, `diverged at ${at}, counter ${epoch}: ${status}`);
    // A diverged run trains no further.
    await page.click('#step');
    await nextFrames(page);
    assert.equal(await readEpoch(page), epoch, 'Step trained a diverged run');
    await page.click('#play');
    await waitForPlayState(page, false);
    await assertAllDrawn(page);
    await assertClean(page, errors);
  });
});
