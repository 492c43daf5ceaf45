// Area: compare mode (two runs side by side). A link with b. keys opens a comparison:
// two heatmaps drawn with one colour scale, the profile and loss overlaid with a legend
// naming A and B, the link round-tripping through the address and vgp.state(); A and B
// trained in lockstep are bit for bit the same configurations trained alone; the
// Compare button turns it on and off while training with no page error; the embed
// shows a comparison; screenshots at 1280x900 and 390x844.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  VIEWPORTS,
  assertClean,
  canvasInk,
  horizontalOverflow,
  nextFrames,
  screenshot,
  session,
  waitForEpoch,
  waitForReady,
} from './helpers.mjs';

// Small and quick: both runs train many epochs per second.
const A = 'n=120&depth=5&width=8&batch=16';
const LINK = `${A}&b.act=relu&b.init=he_normal`;
// B's whole configuration, canonical (keys in the share-link table's order).
const B = 'n=120&depth=5&width=8&act=relu&init=he_normal&batch=16';

/** Every chart canvas of run `run` ('a' or 'b'), by chart name. */
const canvases = (page, run) =>
  page.evaluate(
    (r) =>
      [...document.querySelectorAll(`canvas[data-chart][data-run="${r}"]`)]
        .filter((c) => c.offsetParent !== null)
        .map((c) => c.dataset.chart),
    run,
  );

/** A hash of the pixels of every chart canvas of run `run`, by chart name. */
const pixelHashes = (page, run) =>
  page.evaluate(
    (r) =>
      Object.fromEntries(
        [...document.querySelectorAll(`canvas[data-chart][data-run="${r}"]`)].map((c) => {
          const px = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
          let h = 2166136261;
          for (let i = 0; i < px.length; i += 7) h = Math.imul(h ^ px[i], 16777619) >>> 0;
          return [c.dataset.chart, h];
        }),
      ),
    run,
  );

const attr = (page, selector, name) => page.locator(selector).getAttribute(name);

/** The run files of A and B after `epochs` epochs of the page's lockstep training. */
async function trainAndRead(page, epochs, runs) {
  await page.evaluate((n) => window.vgp.train(n), epochs);
  const files = [];
  for (const run of runs) files.push(await page.evaluate((r) => window.vgp.run(r), run));
  return files;
}

describe('compare mode', () => {
  let s;

  before(async () => {
    s = await session();
  });
  after(async () => {
    await s?.close();
  });

  test('the compare options show only while comparing, with targets of at least 24 px', async () => {
    for (const [name, viewport, mobile] of [['desktop', VIEWPORTS.desktop, false], ['phone', VIEWPORTS.phone, true]]) {
      const { page, errors, context } = await s.open({ viewport, mobile, query: `#${A}` });
      await waitForReady(page, errors);
      for (const id of ['#compare-options', '#compare-pick', '#edit-a', '#edit-b', '#readout-b', '#export-csv-b', '#export-json-b']) {
        assert.equal(await page.locator(id).isVisible(), false, `${id} is shown without a comparison (${name})`);
      }
      await page.click('#compare-toggle');
      await page.locator('#compare-options').waitFor({ state: 'visible', timeout: 5_000 });
      if (name === 'desktop') {
        // Each run's exports, named for it.
        assert.equal(await page.locator('#export-json-b').isVisible(), true);
        assert.equal(await page.locator('#export-csv').textContent(), "A's metrics CSV");
        const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-csv-b')]);
        assert.equal(download.suggestedFilename(), 'vgp-metrics-b.csv');
      }
      for (const id of ['#edit-a', '#edit-b']) {
        // The radio with its label is the target.
        const box = await page.locator(`label:has(${id})`).boundingBox();
        assert.ok(box.width >= 24 && box.height >= 24, `${id}'s target is ${box.width} x ${box.height} px (${name})`);
      }
      await page.click('#compare-toggle');
      await page.locator('#compare-options').waitFor({ state: 'hidden', timeout: 5_000 });
      await assertClean(page, errors);
      await context.close();
    }
  });

  test('a link with b. keys shows two heatmaps on one scale, overlaid profile and loss, and round-trips', async () => {
    const { page, errors, context } = await s.open({ viewport: VIEWPORTS.desktop, query: `#${LINK}` });
    await waitForReady(page, errors);
    assert.ok(await page.evaluate(() => document.body.classList.contains('comparing')));
    const a = await canvases(page, 'a');
    const b = await canvases(page, 'b');
    assert.deepEqual(b.sort(), ['boundary', 'distributions', 'gains', 'health', 'heatmap', 'network', 'updates', 'weights']);
    assert.ok(a.includes('heatmap') && a.includes('loss') && a.includes('profile'));
    // The link: canonical in the address and in state(), B described there too.
    const state = await page.evaluate(() => window.vgp.state());
    assert.equal(state.query, LINK);
    assert.equal(await page.evaluate(() => location.hash), `#${LINK}`);
    assert.equal(state.b.query, B);
    assert.equal(state.b.label, 'B: relu + he_normal');
    await page.evaluate(() => window.vgp.train(6));
    const after6 = await page.evaluate(() => window.vgp.state());
    assert.equal(after6.epoch, 6);
    assert.equal(after6.b.epoch, 6);
    await waitForEpoch(page, '=', 6, 5_000);
    await nextFrames(page, 4);
    // One scale object drawn into both heatmaps; the switch changes it for both.
    const scaleA = await attr(page, 'canvas[data-chart=heatmap][data-run=a]', 'data-scale');
    const scaleB = await attr(page, 'canvas[data-chart=heatmap][data-run=b]', 'data-scale');
    assert.equal(scaleA, '-8 2 absolute');
    assert.equal(scaleB, scaleA);
    await page.check('#heatmap-relative');
    await page.waitForFunction(
      () =>
        [...document.querySelectorAll('canvas[data-chart=heatmap]')].every((c) => c.dataset.scale === '-8 2 relative'),
      null,
      { timeout: 5_000 },
    );
    await page.uncheck('#heatmap-relative');
    const inkB = await canvasInk(page, 'canvas[data-chart=heatmap][data-run=b]');
    assert.ok(inkB.fraction > 0.1, `B's heatmap is nearly empty: ${JSON.stringify(inkB)}`);
    // B's heatmap has a tooltip of its own, naming B's cells; it hides on leaving.
    const bHeatmap = page.locator('canvas[data-chart=heatmap][data-run=b]');
    const box = await bHeatmap.boundingBox();
    await page.mouse.move(box.x + box.width * 0.4, box.y + box.height * 0.5);
    const bTip = page.locator('canvas[data-chart=heatmap][data-run=b] + .tip');
    await bTip.waitFor({ state: 'visible', timeout: 5_000 });
    assert.match(await bTip.textContent(), /layer \d+, epoch \d+: gradient norm/);
    await page.mouse.move(box.x + box.width / 2, box.y - 40);
    await bTip.waitFor({ state: 'hidden', timeout: 5_000 });
    // The overlaid charts name both runs: two profiles, four loss lines (train, test).
    const loss = (await attr(page, '#chart-loss', 'data-legend')).split(' | ');
    assert.deepEqual(loss, [
      'A: sigmoid + glorot_uniform train',
      'A: sigmoid + glorot_uniform test',
      'B: relu + he_normal train',
      'B: relu + he_normal test',
    ]);
    const profile = (await attr(page, '#chart-profile', 'data-legend')).split(' | ');
    assert.deepEqual(profile, ['A: sigmoid + glorot_uniform (epoch 6)', 'B: relu + he_normal (epoch 6)']);
    const labels = await page.locator('.run-label').allTextContents();
    assert.ok(labels.includes('B: relu + he_normal'), JSON.stringify(labels));
    assert.deepEqual((await horizontalOverflow(page)).outside, []);
    await screenshot(page, 'compare-desktop');
    await assertClean(page, errors);
    await context.close();
  });

  test('A and B trained in lockstep are bit for bit each configuration trained alone', async () => {
    const { page, errors, context } = await s.open({ viewport: VIEWPORTS.desktop, query: `#${LINK}` });
    await waitForReady(page, errors);
    const [a, b] = await trainAndRead(page, 9, ['a', 'b']);
    assert.equal(a.epochs.length, 10);
    await assertClean(page, errors);
    await context.close();
    for (const [query, compared] of [
      [A, a],
      [B, b],
    ]) {
      const alone = await s.open({ viewport: VIEWPORTS.desktop, query: `#${query}` });
      await waitForReady(alone.page, alone.errors);
      const [file] = await trainAndRead(alone.page, 9, ['a']);
      assert.equal(file.query, compared.query);
      assert.equal(JSON.stringify(file.epochs), JSON.stringify(compared.epochs), `${query}: metrics differ`);
      assert.equal(JSON.stringify(file.final), JSON.stringify(compared.final), `${query}: weights differ`);
      await assertClean(alone.page, alone.errors);
      await alone.context.close();
    }
  });

  test('Compare turns on and off while training, B is picked and edited, with no page error', async () => {
    const { page, errors, context } = await s.open({ viewport: VIEWPORTS.desktop, query: `#${A}` });
    await waitForReady(page, errors);
    assert.deepEqual(await canvases(page, 'b'), []);
    await page.click('#play');
    await waitForEpoch(page, '>', 3, 10_000);
    await page.click('#compare-toggle');
    assert.equal(await attr(page, '#compare-toggle', 'aria-pressed'), 'true');
    await page.waitForFunction(() => window.vgp.state().b?.epoch > 3, null, { timeout: 10_000 });
    assert.ok((await canvases(page, 'b')).includes('heatmap'));
    // While both train, a frame draws only some charts (the redraw is spread over
    // frames, the two views taking turns): every chart of both views keeps changing.
    const before = { a: await pixelHashes(page, 'a'), b: await pixelHashes(page, 'b') };
    // The charts that have changed since, checked every few frames for up to 15 s
    // (the prediction surface comes at most every 50 ms, later on a loaded machine).
    const changed = { a: new Set(), b: new Set() };
    const moving = {};
    for (let i = 0; i < 100; i++) {
      await nextFrames(page, 8);
      let all = true;
      for (const run of ['a', 'b']) {
        const now = await pixelHashes(page, run);
        // The network's gains barely move while it trains without batch norm.
        moving[run] = Object.keys(now).filter((chart) => chart !== 'gains');
        for (const chart of moving[run]) if (now[chart] !== before[run][chart]) changed[run].add(chart);
        all &&= changed[run].size === moving[run].length;
      }
      if (all) break;
    }
    for (const run of ['a', 'b']) {
      assert.ok(moving[run].length >= 6, `${run}: ${moving[run]}`);
      for (const chart of moving[run]) assert.ok(changed[run].has(chart), `${run}'s ${chart} stood still while training`);
    }
    // Off while training: B's canvases go, the link loses its b. keys, A trains on.
    await page.click('#compare-toggle');
    assert.deepEqual(await canvases(page, 'b'), []);
    assert.equal(await page.evaluate(() => window.vgp.state().b), undefined);
    assert.ok(!(await page.evaluate(() => location.hash)).includes('b.'));
    const epoch = await page.evaluate(() => window.vgp.state().epoch);
    await page.waitForFunction((e) => window.vgp.state().epoch > e + 2, epoch, { timeout: 10_000 });
    // On again, pick a remedy, then edit B's depth in the form.
    await page.click('#compare-toggle');
    const options = await page.locator('#compare-pick option').evaluateAll((os) => os.map((o) => o.value));
    assert.ok(options.includes('relu-he'), JSON.stringify(options));
    await page.selectOption('#compare-pick', 'relu-he');
    await page.waitForFunction(() => location.hash.includes('b.act=relu'), null, { timeout: 5_000 });
    await page.check('#edit-b');
    assert.equal(await page.locator('#act').inputValue(), 'relu');
    await page.evaluate(() => {
      const depth = document.querySelector('#depth');
      depth.value = '3';
      depth.dispatchEvent(new Event('input', { bubbles: true }));
      depth.dispatchEvent(new Event('change', { bubbles: true }));
    });
    await page.waitForFunction(() => location.hash.includes('b.depth=3'), null, { timeout: 5_000 });
    const state = await page.evaluate(() => window.vgp.state());
    assert.match(state.query, /^n=120&depth=5&width=8&batch=16&b\.depth=3&b\.act=relu&b\.init=he_normal$/);
    await page.waitForFunction(() => window.vgp.state().b?.epoch > 2, null, { timeout: 10_000 });
    const lockstep = await page.evaluate(() => {
      const st = window.vgp.state();
      return [st.epoch, st.b.epoch];
    });
    assert.ok(Math.abs(lockstep[0] - lockstep[1]) <= 8, `far apart: ${lockstep}`);
    await page.click('#play');
    await page.click('#compare-toggle');
    await nextFrames(page, 4);
    await assertClean(page, errors);
    await context.close();
  });

  test('an embed with b. keys shows the comparison; the phone layout stacks A and B', async () => {
    const embed = await s.open({ viewport: { width: 720, height: 900 }, query: `#${LINK}&embed=1&panels=heatmap,loss` });
    await waitForReady(embed.page, embed.errors);
    await embed.page.evaluate(() => window.vgp.train(4));
    assert.deepEqual(await canvases(embed.page, 'b'), ['heatmap']);
    await assertClean(embed.page, embed.errors);
    await embed.context.close();

    const { page, errors, context } = await s.open({ viewport: { width: 390, height: 844 }, mobile: true, query: `#${LINK}` });
    await waitForReady(page, errors);
    await page.evaluate(() => window.vgp.train(8));
    await nextFrames(page, 4);
    const boxes = await page.evaluate(() =>
      ['a', 'b'].map((r) => {
        const box = document.querySelector(`canvas[data-chart=heatmap][data-run=${r}]`).getBoundingClientRect();
        return { x: box.x, y: box.y, width: box.width };
      }),
    );
    assert.ok(boxes[1].y > boxes[0].y, `B's heatmap is not below A's: ${JSON.stringify(boxes)}`);
    assert.ok(boxes[0].width > 300, `A's heatmap is narrow on a phone: ${JSON.stringify(boxes)}`);
    assert.deepEqual((await horizontalOverflow(page)).outside, []);
    await screenshot(page, 'compare-phone');
    await assertClean(page, errors);
    await context.close();
  });
});
