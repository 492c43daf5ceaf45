// Area: the Network panel — wide layers' bands in exactly their heatmap cell's colour, dead units crossed where layer health counts them (checked unit by unit through the keys and their read-outs), skip arcs only with residual connections, the mode switch, A and B side by side in compare mode, an embed of this panel alone, a 390 px phone, and "Show backprop" (a pulse from the output to the input, off under reduced motion).

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { VIEWPORTS, assertClean, canvasInk, exportRun, horizontalOverflow, nextFrames, session, waitForReady, waitForSettled } from './helpers.mjs';

/** Train `n` epochs through the API and let the charts draw. */
async function train(page, n) {
  await page.evaluate((k) => window.vgp.train(k), n);
  await waitForSettled(page);
  await nextFrames(page, 3);
}

/** Press `key` on the focused `canvas` and return the focus mark's box (CSS px in the canvas's box) and the read-out. */
async function press(page, canvas, key, readout) {
  await page.locator(canvas).press(key);
  await nextFrames(page, 2);
  return page.evaluate(
    ([sel, id]) => {
      const mark = document.querySelector(sel).parentElement.querySelector('.focus-mark');
      const px = (v) => Number.parseFloat(v);
      const s = mark.style;
      return { box: mark.hidden ? null : { x: px(s.left), y: px(s.top), w: px(s.width), h: px(s.height) }, text: document.getElementById(id).textContent };
    },
    [canvas, readout],
  );
}

/** The canvas's pixel [r, g, b] at CSS point (x, y) plus (dx, dy) device pixels. */
function pixel(page, canvas, x, y, dx = 0, dy = 0) {
  return page.evaluate(
    ([sel, px, py, ox, oy]) => {
      const c = document.querySelector(sel);
      const ratio = c.width / c.clientWidth;
      const d = c.getContext('2d').getImageData(Math.round(px * ratio) + ox, Math.round(py * ratio) + oy, 1, 1).data;
      return [d[0], d[1], d[2]];
    },
    [canvas, x, y, dx, dy],
  );
}

const centre = (b) => [b.x + b.w / 2, b.y + b.h / 2];

describe('network panel', () => {
  let s;
  before(async () => {
    s = await session();
  });
  after(async () => {
    await s.close();
  });

  test('wide layers are bands in exactly the colour of their heatmap cell at the same epoch', async () => {
    const { page, errors } = await s.open({ viewport: VIEWPORTS.desktop, query: '#data=moons&depth=3&width=24&n=100' });
    await waitForReady(page, errors);
    await train(page, 20);
    assert.equal(await page.locator('#chart-network').getAttribute('data-mode'), 'gradient');
    const layers = 4;
    // Each layer's box through the keys (Right goes towards the output)...
    await page.locator('#chart-network').focus();
    const boxes = [await press(page, '#chart-network', 'Home', 'network-readout')];
    for (let l = 1; l < layers; l++) boxes.push(await press(page, '#chart-network', 'ArrowRight', 'network-readout'));
    // ...and each heatmap cell at the newest epoch (the keys start on layer 1 there; Up goes
    // towards the output). Leaving the diagram takes its grid of connections away.
    await page.locator('#chart-heatmap').focus();
    const cells = [await press(page, '#chart-heatmap', 'End', 'heatmap-readout')];
    for (let l = 1; l < layers; l++) cells.push(await press(page, '#chart-heatmap', 'ArrowUp', 'heatmap-readout'));
    await page.waitForFunction(() => !('detail' in document.querySelector('#chart-network').dataset), null, { timeout: 5_000 });
    await nextFrames(page, 2);
    for (let l = 0; l < layers; l++) {
      const name = l + 1 === layers ? 'output layer' : `layer ${l + 1}`;
      const [cell, layer] = [cells[l], boxes[l]];
      assert.match(cell.text, new RegExp(`^${name}, epoch 20:`), cell.text);
      assert.match(layer.text, new RegExp(`^(the )?${name} \\(\\d+ to \\d+ units\\), epoch 20: gradient norm`), layer.text);
      const heat = await pixel(page, '#chart-heatmap', ...centre(cell.box));
      const band = await pixel(page, '#chart-network', ...centre(layer.box));
      assert.deepEqual(band, heat, `${name}: the band ${band} and the heatmap cell ${heat}`);
    }
    await assertClean(page, errors);
    await page.close();
  });

  test("the keys on a band show that layer's every connection, and leaving takes them away", async () => {
    const { page, errors } = await s.open({ viewport: VIEWPORTS.desktop, query: '#data=moons&depth=2&width=20&n=100' });
    await waitForReady(page, errors);
    await train(page, 5);
    const canvas = page.locator('#chart-network');
    const before = await canvasInk(page, '#chart-network');
    await canvas.focus();
    const out = await press(page, '#chart-network', 'End', 'network-readout');
    assert.match(out.text, /^the output layer \(20 to 1 units\)/, out.text);
    await page.waitForFunction(() => document.querySelector('#chart-network').dataset.detail === '3', null, { timeout: 5_000 });
    await press(page, '#chart-network', 'ArrowLeft', 'network-readout');
    await page.waitForFunction(() => document.querySelector('#chart-network').dataset.detail === '2', null, { timeout: 5_000 });
    const grid = await canvasInk(page, '#chart-network');
    assert.ok(grid.fraction > before.fraction, `the grid adds ink: ${before.fraction} -> ${grid.fraction}`);
    await page.locator('#network-mode-weight').focus();
    await page.waitForFunction(() => !('detail' in document.querySelector('#chart-network').dataset), null, { timeout: 5_000 });
    await assertClean(page, errors);
    await page.close();
  });

  test('dead units are black, and exactly those layer health counts as dead', async () => {
    // The Story's dying ReLU: a high learning rate kills units.
    const { page, errors } = await s.open({ viewport: VIEWPORTS.desktop, query: '#data=moons&act=relu&init=he_normal&lr=0.5&depth=4&width=8' });
    await waitForReady(page, errors);
    await train(page, 60);
    const run = await exportRun(page);
    const newest = run.epochs[run.epochs.length - 1];
    await page.locator('#chart-network').focus();
    let at = await press(page, '#chart-network', 'Home', 'network-readout');
    let deadSeen = 0;
    for (let l = 0; l < 4; l++) {
      let dead = 0;
      for (let k = 0; k < 8; k++) {
        at = await press(page, '#chart-network', 'ArrowDown', 'network-readout');
        assert.match(at.text, new RegExp(`^layer ${l + 1}, unit ${k + 1} of 8, epoch 60: `), at.text);
        const [x, y] = centre(at.box);
        // Straight below the centre, half a radius down: the fill, clear of the cross.
        const radius = Math.round((at.box.w / 2 - 2) * (await page.evaluate(() => window.devicePixelRatio)));
        const fill = await pixel(page, '#chart-network', x, y, 0, Math.max(2, Math.round(radius / 2)));
        const isDead = /: dead/.test(at.text);
        if (isDead) assert.equal(fill.join(), '0,0,0', `a dead unit not drawn black: ${at.text}`);
        else assert.notEqual(fill.join(), '0,0,0', `a live unit drawn black: ${at.text}`);
        if (isDead) dead++;
      }
      assert.equal(dead / 8, newest.dead_fraction[l], `layer ${l + 1}: ${dead} dead units drawn, the run says ${newest.dead_fraction[l]}`);
      deadSeen += dead;
      // Back to the layer, then the next one.
      for (let k = 0; k < 8; k++) await page.locator('#chart-network').press('ArrowUp');
      at = await press(page, '#chart-network', 'ArrowRight', 'network-readout');
    }
    assert.ok(deadSeen > 0, 'the dying ReLU run has dead units by epoch 60');
    await assertClean(page, errors);
    await page.close();
  });

  test('skip arcs jump over the residual blocks, and only with residual connections', async () => {
    for (const res of [1, 0]) {
      const { page, errors } = await s.open({ viewport: VIEWPORTS.desktop, query: `#data=moons&depth=3&width=5&n=100&res=${res}` });
      await waitForReady(page, errors);
      await train(page, 3);
      await page.locator('#chart-network').focus();
      await press(page, '#chart-network', 'Home', 'network-readout');
      // Layer 2: the first hidden layer with a skip around it.
      const { box } = await press(page, '#chart-network', 'ArrowRight', 'network-readout');
      const background = await pixel(page, '#chart-network', 2, 2);
      let inked = 0;
      for (let dy = 2; dy <= 24; dy++) {
        const p = await pixel(page, '#chart-network', box.x + box.w / 2, box.y - dy);
        if (p.join() !== background.join()) inked++;
      }
      if (res) assert.ok(inked > 0, 'an arc over layer 2');
      else assert.equal(inked, 0, 'nothing over layer 2 without residual connections');
      const summary = await page.locator('#chart-network').getAttribute('data-mode');
      assert.equal(summary, 'gradient');
      await assertClean(page, errors);
      await page.close();
    }
  });

  test('the mode switch redraws the connections by weight and by update, with the summary', async () => {
    const { page, errors } = await s.open({ viewport: VIEWPORTS.desktop, query: '#data=moons&depth=3&width=6&n=100' });
    await waitForReady(page, errors);
    await train(page, 10);
    for (const [mode, quantity] of [['weight', 'weight norm'], ['update', 'update ratio'], ['gradient', 'gradient norm']]) {
      await page.locator(`#network-mode-${mode}`).check();
      await nextFrames(page, 3);
      assert.equal(await page.locator('#chart-network').getAttribute('data-mode'), mode);
      assert.match(await page.locator('#network-summary').textContent(), new RegExp(`^At epoch 10, layer 1's ${quantity}`));
    }
    await assertClean(page, errors);
    await page.close();
  });

  test('compare mode draws A and B side by side, each with its summary', async () => {
    const { page, errors } = await s.open({ viewport: VIEWPORTS.desktop, query: '#data=moons&depth=3&width=6&n=100' });
    await waitForReady(page, errors);
    await page.click('#compare-toggle');
    await page.selectOption('#compare-pick', 'relu-he');
    await train(page, 5);
    for (const sel of ['canvas[data-chart="network"][data-run="a"]', 'canvas[data-chart="network"][data-run="b"]']) {
      const ink = await canvasInk(page, sel);
      assert.ok(ink.fraction > 0.03, `${sel}: ${JSON.stringify(ink)}`);
    }
    assert.match(await page.locator('#network-summary').textContent(), /^At epoch 5, layer 1's gradient norm/);
    assert.match(await page.locator('#network-summary-b').textContent(), /^At epoch 5, layer 1's gradient norm/);
    await assertClean(page, errors);
    await page.close();
  });

  test('an embed with panels=network shows this panel alone', async () => {
    const { page, errors } = await s.open({ viewport: { width: 700, height: 600 }, query: '#depth=3&width=6&n=100&embed=1&panels=network' });
    await waitForReady(page, errors);
    await train(page, 3);
    const shown = await page.evaluate(() =>
      [...document.querySelectorAll('section.charts figure')].filter((f) => f.getBoundingClientRect().height > 0).map((f) => f.querySelector('canvas')?.id),
    );
    assert.deepEqual(shown, ['chart-network']);
    const ink = await canvasInk(page, '#chart-network');
    assert.ok(ink.fraction > 0.03, JSON.stringify(ink));
    await assertClean(page, errors);
    await page.close();
  });

  test('on a 390 px phone the panel fits, its controls included', async () => {
    const { page, errors } = await s.open({ viewport: { width: 390, height: 844 }, mobile: true, query: '#data=moons' });
    await waitForReady(page, errors);
    await train(page, 5);
    const figure = page.locator('figure:has(#chart-network)');
    await figure.scrollIntoViewIfNeeded();
    const box = await figure.boundingBox();
    assert.ok(box.x >= 0 && box.x + box.width <= 390, JSON.stringify(box));
    const overflow = await horizontalOverflow(page);
    assert.deepEqual(overflow.outside, []);
    for (const sel of ['#network-mode-weight', '#backprop']) {
      const b = await page.locator(sel).boundingBox();
      assert.ok(b.x >= 0 && b.x + b.width <= 390, `${sel}: ${JSON.stringify(b)}`);
    }
    const ink = await canvasInk(page, '#chart-network');
    assert.ok(ink.fraction > 0.03, JSON.stringify(ink));
    await assertClean(page, errors);
    await page.close();
  });

  test('Show backprop sends a pulse from the output to the input, and is off under reduced motion', async () => {
    const { page, errors } = await s.open({ viewport: VIEWPORTS.desktop, query: '#data=moons&n=100' });
    await waitForReady(page, errors);
    await train(page, 20);
    await page.locator('#chart-network').scrollIntoViewIfNeeded();
    await page.click('#backprop');
    assert.equal(await page.locator('#backprop').getAttribute('aria-pressed'), 'true');
    const xs = [];
    const opacities = [];
    for (let i = 0; i < 12; i++) {
      await page.waitForTimeout(150);
      const p = await page.evaluate(() => {
        const e = document.querySelector('canvas[data-chart="network"][data-run="a"]').parentElement.querySelector('.pulse');
        return e.hidden ? null : { x: Number.parseFloat(e.style.left), opacity: Number.parseFloat(e.style.opacity) };
      });
      if (p) {
        xs.push(p.x);
        opacities.push(p.opacity);
      }
    }
    assert.ok(xs.length >= 8, `the pulse showed in ${xs.length} of 12 looks`);
    for (let i = 1; i < xs.length; i++) assert.ok(xs[i] <= xs[i - 1], `moves toward the input: ${xs}`);
    // The vanishing network: bright at the output, dark toward the input.
    assert.ok(opacities[0] > opacities[opacities.length - 1] + 0.2, `${opacities}`);
    await page.waitForFunction(() => document.querySelector('#backprop').getAttribute('aria-pressed') === 'false', null, { timeout: 5_000 });
    assert.ok(await page.evaluate(() => document.querySelector('.pulse').hidden), 'hidden once over');
    await assertClean(page, errors);
    await page.close();

    const still = await s.open({ viewport: VIEWPORTS.desktop, query: '#data=moons&n=100', reducedMotion: 'reduce' });
    await waitForReady(still.page, still.errors);
    assert.ok(await still.page.locator('#backprop').isDisabled());
    assert.ok(await still.page.locator('#backprop-off').isVisible());
    await assertClean(still.page, still.errors);
    await still.page.close();
  });
});
