// Area: the article (learn.html) — its live figures load when they come near the screen and hold their place before, show only the panels their paragraph names, train only while visible (paused under reduced motion), each of its in-text buttons changes exactly the configuration it says, captions quote the figure's own state, the prediction works by keyboard, every "open in the playground" link opens the run it names, and axe and the HTML checker find nothing.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DIST, VIEWPORTS, describeErrors, horizontalOverflow, runKeys, session, waitForReady } from './helpers.mjs';
import { axe, vnu } from './checkers.mjs';

/** The article's figure `name`: scrolled to, its frame made and answering. */
async function figure(page, name) {
  await page.evaluate((n) => document.querySelector(`figure[data-name="${n}"]`).scrollIntoView({ block: 'center' }), name);
  await page.waitForFunction((n) => document.querySelector(`figure[data-name="${n}"]`).dataset.ready === '1', name, { timeout: 30_000 });
  return {
    state: () => page.evaluate((n) => document.querySelector(`vgp-figure[name="learn-${n}"]`).state(), name),
    frame: () => page.frameLocator(`figure[data-name="${name}"] iframe`),
    caption: () => page.evaluate((n) => document.querySelector(`figure[data-name="${n}"] figcaption`).textContent.replace(/\s+/g, ' '), name),
  };
}

describe('the article', () => {
  let s;
  before(async () => {
    s = await session();
  });
  after(async () => {
    await s?.close();
  });
  const open = (opts = {}) => s.open({ url: `${s.url}learn.html`, viewport: VIEWPORTS.desktop, ...opts });

  test('loads without errors, with anchored sections, and makes no frame far from the screen', async () => {
    const { page, errors, context } = await open();
    await page.waitForFunction(() => document.querySelector('figure[data-name="problem"]').dataset.ready === '1', null, { timeout: 30_000 });
    // Every contents entry leads to a heading of the article, which links to itself.
    const anchors = await page.evaluate(() =>
      [...document.querySelectorAll('.contents a')].map((a) => {
        const id = a.getAttribute('href').slice(1);
        const target = document.getElementById(id);
        return [id, target?.tagName, target?.querySelector('a.anchor')?.getAttribute('href')];
      }),
    );
    assert.equal(anchors.length, 10);
    for (const [id, tag, self] of anchors) assert.deepEqual([tag, self], ['H2', `#${id}`], id);
    // Two screens ahead: the first figures have frames, the last ones none yet, and each
    // empty box already holds the height its frame will have.
    const frames = await page.evaluate(() =>
      [...document.querySelectorAll('figure.live')].map((f) => [f.dataset.name, !!f.querySelector('iframe'), f.querySelector('.frame-slot').getBoundingClientRect().height, Number(f.dataset.height)]),
    );
    assert.equal(frames[0][1], true, 'the first figure has its frame');
    for (const [name, made, height, reserved] of frames.slice(-4)) {
      assert.equal(made, false, `${name} has no frame yet`);
      assert.ok(height >= reserved, `${name}'s box is ${height} px before its frame (${reserved} reserved)`);
    }
    assert.equal(describeErrors(errors), '');
    await context.close();
  });

  test('each figure shows the panels its paragraph names, and its frame fits its box without moving the text after it', async () => {
    const { page, errors, context } = await open();
    const names = await page.evaluate(() => [...document.querySelectorAll('figure.live')].map((f) => [f.dataset.name, f.dataset.panels]));
    for (const [name, panels] of names) {
      await figure(page, name);
      const shown = await page
        .frameLocator(`figure[data-name="${name}"] iframe`)
        .locator('body')
        .evaluate(() =>
          [...document.querySelectorAll('canvas[id^="chart-"]')]
            .filter((c) => c.closest('figure') && !c.closest('figure').hidden && c.closest('figure').offsetParent !== null)
            .map((c) => c.id.replace(/^chart-/, '').replace(/-b$/, ''))
            .filter((id, i, all) => all.indexOf(id) === i),
        );
      const visible = new Set(shown.map((id) => id.split('-')[0]));
      assert.deepEqual([...visible].sort(), panels.split(',').sort(), `${name} shows ${shown}`);
      assert.equal(await page.frameLocator(`figure[data-name="${name}"] iframe`).locator('#story').isVisible(), false, `${name} shows no story card`);
      // Once its frame has its content's height, the box is that height plus its border,
      // no more and no less: what follows sits where it was reserved.
      await page.waitForTimeout(500);
      const extra = await page.evaluate((n) => {
        const f = document.querySelector(`figure[data-name="${n}"]`);
        return Math.round(f.querySelector('.frame-slot').getBoundingClientRect().height - f.querySelector('iframe').getBoundingClientRect().height);
      }, name);
      assert.ok(extra >= 0 && extra <= 3, `${name}: the box is ${extra} px taller than its frame`);
    }
    // Far behind the reader now, the first figures are set aside (no frames drawn, so no
    // CPU), their boxes keeping their heights.
    const first = await page.evaluate(() => {
      const f = document.querySelector('figure[data-name="problem"]');
      return [f.querySelector('vgp-figure').style.display, Math.round(f.querySelector('.frame-slot').getBoundingClientRect().height)];
    });
    assert.deepEqual(first, ['none', 526]);
    assert.equal(describeErrors(errors), '');
    await context.close();
  });

  test('an in-text button changes exactly the configuration it says, and the caption and link follow', async () => {
    const { page, errors, context } = await open();
    const relu = await figure(page, 'relu');
    const button = page.locator('button[data-figure="relu"]', { hasText: 'dying ReLU' });
    const said = await button.getAttribute('data-set');
    await button.click();
    await page.waitForFunction(() => /dying ReLU against Leaky ReLU: done/.test(document.getElementById('announce').textContent), null, { timeout: 30_000 });
    const state = await relu.state();
    assert.deepEqual(runKeys(state.query), runKeys(said), 'the figure runs exactly the button\'s configuration');
    assert.equal(state.b.query.includes('act=leaky_relu'), true, 'B is Leaky ReLU');
    const caption = await relu.caption();
    assert.match(caption, /ReLU at a learning rate of 0\.5 \(A\) against Leaky ReLU/);
    // The link opens that run in the playground.
    const href = await page.locator('figure[data-name="relu"] a.open').getAttribute('href');
    assert.deepEqual(runKeys(href.split('#')[1]), runKeys(said));
    const opened = await context.newPage();
    await opened.goto(new URL(href, page.url()).href);
    await waitForReady(opened, { console: [], page: [], network: [] });
    const there = await opened.evaluate(() => window.vgp.state());
    assert.deepEqual(runKeys(there.query), runKeys(said), 'the playground opens the run the link names');
    assert.equal(there.b.query, state.b.query, 'with the same B');
    assert.equal(describeErrors(errors), '');
    await context.close();
  });

  test('every in-text button changes exactly the configuration it says (or trains its epochs), the caption following', async () => {
    const { page, errors, context } = await open();
    const buttons = await page.evaluate(() => [...document.querySelectorAll('button.try')].map((b) => ({ figure: b.dataset.figure, set: b.dataset.set ?? null, train: b.dataset.train ?? null, label: b.textContent.trim() })));
    assert.equal(buttons.length, 7);
    for (const [i, button] of buttons.entries()) {
      const fig = await figure(page, button.figure);
      // Paused first, so that a number of epochs is exact: epochs already under way in
      // the worker still come, and `settled` says when they are all in (docs/embedding.md).
      const settled = async () => {
        await page.evaluate((n) => document.querySelector(`vgp-figure[name="learn-${n}"]`).pause(), button.figure);
        const deadline = Date.now() + 30_000;
        for (;;) {
          const state = await fig.state();
          if (state.settled) return state;
          if (Date.now() > deadline) throw new Error(`the ${button.figure} figure never settled: ${JSON.stringify(state)}`);
          await page.waitForTimeout(50);
        }
      };
      const before = await settled();
      await page.locator('button.try').nth(i).click();
      await page.waitForFunction((label) => document.getElementById('announce').textContent.startsWith(`${label}: done.`), button.label, { timeout: 60_000 });
      const after = await settled();
      if (button.set !== null) assert.deepEqual(runKeys(after.query), runKeys(button.set), `"${button.label}" sets exactly its configuration`);
      else assert.equal(after.epoch, before.epoch + Number(button.train), `"${button.label}" trains exactly its epochs`);
      await page.waitForFunction(
        ([n, epoch]) => new RegExp(`[Ee]poch ${epoch}\\b`).test(document.querySelector(`figure[data-name="${n}"] figcaption`).textContent),
        [button.figure, after.epoch],
        { timeout: 10_000 },
      );
      const href = await page.locator(`figure[data-name="${button.figure}"] a.open`).getAttribute('href');
      assert.deepEqual(runKeys(href.split('#')[1]), runKeys(after.query), `after "${button.label}", the link names the figure's run`);
    }
    assert.equal(describeErrors(errors), '');
    await context.close();
  });

  test('"Train 50 epochs" trains exactly 50, and the caption quotes the figure\'s own numbers', async () => {
    const { page, errors, context } = await open({ reducedMotion: 'reduce' });
    const recognize = await figure(page, 'recognize');
    const before = await recognize.state();
    await page.click('button[data-figure="recognize"][data-train="50"]');
    await page.waitForFunction(() => /Train 50 epochs: done/.test(document.getElementById('announce').textContent), null, { timeout: 60_000 });
    const after = await recognize.state();
    assert.equal(after.epoch, before.epoch + 50);
    const caption = await recognize.caption();
    assert.ok(caption.includes(`Epoch ${after.epoch}: training loss ${after.train_loss.toPrecision(3)}`), caption);
    assert.ok(caption.includes(`test accuracy ${Math.round(100 * after.test_accuracy)}%`), caption);
    assert.equal(describeErrors(errors), '');
    await context.close();
  });

  test('figures train only while visible, and start paused under reduced motion', async () => {
    const { page, errors, context } = await open();
    const shallow = await figure(page, 'shallow');
    await page.waitForFunction(() => document.querySelector('vgp-figure[name="learn-shallow"]').state().then((s) => s.epoch > 5), null, { timeout: 30_000 });
    // Scrolled far away, it stops (the epoch may still move by what was in flight).
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.waitForTimeout(1500);
    const a = (await shallow.state()).epoch;
    await page.waitForTimeout(1500);
    const b = (await shallow.state()).epoch;
    assert.equal(b, a, 'no epoch while off screen');
    assert.equal((await shallow.state()).running, false);
    await context.close();
    const still = await open({ reducedMotion: 'reduce' });
    const problem = await figure(still.page, 'problem');
    await still.page.waitForTimeout(1500);
    const first = await problem.state();
    assert.deepEqual([first.epoch, first.running], [0, false], 'paused on its first frame');
    assert.equal(describeErrors(errors), '');
    assert.equal(describeErrors(still.errors), '');
    await still.context.close();
  });

  test('the depth sweep figure measures depths 1 to 30 from its own button, with no run bar to say "press Play"', async () => {
    const { page, errors, context } = await open();
    await figure(page, 'sweep');
    const frame = page.frameLocator('figure[data-name="sweep"] iframe');
    assert.equal(await frame.locator('.runbar').isVisible(), false, 'no run bar');
    assert.equal(await frame.locator('#play').isVisible(), false);
    await frame.locator('#sweep-run').click();
    await frame.locator('#sweep-summary').filter({ hasText: /per added layer/ }).waitFor({ timeout: 60_000 });
    const summary = await frame.locator('#sweep-summary').textContent();
    assert.match(summary, /falls by [0-9.]+ orders of magnitude per added layer/, summary);
    assert.equal(describeErrors(errors), '');
    await context.close();
  });

  test('the prediction works by keyboard and shows the measured ratio of the 30-layer network', async () => {
    const { page, errors, context } = await open();
    const predict = await figure(page, 'predict');
    // Before the guess, the figure that would give the answer away is covered, and out
    // of reach of the keyboard and of screen readers.
    const covered = await page.evaluate(() => {
      const box = document.querySelector('figure[data-name="predict"]');
      const frame = box.querySelector('iframe').getBoundingClientRect();
      const veil = box.querySelector('.veil')?.getBoundingClientRect();
      return { veil: !!veil && veil.top <= frame.top && veil.bottom >= frame.bottom, inert: box.querySelector('vgp-figure').inert, numbers: /\d/.test(box.querySelector('[data-live]').textContent) };
    });
    assert.deepEqual(covered, { veil: true, inert: true, numbers: false });
    await page.focus('#guess');
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
    assert.equal(await page.inputValue('#guess'), '7');
    assert.equal(await page.getAttribute('#guess', 'aria-valuetext'), 'weaker by 10^7');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'measure');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => /Measured/.test(document.getElementById('predict-result').textContent), null, { timeout: 60_000 });
    const state = await predict.state();
    assert.equal(state.epoch, 1);
    assert.deepEqual(await page.evaluate(() => [!!document.querySelector('.veil'), document.querySelector('vgp-figure[name="learn-predict"]').inert]), [false, false], 'uncovered once measured');
    assert.ok(runKeys(state.query).includes('depth=30'));
    const result = await page.textContent('#predict-result');
    assert.ok(result.includes(`You guessed 10^7. Measured: the first layer's gradient is weaker by 10^${(-state.ratio_orders).toFixed(1)}`), result);
    // Both marks are drawn, the measured one where its orders of magnitude are.
    const marks = await page.evaluate(() => [document.querySelectorAll('#predict-chart .guess').length, document.querySelectorAll('#predict-chart rect.measured').length]);
    assert.deepEqual(marks, [2, 1]);
    assert.match(await page.textContent('#announce'), /Measured/);
    assert.equal(describeErrors(errors), '');
    await context.close();
  });

  test('the playground links to the article from its header and from each story step to its section', async () => {
    const { page, errors, context } = await s.open({ viewport: VIEWPORTS.desktop });
    await waitForReady(page, errors);
    assert.equal(await page.getAttribute('#learn-link', 'href'), 'learn.html');
    const sections = { vanishing: 'what', 'dying-relu': 'relu', 'naive-init': 'glorot', 'batch-norm': 'batch-norm', clipping: 'exploding' };
    for (const [id, section] of Object.entries(sections)) {
      await page.selectOption('#preset', id);
      await page.waitForFunction((want) => document.getElementById('story-more').getAttribute('href') === want, `learn.html#${section}`, { timeout: 5_000 });
    }
    // Followed, the link opens the article at that section.
    await page.click('#story-more');
    await page.waitForURL(/learn\.html#exploding$/);
    await page.waitForFunction(() => Math.abs(document.getElementById('exploding').getBoundingClientRect().top) < 5, null, { timeout: 10_000 });
    assert.equal(describeErrors(errors), '');
    await context.close();
  });

  test('fits a phone without sideways scrolling', async () => {
    const { page, errors, context } = await open({ viewport: VIEWPORTS.phone, mobile: true });
    await figure(page, 'shallow');
    const overflow = await horizontalOverflow(page);
    assert.deepEqual(overflow.outside, [], `outside the screen: ${overflow.outside}`);
    assert.ok(overflow.scrollWidth <= overflow.clientWidth, `${overflow.scrollWidth} px wide on a ${overflow.clientWidth} px screen`);
    assert.equal(describeErrors(errors), '');
    await context.close();
  });

  test('axe and the HTML checker find nothing', async () => {
    const { page, errors, context } = await open({ bypassCSP: true });
    await figure(page, 'predict');
    const found = await axe(page);
    assert.deepEqual(found, [], `axe:\n${found.join('\n')}`);
    const checked = await vnu({ 'learn.html': readFileSync(join(DIST, 'learn.html'), 'utf8') });
    const problems = Object.values(checked).flat().filter((m) => m.startsWith('error'));
    assert.deepEqual(problems, [], problems.join('\n'));
    assert.equal(describeErrors(errors), '');
    await context.close();
  });
});
