// Area: the settings form — every control changes the running config (checked in the Run JSON export's `query`), rebuild-vs-live semantics via the epoch counter, optional fields shown only when relevant, New seed, and values the rules adjust (#notice naming the field, the value asked for and the value used; the control keeps the asked value, and the adjustment is undone once the limit no longer binds).

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  LIVE_KEYS,
  VIEWPORTS,
  assertClean,
  controlValue,
  exportRun,
  nextFrames,
  queryOf,
  readEpoch,
  session,
  setControls,
  stepEpochs as stepEpochsWith,
  useSmallRun,
  waitForEpoch,
  waitForPlayState,
  waitForReady,
} from './helpers.mjs';

// One non-default value per control, in the order they are set (each change
// keeps the earlier ones). `value` is what the control is set to and what the
// canonical query must then hold for `key`; `with` is set together with it
// (first, without events) when the field only shows for another choice.
const CASES = [
  { key: 'data', value: 'circle' },
  { key: 'noise', value: '0.25' },
  { key: 'n', value: '150' },
  { key: 'test', value: '0.3' },
  { key: 'depth', value: '4' },
  { key: 'width', value: '6' },
  { key: 'act', value: 'tanh' },
  { key: 'leak', value: '0.05', with: { act: 'leaky_relu' } },
  { key: 'init', value: 'he_normal' },
  { key: 'scale', value: '0.5', with: { init: 'normal' } },
  { key: 'bn', value: '1' },
  { key: 'res', value: '1' },
  { key: 'opt', value: 'adam' },
  { key: 'mom', value: '0.8', with: { opt: 'momentum' } },
  { key: 'lr', value: '0.03' },
  { key: 'clip', value: '2.5' },
  { key: 'epochs', value: '5000' },
  { key: 'batch', value: '16' },
  { key: 'seed', value: '42' },
];

describe('settings form', () => {
  let s;
  let page;
  let errors;

  before(async () => {
    s = await session();
    ({ page, errors } = await s.open({ viewport: VIEWPORTS.desktop }));
    await waitForReady(page, errors);
    await useSmallRun(page);
  });
  after(async () => {
    await s?.close();
  });

  const stepEpochs = (k) => stepEpochsWith(page, k);

  test('the default run exports an empty query but for the small-run settings', async () => {
    const run = await exportRun(page);
    assert.equal(run.format, 'vgp-run/1');
    assert.equal(run.query, 'n=100&depth=3&width=8');
  });

  /** Every trained number of an exported run's `final` (or `initial`) parameters, flat. */
  const flatParams = (layers) =>
    layers.flatMap((l) => [...l.W.flat(), ...l.b, ...(l.gamma ?? []), ...(l.beta ?? [])]);

  // What training does, not the value read back: with full-batch SGD an epoch is one
  // step p <- p - lr g, so from the same parameters a step at lr 1 is exactly ten
  // times the step at lr 0.1 (up to f32 rounding of p).
  test('a learning rate changed live scales the very next training step', async () => {
    await useSmallRun(page, { batch: 5000, lr: '0.1' });
    const stepFrom = async (lrAfter) => {
      await setControls(page, { lr: '0.1' });
      await page.click('#reset');
      await waitForEpoch(page, '=', 0, 5_000);
      await stepEpochs(2);
      const before = flatParams((await exportRun(page)).final);
      await setControls(page, { lr: lrAfter });
      await stepEpochs(1);
      const after = flatParams((await exportRun(page)).final);
      return after.map((p, i) => p - before[i]);
    };
    const slow = await stepFrom('0.1');
    const fast = await stepFrom('1');
    const norm = (v) => Math.hypot(...v);
    assert.ok(norm(slow) > 1e-4, `the step at lr 0.1 is too small to compare (${norm(slow)})`);
    const ratio = norm(fast) / norm(slow);
    assert.ok(Math.abs(ratio - 10) < 0.02, `step at lr 1 / step at lr 0.1 = ${ratio}, not 10`);
    await assertClean(page, errors);
  });

  for (const { key, value, with: extra } of CASES) {
    const live = LIVE_KEYS.includes(key);
    test(`${key}=${value} reaches the run's config and ${live ? 'applies live' : 'rebuilds the run'}`, async () => {
      assert.notEqual(await controlValue(page, key), value, `${key} already holds ${value}`);
      const trained = await stepEpochs(2);
      await setControls(page, { ...extra, [key]: value });
      assert.equal(await controlValue(page, key), value, `the form no longer shows ${key}=${value}`);
      if (live) {
        // Give a (wrong) rebuild a few frames to show before checking.
        await nextFrames(page, 10);
        assert.equal(await readEpoch(page), trained, `${key} reset the epoch counter`);
      } else {
        await waitForEpoch(page, '=', 0, 5_000);
      }
      await waitForPlayState(page, false);
      const run = await exportRun(page);
      const query = queryOf(run);
      assert.equal(query.get(key), value, `query ${JSON.stringify(run.query)} lacks ${key}=${value}`);
      for (const [k, v] of Object.entries(extra ?? {})) {
        assert.equal(query.get(k), v, `query ${JSON.stringify(run.query)} lacks ${k}=${v}`);
      }
      assert.equal(run.epochs.at(-1).epoch, live ? trained : 0, 'newest recorded epoch in the export');
      await assertClean(page, errors);
    });
  }

  test('the exported config matches every control after all the changes', async () => {
    const run = await exportRun(page);
    const query = queryOf(run);
    for (const [key, value] of query) {
      assert.equal(await controlValue(page, key), value, `form shows ${key}=${await controlValue(page, key)}, run has ${value}`);
    }
    // The last value set for each key (act, init, opt were set twice).
    const last = new Map();
    for (const { key, value, with: extra } of CASES) {
      for (const [k, v] of Object.entries(extra ?? {})) last.set(k, v);
      last.set(key, value);
    }
    for (const [key, value] of last) assert.equal(query.get(key), value, `query ${run.query}: ${key}`);
  });

  test('optional fields show only when relevant (leak, scale, mom, noise/n)', async () => {
    // The page updates which fields show synchronously in its change handler.
    const expectShown = async (id, shown, when) => {
      assert.equal(await page.locator(`#${id}`).isVisible(), shown, `#${id} should be ${shown ? 'shown' : 'hidden'} ${when}`);
    };
    await setControls(page, { act: 'relu' });
    await expectShown('leak', false, 'for act=relu');
    await setControls(page, { act: 'leaky_relu' });
    await expectShown('leak', true, 'for act=leaky_relu');
    await setControls(page, { init: 'glorot_normal' });
    await expectShown('scale', false, 'for init=glorot_normal');
    await setControls(page, { init: 'uniform' });
    await expectShown('scale', true, 'for init=uniform');
    await setControls(page, { opt: 'sgd' });
    await expectShown('mom', false, 'for opt=sgd');
    await setControls(page, { opt: 'momentum' });
    await expectShown('mom', true, 'for opt=momentum');
    await setControls(page, { data: 'digits' });
    await waitForEpoch(page, '=', 0, 10_000);
    await expectShown('noise', false, 'for data=digits');
    await expectShown('n', false, 'for data=digits');
    await setControls(page, { data: 'moons' });
    await expectShown('noise', true, 'for data=moons');
    await expectShown('n', true, 'for data=moons');
    await assertClean(page, errors);
  });

  test('the range read-outs follow their inputs', async () => {
    await setControls(page, { depth: '5' });
    assert.equal((await page.locator('output[for="depth"]').textContent()).trim(), '5');
    await setControls(page, { noise: '0.33' });
    assert.equal((await page.locator('output[for="noise"]').textContent()).trim(), '0.33');
  });

  test('New seed puts a new seed in the form and rebuilds the run with it', async () => {
    const before = await controlValue(page, 'seed');
    await stepEpochs(2);
    await page.click('#new-seed');
    await waitForEpoch(page, '=', 0, 5_000);
    const after = await controlValue(page, 'seed');
    assert.match(after, /^\d+$/);
    assert.notEqual(after, before, 'New seed kept the seed');
    const run = await exportRun(page);
    assert.equal(queryOf(run).get('seed') ?? '1', after, `query ${run.query}`);
    await assertClean(page, errors);
  });

  test('a width over the parameter budget is reduced and named in #notice, and undone once the limit no longer binds', async () => {
    const notice = page.locator('#notice');
    assert.ok(await notice.isHidden(), `#notice shows before anything was adjusted: ${await notice.textContent()}`);
    // digits, depth 100, width 256 (no batch norm) needs 6,532,618 parameters;
    // the budget is 2,000,000, which width 141 fits (docs/share-links.md).
    await setControls(page, { bn: '0', width: '256', depth: '100', data: 'digits' });
    await waitForEpoch(page, '=', 0, 20_000);
    await notice.waitFor({ state: 'visible', timeout: 10_000 });
    const items = await notice.locator('li').allTextContents();
    assert.equal(items.length, 1, `#notice items: ${JSON.stringify(items)}`);
    assert.match(items[0], /^width: "256" .*141/, `#notice should name width, the value given and the one used: ${items[0]}`);
    // The control keeps what was asked for; the run uses the reduced width.
    assert.equal(await controlValue(page, 'width'), '256', 'the width control keeps the asked value');
    let run = await exportRun(page);
    let query = queryOf(run);
    assert.equal(query.get('width'), '141', `query ${run.query}`);
    assert.equal(query.get('depth'), '100', `query ${run.query}`);
    assert.equal(run.layers.length, 101);

    // Back to depth 10: 256 units fit again, so the run gets them and the notice goes.
    await setControls(page, { depth: '10' });
    await waitForEpoch(page, '=', 0, 10_000);
    await notice.waitFor({ state: 'hidden', timeout: 5_000 });
    run = await exportRun(page);
    query = queryOf(run);
    assert.equal(query.get('width'), '256', `the clamp stuck: query ${run.query}`);
    assert.equal(run.layers[0].outputs, 256);

    await setControls(page, { data: 'spiral', width: '8', depth: '3' });
    await waitForEpoch(page, '=', 0, 10_000);
    await assertClean(page, errors);
  });

  test('a batch over the memory budget is reduced and named in #notice, and undone with a smaller network', async () => {
    const notice = page.locator('#notice');
    // docs/share-links.md: depth=100&width=200&n=5000&batch=5000 gets width 141, then batch 297.
    await setControls(page, { n: '5000', batch: '5000', width: '200', depth: '100' });
    await waitForEpoch(page, '=', 0, 20_000);
    await notice.waitFor({ state: 'visible', timeout: 10_000 });
    const items = await notice.locator('li').allTextContents();
    assert.ok(items.some((t) => t.startsWith('batch:') && t.includes('297')), `#notice items: ${JSON.stringify(items)}`);
    assert.ok(items.some((t) => t.startsWith('width:') && t.includes('141')), `#notice items: ${JSON.stringify(items)}`);
    assert.equal(await controlValue(page, 'batch'), '5000', 'the batch select keeps the asked value');
    const run = await exportRun(page);
    assert.equal(queryOf(run).get('batch'), '297', `query ${run.query}`);
    await setControls(page, { n: '100', batch: '32', width: '8', depth: '3' });
    await waitForEpoch(page, '=', 0, 10_000);
    await notice.waitFor({ state: 'hidden', timeout: 5_000 });
    await assertClean(page, errors);
  });
});
