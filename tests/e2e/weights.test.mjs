// Area: the weights chart — its two modes (the weights' values by default, their change since epoch 0 with the switch; A and B alike when comparing), the hover read-out checked against the run JSON's tracked weights, and the keys on the focused canvas (arrows, Home, End) with the read-out they write.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { VIEWPORTS, assertClean, exportRun, nextFrames, readEpoch, session, waitForReady, waitForSettled } from './helpers.mjs';

const EPOCHS = 30;

/** A point's words: layer (1-based, the output layer's number for "output layer"), weight, epoch, value and change. */
function parsePoint(text, layers) {
  const head = text.match(/^(?:layer (\d+)|(output layer)), weight (\d), epoch (\d+): (.*)$/);
  assert.ok(head, `not a point's read-out: ${JSON.stringify(text)}`);
  const layer = head[2] ? layers : Number(head[1]);
  const [k, epoch, rest] = [Number(head[3]), Number(head[4]), head[5]];
  let m = rest.match(/^(\S+) \((?:unchanged|([-+][^ ]+)) since epoch 0\)$/);
  if (m) return { mode: 'value', layer, k, epoch, value: Number(m[1]), change: m[2] === undefined ? 0 : Number(m[2]) };
  m = rest.match(/^(?:changed by (\S+)|unchanged) since epoch 0 \(value (\S+)\)$/);
  assert.ok(m, `no value or change in ${JSON.stringify(text)}`);
  return { mode: 'change', layer, k, epoch, value: Number(m[2]), change: m[1] === undefined ? 0 : Number(m[1]) };
}

/** `shown` is `exact` to the four significant digits the read-out gives. */
function assertClose(shown, exact, what) {
  const tolerance = 6e-4 * Math.abs(exact) + 1e-12;
  assert.ok(Math.abs(shown - exact) <= tolerance, `${what}: shows ${shown}, the run has ${exact}`);
}

/** A point's value and change in the run JSON agree with its words. */
function assertPointOfRun(point, run, what) {
  const at = run.epochs.find((e) => e.epoch === point.epoch);
  assert.ok(at, `${what}: epoch ${point.epoch} is not in the run's history`);
  const exact = at.tracked_weights[point.layer - 1][point.k - 1];
  const start = run.epochs[0].tracked_weights[point.layer - 1][point.k - 1];
  assertClose(point.value, exact, `${what}: value`);
  // The change is the difference of two f32 values, computed in f64.
  assertClose(point.change, Math.fround(exact) - Math.fround(start), `${what}: change`);
}

describe('weights chart', () => {
  let s;
  let page;
  let errors;
  let run;
  let layers;

  before(async () => {
    s = await session();
    // The seed's vanishing run: ten sigmoid layers on the moons.
    ({ page, errors } = await s.open({ viewport: VIEWPORTS.desktop, query: '#data=moons' }));
    await waitForReady(page, errors);
    await page.evaluate((n) => window.vgp.train(n), EPOCHS);
    await waitForSettled(page);
    assert.equal(await readEpoch(page), EPOCHS);
    run = await exportRun(page);
    layers = run.layers.length;
    assert.equal(layers, 11);
    await page.locator('#chart-weights').scrollIntoViewIfNeeded();
    await nextFrames(page);
  });
  after(async () => {
    await s?.close();
  });

  /** Hover the weights canvas at a few points until its tip shows; the tip's text. */
  async function hoverTip(selector = '#chart-weights') {
    const canvas = page.locator(selector);
    const tip = page.locator(`${selector} + .tip`);
    const box = await canvas.boundingBox();
    for (const [fx, fy] of [
      [0.5, 0.5],
      [0.7, 0.4],
      [0.3, 0.6],
    ]) {
      await page.mouse.move(box.x + box.width * fx, box.y + box.height * fy);
      try {
        await tip.waitFor({ state: 'visible', timeout: 1_000 });
        return (await tip.textContent()) ?? '';
      } catch {
        // outside the plot; the next point
      }
    }
    throw new Error(`no tip at any hovered point of ${selector}`);
  }

  async function leave(selector = '#chart-weights') {
    const box = await page.locator(selector).boundingBox();
    await page.mouse.move(box.x + box.width / 2, box.y + box.height + 300);
    await page.locator(`${selector} + .tip`).waitFor({ state: 'hidden', timeout: 2_000 });
  }

  test('value mode is the default; hovering reads out a tracked weight as the run JSON has it', async () => {
    const canvas = page.locator('#chart-weights');
    assert.equal(await canvas.getAttribute('data-mode'), 'value');
    assert.equal(await page.locator('#weights-change').isChecked(), false);
    assert.match(await canvas.getAttribute('aria-label'), /^Tracked weights' values/);
    const text = await hoverTip();
    const point = parsePoint(text, layers);
    assert.equal(point.mode, 'value', text);
    assertPointOfRun(point, run, text);
    // The tip stays inside the chart's box.
    const tipBox = await page.locator('#weights-tip').boundingBox();
    const box = await canvas.boundingBox();
    assert.ok(tipBox.x >= box.x - 1 && tipBox.x + tipBox.width <= box.x + box.width + 1, `tip ${JSON.stringify(tipBox)}, chart ${JSON.stringify(box)}`);
    await leave();
    // Hovering writes nothing to the keys' read-out.
    assert.match(await page.locator('#weights-readout').textContent(), /Left and Right arrows/);
    await assertClean(page, errors);
  });

  test('the switch shows the change since epoch 0, and back', async () => {
    const canvas = page.locator('#chart-weights');
    await page.check('#weights-change');
    await page.waitForFunction(() => document.querySelector('#chart-weights').dataset.mode === 'change');
    assert.match(await canvas.getAttribute('aria-label'), /^Tracked weights' change since epoch 0/);
    const text = await hoverTip();
    const point = parsePoint(text, layers);
    assert.equal(point.mode, 'change', text);
    assertPointOfRun(point, run, text);
    await leave();
    await page.uncheck('#weights-change');
    await page.waitForFunction(() => document.querySelector('#chart-weights').dataset.mode === 'value');
    assert.match(await canvas.getAttribute('aria-label'), /^Tracked weights' values/);
    await assertClean(page, errors);
  });

  test('on the focused canvas the arrow keys, Home and End walk the points and write the read-out', async () => {
    const canvas = page.locator('#chart-weights');
    const readout = page.locator('#weights-readout');
    assert.equal(await canvas.getAttribute('tabindex'), '0');
    assert.equal(await canvas.getAttribute('aria-describedby'), 'weights-summary weights-readout');
    assert.equal(await readout.getAttribute('aria-live'), 'polite');
    await canvas.focus();
    const scrolled = await page.evaluate(() => window.scrollY);
    const press = async (key) => {
      const before = await readout.textContent();
      await page.keyboard.press(key);
      await page.waitForFunction((b) => document.querySelector('#weights-readout').textContent !== b, before, { timeout: 2_000 }).catch(() => {});
      const point = parsePoint((await readout.textContent()) ?? '', layers);
      assertPointOfRun(point, run, key);
      return point;
    };
    const epochs = run.epochs.map((e) => e.epoch);
    let p = await press('Home');
    assert.deepEqual([p.layer, p.k, p.epoch], [1, 1, 0]);
    // The tip shows the same words beside the point.
    assert.equal(await page.locator('#weights-tip').textContent(), await readout.textContent());
    assert.ok(await page.locator('#weights-tip').isVisible());
    p = await press('ArrowRight');
    assert.deepEqual([p.layer, p.k, p.epoch], [1, 1, epochs[1]]);
    p = await press('ArrowUp');
    assert.deepEqual([p.layer, p.k, p.epoch], [1, 2, epochs[1]]);
    p = await press('End');
    assert.deepEqual([p.layer, p.k, p.epoch], [1, 2, EPOCHS]);
    p = await press('ArrowLeft');
    assert.equal(p.epoch, epochs.at(-2));
    // Up through every line: the output layer's third weight, and no further.
    for (let i = 0; i < 3 * layers; i++) await page.keyboard.press('ArrowUp');
    await nextFrames(page);
    p = parsePoint((await readout.textContent()) ?? '', layers);
    assert.deepEqual([p.layer, p.k], [layers, 3]);
    assertPointOfRun(p, run, 'the last line');
    p = await press('ArrowDown');
    assert.deepEqual([p.layer, p.k], [layers, 2]);
    // The keys scrolled nothing and trained nothing.
    assert.equal(await page.evaluate(() => window.scrollY), scrolled);
    assert.equal(await readEpoch(page), EPOCHS);
    // Hovering leaves the read-out as the keys left it; the focus leaving hides the tip.
    const words = await readout.textContent();
    await hoverTip();
    await leave();
    assert.equal(await readout.textContent(), words);
    await canvas.focus();
    await page.keyboard.press('Home');
    await page.locator('#weights-tip').waitFor({ state: 'visible', timeout: 2_000 });
    await page.locator('#play').focus();
    await page.locator('#weights-tip').waitFor({ state: 'hidden', timeout: 2_000 });
    await assertClean(page, errors);
  });

  test('comparing: B has its own weights chart, tip and read-out, in the same mode as A', async () => {
    await page.click('#compare-toggle');
    const b = 'canvas[data-chart="weights"][data-run="b"]';
    await page.waitForSelector(b);
    await page.evaluate((n) => window.vgp.train(n), 5);
    await waitForSettled(page);
    await page.check('#weights-change');
    await page.waitForFunction(
      (sel) => document.querySelector(sel)?.dataset.mode === 'change' && document.querySelector('#chart-weights').dataset.mode === 'change',
      b,
    );
    // Checking the switch scrolls it into view below the sticky run bar, which can push
    // B's chart out of the window: bring B back before hovering it.
    await page.locator(b).scrollIntoViewIfNeeded();
    assert.match(await page.locator(b).getAttribute('aria-label'), /^B: Tracked weights' change/);
    assert.equal(await page.locator(b).getAttribute('aria-describedby'), 'weights-summary-b weights-readout-b');
    const tipText = await hoverTip(b);
    assert.equal(parsePoint(tipText, layers).mode, 'change', tipText);
    await leave(b);
    await page.locator(b).focus();
    await page.keyboard.press('End');
    await page.waitForFunction(() => /epoch \d+:/.test(document.querySelector('#weights-readout-b')?.textContent ?? ''));
    const p = parsePoint((await page.locator('#weights-readout-b').textContent()) ?? '', layers);
    assert.deepEqual([p.layer, p.k], [1, 1]);
    assert.ok(p.epoch >= 5, `B's newest epoch: ${p.epoch}`);
    await page.uncheck('#weights-change');
    await page.waitForFunction((sel) => document.querySelector(sel)?.dataset.mode === 'value', b);
    await page.click('#compare-toggle');
    await page.waitForSelector(b, { state: 'detached' });
    await assertClean(page, errors);
  });
});
