// Area: the run controls — Play/Pause, Step (button and `s`), Reset (button and `r`), space toggling, shortcuts ignored in fields and turned off by their switch (remembered after a reload), the speed select, the epoch limit, the #stats read-out, and a learning-rate change while running (no reset). One page at 1280x900, steps in order.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  VIEWPORTS,
  assertClean,
  blurAll,
  exportRun,
  nextFrames,
  queryOf,
  readEpoch,
  session,
  setControls,
  useSmallRun,
  waitForEpoch,
  waitForPlayState,
  waitForReady,
  waitForSettled,
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

  /**
   * The epoch shown must still be `want` after `frames` more animation frames: each
   * frame is a chance for the page's loop to train, so a run that should be idle and
   * is not shows it within a few of them (an event to wait for, not a fixed time).
   */
  const assertEpochStays = async (want, frames, what) => {
    await nextFrames(page, frames);
    assert.equal(await readEpoch(page), want, what);
  };

  test('the page starts the wasm, shows every run control, and is paused at epoch 0', async () => {
    await waitForReady(page, errors);
    for (const sel of ['#play', '#step', '#reset', '#new-seed', '#speed', '#epoch', '#status', '#stats', '#controls']) {
      assert.equal(await page.locator(sel).count(), 1, `${sel} missing`);
    }
    await waitForPlayState(page, false);
    assert.equal(await readEpoch(page), 0);
    // The status line is read when wanted; what changes is announced by #announcer.
    assert.equal(await page.locator('#status').getAttribute('role'), null);
    assert.equal(await page.locator('#announcer').getAttribute('role'), 'status');
    assert.match(await page.locator('#status').textContent(), /Ready/);
    assert.equal(await page.locator('#depth').getAttribute('max'), '100');
    await page.waitForFunction(() => document.body.dataset.engine === 'worker', null, { timeout: 10_000 });
    await useSmallRun(page);
    await assertClean(page, errors);
  });

  test('Play trains (the count rises, status says so); Pause stops the count', async () => {
    await page.click('#play');
    await waitForPlayState(page, true);
    await waitForEpoch(page, '>', 30, 30_000);
    assert.match(await page.locator('#status').textContent(), /Training/);
    await page.click('#play');
    await waitForPlayState(page, false);
    await waitForSettled(page); // epochs the worker was already training still land
    const paused = await readEpoch(page);
    assert.ok(paused > 30);
    await assertEpochStays(paused, 20, 'epoch changed while paused');
    assert.match(await page.locator('#status').textContent(), /Paused/);
    await assertClean(page, errors);
  });

  test('Step trains exactly one epoch, with the button and with the s key', async () => {
    const n = await readEpoch(page);
    await page.click('#step');
    await waitForEpoch(page, '=', n + 1, 3_000);
    await assertEpochStays(n + 1, 20, 'Step trained more than one epoch');
    await waitForPlayState(page, false);

    await blurAll(page);
    await page.keyboard.press('s');
    await waitForEpoch(page, '=', n + 2, 3_000);
    await page.keyboard.press('S');
    await waitForEpoch(page, '=', n + 3, 3_000);
    await assertEpochStays(n + 3, 20, 'the s key trained more than one epoch');
    await assertClean(page, errors);
  });

  test('Step while playing pauses', async () => {
    await page.click('#play');
    await waitForPlayState(page, true);
    const n = await readEpoch(page);
    await waitForEpoch(page, '>', n + 5, 10_000);
    await page.click('#step');
    await waitForPlayState(page, false);
    await waitForSettled(page);
    await assertEpochStays(await readEpoch(page), 20, 'still training after Step');
  });

  test('shortcuts are ignored while focus is on a button or in a field', async () => {
    const n = await readEpoch(page);
    assert.ok(n > 0);
    await page.focus('#step');
    await page.keyboard.press('s');
    await page.keyboard.press('r');
    await page.focus('#seed');
    await page.keyboard.press('s');
    await page.keyboard.press('r');
    await assertEpochStays(n, 20, 'a shortcut acted although focus was on a control');
    await waitForPlayState(page, false);
    await blurAll(page);
  });

  test('the single-key shortcuts can be turned off, and stay off after a reload', async () => {
    const n = await readEpoch(page);
    await page.locator('details.help summary').click();
    await page.locator('#shortcuts-on').uncheck();
    await blurAll(page);
    await page.keyboard.press('s');
    await page.keyboard.press('r');
    await page.keyboard.press(' ');
    await assertEpochStays(n, 20, 'a shortcut acted while the shortcuts were off');
    await waitForPlayState(page, false);
    assert.equal(await page.locator('#step').getAttribute('aria-keyshortcuts'), null, 'Step still names its key');
    // This browser remembers the choice.
    await page.reload();
    await waitForReady(page, errors);
    assert.equal(await page.locator('#shortcuts-on').isChecked(), false, 'the switch came back on after a reload');
    await blurAll(page);
    const m = await readEpoch(page);
    await page.keyboard.press('s');
    await assertEpochStays(m, 20, 'a shortcut acted after the reload');
    // On again: `s` trains one epoch.
    await page.locator('details.help summary').click();
    await page.locator('#shortcuts-on').check();
    await blurAll(page);
    await page.keyboard.press('s');
    await waitForEpoch(page, '=', m + 1, 5_000);
    assert.equal(await page.locator('#step').getAttribute('aria-keyshortcuts'), 's');
  });

  test('Reset sets the epoch to 0, with the button and with the r key', async () => {
    assert.ok((await readEpoch(page)) > 0);
    await page.click('#reset');
    await waitForEpoch(page, '=', 0, 3_000);
    assert.match(await page.locator('#status').textContent(), /Ready/);

    await page.click('#step');
    await page.click('#step');
    await waitForEpoch(page, '=', 2, 3_000);
    await blurAll(page);
    await page.keyboard.press('r');
    await waitForEpoch(page, '=', 0, 3_000);
    await assertClean(page, errors);
  });

  test('space toggles play and pause', async () => {
    await blurAll(page);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.keyboard.press('Space');
    await waitForPlayState(page, true);
    await waitForEpoch(page, '>', 5, 10_000);
    await page.keyboard.press('Space');
    await waitForPlayState(page, false);
    await waitForSettled(page);
    await assertEpochStays(await readEpoch(page), 20, 'epoch changed after space paused');
    // The page must not have scrolled on space (the shortcut prevents the default).
    assert.equal(await page.evaluate(() => window.scrollY), 0, 'space scrolled the page');
    await assertClean(page, errors);
  });

  test('#stats shows epochs per second and the chart draw time while playing', async () => {
    await page.click('#play');
    await waitForPlayState(page, true);
    // The rate is averaged over a second, so it reads 0 until the first second is over.
    await page.waitForFunction(() => /[1-9]\d* epochs\/s/.test(document.querySelector('#stats')?.textContent ?? ''), null, {
      timeout: 5_000,
    });
    const stats = await page.locator('#stats').textContent();
    assert.match(stats, /charts drawn in \d+(\.\d+)? ms/);
    const rate = Number(stats.match(/(\d+) epochs\/s/)[1]);
    assert.ok(rate > 0, `rate read-out ${stats}`);
    await page.click('#play');
    await waitForPlayState(page, false);
  });

  test('changing the learning rate while running keeps the epoch count (no reset)', async () => {
    await page.click('#play');
    await waitForPlayState(page, true);
    await waitForEpoch(page, '>', 100, 30_000);
    // Record every value #epoch shows from here on, reading the starting value in the
    // same task (read separately, epochs trained in between would look like a step back).
    const before = await page.evaluate(() => {
      const el = document.querySelector('#epoch');
      window.__epochsSeen = [];
      window.__epochObserver = new MutationObserver(() => window.__epochsSeen.push(Number(el.textContent)));
      window.__epochObserver.observe(el, { childList: true, characterData: true, subtree: true });
      return Number(el.textContent);
    });
    await setControls(page, { lr: '0.03' });
    await waitForEpoch(page, '>', before + 20, 10_000);
    const seen = await page.evaluate(() => {
      window.__epochObserver.disconnect();
      return window.__epochsSeen;
    });
    assert.ok(seen.length > 0, 'no epoch updates observed');
    assert.ok(Math.min(...seen) >= before, `the epoch went back from ${before} to ${Math.min(...seen)}`);
    await waitForPlayState(page, true);
    const run = await exportRun(page);
    assert.equal(queryOf(run).get('lr'), '0.03', `query ${run.query}`);
    assert.equal(run.epochs[0].epoch, 0);
    assert.ok(run.epochs.at(-1).epoch >= before + 20, `last recorded epoch ${run.epochs.at(-1).epoch}`);
    await page.click('#play');
    await waitForPlayState(page, false);
    await assertClean(page, errors);
  });

  test('changing the architecture while playing rebuilds (epoch 0) and keeps playing', async () => {
    // One epoch per frame, so the restarted count is seen low again.
    await page.selectOption('#speed', '1');
    await page.click('#play');
    await waitForPlayState(page, true);
    await waitForEpoch(page, '>', 30, 30_000);
    await setControls(page, { width: '7' });
    await page.waitForFunction(() => Number(document.querySelector('#epoch').textContent) < 10, null, {
      timeout: 5_000,
      polling: 'raf',
    });
    await waitForPlayState(page, true);
    await waitForEpoch(page, '>', 15, 30_000);
    await page.click('#play');
    await waitForPlayState(page, false);
    await page.selectOption('#speed', '0');
    const run = await exportRun(page);
    assert.equal(queryOf(run).get('width'), '7', `query ${run.query}`);
    await assertClean(page, errors);
  });

  test('speed "1 epoch per frame" trains at most one epoch per animation frame', async () => {
    await page.selectOption('#speed', '1');
    await page.click('#play');
    await waitForPlayState(page, true);
    await nextFrames(page);
    const { frames, delta } = await page.evaluate(
      () =>
        new Promise((ok) => {
          const read = () => Number(document.querySelector('#epoch').textContent);
          const start = read();
          let frames = 0;
          const t0 = performance.now();
          const tick = () => {
            frames++;
            if (performance.now() - t0 < 1000) requestAnimationFrame(tick);
            else ok({ frames, delta: read() - start });
          };
          requestAnimationFrame(tick);
        }),
    );
    assert.ok(delta > 0, 'no training at speed 1');
    assert.ok(delta <= frames + 1, `${delta} epochs in ${frames} frames at speed 1`);
    await page.click('#play');
    await waitForPlayState(page, false);
    await page.selectOption('#speed', '0');
  });

  test('an epoch limit stops the run there and Play stays off', async () => {
    await page.click('#reset');
    await waitForEpoch(page, '=', 0, 3_000);
    await setControls(page, { epochs: 40 });
    await page.click('#play');
    await waitForEpoch(page, '=', 40, 30_000);
    await waitForPlayState(page, false);
    await page.waitForFunction(() => /Stopped at the epoch limit \(40\)/.test(document.querySelector('#status').textContent), null, {
      timeout: 2_000,
    });
    await assertEpochStays(40, 20, 'trained past the epoch limit');
    await page.click('#play');
    await waitForPlayState(page, false); // a finished run cannot play
    await page.click('#step');
    await assertEpochStays(40, 20, 'Step trained past the epoch limit');
    // Raising the limit live lets it continue from 40.
    await setControls(page, { epochs: 45 });
    await page.click('#play');
    await waitForEpoch(page, '=', 45, 10_000);
    await waitForPlayState(page, false);
    await setControls(page, { epochs: 0 });
    await assertClean(page, errors);
  });
});
