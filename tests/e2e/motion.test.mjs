// Area: reduced motion — with `prefers-reduced-motion: reduce` the page has no CSS
// transition, animation or smooth scrolling; a first visit's tour loads its network
// paused (its text says to press Play) instead of training; an embed with autoplay=1
// shows its first frame paused with its Play button, even with controls=none.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { VIEWPORTS, assertClean, canvasInk, nextFrames, readEpoch, session, waitForEpoch, waitForReady } from './helpers.mjs';

describe('reduced motion', () => {
  let s;
  before(async () => {
    s = await session();
  });
  after(() => s?.close());

  test('a first visit: the tour opens paused and says to press Play; nothing moves by itself', async () => {
    const { page, context, errors } = await s.open({ viewport: VIEWPORTS.desktop, tour: true, reducedMotion: 'reduce' });
    await waitForReady(page, errors);
    await page.locator('#tour').waitFor();
    assert.match(await page.locator('#tour-text').textContent(), /press Play/);
    await nextFrames(page, 60);
    assert.equal(await readEpoch(page), 0, 'the tour started training');
    assert.equal((await page.locator('#play').textContent()).trim(), 'Play');
    const moving = await page.evaluate(() => {
      const found = [];
      for (const el of [document.documentElement, ...document.querySelectorAll('*')]) {
        const style = getComputedStyle(el);
        const durations = `${style.transitionDuration},${style.animationDuration}`.split(',').map((d) => parseFloat(d));
        if (durations.some((d) => d > 0) || style.animationName !== 'none' || style.scrollBehavior === 'smooth') {
          found.push(el.tagName + (el.id ? `#${el.id}` : ''));
        }
      }
      return found;
    });
    assert.deepEqual(moving, [], 'elements with motion');
    // Play still plays.
    await page.click('#play');
    await waitForEpoch(page, '>', 0, 10_000);
    await assertClean(page, errors);
    await context.close();
  });

  test('an autoplaying embed waits, paused on its first frame, with a Play button', async () => {
    const query = '#embed=1&autoplay=1&panels=heatmap,loss&controls=none';
    const { page, context, errors } = await s.open({ viewport: { width: 760, height: 700 }, query, reducedMotion: 'reduce' });
    await waitForReady(page, errors);
    await nextFrames(page, 60);
    assert.equal(await readEpoch(page), 0, 'the embed autoplayed');
    const play = page.locator('#play');
    assert.ok(await play.isVisible(), 'no Play button');
    assert.equal((await play.textContent()).trim(), 'Play');
    const ink = await canvasInk(page, '#chart-heatmap');
    assert.ok(ink.fraction > 0.01, `the first frame is not drawn: ${JSON.stringify(ink)}`);
    await play.click();
    await waitForEpoch(page, '>', 0, 10_000);
    await assertClean(page, errors);
    await context.close();
  });

  test('without reduced motion the same embed autoplays', async () => {
    const query = '#embed=1&autoplay=1&panels=heatmap,loss&controls=none';
    const { page, context, errors } = await s.open({ viewport: { width: 760, height: 700 }, query });
    await waitForReady(page, errors);
    await waitForEpoch(page, '>', 0, 10_000);
    assert.ok(await page.locator('#play').isHidden(), 'controls=none shows Play');
    await assertClean(page, errors);
    await context.close();
  });
});
