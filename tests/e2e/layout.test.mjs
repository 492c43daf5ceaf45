// Area: the page at desktop 1280x900 and phone 375x812 (mobile emulation), light and dark colour schemes: loads, trains, no horizontal overflow, every chart visible with a non-zero size inside the viewport and drawn, theme applied to page and charts, no errors; full-page screenshots into tests/artifacts/ (gitignored) for a person to look at.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CHARTS,
  VIEWPORTS,
  assertClean,
  canvasInk,
  horizontalOverflow,
  nextFrames,
  screenshot,
  session,
  useSmallRun,
  waitForEpoch,
  waitForPlayState,
  waitForReady,
} from './helpers.mjs';

/** Relative luminance (0 dark – 1 light) of an [r, g, b] colour. */
const luminance = ([r, g, b]) => (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;

/** The body's computed background colour as [r, g, b]. */
const bodyBackground = (page) =>
  page.evaluate(() => getComputedStyle(document.body).backgroundColor.match(/\d+(\.\d+)?/g).slice(0, 3).map(Number));

/** Every chart canvas is shown, has a non-zero size and lies within the viewport's width. */
async function assertChartsFit(page, name) {
  const width = await page.evaluate(() => document.documentElement.clientWidth);
  for (const sel of CHARTS) {
    const canvas = page.locator(sel);
    assert.ok(await canvas.isVisible(), `${name}: ${sel} is not visible`);
    const box = await canvas.boundingBox();
    assert.ok(box && box.width > 0 && box.height > 0, `${name}: ${sel} box ${JSON.stringify(box)}`);
    assert.ok(box.x >= 0 && box.x + box.width <= width + 0.5, `${name}: ${sel} spans x ${box.x}..${box.x + box.width}, viewport ${width}`);
    const ink = await canvasInk(page, sel);
    assert.equal(ink.error, undefined, `${name}: ${ink.error}`);
    assert.ok(ink.fraction > 0.01, `${name}: ${sel} is ${(ink.fraction * 100).toFixed(2)}% drawn`);
  }
}

async function assertNoOverflow(page, name) {
  const o = await horizontalOverflow(page);
  assert.ok(o.scrollWidth <= o.clientWidth, `${name}: document scrollWidth ${o.scrollWidth} > clientWidth ${o.clientWidth}`);
  assert.deepEqual(o.outside, [], `${name}: elements beyond the viewport's width`);
}

/** Train a small run past a few epochs and pause, so every chart has content. */
async function trainALittle(page) {
  await useSmallRun(page);
  await page.click('#play');
  await waitForPlayState(page, true);
  await waitForEpoch(page, '>', 5, 30_000);
  await page.click('#play');
  await waitForPlayState(page, false);
  await nextFrames(page);
}

describe('layout', () => {
  let s;
  before(async () => {
    s = await session();
  });
  after(async () => {
    await s?.close();
  });

  test('the overflow probe notices a too-wide element (self-check)', async () => {
    const { page, context, errors } = await s.open({ viewport: VIEWPORTS.phone, mobile: true });
    try {
      await waitForReady(page, errors);
      await page.evaluate(() => {
        const wide = document.createElement('div');
        wide.id = 'too-wide';
        wide.style.cssText = 'width: 600px; height: 10px';
        document.querySelector('.top').append(wide);
      });
      const o = await horizontalOverflow(page);
      assert.ok(o.scrollWidth > o.clientWidth, `scrollWidth ${o.scrollWidth} should exceed ${o.clientWidth}`);
      assert.ok(o.outside.some((e) => e.includes('#too-wide')), `not reported: ${o.outside}`);
    } finally {
      await context.close();
    }
  });

  for (const [name, viewport, mobile, colorScheme] of [
    ['desktop', VIEWPORTS.desktop, false, 'light'],
    ['phone', VIEWPORTS.phone, true, 'light'],
    ['desktop', VIEWPORTS.desktop, false, 'dark'],
    ['phone', VIEWPORTS.phone, true, 'dark'],
  ]) {
    const label = `${name}-${viewport.width}x${viewport.height}${colorScheme === 'dark' ? '-dark' : ''}`;
    test(`${label}: trains, fits the width, charts shown and drawn, ${colorScheme} theme, screenshot`, async () => {
      const { page, context, errors } = await s.open({ viewport, mobile, colorScheme });
      try {
        await waitForReady(page, errors);
        await trainALittle(page);
        await assertNoOverflow(page, label);
        await assertChartsFit(page, label);
        // Theme: page and chart backgrounds are dark in dark mode, light otherwise.
        const page_l = luminance(await bodyBackground(page));
        const chart_l = luminance((await canvasInk(page, '#chart-loss')).background);
        if (colorScheme === 'dark') {
          assert.ok(page_l < 0.3, `${label}: page background luminance ${page_l.toFixed(2)}`);
          assert.ok(chart_l < 0.3, `${label}: chart background luminance ${chart_l.toFixed(2)}`);
        } else {
          assert.ok(page_l > 0.7, `${label}: page background luminance ${page_l.toFixed(2)}`);
          assert.ok(chart_l > 0.7, `${label}: chart background luminance ${chart_l.toFixed(2)}`);
        }
        const file = await screenshot(page, label);
        console.log(`screenshot: ${file}`);
        await assertClean(page, errors);
      } finally {
        await context.close();
      }
    });
  }
});
