// Area: embedding — a parent page on another origin drives two playground iframes through postMessage (hello, setConfig, train, state, run, subscribe, resize events) and tells them apart by `frame`; malformed and learning-platform messages get no reply and change nothing; `embed.js` in examples/course-notes.html sizes the frames and its buttons drive the right frame.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, VIEWPORTS, assertClean, describeErrors, horizontalOverflow, session, startStaticServer, useSmallRun, waitForReady } from './helpers.mjs';

/** No error in the parent page or its frames (failed requests included), and no frame shows its error banner. */
async function assertFramesClean(page, errors) {
  assert.equal(describeErrors(errors), '', 'errors seen on the page or in its frames');
  for (const frame of page.frames().slice(1)) {
    assert.equal(await frame.locator('#error-banner').isHidden(), true, `error banner in ${frame.url()}`);
    assert.equal(await frame.evaluate(() => document.body.dataset.engine), 'worker', `${frame.url()} trains in a worker`);
  }
}

/**
 * Wait until the iframe `selector` of `page` is as tall as the content of its page
 * `frame` (within 2 px; the content's own box, not `scrollHeight`, which is never less
 * than the frame), and return both heights.
 */
async function fittedHeights(page, selector, frame) {
  const sizes = () =>
    Promise.all([
      page.evaluate((sel) => parseFloat(document.querySelector(sel).style.height), selector),
      frame.evaluate(() => document.documentElement.getBoundingClientRect().height),
    ]);
  let [outer, inner] = await sizes();
  for (let tries = 0; Math.abs(outer - inner) > 2 && tries < 100; tries++) {
    await page.waitForTimeout(100);
    [outer, inner] = await sizes();
  }
  assert.ok(Math.abs(outer - inner) <= 2, `${selector}: the frame is ${outer} px for ${inner} px of content`);
  return [outer, inner];
}

describe('embedding', () => {
  let s, parentServer, dir, notesServer;
  before(async () => {
    s = await session();
    // The notes live on another origin (127.0.0.2) than the playground (127.0.0.1).
    dir = mkdtempSync(join(tmpdir(), 'vgp-parent-'));
    const frame = (name, link) =>
      `<iframe id="${name}" style="width:480px;height:400px" src="${s.url}#${link}&embed=1&frame=${name}"></iframe>`;
    writeFileSync(
      join(dir, 'index.html'),
      `<!doctype html><meta charset="utf-8"><title>notes</title>
      ${frame('a', 'depth=3&width=6&n=100')}
      ${frame('b', 'depth=2&width=4&n=100&act=relu&panels=loss')}
      <script>
        window.inbox = [];
        addEventListener('message', (e) => inbox.push({ from: e.origin, data: e.data }));
        window.ask = (name, message) => document.getElementById(name).contentWindow.postMessage(message, '*');
      </script>`,
    );
    parentServer = await startStaticServer(dir, '127.0.0.2');
    notesServer = await startStaticServer(ROOT);
  });
  after(async () => {
    await s?.close();
    await parentServer?.close();
    await notesServer?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('a parent on another origin drives two frames through postMessage', async () => {
    // Opened straight at the notes: a playground opened first and left at its load event
    // would have its own wasm and worker files still loading, and leaving aborts them.
    const { page, errors, context } = await s.open({ viewport: VIEWPORTS.desktop, url: parentServer.url });
    const inbox = () => page.evaluate(() => window.inbox);
    const waitFor = (test, what, timeout = 20_000) =>
      page.waitForFunction(test, null, { timeout }).catch(() => {
        throw new Error(`timed out waiting for ${what}`);
      });
    // Both frames announce themselves, each with its name.
    await waitFor(() => ['a', 'b'].every((f) => inbox.some((m) => m.data.event === 'ready' && m.data.frame === f)), 'ready');
    const reply = async (frame, id) => {
      await page.waitForFunction(
        ([f, i]) => inbox.some((m) => m.data.id === i && m.data.frame === f),
        [frame, id],
        { timeout: 30_000 },
      );
      return (await inbox()).find((m) => m.data.id === id && m.data.frame === frame);
    };
    const ask = (frame, message) => page.evaluate(([f, m]) => window.ask(f, m), [frame, message]);

    await ask('a', { vgp: 1, id: 1, method: 'hello' });
    const hello = await reply('a', 1);
    assert.equal(hello.data.result, true);
    assert.equal(hello.from, s.url.replace(/\/$/, ''), 'replies come from the frame');

    await ask('a', { vgp: 1, id: 2, method: 'setConfig', params: ['depth=4&width=5&n=100&act=tanh&radar=1'] });
    const set = (await reply('a', 2)).data.result;
    assert.equal(set.query, 'n=100&depth=4&width=5&act=tanh&embed=1&frame=a');
    assert.equal(set.warnings.length, 1);
    assert.match(set.warnings[0], /radar/);

    await ask('a', { vgp: 1, id: 3, method: 'subscribe' });
    await reply('a', 3);
    await ask('a', { vgp: 1, id: 4, method: 'train', params: [5] });
    const trained = (await reply('a', 4)).data.result;
    assert.deepEqual(
      { epoch: trained.epoch, running: trained.running, diverged: trained.diverged },
      { epoch: 5, running: false, diverged: false },
    );
    await ask('a', { vgp: 1, id: 5, method: 'state' });
    assert.equal((await reply('a', 5)).data.result.epoch, 5, 'the frame stays paused after train');
    await ask('a', { vgp: 1, id: 6, method: 'run' });
    const run = (await reply('a', 6)).data.result;
    assert.equal(run.format, 'vgp-run/1');
    assert.equal(run.epochs.length, 6);
    assert.equal(run.layers.length, 5);
    // The newest epoch always reaches the subscriber (throttled to a few per second).
    await waitFor(
      () => inbox.filter((m) => m.data.event === 'epoch' && m.data.frame === 'a').at(-1)?.data.state.epoch === 5,
      'the epoch event of epoch 5',
    );
    assert.ok((await inbox()).some((m) => m.data.event === 'resize' && m.data.frame === 'a' && m.data.height > 100));

    // Errors: an unknown method and bad parameters.
    await ask('a', { vgp: 1, id: 7, method: 'explode' });
    assert.equal((await reply('a', 7)).data.error.code, 'unknown_method');
    await ask('a', { vgp: 1, id: 8, method: 'train', params: [-3] });
    assert.equal((await reply('a', 8)).data.error.code, 'bad_params');

    // Frame b was not touched by any of it.
    await ask('b', { vgp: 1, id: 9, method: 'state' });
    const b = (await reply('b', 9)).data.result;
    assert.equal(b.epoch, 0);
    assert.equal(b.query, 'n=100&depth=2&width=4&act=relu&embed=1&panels=loss&frame=b');

    // Malformed messages and a learning platform's own messages: no reply, no change.
    const before = (await inbox()).length;
    for (const message of [
      'train',
      { method: 'train', params: [3], id: 10 },
      { vgp: 2, id: 11, method: 'train', params: [3] },
      { vgp: 1, id: 12 },
      { subject: 'lti.frameResize', height: 100 },
      { subject: 'lti.scrollToTop' },
      null,
    ]) {
      await ask('a', message);
    }
    await ask('a', { vgp: 1, id: 13, method: 'state' });
    const after = await reply('a', 13);
    assert.equal(after.data.result.epoch, 5, 'a malformed message trained the frame');
    const replies = (await inbox()).slice(before).filter((m) => m.data.id !== undefined && m.data.id !== 13);
    assert.deepEqual(replies, [], 'malformed messages were answered');
    await assertFramesClean(page, errors);
    await context.close();
  });

  test('the Embed dialog builds an iframe that shows the chosen charts and autoplays only while on screen', async () => {
    const { page, errors, context } = await s.open({ viewport: VIEWPORTS.desktop });
    await waitForReady(page, errors);
    await useSmallRun(page);
    await page.click('#embed-open');
    await page.locator('#embed-dialog').waitFor({ state: 'visible' });
    await page.uncheck('input[name=embed-panel][value=loss]');
    await page.check('input[name=embed-panel][value=profile]');
    await page.check('#embed-autoplay');
    await page.fill('#embed-height', '900');
    const code = await page.inputValue('#embed-code');
    assert.match(
      code,
      /^<iframe src="http:\/\/127\.0\.0\.1:\d+\/#n=100&amp;depth=3&amp;width=8&amp;embed=1&amp;panels=heatmap,profile&amp;autoplay=1&amp;frame=figure-1" data-vgp-frame="figure-1"/,
      code,
    );
    assert.match(code, /height:900px/);
    assert.match(code, /<script src="http:\/\/127\.0\.0\.1:\d+\/embed\.js"><\/script>$/);
    await page.click('#embed-close');
    await assertClean(page, errors);
    await context.close();

    // The snippet, pasted into notes on another origin, below a screenful of text.
    writeFileSync(
      join(dir, 'notes.html'),
      `<!doctype html><meta charset="utf-8"><title>notes</title>${code}<div style="height:3000px">more notes</div>`,
    );
    const notes = await s.open({ viewport: VIEWPORTS.desktop, url: `${parentServer.url}notes.html` });
    const frame = notes.page.frameLocator('iframe');
    await frame.locator('body[data-ready="1"]').waitFor({ timeout: 30_000 });
    // embed.js finds the frame by its name and sizes it to its content: the typed 900 px
    // is only the height until the frame reports its own (a frame shrinks too).
    const [, contentHeight] = await fittedHeights(notes.page, 'iframe', notes.page.frames()[1]);
    assert.ok(contentHeight < 880, `the content (${contentHeight} px) is shorter than the typed 900 px: the frame shrank`);
    assert.ok(await frame.locator('#chart-heatmap').isVisible());
    assert.ok(await frame.locator('#chart-profile').isVisible());
    assert.ok(!(await frame.locator('#chart-loss').isVisible()), 'an unchosen chart shows');
    // Autoplay: it trains while visible...
    await frame.locator('#play[aria-pressed="true"]').waitFor({ timeout: 10_000 });
    await notes.page
      .frames()[1]
      .waitForFunction(() => Number(document.querySelector('#epoch').textContent) > 3, null, { timeout: 20_000 });
    // ...pauses once scrolled out of view, and resumes when it comes back.
    await notes.page.evaluate(() => window.scrollTo(0, 2500));
    await frame.locator('#play[aria-pressed="false"]').waitFor({ timeout: 10_000 });
    await notes.page.evaluate(() => window.scrollTo(0, 0));
    await frame.locator('#play[aria-pressed="true"]').waitFor({ timeout: 10_000 });
    assert.equal(describeErrors(notes.errors), '');
    await notes.context.close();
  });

  test('window.vgp drives the page it is on', async () => {
    const { page, errors, context } = await s.open({ viewport: VIEWPORTS.desktop, query: '#depth=3&width=6&n=100' });
    await waitForReady(page, errors);
    const result = await page.evaluate(async () => {
      const api = await window.vgp.ready;
      const set = api.setConfig('depth=2&width=4&n=100&act=relu&bogus=1');
      const seen = [];
      const unsubscribe = api.subscribe((state) => seen.push(state.epoch));
      const trained = await api.train(4);
      unsubscribe();
      const after = seen.length;
      await api.train(2);
      let error = null;
      try {
        api.train(-1);
      } catch (e) {
        error = e.code;
      }
      return { set, trained, seen, after, seenLater: seen.length, state: api.state(), run: (await api.run()).epochs.length, error };
    });
    assert.equal(result.set.query, 'n=100&depth=2&width=4&act=relu');
    assert.equal(result.set.warnings.length, 1);
    assert.deepEqual(
      { epoch: result.trained.epoch, running: result.trained.running },
      { epoch: 4, running: false },
    );
    assert.equal(result.seen.at(-1), 4, `subscriber saw ${result.seen}`);
    assert.equal(result.seenLater, result.after, 'the subscriber was called after unsubscribing');
    assert.equal(result.state.epoch, 6);
    assert.equal(result.run, 7);
    assert.equal(result.error, 'bad_params');
    await assertClean(page, errors);
    await context.close();
  });

  test('with parent= in the link, messages from any other origin are ignored', async () => {
    writeFileSync(
      join(dir, 'strict.html'),
      `<!doctype html><meta charset="utf-8"><title>strict</title>
      <iframe id="f" src="${s.url}#depth=2&width=4&n=100&embed=1&parent=https://notes.example"></iframe>
      <script>window.inbox = []; addEventListener('message', (e) => inbox.push(e.data));</script>`,
    );
    const { page, errors, context } = await s.open({ viewport: VIEWPORTS.desktop, url: `${parentServer.url}strict.html` });
    await page.frameLocator('#f').locator('body[data-ready="1"]').waitFor({ timeout: 30_000 });
    await page.evaluate(() => document.getElementById('f').contentWindow.postMessage({ vgp: 1, id: 1, method: 'train', params: [3] }, '*'));
    await page.evaluate(() => document.getElementById('f').contentWindow.postMessage({ vgp: 1, id: 2, method: 'state' }, '*'));
    // The frame's own clock: a few frames later there is still no reply, and no training.
    await page.frames()[1].evaluate(
      () => new Promise((ok) => { let n = 20; const tick = () => (--n ? requestAnimationFrame(tick) : ok()); tick(); }),
    );
    assert.deepEqual(await page.evaluate(() => inbox.filter((m) => m && m.id)), []);
    assert.equal(await page.frameLocator('#f').locator('#epoch').textContent(), '0');
    assert.equal(describeErrors(errors), '');
    await context.close();
  });

  test('an embed fits a 320 px wide frame', async () => {
    const { page, errors, context } = await s.open({
      viewport: { width: 320, height: 600 },
      query: '#depth=4&width=6&n=100&embed=1&controls=run,act,depth',
    });
    await waitForReady(page, errors);
    const o = await horizontalOverflow(page);
    assert.ok(o.scrollWidth <= o.clientWidth, `scrollWidth ${o.scrollWidth} > ${o.clientWidth}`);
    assert.deepEqual(o.outside, []);
    await assertClean(page, errors);
    await context.close();
  });

  test('embed.js in the example course notes sizes the frames and its buttons drive the right one', async () => {
    const { page, errors, context } = await s.open({ viewport: VIEWPORTS.desktop, url: `${notesServer.url}examples/course-notes.html` });
    const frameOf = (name) => page.frameLocator(`iframe[data-vgp-frame="${name}"]`);
    await frameOf('sigmoid').locator('body[data-ready="1"]').waitFor({ timeout: 30_000 });
    await frameOf('relu').locator('body[data-ready="1"]').waitFor({ timeout: 30_000 });
    // Sized from the frames' resize events (the markup says 520 px).
    await page.waitForFunction(
      () => [...document.querySelectorAll('iframe')].every((f) => f.style.height && f.style.height !== '520px'),
      null,
      { timeout: 10_000 },
    );
    const heights = await page.evaluate(() =>
      [...document.querySelectorAll('iframe')].map((f) => [f.getBoundingClientRect().height, f.contentDocument.documentElement.scrollHeight]),
    );
    for (const [shown, content] of heights) assert.ok(Math.abs(shown - content) <= 2, `frame ${shown} px for ${content} px of content`);
    // "Residual connections" changes the left frame only.
    await page.click('button:has-text("Residual connections")');
    await frameOf('sigmoid').locator('#res:checked').waitFor({ state: 'attached', timeout: 10_000 });
    assert.equal(await frameOf('relu').locator('#res').isChecked(), false);
    assert.equal(await frameOf('relu').locator('#act').inputValue(), 'relu');
    // "Train the ReLU network" trains 50 epochs in the right frame only.
    await page.click('button:has-text("Train the ReLU network")');
    await frameOf('relu').locator('#epoch:text("50")').waitFor({ timeout: 60_000 });
    assert.equal(await frameOf('sigmoid').locator('#epoch').textContent(), '0');
    await assertFramesClean(page, errors);
    await context.close();
  });

  test('embed.js drives a sandboxed frame, rejects calls that get no answer, and a host without CORS gets a visible error', async () => {
    const plain = await startStaticServer(undefined, '127.0.0.3', { cors: false });
    try {
      const link = 'depth=3&width=6&n=100&embed=1';
      writeFileSync(
        join(dir, 'sandboxed.html'),
        `<!doctype html><meta charset="utf-8"><title>notes</title>
        <iframe data-vgp-frame="sb" sandbox="allow-scripts" style="width:480px;height:300px" src="${s.url}#${link}&frame=sb"></iframe>
        <iframe data-vgp-frame="plain" sandbox="allow-scripts" style="width:480px;height:300px" src="${plain.url}#${link}&frame=plain"></iframe>
        <iframe data-vgp-frame="nothing" style="width:480px;height:100px" src="${parentServer.url}index.html?not-a-playground"></iframe>
        <script src="${s.url}embed.js"></script>
        <script>
          window.heard = [];
          vgpEmbed.frame('plain').on('error', (e) => heard.push(e));
          // Asked before the frame can have said anything: rejected with the frame's reason.
          window.early = vgpEmbed.frame('plain').call('state').then(() => 'answered', (e) => e.code);
        </script>`,
      );
      const notes = await s.open({ viewport: VIEWPORTS.desktop, url: `${parentServer.url}sandboxed.html` });
      // The sandboxed frame (origin null) served with CORS: driven like any other.
      const state = await notes.page.evaluate(() => vgpEmbed.frame('sb').call('train', 2));
      assert.equal(state.epoch, 2);
      // A frame that is no playground never answers: the call rejects, with a code.
      const never = await notes.page.evaluate(async () => {
        vgpEmbed.timeout = 1500;
        try {
          await vgpEmbed.frame('nothing').call('state');
          return 'answered';
        } catch (e) {
          return e.code;
        }
      });
      assert.equal(never, 'not_ready');
      // Served without the CORS header, the sandboxed frame cannot load its module: it
      // says so, and the notes hear it.
      const plainFrame = notes.page.frames().find((f) => f.url().includes('frame=plain'));
      await plainFrame.waitForFunction(() => /could not start/.test(document.getElementById('error-banner').textContent), null, {
        timeout: 15_000,
      });
      assert.match(await plainFrame.locator('#error-banner').textContent(), /Access-Control-Allow-Origin/);
      await notes.page.waitForFunction(() => window.heard.length > 0, null, { timeout: 10_000 });
      assert.equal((await notes.page.evaluate(() => window.heard))[0].code, 'load_failed');
      assert.equal(await notes.page.evaluate(() => window.early), 'load_failed', 'a call pending when the frame reported it could not start');
      // The module blocked by CORS is the failure this part of the test causes.
      notes.errors.console = notes.errors.console.filter((e) => !/CORS|Access-Control-Allow-Origin|net::ERR_FAILED/.test(e));
      notes.errors.network = notes.errors.network.filter((e) => !e.startsWith(plain.url));
      assert.equal(describeErrors(notes.errors), '');
      await notes.context.close();
    } finally {
      await plain.close();
    }
  });

  test('controls= is an allow-list: none shows no button, select or input; each name shows its part alone', async () => {
    const base = 'depth=3&width=6&n=100&embed=1';
    const { page, errors, context } = await s.open({ viewport: VIEWPORTS.desktop, query: `#${base}&controls=none` });
    await waitForReady(page, errors);
    /** The ids (or tag names) of every control a reader can see and reach. */
    const visibleControls = () =>
      page.evaluate(() =>
        [...document.querySelectorAll('button, select, input, textarea, summary')]
          .filter((e) => e.checkVisibility() && !e.closest('dialog'))
          .map((e) => e.id || e.getAttribute('name') || e.className || e.tagName),
      );
    assert.deepEqual(await visibleControls(), [], 'controls=none');
    assert.equal(await page.locator('#readout').isVisible(), false, 'the read-out is a part too');
    // Space does nothing without a Play button.
    await page.keyboard.press('Space');
    assert.equal(await page.evaluate(() => window.vgp.state().running), false);
    const parts = {
      play: ['play'],
      step: ['step'],
      reset: ['reset'],
      run: ['play', 'step', 'reset'],
      speed: ['speed'],
      story: ['preset'],
      compare: ['compare-toggle'],
      link: ['copy-link', 'embed-open', 'tour-open'],
      export: ['export-csv', 'export-json'],
      switches: ['heatmap-relative', 'network-mode-gradient', 'network-mode-weight', 'network-mode-update', 'backprop', 'loss-log', 'weights-change', 'sweep-run'],
      png: null, // one per chart
      tables: null, // one per chart, and Listen
      act: ['act'],
    };
    for (const [name, ids] of Object.entries(parts)) {
      await page.evaluate((hash) => (location.hash = hash), `${base}&controls=${name}`);
      await page.waitForFunction((n) => !document.body.classList.contains(`hide-${n === 'run' ? 'play' : n}`) || n === 'act', name);
      const shown = await visibleControls();
      if (name === 'tables') {
        assert.ok(shown.length >= 8 && shown.every((id) => id === 'table-toggle' || id === 'listen'), `${name}: ${shown}`);
        assert.ok(shown.includes('listen'), `${name}: ${shown}`);
      } else if (ids === null) {
        assert.ok(shown.length >= 8 && shown.every((id) => id === 'png'), `${name}: ${shown}`);
      } else {
        assert.deepEqual(shown.sort(), [...ids].sort(), `controls=${name}`);
      }
    }
    // An embed with no controls= keeps the run bar's buttons and the read-out, nothing else.
    await page.evaluate((hash) => (location.hash = hash), base);
    await page.waitForFunction(() => !document.body.classList.contains('hide-step'));
    assert.deepEqual((await visibleControls()).sort(), ['play', 'reset', 'step']);
    assert.equal(await page.locator('#readout').isVisible(), true);
    await assertClean(page, errors);
    await context.close();
  });

  test('<vgp-figure> makes the named, sized iframe and exposes the calls as methods', async () => {
    writeFileSync(
      join(dir, 'figure.html'),
      `<!doctype html><meta charset="utf-8"><title>notes</title>
      <p>Text before the figure.</p>
      <vgp-figure name="chain" src="${s.url}#depth=3&width=6&n=100&panels=profile" panels="heatmap,loss" controls="run"></vgp-figure>
      <button data-vgp-frame="chain" data-vgp-set="act=relu&init=he_normal">Try ReLU</button>
      <script src="${s.url}embed.js"></script>`,
    );
    const notes = await s.open({ viewport: VIEWPORTS.desktop, url: `${parentServer.url}figure.html` });
    const src = await notes.page.evaluate(() => document.querySelector('vgp-figure iframe').src);
    assert.match(src, /#depth=3&width=6&n=100&embed=1&panels=heatmap,loss&controls=run&frame=chain$/, src);
    const state = await notes.page.evaluate(() => document.querySelector('vgp-figure').train(2));
    assert.equal(state.epoch, 2);
    await notes.page.click('button[data-vgp-frame="chain"]');
    await notes.page.waitForFunction(async () => /act=relu/.test((await document.querySelector('vgp-figure').state()).query));
    const frame = notes.page.frameLocator('vgp-figure iframe');
    assert.ok(await frame.locator('#chart-heatmap').isVisible());
    assert.ok(await frame.locator('#chart-loss').isVisible());
    assert.ok(!(await frame.locator('#chart-profile').isVisible()), "the element's panels win over the link's");
    // Sized to its content by embed.js.
    await fittedHeights(notes.page, 'vgp-figure iframe', notes.page.frames()[1]);
    assert.equal(describeErrors(notes.errors), '');
    await notes.context.close();
  });

  test('a three-figure lesson below the fold: no layout shift while the reader scrolls through it', async () => {
    const text = '<p>' + 'The chain rule multiplies one factor per layer. '.repeat(60) + '</p>';
    const figure = (name, link, height) =>
      `<iframe data-vgp-frame="${name}" src="${s.url}#${link}&embed=1&frame=${name}" title="figure ${name}" loading="lazy" style="width:100%;height:${height}px;border:0"></iframe>`;
    writeFileSync(
      join(dir, 'lesson.html'),
      `<!doctype html><meta charset="utf-8"><title>lesson</title>
      <style>body { max-width: 760px; margin: 0 auto; font: 18px/1.6 serif; }</style>
      <h1>Vanishing gradients</h1>${text}${text}
      ${figure('one', 'depth=6&width=6&n=100&panels=heatmap,loss', 560)}${text}
      ${figure('two', 'depth=6&width=6&n=100&panels=profile', 560)}${text}
      ${figure('three', 'depth=6&width=6&n=100&b.act=relu&b.init=he_normal&panels=heatmap', 560)}${text}
      <script src="${s.url}embed.js"></script>`,
    );
    const notes = await s.open({ viewport: { width: 1280, height: 800 }, url: 'about:blank' });
    await notes.page.addInitScript(() => {
      window.__shifts = [];
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.__shifts.push(entry.value);
      }).observe({ type: 'layout-shift', buffered: true });
    });
    await notes.page.goto(`${parentServer.url}lesson.html`, { waitUntil: 'load' });
    // A reader: a while on the opening text, then down the page a screen at a time.
    await notes.page.waitForTimeout(1500);
    for (let y = 0; y < 12_000; y += 600) {
      await notes.page.evaluate((top) => window.scrollTo(0, top), y);
      await notes.page.waitForTimeout(250);
    }
    const shifts = await notes.page.evaluate(() => window.__shifts);
    const cls = shifts.reduce((a, b) => a + b, 0);
    console.log(`# lesson CLS ${cls.toFixed(4)} from ${shifts.length} shifts`);
    assert.ok(cls < 0.05, `cumulative layout shift ${cls} (${shifts.length} shifts)`);
    // Every figure ended at its content's height.
    for (const name of ['one', 'two', 'three']) {
      const frame = notes.page.frames().find((f) => f.url().includes(`frame=${name}`));
      await fittedHeights(notes.page, `iframe[data-vgp-frame="${name}"]`, frame);
    }
    assert.equal(describeErrors(notes.errors), '');
    await notes.context.close();
  });

  test("the dialog's snippet has the frame's measured height: a reader who jumps to it right after load sees no shift", async () => {
    const { page, errors, context } = await s.open({ viewport: VIEWPORTS.desktop, query: '#depth=6&width=6&n=100' });
    await waitForReady(page, errors);
    await page.click('#embed-open');
    await page.locator('#embed-dialog').waitFor({ state: 'visible' });
    // The preview (760 px, a notes column) reports its height; the code takes it.
    await page.waitForFunction(() => !/height:560px/.test(document.getElementById('embed-code').value), null, { timeout: 30_000 });
    // The preview reports every change of its layout while it starts: an author copies
    // the code once it has settled (the same for a second).
    let code = await page.inputValue('#embed-code');
    for (let tries = 0; tries < 30; tries++) {
      await page.waitForTimeout(1000);
      const now = await page.inputValue('#embed-code');
      if (now === code) break;
      code = now;
    }
    const height = Number(/height:(\d+)px/.exec(code)[1]);
    assert.ok(height > 300 && height !== 560, `measured ${height} px for heatmap and loss`);
    await page.click('#embed-close');
    // The dialog's `close` event, which removes the preview, is a task of its own after
    // the click (HTML's dialog closing steps queue it): wait for it, not for the click.
    await page.locator('#embed-preview').waitFor({ state: 'detached', timeout: 5_000 });
    assert.equal(await page.locator('#embed-preview').count(), 0, 'the preview goes with the dialog');
    await assertClean(page, errors);
    await context.close();

    const text = '<p>' + 'The chain rule multiplies one factor per layer. '.repeat(80) + '</p>';
    writeFileSync(
      join(dir, 'jump.html'),
      `<!doctype html><meta charset="utf-8"><title>lesson</title>
      <style>body { width: 760px; margin: 0 auto; font: 18px/1.6 serif; }</style>
      ${text}${text}<h2 id="fig">Figure 1</h2>${code}${text}`,
    );
    const notes = await s.open({ viewport: { width: 1280, height: 800 }, url: 'about:blank' });
    await notes.page.addInitScript(() => {
      window.__shifts = [];
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.__shifts.push(entry.value);
      }).observe({ type: 'layout-shift', buffered: true });
    });
    await notes.page.goto(`${parentServer.url}jump.html#fig`, { waitUntil: 'load' });
    const frame = notes.page.frameLocator('iframe');
    await frame.locator('body[data-ready="1"]').waitFor({ timeout: 30_000 });
    await notes.page.waitForTimeout(1500);
    const shifts = await notes.page.evaluate(() => window.__shifts);
    const cls = shifts.reduce((a, b) => a + b, 0);
    console.log(`# jump CLS ${cls.toFixed(4)} from ${shifts.length} shifts`);
    assert.ok(cls < 0.05, `cumulative layout shift ${cls}`);
    const inner = await notes.page.frames()[1].evaluate(() => document.documentElement.getBoundingClientRect().height);
    assert.ok(Math.abs(inner - height) <= 2, `the frame's content is ${inner} px, the snippet said ${height}`);
    assert.equal(describeErrors(notes.errors), '');
    await notes.context.close();
  });

  test('an embed in a notes column: two charts side by side within 700 px at 760 px, A beside B from 700 px, stacked on a phone', async () => {
    const frame = (name, width, link) =>
      `<iframe data-vgp-frame="${name}" src="${s.url}#${link}&embed=1&frame=${name}" style="width:${width}px;height:400px;border:0"></iframe>`;
    writeFileSync(
      join(dir, 'columns.html'),
      `<!doctype html><meta charset="utf-8"><title>notes</title>
      ${frame('two', 760, 'depth=4&width=6&n=100&panels=heatmap,loss')}
      ${frame('ab', 700, 'depth=4&width=6&n=100&b.act=relu&b.init=he_normal&panels=heatmap')}
      ${frame('phone', 390, 'depth=4&width=6&n=100&panels=heatmap,loss')}
      <script src="${s.url}embed.js"></script>`,
    );
    const notes = await s.open({ viewport: { width: 1400, height: 2000 }, url: `${parentServer.url}columns.html` });
    const inFrame = (name) => notes.page.frames().find((f) => f.url().includes(`frame=${name}`));
    for (const name of ['two', 'ab', 'phone']) {
      await notes.page.waitForFunction((n) => document.querySelector(`iframe[data-vgp-frame="${n}"]`).style.height !== '400px', name, {
        timeout: 30_000,
      });
    }
    const height = (name) => notes.page.evaluate((n) => parseFloat(document.querySelector(`iframe[data-vgp-frame="${n}"]`).style.height), name);
    /** The top edge of each element, by selector. */
    const tops = (name, selectors) =>
      inFrame(name).evaluate((list) => list.map((sel) => Math.round(document.querySelector(sel).getBoundingClientRect().top)), selectors);
    const cards = ['#chart-heatmap', '#chart-loss'];
    assert.ok((await height('two')) <= 700, `heatmap and loss at 760 px: ${await height('two')} px`);
    const [heat, loss] = await tops('two', cards);
    assert.ok(Math.abs(heat - loss) < 40, `side by side at 760 px (tops ${heat}, ${loss})`);
    const [a, b] = await tops('ab', ['canvas[data-chart="heatmap"][data-run="a"]', 'canvas[data-chart="heatmap"][data-run="b"]']);
    assert.equal(a, b, 'A beside B at 700 px');
    const [pHeat, pLoss] = await tops('phone', cards);
    assert.ok(pLoss > pHeat + 150, `stacked at 390 px (tops ${pHeat}, ${pLoss})`);
    assert.equal(describeErrors(notes.errors), '');
    await notes.context.close();
  });
});
