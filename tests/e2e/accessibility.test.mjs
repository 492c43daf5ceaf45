// Area: accessibility checkers — in every state of the page (default, playing, compare
// on, embedded, dark theme, phone with the settings sheet open, the Embed dialog open, the
// guided tour open, every chart's Table open with a heatmap cell explored) axe-core (WCAG 2.2 A/AA and best practices) and pa11y (HTML_CodeSniffer,
// WCAG 2 AA) find nothing, and the Nu HTML checker finds no error in the served page nor
// in the DOM as each state rendered it; the keyboard alone reaches the skip links first,
// then the header's link to the article, then Play, and operates the run.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DIST, VIEWPORTS, assertClean, nextFrames, readEpoch, session, waitForEpoch, waitForReady } from './helpers.mjs';
import { axe, debuggingPort, pa11y, renderedHtml, vnu } from './checkers.mjs';

/** The states checked: how each is opened and brought about. */
const STATES = [
  { name: 'default', open: {} },
  {
    name: 'playing',
    open: {},
    prepare: async (page) => {
      await page.click('#play');
      await waitForEpoch(page, '>', 20, 10_000);
    },
  },
  {
    name: 'compare on',
    open: {},
    prepare: async (page) => {
      await page.click('#compare-toggle');
      await page.locator('canvas[data-chart="heatmap"][data-run="b"]').waitFor();
      await page.click('#step');
      await waitForEpoch(page, '=', 1, 10_000);
    },
  },
  { name: 'embedded', open: { query: '#embed=1&panels=heatmap,loss,diagnosis' } },
  { name: 'dark theme', open: { colorScheme: 'dark' } },
  {
    name: 'phone, settings sheet open',
    open: { viewport: VIEWPORTS.phone, mobile: true },
    prepare: async (page) => {
      await page.click('#settings-toggle');
      await page.locator('#settings-close').waitFor();
    },
  },
  {
    name: 'Embed dialog open',
    open: {},
    prepare: async (page) => {
      await page.click('#embed-open');
      await page.locator('#embed-dialog').waitFor();
      // With its preview frame (the page embedded, at the frame's width).
      await page.locator('#embed-preview').waitFor({ state: 'attached' });
    },
  },
  {
    name: 'tour open',
    open: { tour: true },
    prepare: async (page) => {
      await page.locator('#tour').waitFor();
    },
  },
  {
    name: 'every Table open, a heatmap cell explored',
    open: {},
    prepare: async (page) => {
      await page.click('#step');
      await waitForEpoch(page, '=', 1, 10_000);
      for (const button of await page.locator('button.table-toggle').all()) {
        if (await button.isVisible()) await button.click();
      }
      await page.locator('#heatmap-table table').waitFor();
      await page.locator('#loss-table table').waitFor();
      // The keys' read-out and the outlined cell.
      await page.focus('#chart-heatmap');
      await page.keyboard.press('End');
      await page.locator('#heatmap-tip').waitFor();
    },
  },
];

describe('accessibility checkers', () => {
  let s, port;
  /** The DOM of each state as rendered, for one run of the HTML checker at the end. */
  const rendered = {};
  before(async () => {
    const debugging = await debuggingPort();
    port = debugging.port;
    s = await session({ browserArgs: debugging.args });
  });
  after(async () => {
    await s?.close();
  });

  for (const state of STATES) {
    test(`${state.name}: axe and pa11y find nothing`, async () => {
      const opts = { viewport: VIEWPORTS.desktop, ...state.open };
      const { page, context, errors } = await s.open(opts);
      await waitForReady(page, errors);
      await state.prepare?.(page);
      await nextFrames(page, 3);
      rendered[state.name] = await renderedHtml(page);
      const foundByAxe = await axe(page);
      assert.deepEqual(foundByAxe, [], `axe:\n${foundByAxe.join('\n')}`);
      const foundByPa11y = await pa11y(page, port, opts);
      assert.deepEqual(foundByPa11y, [], `pa11y:\n${foundByPa11y.join('\n')}`);
      await assertClean(page, errors);
      await context.close();
    });
  }

  test('the Nu HTML checker finds no error in the served page nor in any rendered state', async (t) => {
    const docs = { 'served index.html': readFileSync(join(DIST, 'index.html'), 'utf8'), ...rendered };
    assert.equal(Object.keys(docs).length, STATES.length + 1, 'a state was not rendered');
    const found = await vnu(docs);
    const errors = Object.entries(found).flatMap(([name, messages]) =>
      messages.filter((m) => m.startsWith('error')).map((m) => `${name}: ${m}`),
    );
    assert.deepEqual(errors, [], errors.join('\n'));
    // Its warnings are reported, not failed: the policy warnings come from checking files
    // (a file's origin is not the page's), docs/accessibility.md.
    const warnings = new Set(Object.values(found).flatMap((messages) => messages.filter((m) => m.startsWith('warning'))));
    t.diagnostic(`HTML checker warnings (distinct): ${[...warnings].join(' | ') || 'none'}`);
  });

  test('the keyboard alone reaches the skip links, the article link, then Play, and operates the run', async () => {
    const { page, context, errors } = await s.open({ viewport: VIEWPORTS.desktop });
    await waitForReady(page, errors);
    const focused = () => page.evaluate(() => document.activeElement?.id);
    for (const id of ['skip-settings', 'skip-charts', 'learn-link', 'play']) {
      await page.keyboard.press('Tab');
      assert.equal(await focused(), id);
    }
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
    assert.notEqual(outline, 'none', 'the focused button shows a focus outline');
    await page.keyboard.press('Tab');
    assert.equal(await focused(), 'step');
    await page.keyboard.press('Enter');
    await waitForEpoch(page, '=', 1, 10_000);
    assert.equal(await readEpoch(page), 1);
    await assertClean(page, errors);
    await context.close();
  });
});
