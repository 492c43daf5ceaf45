// Area: keyboard focus — the skip links ("Skip to settings", "Skip to charts") are the
// first Tab stops, show when focused and move the focus to their target without touching
// the address; Tab through every focusable element of the page, at desktop and phone
// sizes: each focused element is inside the viewport and never under the sticky run bar
// (whose height the page keeps as its scroll padding, measured).

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { VIEWPORTS, assertClean, screenshot, session, waitForReady } from './helpers.mjs';

/**
 * Tab from where the focus is (the top of a freshly loaded page) through every focusable
 * element, once round: for each stop, what it is, whether it lies inside the viewport,
 * whether the sticky element `cover` (the run bar, the settings sheet's head) covers any
 * of it (an element in the flow never overlaps it, so any overlap is a cover), and
 * whether it is inside `within`.
 */
async function tabThrough(page, { cover = '.runbar', within = 'body' } = {}) {
  const stops = [];
  for (let i = 0; i < 400; i++) {
    await page.keyboard.press('Tab');
    const stop = await page.evaluate(([coverSelector, withinSelector]) => {
      const el = document.activeElement;
      if (!el || el === document.body) return null;
      const name = `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.getAttribute('data-remedy') ? `[${el.getAttribute('data-remedy')}]` : ''}${el.getAttribute('data-canvas') ? `[${el.getAttribute('data-canvas')}]` : ''}${el.name ? `[name=${el.name}]` : ''}${el.value && el.type === 'checkbox' ? `[${el.value}]` : ''}`;
      const box = el.getBoundingClientRect();
      const bar = document.querySelector(coverSelector);
      const barBox = bar.getBoundingClientRect();
      const sticks = getComputedStyle(bar).position === 'sticky' && barBox.top <= parseFloat(getComputedStyle(bar).top) + 0.5;
      const covered =
        !bar.contains(el) &&
        box.top < barBox.bottom - 0.5 &&
        box.bottom > barBox.top + 0.5 &&
        box.left < barBox.right - 0.5 &&
        box.right > barBox.left + 0.5;
      const inside = box.top >= -0.5 && box.left >= -0.5 && box.bottom <= innerHeight + 0.5 && box.right <= innerWidth + 0.5;
      const kept = Boolean(el.closest(withinSelector));
      return { name, covered, inside, kept, top: Math.round(box.top), bottom: Math.round(box.bottom), barBottom: Math.round(barBox.bottom), sticks };
    }, [cover, within]);
    if (stop === null) break;
    if (stops.length > 0 && stop.name === stops[0].name) break;
    stops.push(stop);
  }
  return stops;
}

describe('keyboard focus', () => {
  let s;
  before(async () => {
    s = await session();
  });
  after(() => s?.close());

  for (const [size, viewport] of Object.entries(VIEWPORTS)) {
    test(`${size}: the skip links show when focused and move the focus to the settings and the charts`, async () => {
      const mobile = size === 'phone';
      for (const [tabs, link, target] of [
        [1, 'skip-settings', 'settings'],
        [2, 'skip-charts', 'charts'],
      ]) {
        // A fresh page: Tab starts from the top.
        const { page, context, errors } = await s.open({ viewport, mobile });
        await waitForReady(page, errors);
        const address = page.url();
        for (let i = 0; i < tabs; i++) await page.keyboard.press('Tab');
        assert.equal(await page.evaluate(() => document.activeElement?.id), link);
        const box = await page.locator(`#${link}`).boundingBox();
        assert.ok(box && box.width > 40 && box.height >= 44 && box.y >= 0, `#${link} is not shown while focused: ${JSON.stringify(box)}`);
        await screenshot(page, `skip-link-${target}-${size}`, { fullPage: false });
        await page.keyboard.press('Enter');
        await page.waitForFunction((id) => document.activeElement?.id === id, target);
        if (mobile && target === 'settings') {
          // On a phone the settings are a sheet, which the skip link opens.
          assert.ok(await page.evaluate(() => document.body.classList.contains('settings-open')), 'Skip to settings left the sheet closed');
        }
        // The target's top is on screen, below the run bar where it sticks.
        const [top, barBottom, sticks] = await page.evaluate((id) => {
          const bar = document.querySelector('.runbar');
          return [document.getElementById(id).getBoundingClientRect().top, bar.getBoundingClientRect().bottom, getComputedStyle(bar).position === 'sticky'];
        }, target);
        assert.ok(top >= 0 && top < viewport.height / 2, `#${target} scrolled to ${top}`);
        if (sticks && target === 'settings') assert.ok(top >= barBottom, `#${target} (top ${top}) under the run bar (bottom ${barBottom})`);
        // The next Tab goes on from there.
        await page.keyboard.press('Tab');
        const inside = await page.evaluate((id) => document.getElementById(id).contains(document.activeElement), target);
        assert.ok(inside, `Tab after #${link} left #${target}`);
        assert.equal(page.url(), address, 'a skip link changed the address (the share link)');
        await assertClean(page, errors);
        await context.close();
      }
    });

    test(`${size}: every focusable element, tabbed to in turn, is on screen and never under the sticky run bar`, async () => {
      const mobile = size === 'phone';
      const { page, context, errors } = await s.open({ viewport, mobile });
      await waitForReady(page, errors);
      const stops = await tabThrough(page);
      assert.ok(stops.length > 40, `only ${stops.length} Tab stops: ${stops.map((t) => t.name).join(' ')}`);
      // The settings that do nothing for this network (Leak, Scale, Momentum) are hidden, no stops.
      const idle = stops.filter((t) => /#(leak|scale|mom)\[/.test(t.name)).map((t) => t.name);
      assert.deepEqual(idle, [], 'hidden settings took the focus');
      const hidden = stops.filter((t) => t.covered || !t.inside);
      assert.deepEqual(hidden, [], `${hidden.length} of ${stops.length} focused elements hidden:\n${hidden.map((t) => JSON.stringify(t)).join('\n')}`);
      if (!mobile) {
        assert.ok(stops.some((t) => t.sticks && t.name.includes('name=')), 'the run bar never stuck while the settings had the focus');
      }
      await assertClean(page, errors);
      await context.close();
    });
  }

  test('phone: the open settings sheet keeps the focus, and its sticky head never covers it', async () => {
    const { page, context, errors } = await s.open({ viewport: VIEWPORTS.phone, mobile: true });
    await waitForReady(page, errors);
    await page.focus('#settings-toggle');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement?.id === 'settings-close');
    const stops = await tabThrough(page, { cover: '.sheet-head', within: '#settings' });
    assert.ok(stops.length > 15, `only ${stops.length} Tab stops in the sheet`);
    const wrong = stops.filter((t) => t.covered || !t.inside || !t.kept);
    assert.deepEqual(wrong, [], `${wrong.length} of ${stops.length} focused elements outside the sheet or hidden:\n${wrong.map((t) => JSON.stringify(t)).join('\n')}`);
    // Escape closes it and the focus goes back to the Settings button.
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => document.activeElement?.id === 'settings-toggle');
    assert.equal(await page.evaluate(() => document.querySelectorAll('[inert]').length), 0, 'the page stayed inert');
    await assertClean(page, errors);
    await context.close();
  });
});
