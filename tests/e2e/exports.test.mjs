// Area: the downloads — Metrics CSV (header + numeric rows, one per recorded epoch, the tracked weights last), Run JSON (vgp-run/1 with an epochs array that matches the CSV and the counter, tracked weights included), and the PNG of every chart (PNG signature, size of the canvas).

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CHARTS,
  VIEWPORTS,
  assertClean,
  download,
  exportRun,
  readEpoch,
  session,
  useSmallRun,
  waitForEpoch,
  waitForPlayState,
  waitForReady,
  waitForSettled,
} from './helpers.mjs';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const DEPTH = 3;

describe('exports', () => {
  let s;
  let page;
  let errors;
  let epoch;

  before(async () => {
    s = await session();
    ({ page, errors } = await s.open({ viewport: VIEWPORTS.desktop }));
    await waitForReady(page, errors);
    await useSmallRun(page, { depth: DEPTH });
    await page.click('#play');
    await waitForPlayState(page, true);
    await waitForEpoch(page, '>', 10, 30_000);
    await page.click('#play');
    await waitForPlayState(page, false);
    // The epochs the worker was already training arrive after the pause.
    await waitForSettled(page);
    epoch = await readEpoch(page);
  });
  after(async () => {
    await s?.close();
  });

  let csvRows;
  let csvColumns;

  test('Metrics CSV: header and one numeric row per recorded epoch', async () => {
    const { name, bytes } = await download(page, () => page.click('#export-csv'));
    assert.equal(name, 'vgp-metrics.csv');
    const text = bytes.toString('utf8');
    assert.ok(text.endsWith('\n'), 'CSV does not end with a newline');
    const [header, ...rows] = text.trimEnd().split('\n');
    const columns = header.split(',');
    const L = DEPTH + 1;
    assert.deepEqual(columns.slice(0, 5), ['epoch', 'train_loss', 'test_loss', 'train_accuracy', 'test_accuracy']);
    // Six values per layer, then the layer's three tracked weights' values.
    assert.equal(columns.length, 5 + 6 * L + 3 * L, `header: ${header}`);
    for (const prefix of ['grad_norm', 'act_grad_norm', 'weight_norm', 'update_ratio', 'dead_fraction', 'saturation']) {
      for (let l = 1; l <= L; l++) assert.ok(columns.includes(`${prefix}_${l}`), `header lacks ${prefix}_${l}`);
    }
    for (let l = 1; l <= L; l++) {
      for (let k = 1; k <= 3; k++) assert.ok(columns.includes(`tracked_weight_${l}_${k}`), `header lacks tracked_weight_${l}_${k}`);
    }
    assert.ok(rows.length >= 2, `only ${rows.length} rows`);
    rows.forEach((row, i) => {
      const cells = row.split(',');
      assert.equal(cells.length, columns.length, `row ${i + 1} has ${cells.length} cells: ${row}`);
      cells.forEach((cell, j) => {
        assert.match(cell, /^-?\d+(\.\d+)?$/, `row ${i + 1}, ${columns[j]}: ${JSON.stringify(cell)} is not a plain number`);
        assert.ok(Number.isFinite(Number(cell)));
      });
    });
    const epochs = rows.map((r) => Number(r.split(',')[0]));
    assert.equal(epochs[0], 0);
    assert.equal(epochs.at(-1), epoch, 'newest CSV row is not the epoch shown');
    for (let i = 1; i < epochs.length; i++) assert.ok(epochs[i] > epochs[i - 1], 'epochs not increasing');
    csvRows = rows;
    csvColumns = columns;
    await assertClean(page, errors);
  });

  test('Run JSON: format vgp-run/1, epochs array matching the CSV', async () => {
    const run = await exportRun(page);
    assert.equal(run.format, 'vgp-run/1');
    assert.equal(typeof run.query, 'string');
    assert.match(run.query, new RegExp(`(^|&)depth=${DEPTH}(&|$)`));
    assert.equal(run.task, 'binary');
    assert.equal(run.loss, 'bce');
    assert.equal(run.layers.length, DEPTH + 1);
    assert.equal(run.initial.length, DEPTH + 1);
    assert.equal(run.final.length, DEPTH + 1);
    assert.ok(Array.isArray(run.data.train.x) && run.data.train.x.length > 0);
    assert.equal(run.diverged, null);
    assert.ok(Array.isArray(run.epochs), 'epochs is not an array');
    assert.equal(run.epochs[0].epoch, 0);
    assert.equal(run.epochs.at(-1).epoch, epoch);
    if (csvRows) {
      assert.equal(run.epochs.length, csvRows.length, 'JSON epochs and CSV rows differ in number');
      assert.deepEqual(
        run.epochs.map((e) => e.epoch),
        csvRows.map((r) => Number(r.split(',')[0])),
      );
      // The tracked weights' columns hold the JSON's tracked_weights, layer by layer: the
      // same f32 values (each file writes a shortest text that reads back to the value,
      // and two such texts may differ in their last digit).
      const first = csvColumns.indexOf('tracked_weight_1_1');
      run.epochs.forEach((e, i) => {
        const cells = csvRows[i].split(',').slice(first).map((c) => Math.fround(Number(c)));
        assert.deepEqual(cells, e.tracked_weights.flat().map(Math.fround), `epoch ${e.epoch}: tracked weights`);
      });
    }
    for (const e of run.epochs) {
      assert.ok(Number.isFinite(e.train_loss), `epoch ${e.epoch} train_loss ${e.train_loss}`);
    }
    await assertClean(page, errors);
  });

  // Chromium stops a page's downloads after about ten in a row (its "multiple
  // downloads" guard); a person saves a few charts, so each group of four charts is
  // saved from a fresh page of the same small, trained run.
  let downloads = 0;
  const freshPageEvery = async (k) => {
    if (downloads > 0 && downloads % k === 0) {
      await page.context().close();
      ({ page, errors } = await s.open({ viewport: VIEWPORTS.desktop, query: '#n=100&depth=3&width=8' }));
      await waitForReady(page, errors);
      await page.click('#step');
      await waitForEpoch(page, '=', 1, 5_000);
    }
    downloads += 1;
  };

  for (const sel of CHARTS) {
    const id = sel.slice(1);
    test(`PNG of ${id}: a PNG of the canvas's size`, async () => {
      await freshPageEvery(4);
      const { name, bytes } = await download(page, () => page.click(`button.png[data-canvas="${id}"]`));
      assert.equal(name, `vgp-${id.replace(/^chart-/, '')}.png`);
      assert.ok(bytes.length > 100, `only ${bytes.length} bytes`);
      assert.deepEqual(bytes.subarray(0, 8), PNG_SIGNATURE, 'no PNG signature');
      assert.equal(bytes.toString('latin1', 12, 16), 'IHDR');
      const size = await page.evaluate((s) => {
        const c = document.querySelector(s);
        return [c.width, c.height];
      }, sel);
      assert.deepEqual([bytes.readUInt32BE(16), bytes.readUInt32BE(20)], size, 'PNG size differs from the canvas');
      await assertClean(page, errors);
    });
  }
});
