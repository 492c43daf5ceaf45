// Area: the guided tour — a first visit opens it at step 1 with the vanishing preset; it can be walked to the end (Back and Next), loads the fix at the last step, and once closed stays closed after a reload; a shared link or an embed opens without it unless the link says tour=1; with the keyboard the focus goes into the card, stays there through Next and Back, and returns to the Tour button when it closes.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { VIEWPORTS, assertClean, exportRun, screenshot, session, waitForReady } from './helpers.mjs';

describe('tour', () => {
  let s;
  before(async () => {
    s = await session();
  });
  after(() => s?.close());

  test('a first visit gets the tour; it can be completed, and stays dismissed after a reload', async () => {
    const { page, errors, context } = await s.open({ viewport: VIEWPORTS.desktop, tour: true });
    await waitForReady(page, errors);
    const tour = page.locator('#tour');
    await tour.waitFor({ state: 'visible', timeout: 5_000 });
    assert.match(await page.locator('#tour-count').textContent(), /step 1 of 5/);
    assert.equal((await exportRun(page)).query, 'data=moons', 'step 1 loads the vanishing preset');
    assert.ok(await page.locator('#tour-back').isHidden());
    for (let k = 2; k <= 5; k++) {
      await page.click('#tour-next');
      assert.match(await page.locator('#tour-count').textContent(), new RegExp(`step ${k} of 5`));
    }
    await page.click('#tour-back');
    assert.match(await page.locator('#tour-count').textContent(), /step 4 of 5/);
    await page.click('#tour-next');
    assert.equal(await page.locator('#tour-next').textContent(), 'Finish');
    assert.equal((await exportRun(page)).query, 'data=moons&act=relu&init=he_normal', 'the last step loads the fix');
    await page.click('#tour-next');
    await tour.waitFor({ state: 'hidden' });
    await page.reload({ waitUntil: 'load' });
    await waitForReady(page, errors);
    assert.ok(await tour.isHidden(), 'the tour came back after it was finished');
    // The Tour button brings it back on demand; Close hides it.
    await page.click('#tour-open');
    await tour.waitFor({ state: 'visible' });
    await page.click('#tour-close');
    await tour.waitFor({ state: 'hidden' });
    await assertClean(page, errors);
    await context.close();
  });

  for (const [size, viewport] of Object.entries(VIEWPORTS)) {
    test(`${size}: the keyboard focus follows the tour's card and comes back to the Tour button`, async () => {
      const mobile = size === 'phone';
      const { page, errors, context } = await s.open({ viewport, mobile });
      await waitForReady(page, errors);
      const focused = () => page.evaluate(() => document.activeElement?.id ?? null);
      const step = async () => Number((await page.locator('#tour-count').textContent()).match(/step (\d)/)[1]);
      await page.focus('#tour-open');
      await page.keyboard.press('Enter');
      await page.locator('#tour').waitFor();
      assert.equal(await focused(), 'tour-title', 'opening the tour focuses its heading');
      await screenshot(page, `tour-focus-${size}`, { fullPage: false });
      // Tab reaches Next (Back is hidden on the first step); Enter steps on, the focus stays.
      await page.keyboard.press('Tab');
      assert.equal(await focused(), 'tour-next');
      for (let k = 2; k <= 4; k++) {
        await page.keyboard.press('Enter');
        assert.equal(await step(), k);
        assert.equal(await focused(), 'tour-next', `after Next to step ${k}`);
      }
      await page.keyboard.press('Shift+Tab');
      assert.equal(await focused(), 'tour-back');
      for (let k = 3; k >= 2; k--) {
        await page.keyboard.press('Enter');
        assert.equal(await step(), k);
        assert.equal(await focused(), 'tour-back', `after Back to step ${k}`);
      }
      // Back to the first step hides Back: the focus moves to Next, still in the card.
      await page.keyboard.press('Enter');
      assert.equal(await step(), 1);
      assert.equal(await focused(), 'tour-next', 'after Back to step 1');
      for (let k = 2; k <= 5; k++) await page.keyboard.press('Enter');
      assert.equal((await page.locator('#tour-next').textContent()).trim(), 'Finish');
      await page.keyboard.press('Enter');
      await page.locator('#tour').waitFor({ state: 'hidden' });
      assert.equal(await focused(), 'tour-open', 'Finish returns the focus to the Tour button');
      // Close does too.
      await page.keyboard.press('Enter');
      assert.equal(await focused(), 'tour-title');
      await page.focus('#tour-close');
      await page.keyboard.press('Enter');
      await page.locator('#tour').waitFor({ state: 'hidden' });
      assert.equal(await focused(), 'tour-open', 'Close returns the focus to the Tour button');
      // So does Escape, from wherever the focus is in the card.
      await page.keyboard.press('Enter');
      await page.keyboard.press('Tab');
      assert.equal(await focused(), 'tour-next');
      await page.keyboard.press('Escape');
      await page.locator('#tour').waitFor({ state: 'hidden' });
      assert.equal(await focused(), 'tour-open', 'Escape returns the focus to the Tour button');
      await assertClean(page, errors);
      await context.close();
    });
  }

  test('a shared link and an embed open without the tour, unless the link asks for it', async () => {
    for (const [query, shown] of [
      ['#depth=3', false],
      ['#depth=3&embed=1', false],
      ['#depth=3&embed=1&tour=1', true],
    ]) {
      const { page, errors, context } = await s.open({ viewport: VIEWPORTS.desktop, tour: true, query });
      await waitForReady(page, errors);
      assert.equal(await page.locator('#tour').isVisible(), shown, query);
      await assertClean(page, errors);
      await context.close();
    }
  });
});
