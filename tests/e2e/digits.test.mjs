// Area: the digits set's file (digits.bin), which the page's module leaves out and
// fetches the first time a run of `digits` starts: a visit without digits never
// downloads it; a digits link, a switch to digits, the depth sweep and the training
// worker or the page itself (no worker) each use it after one fetch; a file that cannot be had gives
// a visible message naming it; the offline file carries it inline.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DIST, ROOT, VIEWPORTS, assertClean, describeErrors, session, stepEpochs, waitForReady } from './helpers.mjs';

const DIGITS = 'data=digits&depth=2&width=16&act=relu&init=he_normal&batch=64';

/** How many times the page has fetched digits.bin. */
const fetches = (page) =>
  page.evaluate(() => performance.getEntriesByType('resource').filter((e) => e.name.endsWith('/digits.bin')).length);

/** The newest measured epoch's test accuracy, as `state()` has no metrics: the read-out's. */
const accuracy = (page) => page.evaluate(() => document.querySelector('#ro-accuracy')?.textContent ?? '');

describe('the digits set, fetched when a run needs it', () => {
  let s, dir;
  before(async () => {
    s = await session();
    dir = mkdtempSync(join(tmpdir(), 'vgp-digits-'));
  });
  after(async () => {
    await s?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('a visit without digits never downloads the file; a switch to digits fetches it once and trains', async () => {
    const { page, errors, context } = await s.open({ query: '#depth=3&width=6&n=100' });
    await waitForReady(page, errors);
    await stepEpochs(page, 2);
    assert.equal(await fetches(page), 0, 'the default run does not fetch the digits');
    await page.selectOption('#data', 'digits');
    await stepEpochs(page, 2);
    assert.equal(await fetches(page), 1);
    const state = await page.evaluate(() => window.vgp.state());
    assert.match(state.query, /data=digits/);
    assert.equal(state.epoch, 2);
    assert.match(await accuracy(page), /\d/, 'the read-out shows an accuracy on the digits');
    // Another digits run (a new seed) and a comparison reuse the file.
    await page.click('#new-seed');
    await stepEpochs(page, 1);
    await page.evaluate(() => window.vgp.setConfig(`${window.vgp.state().query}&b.act=tanh`));
    await page.evaluate(() => window.vgp.train(2));
    assert.equal(await fetches(page), 1, 'fetched once per page');
    // The depth sweep's own worker gets the same file, not a second fetch.
    await page.click('#sweep-run');
    await page.waitForFunction(() => /Measured .* in \d+ ms/.test(document.querySelector('#sweep-status').textContent), null, {
      timeout: 120_000,
      polling: 100,
    });
    assert.equal(await fetches(page), 1, 'the sweep reuses the fetched file');
    await assertClean(page, errors);
    await context.close();
  });

  test('a digits link trains in the worker and on the page alike, to the same numbers', async () => {
    const worker = await s.open({ query: `#${DIGITS}` });
    await waitForReady(worker.page, worker.errors);
    await worker.page.evaluate(() => window.vgp.train(3));
    const fromWorker = await worker.page.evaluate(() => window.vgp.run());
    assert.equal(await worker.page.evaluate(() => document.body.dataset.engine), 'worker');
    assert.equal(await fetches(worker.page), 1);
    await assertClean(worker.page, worker.errors);
    await worker.context.close();

    // No worker script: the page trains the run itself, after the same one fetch.
    const local = await s.open({ url: 'about:blank' });
    await local.context.route('**/worker.js', (route) => route.abort());
    await local.page.goto(`${s.url}#${DIGITS}`, { waitUntil: 'load' });
    await waitForReady(local.page, local.errors);
    await local.page.evaluate(() => window.vgp.train(3));
    assert.equal(await local.page.evaluate(() => document.body.dataset.engine), 'page');
    assert.equal(await fetches(local.page), 1);
    const onPage = await local.page.evaluate(() => window.vgp.run());
    const epochs = (run) => run.epochs.map((e) => [e.epoch, e.train_loss, e.test_loss]);
    assert.equal(epochs(fromWorker).length, 4, 'epochs 0 to 3');
    for (const run of [fromWorker, onPage]) {
      assert.equal(run.data.train.y.length + run.data.test.y.length, 1797, 'every digit');
      assert.equal(run.data.train.x[0].length, 64);
      assert.ok(epochs(run).every(([, train, test]) => Number.isFinite(train) && Number.isFinite(test)));
    }
    assert.ok(epochs(fromWorker)[3][1] < epochs(fromWorker)[0][1], 'the training loss falls');
    assert.deepEqual(epochs(onPage), epochs(fromWorker), 'the page and the worker train the same digits');
    // The worker script this test blocked is the only problem seen (a worker that
    // cannot load used to throw in the page's fallback instead).
    local.errors.network = local.errors.network.filter((e) => !/worker\.js: net::ERR_FAILED|worker\.js: net::ERR_ABORTED/.test(e));
    assert.equal(describeErrors(local.errors), '');
    await local.context.close();
  });

  test('when the file cannot be had, the page says so and names it', async () => {
    const { page, errors, context } = await s.open({ url: 'about:blank' });
    await context.route('**/digits.bin', (route) => route.fulfill({ status: 404, body: 'gone' }));
    await page.goto(`${s.url}#${DIGITS}`, { waitUntil: 'load' });
    await waitForReady(page, errors);
    await page.waitForFunction(() => /digits\.bin could not be loaded: HTTP 404/.test(document.body.innerText), null, {
      timeout: 10_000,
    });
    assert.equal(await page.evaluate(() => window.vgp.state().epoch), 0, 'nothing trained on missing data');
    // The page still works: another dataset trains.
    await page.selectOption('#data', 'circle');
    await stepEpochs(page, 1);
    // The expected 404 is the only problem seen.
    errors.network = errors.network.filter((e) => !/digits\.bin: HTTP 404/.test(e));
    errors.console = errors.console.filter((e) => !/digits\.bin|404/.test(e));
    assert.equal(describeErrors(errors), '');
    await context.close();
  });

  test('the offline file carries the digits inline and trains on them without a fetch', async () => {
    const file = join(dir, 'playground.html');
    execFileSync('node', [join(ROOT, 'scripts', 'offline.mjs'), DIST, file], { stdio: 'ignore' });
    const { page, errors, context } = await s.open({ viewport: VIEWPORTS.desktop, url: `${pathToFileURL(file).href}#${DIGITS}` });
    await waitForReady(page, errors);
    await stepEpochs(page, 2);
    assert.equal(await fetches(page), 0);
    assert.match(await accuracy(page), /\d/);
    await assertClean(page, errors);
    await context.close();
  });
});
