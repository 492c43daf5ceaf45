// Area: the guided tour — a first visit opens it at step 1 with the vanishing preset; it can be walked to the end (Back and Next), loads the fix at the last step, and once closed stays closed after a reload; a shared link or an embed opens without it unless the link says tour=1.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { VIEWPORTS, assertClean, exportRun, session, waitForReady } from './helpers.mjs';

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
