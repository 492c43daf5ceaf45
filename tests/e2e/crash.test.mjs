// Area: the crash guard (www/guard.js). A WebAssembly trap, forced through the test
// build's `forceTrap` (the `crash-test` feature, built into target/dist-crash by
// `scripts/test.sh build`; the served page has no such export), shows the banner with
// Restart, rejects the API's pending calls with code `crashed` and throws it from later
// ones, answers a parent page's pending and later requests with `crashed`, tells the
// parent (`event: "error"`), and Restart starts a fresh page at the run's link.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, describeErrors, session, startStaticServer, waitForReady } from './helpers.mjs';

const CRASH_DIST = process.env.VGP_CRASH_DIST ?? join(ROOT, 'target', 'dist-crash');
const SMALL = 'depth=3&width=6&n=100&act=tanh';

/** The forced trap's own report (the uncaught RuntimeError, and a panic's console
 * message) is what these tests cause: anything else seen is a failure. */
function unexpected(errors) {
  errors.page = errors.page.filter((e) => !/RuntimeError: unreachable/.test(e));
  errors.console = errors.console.filter((e) => !/a panic forced by the crash test|RuntimeError: unreachable/.test(e));
  return describeErrors(errors);
}

/** `window.vgp[method](...params)`'s failure as {code, message}, or 'no error'. */
const failure = (page, method, ...params) =>
  page.evaluate(
    async ([m, p]) => {
      try {
        await window.vgp[m](...p);
        return 'no error';
      } catch (e) {
        return { code: e.code, message: e.message };
      }
    },
    [method, params],
  );

describe('the crash guard', () => {
  let s, served, dir, parentServer;
  before(async () => {
    assert.ok(existsSync(join(CRASH_DIST, 'index.html')), `${CRASH_DIST} not built: scripts/test.sh build builds it`);
    s = await session({ dir: CRASH_DIST });
    served = await session();
    dir = mkdtempSync(join(tmpdir(), 'vgp-crash-'));
  });
  after(async () => {
    await s?.close();
    await served?.close();
    await parentServer?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('the page that is served has no way to force a trap', async () => {
    const { page, errors, context } = await served.open({ query: `#${SMALL}` });
    await waitForReady(page, errors);
    assert.equal(await page.evaluate(() => typeof window.wasmBindings.forceTrap), 'undefined');
    assert.equal(await page.evaluate(() => typeof window.vgpGuard), 'object', 'the guard is loaded');
    await context.close();
  });

  test('a trap in a frame: banner, pending and later calls fail with crashed, Restart trains again at the run link', async () => {
    const { page, errors, context } = await s.open({ query: `#${SMALL}` });
    await waitForReady(page, errors);
    // The run's link changes after load (a notes page's button would do this).
    await page.evaluate(() => window.vgp.setConfig('depth=4&width=5&n=100&act=relu&init=he_normal'));
    await page.evaluate(() => window.vgp.train(2));
    await page.evaluate(() => {
      window.__pending = window.vgp.train(10_000_000).then(
        () => 'resolved',
        (e) => ({ code: e.code, message: e.message }),
      );
      window.wasmBindings.forceTrap('frame');
    });
    await page.waitForFunction(() => document.body.dataset.crashed === '1', null, { timeout: 10_000 });
    const pending = await page.evaluate(() => window.__pending);
    assert.equal(pending.code, 'crashed', JSON.stringify(pending));
    assert.match(pending.message, /RuntimeError: unreachable/);
    assert.equal((await failure(page, 'state')).code, 'crashed');
    assert.equal((await failure(page, 'train', 1)).code, 'crashed');
    assert.equal((await failure(page, 'play')).code, 'crashed');
    const banner = page.locator('#error-banner');
    assert.ok(await banner.isVisible());
    assert.match(await banner.textContent(), /stopped after an internal error \(RuntimeError: unreachable\)/);
    // Nothing calls into the module any more: a click on Play does not reach it.
    await page.click('#play', { force: true });
    assert.equal(unexpected(errors), '', 'no further errors once cut off');

    await Promise.all([page.waitForEvent('load'), page.click('#restart')]);
    await waitForReady(page, errors);
    const state = await page.evaluate(() => window.vgp.state());
    assert.match(state.query, /depth=4/, `restarted at the run's link: ${state.query}`);
    assert.match(state.query, /act=relu/);
    assert.equal(state.epoch, 0);
    assert.equal((await page.evaluate(() => window.vgp.train(2))).epoch, 2, 'the fresh page trains');
    assert.ok(await banner.isHidden());
    assert.equal(await page.evaluate(() => document.body.dataset.crashed), undefined);
    assert.equal(unexpected(errors), '');
    await context.close();
  });

  test('a panic keeps its message in the banner, with Restart', async () => {
    const { page, errors, context } = await s.open({ query: `#${SMALL}` });
    await waitForReady(page, errors);
    await page.evaluate(() => window.wasmBindings.forceTrap('panic'));
    await page.waitForFunction(() => document.body.dataset.crashed === '1', null, { timeout: 10_000 });
    const text = await page.locator('#error-banner').textContent();
    assert.match(text, /a panic forced by the crash test/);
    assert.match(text, /crash_test\.rs/);
    assert.equal(await page.locator('#error-banner #restart').count(), 1);
    const error = await failure(page, 'state');
    assert.equal(error.code, 'crashed');
    assert.match(error.message, /a panic forced by the crash test/);
    assert.equal(unexpected(errors), '');
    await context.close();
  });

  test('a parent on another origin: its pending and later requests are answered crashed, and it hears the error', async () => {
    writeFileSync(
      join(dir, 'index.html'),
      `<!doctype html><meta charset="utf-8"><title>notes</title>
      <iframe id="f" style="width:600px;height:600px" src="${s.url}#${SMALL}&embed=1&frame=fig"></iframe>
      <script>
        window.inbox = [];
        addEventListener('message', (e) => inbox.push(e.data));
        window.ask = (id, method, params = []) =>
          document.getElementById('f').contentWindow.postMessage({ vgp: 1, id, method, params }, '*');
      </script>`,
    );
    parentServer = await startStaticServer(dir, '127.0.0.2');
    const { page, errors, context } = await s.open({ url: parentServer.url });
    await page.waitForFunction(() => window.inbox.some((m) => m.event === 'ready'), null, { timeout: 30_000 });
    await page.evaluate(() => window.ask(1, 'train', [2]));
    await page.waitForFunction(() => window.inbox.some((m) => m.id === 1), null, { timeout: 10_000 });
    await page.evaluate(() => window.ask(2, 'train', [10_000_000]));
    const frame = page.frames().find((f) => f.url().includes('frame=fig'));
    await frame.evaluate(() => window.wasmBindings.forceTrap('frame'));
    await page.waitForFunction(() => window.inbox.some((m) => m.id === 2), null, { timeout: 10_000 });
    await page.evaluate(() => window.ask(3, 'state'));
    await page.waitForFunction(() => window.inbox.some((m) => m.id === 3), null, { timeout: 10_000 });
    const inbox = await page.evaluate(() => window.inbox);
    const reply = (id) => inbox.filter((m) => m.id === id);
    assert.equal(reply(1).length, 1);
    assert.equal(reply(1)[0].result.epoch, 2, 'answered before the trap');
    for (const id of [2, 3]) {
      assert.equal(reply(id).length, 1, `one answer to request ${id}`);
      assert.equal(reply(id)[0].error.code, 'crashed');
      assert.equal(reply(id)[0].frame, 'fig');
    }
    const events = inbox.filter((m) => m.event === 'error');
    assert.equal(events.length, 1);
    assert.equal(events[0].frame, 'fig');
    assert.equal(events[0].error.code, 'crashed');
    assert.equal(unexpected(errors), '');
    await context.close();
  });
});
