// Area: where the page runs — the single offline file (scripts/offline.mjs) opened from file:// trains; dist/ served from a subpath trains; the page inside a sandboxed iframe (sandbox="allow-scripts", origin null) trains through postMessage and degrades Copy link quietly.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DIST, ROOT, VIEWPORTS, assertClean, describeErrors, session, startStaticServer, stepEpochs, waitForReady } from './helpers.mjs';


describe('offline file, subpaths and sandboxes', () => {
  let s, dir, rootServer, parentServer;
  before(async () => {
    s = await session();
    dir = mkdtempSync(join(tmpdir(), 'vgp-offline-'));
    rootServer = await startStaticServer(ROOT);
  });
  after(async () => {
    await s?.close();
    await rootServer?.close();
    await parentServer?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('the single offline file trains when opened from file://', async () => {
    const file = join(dir, 'playground.html');
    execFileSync('node', [join(ROOT, 'scripts', 'offline.mjs'), DIST, file], { stdio: 'ignore' });
    const url = `${pathToFileURL(file).href}#depth=3&width=6&n=100&act=tanh`;
    const { page, errors, context } = await s.open({ viewport: VIEWPORTS.desktop, url });
    await waitForReady(page, errors);
    await stepEpochs(page, 3);
    assert.equal(await page.inputValue('#act'), 'tanh', 'the link in the address applies');
    // One file has no worker script: the page trains the run itself.
    assert.equal(await page.evaluate(() => document.body.dataset.engine), 'page');
    await assertClean(page, errors);
    await context.close();
  });

  test('dist/ served from a subpath trains (relative URLs)', async () => {
    const url = `${rootServer.url}dist/index.html#depth=3&width=6&n=100`;
    const { page, errors, context } = await s.open({ viewport: VIEWPORTS.desktop, url });
    await waitForReady(page, errors);
    await stepEpochs(page, 2);
    assert.equal(await page.evaluate(() => document.body.dataset.engine), 'worker', 'the worker script is found on a subpath too');
    await assertClean(page, errors);
    await context.close();
  });

  test('inside a sandboxed iframe (origin null) it trains through messages and Copy link degrades quietly', async () => {
    writeFileSync(
      join(dir, 'index.html'),
      `<!doctype html><meta charset="utf-8"><title>sandbox</title>
      <iframe id="f" sandbox="allow-scripts" style="width:480px;height:600px" src="${s.url}#depth=3&width=6&n=100&frame=s"></iframe>
      <script>
        window.inbox = [];
        addEventListener('message', (e) => inbox.push(e.data));
        window.ask = (m) => document.getElementById('f').contentWindow.postMessage(m, '*');
      </script>`,
    );
    parentServer = await startStaticServer(dir, '127.0.0.2');
    const { page, errors, context } = await s.open({ viewport: VIEWPORTS.desktop, url: parentServer.url });
    await page.waitForFunction(() => inbox.some((m) => m && m.event === 'ready'), null, { timeout: 20_000 });
    await page.evaluate(() => ask({ vgp: 1, id: 1, method: 'train', params: [3] }));
    await page.waitForFunction(() => inbox.some((m) => m && m.id === 1), null, { timeout: 20_000 });
    const reply = await page.evaluate(() => inbox.find((m) => m && m.id === 1));
    assert.equal(reply.result.epoch, 3);
    const frame = page.frames()[1];
    await frame.click('#copy-link');
    await frame.locator('#notice .link-field').waitFor({ timeout: 5_000 });
    assert.equal(describeErrors(errors), '');
    assert.ok(await frame.locator('#error-banner').isHidden());
    // A frame without an origin may not start a worker from the page's URL: it trains itself.
    assert.equal(await frame.evaluate(() => document.body.dataset.engine), 'page');
    await context.close();
  });
});
