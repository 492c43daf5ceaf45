// Area: share links — the page keeps its configuration in the address's fragment (replaceState, no history entries), a link opened in a fresh page reproduces the run bit for bit and equals the native `vgp run`, hostile links show a dismissible notice and run nothing, hashchange applies a pasted link, the embed keys (embed, panels, theme) shape the page, and Copy link gives the full address.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ROOT,
  VIEWPORTS,
  assertClean,
  exportRun,
  session,
  setControls,
  useSmallRun,
  waitForEpoch,
  waitForReady,
  stepEpochs,
} from './helpers.mjs';

/** The page's fragment, without '#'. */
const fragment = (page) => page.evaluate(() => location.hash.replace(/^#/, ''));


/** The native command's run of `query` for `epochs` epochs, as its vgp-run/1 JSON. */
function nativeRun(query, epochs) {
  const dir = mkdtempSync(join(tmpdir(), 'vgp-link-'));
  try {
    const file = join(dir, 'run.json');
    execFileSync('cargo', ['run', '--quiet', '--bin', 'vgp', '--', 'run', query, '--epochs', String(epochs), '--json', file], {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    return JSON.parse(readFileSync(file, 'utf8'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('share links', () => {
  let s;
  before(async () => {
    s = await session();
  });
  after(() => s?.close());

  test('the address follows every change, and a fresh page opened from it runs bit for bit the same, as `vgp run` does', async () => {
    const { page, errors } = await s.open({ viewport: VIEWPORTS.desktop });
    await waitForReady(page, errors);
    assert.equal(await fragment(page), '', 'the default page has no fragment');
    const historyLength = await page.evaluate(() => history.length);
    await useSmallRun(page, { act: 'tanh', seed: '5' });
    await setControls(page, { lr: '0.3' });
    const link = await fragment(page);
    assert.equal(link, 'n=100&depth=3&width=8&act=tanh&lr=0.3&seed=5');
    assert.equal(await page.evaluate(() => history.length), historyLength, 'changes added history entries');
    await stepEpochs(page, 10);
    const here = await exportRun(page);
    await assertClean(page, errors);

    const fresh = await s.open({ viewport: VIEWPORTS.desktop, query: `#${link}` });
    await waitForReady(fresh.page, fresh.errors);
    assert.ok(await fresh.page.locator('#notice').isHidden(), 'a clean link shows a notice');
    assert.equal(await fresh.page.inputValue('#act'), 'tanh', 'the form shows the link');
    await stepEpochs(fresh.page, 10);
    const there = await exportRun(fresh.page);
    assert.equal(there.query, here.query);
    const native = nativeRun(link, 10);
    for (let e = 0; e <= 10; e++) {
      // JSON prints each f32 in its shortest exact form: equal text is equal bits.
      const want = JSON.stringify(native.epochs[e].grad_norm);
      assert.equal(JSON.stringify(here.epochs[e].grad_norm), want, `epoch ${e}: page vs vgp run`);
      assert.equal(JSON.stringify(there.epochs[e].grad_norm), want, `epoch ${e}: opened link vs vgp run`);
    }
    assert.equal(JSON.stringify(there.final), JSON.stringify(native.final));
    await assertClean(fresh.page, fresh.errors);
    await fresh.context.close();

    // A link pasted into the address bar (hashchange) is applied at once.
    await page.evaluate(() => {
      location.hash = 'depth=2&width=5&act=relu&n=50';
    });
    await waitForEpoch(page, '=', 0, 5_000);
    await page.waitForFunction(() => document.querySelector('#act').value === 'relu');
    assert.equal((await exportRun(page)).query, 'n=50&depth=2&width=5&act=relu');
    await assertClean(page, errors);
    await page.context().close();
  });

  test('hostile links: a notice names what was rejected, nothing runs, the rest applies and trains', async () => {
    const junk = 'x'.repeat(10_000);
    const hostile = [
      `depth=3&act=<img src=x onerror="window.pwned=1">&width=6`,
      `depth=3&panels=<script>window.pwned=1</script>,loss&width=6`,
      `depth=3&width=6&lr=1e999&n=-5&noise=NaN&scale=99999999999999999999`,
      `depth=3&width=6&depth=9&act=%ZZ&frame=%FF`,
      `depth=3&width=6&${junk}`,
      `depth=3&width=6&panels=radar,heatmap&v=7`,
    ];
    for (const link of hostile) {
      const { page, errors, context } = await s.open({ viewport: VIEWPORTS.desktop, query: `#${encodeURI(link)}` });
      await waitForReady(page, errors);
      const notice = page.locator('#notice');
      await notice.waitFor({ state: 'visible', timeout: 5_000 });
      const items = await notice.locator('li').allTextContents();
      assert.ok(items.length >= 1, `${link.slice(0, 60)}: no items`);
      assert.equal(await page.evaluate(() => window.pwned), undefined, `${link.slice(0, 60)}: script ran`);
      assert.equal(await notice.locator('img, script').count(), 0, 'markup from the link in the notice');
      // The valid parts applied: depth 3, width 6.
      const run = await exportRun(page);
      assert.match(run.query, /depth=3/, run.query);
      assert.match(run.query, /width=6/, run.query);
      await stepEpochs(page, 1);
      // Dismiss hides the notice.
      await notice.locator('button.dismiss').click();
      await notice.waitFor({ state: 'hidden', timeout: 2_000 });
      assert.deepEqual(errors.page, [], link.slice(0, 60));
      await assertClean(page, errors);
      await context.close();
    }
  });

  test('the Content-Security-Policy runs the page script and wasm, and no other inline script or eval', async () => {
    const { page, errors, context } = await s.open({ viewport: VIEWPORTS.desktop });
    await waitForReady(page, errors);
    const policy = await page.evaluate(
      () => document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.content ?? '',
    );
    assert.match(policy, /script-src 'self' 'wasm-unsafe-eval' 'sha256-/, policy);
    assert.doesNotMatch(policy, /unsafe-inline'[^;]*;.*script|script-src[^;]*unsafe-inline/, policy);
    // eval is not allowed ('wasm-unsafe-eval' allows compiling wasm only); code a test
    // evaluates runs outside the policy, so this is checked on the policy itself.
    assert.doesNotMatch(policy, /'unsafe-eval'/, policy);
    const injected = await page.evaluate(() => {
      const tag = document.createElement('script');
      tag.textContent = 'window.injected = 1';
      document.body.append(tag);
      return window.injected;
    });
    assert.equal(injected, undefined, 'an inserted inline script ran');
    // The blocked script is reported as a console error: expected here, not a page fault.
    errors.console.length = 0;
    await stepEpochs(page, 1);
    await assertClean(page, errors);
    await context.close();
  });

  test('embed=1 with panels= shows exactly those charts, in the compact layout, and leaves the address alone', async () => {
    const link = 'depth=4&width=6&n=100&embed=1&panels=heatmap,loss&theme=dark';
    const { page, errors, context } = await s.open({ viewport: { width: 480, height: 700 }, query: `#${link}` });
    await waitForReady(page, errors);
    const visible = async (sel) => page.locator(sel).isVisible();
    for (const chart of ['heatmap', 'loss']) assert.ok(await visible(`#chart-${chart}`), `${chart} hidden`);
    for (const chart of ['profile', 'weights', 'updates', 'boundary', 'health', 'distributions']) {
      assert.ok(!(await visible(`#chart-${chart}`)), `${chart} shown`);
    }
    // The page's name stays for screen readers (its h1), in a 1 px box nobody sees.
    const header = await page.locator('.top').boundingBox();
    assert.ok(header && header.width <= 1 && header.height <= 1, `the page header shows in an embed: ${JSON.stringify(header)}`);
    assert.equal(await page.locator('.top h1').textContent(), 'Vanishing Gradient Playground');
    assert.ok(await visible('#play'), 'the run bar is kept');
    assert.ok(!(await visible('#depth')), 'settings show in an embed without controls=');
    assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark');
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    assert.equal(background, 'rgb(13, 17, 23)', 'theme=dark');
    await stepEpochs(page, 2);
    assert.equal(await fragment(page), link, 'an embed rewrote its address');
    // controls= keeps the named controls.
    await page.evaluate(() => {
      location.hash = 'depth=4&width=6&n=100&embed=1&controls=run,act';
    });
    await page.locator('#act').waitFor({ state: 'visible', timeout: 5_000 });
    assert.ok(!(await visible('#depth')), 'depth shows although controls= does not name it');
    await assertClean(page, errors);
    await context.close();
  });

  test('Copy link gives the page address with the configuration', async () => {
    const { page, errors, context } = await s.open({ viewport: VIEWPORTS.desktop });
    await waitForReady(page, errors);
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: s.url.replace(/\/$/, '') });
    await useSmallRun(page);
    await page.click('#copy-link');
    const want = await page.evaluate(() => location.href);
    assert.match(want, /#n=100&depth=3&width=8$/);
    // Headless Chromium may refuse the clipboard: then the link is shown to copy by hand.
    await page.waitForFunction(
      () => document.querySelector('#status').textContent === 'Link copied.' || document.querySelector('#notice .link-field'),
      null,
      { timeout: 5_000 },
    );
    const field = page.locator('#notice .link-field');
    if (await field.count()) {
      assert.equal(await field.inputValue(), want);
    } else {
      assert.equal(await page.evaluate(() => navigator.clipboard.readText()), want);
    }
    await assertClean(page, errors);
    await context.close();
  });
});
