// Area: the charts without sight — every chart's summary in the accessibility tree with the run's own numbers (the heatmap's gaps from `vgp.state()` and the run JSON, the loss chart's losses), summaries that follow a new configuration, the heatmap as a grid the keys walk (Tab to it, arrows, Home, End, read out and outlined), the Table views (cells equal to the run JSON), Listen (an AudioContext started and closed), and screenshots of it all on desktop and phone.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ARTIFACTS, VIEWPORTS, assertClean, exportRun, nextFrames, readEpoch, screenshot, session, setControls, waitForEpoch, waitForReady, waitForSettled } from './helpers.mjs';

const EPOCHS = 50;

/** `shown` (a number as the page writes it, four significant digits) is `exact`. */
function assertClose(shown, exact, what) {
  const value = Number(shown);
  assert.ok(Number.isFinite(value), `${what}: ${JSON.stringify(shown)} is not a number`);
  const tolerance = 6e-4 * Math.abs(exact) + 1e-30;
  assert.ok(Math.abs(value - exact) <= tolerance, `${what}: shows ${shown}, the run has ${exact}`);
}

/** log10(first layer's norm / output layer's), one decimal and no sign, as the summaries write it. */
const gap = (norms) => Math.abs(Math.log10(norms[0]) - Math.log10(norms.at(-1))).toFixed(1);

describe('charts without sight', () => {
  let s;
  let page;
  let context;
  let errors;
  let run;

  before(async () => {
    s = await session();
    ({ page, context, errors } = await s.open({ viewport: VIEWPORTS.desktop, url: 'about:blank' }));
    // Listen's audio: every AudioContext the page makes, kept for the last test.
    await context.addInitScript(() => {
      const Real = window.AudioContext;
      window.__contexts = [];
      window.AudioContext = class extends Real {
        constructor(...args) {
          super(...args);
          window.__contexts.push(this);
        }
      };
    });
    await page.goto(s.url, { waitUntil: 'load' });
    await waitForReady(page, errors);
    await page.evaluate((n) => window.vgp.train(n), EPOCHS);
    await waitForSettled(page);
    assert.equal(await readEpoch(page), EPOCHS);
    run = await exportRun(page);
  });
  after(async () => {
    await s?.close();
  });

  test("the accessibility tree names every chart and holds the heatmap's and the loss chart's summaries, with the run's numbers", async () => {
    const state = await page.evaluate(() => window.vgp.state());
    await page.waitForFunction((e) => document.querySelector('#heatmap-summary')?.textContent.startsWith(`At epoch ${e},`), EPOCHS);
    const tree = await page.locator('main').ariaSnapshot();
    mkdirSync(ARTIFACTS, { recursive: true });
    writeFileSync(join(ARTIFACTS, 'chart-access-tree.txt'), tree);
    // Every chart's figure has its caption for a name, and its canvas a short name.
    for (const name of ['Gradient size in every layer, over time', 'Loss', 'Weights over time', 'The law of vanishing']) {
      assert.ok(tree.includes(`figure "${name}`), `no figure named ${name}`);
    }
    const heatmap = await page.locator('#heatmap-summary').textContent();
    assert.ok(tree.includes(heatmap), `the tree lacks the heatmap's summary ${heatmap}`);
    const words = heatmap.match(/^At epoch (\d+), layer 1's gradient norm \(\S+\) is (\d+\.\d) orders of magnitude below the output layer's \(\S+\)\. At epoch 0 it was (\d+\.\d) orders of magnitude below; the gap has (narrowed|widened|hardly changed) since\.$/);
    assert.ok(words, heatmap);
    assert.equal(Number(words[1]), EPOCHS);
    // Now: the read-out's number (vgp.state()); then: the run file's epoch 0.
    assert.equal(words[2], Math.abs(state.ratio_orders).toFixed(1), heatmap);
    assert.equal(words[3], gap(run.epochs[0].grad_norm), heatmap);
    assert.equal(words[2], gap(run.epochs.at(-1).grad_norm), heatmap);
    const loss = await page.locator('#loss-summary').textContent();
    assert.ok(tree.includes(loss), `the tree lacks the loss summary ${loss}`);
    const l = loss.match(/^Training loss (\S+) at epoch 50, (?:down|up) \d+% from (\S+) at epoch 0; test loss (\S+); test accuracy (\S+)%; (?:flat|(?:down|up) \d+%) over the last 30 epochs\.$/);
    assert.ok(l, loss);
    const [first, newest] = [run.epochs[0], run.epochs.at(-1)];
    assertClose(l[1], newest.train_loss, 'train loss');
    assertClose(l[2], first.train_loss, 'first train loss');
    assertClose(l[3], newest.test_loss, 'test loss');
    assertClose(l[4], 100 * newest.test_accuracy, 'test accuracy');
    // Each canvas is described by its summary.
    const described = await page.locator('#chart-loss').getAttribute('aria-describedby');
    assert.match(described, /loss-summary/);
    await assertClean(page, errors);
  });

  test('a new configuration gets new summaries at once', async () => {
    const before = await page.locator('#heatmap-summary').textContent();
    await setControls(page, { depth: 4 });
    await waitForEpoch(page, '=', 0, 10_000);
    await page.waitForFunction((b) => document.querySelector('#heatmap-summary').textContent !== b, before, { timeout: 5_000 });
    assert.match(await page.locator('#heatmap-summary').textContent(), /^At epoch 0, layer 1's gradient norm/);
    assert.match(await page.locator('#loss-summary').textContent(), /^Training loss \S+ at epoch 0; test loss/);
    await setControls(page, { depth: 10 });
    await waitForEpoch(page, '=', 0, 10_000);
    await page.evaluate((n) => window.vgp.train(n), EPOCHS);
    await waitForSettled(page);
    run = await exportRun(page);
    await assertClean(page, errors);
  });

  test("the heatmap is a grid the keys walk: Tab reaches it, the arrows read each cell's value and outline it", async () => {
    const canvas = page.locator('#chart-heatmap');
    assert.equal(await canvas.getAttribute('role'), 'application');
    assert.equal(await canvas.getAttribute('aria-roledescription'), 'heatmap');
    // Tab from the control before it reaches the canvas.
    await page.locator('button[data-table="heatmap"]').focus();
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'chart-heatmap');
    const readout = page.locator('#heatmap-readout');
    assert.equal(await readout.getAttribute('aria-live'), 'polite');
    const press = async (key) => {
      const before = await readout.textContent();
      await page.keyboard.press(key);
      await page.waitForFunction((b) => document.querySelector('#heatmap-readout').textContent !== b, before, { timeout: 2_000 }).catch(() => {});
      const text = (await readout.textContent()) ?? '';
      const m = text.match(/^(?:layer (\d+)|output layer), epoch (\d+): gradient norm (\S+)/);
      assert.ok(m, `not a cell's read-out: ${text}`);
      const layer = m[1] ? Number(m[1]) - 1 : run.layers.length - 1;
      const epoch = Number(m[2]);
      const at = run.epochs.find((e) => e.epoch === epoch);
      assert.ok(at, `${key}: epoch ${epoch} is not in the run`);
      assertClose(m[3], at.grad_norm[layer], `${key}: ${text}`);
      return { layer, epoch, text };
    };
    let cell = await press('Home');
    assert.deepEqual([cell.layer, cell.epoch], [0, 0]);
    assert.match(cell.text, /\u00d7 the output layer's\)$/);
    cell = await press('ArrowRight');
    assert.deepEqual([cell.layer, cell.epoch], [0, run.epochs[1].epoch]);
    cell = await press('ArrowUp');
    assert.equal(cell.layer, 1);
    cell = await press('End');
    assert.deepEqual([cell.layer, cell.epoch], [1, EPOCHS]);
    // The keys' cell is outlined over the canvas, and its tip shows the same words.
    const mark = page.locator('#chart-heatmap ~ .focus-mark');
    await mark.waitFor({ state: 'visible', timeout: 2_000 });
    const [box, markBox] = [await canvas.boundingBox(), await mark.boundingBox()];
    assert.ok(markBox.x >= box.x - 6 && markBox.x + markBox.width <= box.x + box.width + 6, `mark ${JSON.stringify(markBox)} outside ${JSON.stringify(box)}`);
    assert.equal(await page.locator('#heatmap-tip').textContent(), await readout.textContent());
    await screenshot(page, 'chart-access-heatmap-focus-desktop');
    // The keys scrolled nothing and trained nothing; leaving hides the mark.
    assert.equal(await readEpoch(page), EPOCHS);
    await page.keyboard.press('Tab');
    await mark.waitFor({ state: 'hidden', timeout: 2_000 });
    await assertClean(page, errors);
  });

  test('the loss chart and the profile read out their points from the keys', async () => {
    await page.locator('#chart-loss').focus();
    await page.keyboard.press('End');
    await page.waitForFunction(() => /^train loss, epoch \d+/.test(document.querySelector('#loss-readout').textContent));
    const train = await page.locator('#loss-readout').textContent();
    const t = train.match(/^train loss, epoch (\d+): (\S+)/);
    assert.equal(Number(t[1]), EPOCHS);
    assertClose(t[2], run.epochs.at(-1).train_loss, train);
    await page.keyboard.press('ArrowUp');
    await page.waitForFunction(() => /^test loss/.test(document.querySelector('#loss-readout').textContent));
    const test = (await page.locator('#loss-readout').textContent()).match(/^test loss, epoch (\d+): (\S+)/);
    assertClose(test[2], run.epochs.at(-1).test_loss, 'test loss');
    await page.locator('#chart-profile').focus();
    await page.keyboard.press('Home');
    await page.waitForFunction(() => /^layer 1, epoch/.test(document.querySelector('#profile-readout').textContent));
    const p = (await page.locator('#profile-readout').textContent()).match(/^layer 1, epoch (\d+): gradient norm (\S+)/);
    assert.equal(Number(p[1]), EPOCHS);
    assertClose(p[2], run.epochs.at(-1).grad_norm[0], 'profile layer 1');
    // A tap (click) on the loss chart names the point under it.
    await page.locator('#chart-loss').scrollIntoViewIfNeeded();
    const box = await page.locator('#chart-loss').boundingBox();
    await page.mouse.click(box.x + box.width * 0.6, box.y + box.height * 0.3);
    await page.locator('#loss-tip').waitFor({ state: 'visible', timeout: 2_000 });
    assert.match(await page.locator('#loss-tip').textContent(), /^(train|test) loss, epoch \d+: \S+/);
    await page.mouse.move(box.x + box.width / 2, box.y + box.height + 400);
    await assertClean(page, errors);
  });

  test("a Table view opens beside its chart, with a caption and headers, and holds the run's numbers", async () => {
    const button = page.locator('button[data-table="heatmap"]');
    assert.equal(await button.getAttribute('aria-expanded'), 'false');
    assert.equal(await button.getAttribute('aria-controls'), 'heatmap-table');
    await button.click();
    assert.equal(await button.getAttribute('aria-expanded'), 'true');
    const table = page.locator('#heatmap-table table');
    await table.waitFor({ state: 'visible', timeout: 2_000 });
    assert.match(await table.locator('caption').textContent(), /Gradient norm/);
    const heads = await table.locator('thead th').allTextContents();
    assert.equal(heads[0], 'layer');
    assert.ok(heads.length >= 3 && heads.length <= 9, `${heads.length} columns`);
    assert.equal(heads.at(-1), `epoch ${EPOCHS}`);
    assert.equal(await table.locator('thead th').first().getAttribute('scope'), 'col');
    const rows = await table.locator('tbody tr').all();
    assert.equal(rows.length, run.layers.length);
    for (const [r, row] of rows.entries()) {
      const th = row.locator('th');
      assert.equal(await th.getAttribute('scope'), 'row');
      const cells = await row.locator('td').allTextContents();
      for (const [c, text] of cells.entries()) {
        const epoch = Number(heads[c + 1].replace('epoch ', ''));
        const at = run.epochs.find((e) => e.epoch === epoch);
        assertClose(text, at.grad_norm[r], `row ${r}, ${heads[c + 1]}`);
      }
    }
    // The loss table too: its last row is the newest epoch.
    await page.locator('button[data-table="loss"]').click();
    const last = await page.locator('#loss-table tbody tr').last().locator('th, td').allTextContents();
    assert.equal(last[0], String(EPOCHS));
    assertClose(last[1], run.epochs.at(-1).train_loss, 'the loss table');
    await page.locator('#heatmap-table').scrollIntoViewIfNeeded();
    await screenshot(page, 'chart-access-table-desktop');
    await button.click();
    assert.equal(await button.getAttribute('aria-expanded'), 'false');
    assert.ok(await page.locator('#heatmap-table').isHidden());
    await page.locator('button[data-table="loss"]').click();
    await assertClean(page, errors);
  });

  test('Listen plays the profile as tones in an AudioContext and stops it', async () => {
    const listen = page.locator('#listen');
    assert.equal(await listen.getAttribute('aria-pressed'), 'false');
    assert.match(await page.locator('#listen-help').textContent(), /200 Hz at 1e-8.*1000 Hz at 100/);
    await listen.click();
    assert.equal(await listen.getAttribute('aria-pressed'), 'true');
    assert.equal(await listen.textContent(), 'Stop');
    await page.waitForFunction(() => window.__contexts.length === 1 && window.__contexts[0].state === 'running', null, { timeout: 5_000 });
    await listen.click();
    assert.equal(await listen.getAttribute('aria-pressed'), 'false');
    await page.waitForFunction(() => window.__contexts[0].state === 'closed', null, { timeout: 5_000 });
    // Played to the end, it stops by itself.
    await listen.click();
    await page.waitForFunction(() => window.__contexts.length === 2 && window.__contexts[1].state === 'running', null, { timeout: 5_000 });
    await page.waitForFunction(() => document.querySelector('#listen').getAttribute('aria-pressed') === 'false', null, { timeout: 10_000 });
    await page.waitForFunction(() => window.__contexts[1].state === 'closed', null, { timeout: 5_000 });
    await assertClean(page, errors);
  });

  test('on a phone: the summary under the chart, its table and the outlined cell', async () => {
    const phone = await s.open({ viewport: VIEWPORTS.phone, mobile: true });
    await waitForReady(phone.page, phone.errors);
    await phone.page.evaluate((n) => window.vgp.train(n), EPOCHS);
    await waitForSettled(phone.page);
    await phone.page.waitForFunction((e) => document.querySelector('#heatmap-summary')?.textContent.startsWith(`At epoch ${e},`), EPOCHS);
    await phone.page.locator('button[data-table="heatmap"]').click();
    await phone.page.locator('#chart-heatmap').focus();
    await phone.page.keyboard.press('End');
    await phone.page.keyboard.press('ArrowUp');
    await phone.page.locator('#chart-heatmap ~ .focus-mark').waitFor({ state: 'visible', timeout: 2_000 });
    await phone.page.locator('#chart-heatmap').scrollIntoViewIfNeeded();
    await nextFrames(phone.page);
    await screenshot(phone.page, 'chart-access-phone');
    // Nothing but the table's own scroller is wider than the phone.
    const wide = await phone.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(wide <= 0, `the page is ${wide} px wider than the phone`);
    await assertClean(phone.page, phone.errors);
    await phone.context.close();
  });
});
