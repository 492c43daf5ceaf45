// Area: the depth sweep panel — it is measured in a worker of its own while the page keeps
// drawing frames and answering, its chart draws, its status gives the time, and it says
// when the settings have changed since (a new depth alone does not count: it only moves
// the marker).

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { VIEWPORTS, assertClean, canvasInk, session, setControls, waitForEpoch, waitForReady } from './helpers.mjs';

describe('depth sweep', () => {
  let s;
  before(async () => {
    s = await session();
  });
  after(async () => {
    await s?.close();
  });

  test('the sweep is measured off the page, draws, and tracks the settings it was measured for', async () => {
    const { page, errors, context } = await s.open({ viewport: VIEWPORTS.desktop, query: '#data=moons&width=32' });
    await waitForReady(page, errors);
    const before = await canvasInk(page, '#chart-sweep');
    assert.ok(!(before.fraction > 0.01), 'nothing is drawn before the sweep is asked for');
    // Count animation frames and answers from the page while the sweep is measured.
    await page.evaluate(() => {
      window.__frames = 0;
      const tick = () => {
        window.__frames += 1;
        if (!window.__sweepDone) requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    });
    await page.click('#sweep-run');
    assert.equal(await page.locator('#sweep-run').isDisabled(), true, 'the button waits for the sweep');
    const epoch = await page.evaluate(() => window.vgp.state().epoch);
    assert.equal(epoch, 0, 'the page answers while the sweep is measured');
    await page.waitForFunction(() => /Measured .* in \d+ ms/.test(document.querySelector('#sweep-status').textContent), null, {
      timeout: 120_000,
      polling: 50,
    });
    const frames = await page.evaluate(() => {
      window.__sweepDone = true;
      return window.__frames;
    });
    assert.ok(frames >= 3, `the page kept drawing frames while the sweep was measured (${frames})`);
    assert.equal(await page.locator('#sweep-run').isDisabled(), false);
    const ink = await canvasInk(page, '#chart-sweep');
    assert.ok(ink.fraction > 0.02, `the sweep chart has ${(ink.fraction * 100).toFixed(2)}% ink`);
    assert.doesNotMatch(await page.textContent('#sweep-status'), /changed since/);
    // Another depth moves the marker only; another activation makes the sweep out of date.
    await setControls(page, { depth: 5 });
    await waitForEpoch(page, '=', 0, 5_000);
    await page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok))));
    assert.doesNotMatch(await page.textContent('#sweep-status'), /changed since/);
    await setControls(page, { act: 'tanh', depth: 5 });
    await page.waitForFunction(() => /changed since/.test(document.querySelector('#sweep-status').textContent), null, {
      timeout: 5_000,
    });
    await assertClean(page, errors);
    await context.close();
  });
});
