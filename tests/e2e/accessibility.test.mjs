// Area: accessibility — axe-core finds no WCAG violations (names, roles, contrast,
// landmarks) in light and dark themes at desktop and phone sizes, and the keyboard
// alone reaches and operates the run controls.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { VIEWPORTS, assertClean, readEpoch, session, waitForReady } from './helpers.mjs';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core's violations on the page, as "impact id: help (count)" lines. */
async function violations(page) {
  await page.addScriptTag({ content: AXE });
  const result = await page.evaluate(() =>
    window.axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'best-practice'], resultTypes: ['violations'] }),
  );
  return result.violations.map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

describe('accessibility', () => {
  let s;
  before(async () => {
    s = await session();
  });
  after(async () => {
    await s?.close();
  });

  for (const [size, viewport] of Object.entries(VIEWPORTS)) {
    for (const colorScheme of ['light', 'dark']) {
      test(`no axe violations at ${size} size in the ${colorScheme} theme`, async () => {
        const { page, context, errors } = await s.open({ viewport, colorScheme, bypassCSP: true });
        await waitForReady(page, errors);
        await page.click('#step');
        const found = await violations(page);
        assert.deepEqual(found, [], found.join('\n'));
        await assertClean(page, errors);
        await context.close();
      });
    }
  }

  test('the keyboard alone reaches Play first and operates the run', async () => {
    const { page, context, errors } = await s.open({ viewport: VIEWPORTS.desktop });
    await waitForReady(page, errors);
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'play', 'the first Tab stop is Play');
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
    assert.notEqual(outline, 'none', 'the focused button shows a focus outline');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'step');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelector('#epoch').textContent === '1');
    assert.equal(await readEpoch(page), 1);
    await assertClean(page, errors);
    await context.close();
  });
});
