// Area: what a screen reader hears — one polite status region (#announcer, visually
// hidden) announces what changed in a run; during 10 s of play of the default run it
// changes at most 5 times, no other live region changes at all, and the Diagnosis panel
// is no live region.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { VIEWPORTS, assertClean, session, waitForReady } from './helpers.mjs';

describe('announcements', () => {
  let s;
  before(async () => {
    s = await session();
  });
  after(() => s?.close());

  test('10 s of the default run: the status region speaks at most 5 times, nothing else live changes', async (t) => {
    const { page, context, errors } = await s.open({ viewport: VIEWPORTS.desktop });
    await waitForReady(page, errors);
    const region = await page.evaluate(() => {
      const el = document.getElementById('announcer');
      const box = el.getBoundingClientRect();
      return { role: el.getAttribute('role'), live: el.getAttribute('aria-live'), width: box.width, height: box.height };
    });
    assert.deepEqual({ role: region.role, live: region.live }, { role: 'status', live: 'polite' });
    assert.ok(region.width <= 1 && region.height <= 1, `the status region shows: ${JSON.stringify(region)}`);
    const diagnosisLive = await page.evaluate(() => document.getElementById('diagnosis').closest('[aria-live], [role=status], [role=log], [role=alert]')?.outerHTML.slice(0, 80) ?? null);
    assert.equal(diagnosisLive, null, 'the Diagnosis panel is inside a live region');
    // Every live region's text changes, counted while the default run plays 10 s.
    await page.evaluate(() => {
      window.__liveChanges = {};
      const regions = document.querySelectorAll('[aria-live]:not([aria-live=off]), [role=status], [role=alert], [role=log]');
      for (const el of regions) {
        const name = el.id || el.className;
        let last = el.textContent;
        window.__liveChanges[name] = [];
        new MutationObserver(() => {
          if (el.textContent !== last) {
            last = el.textContent;
            window.__liveChanges[name].push(last);
          }
        }).observe(el, { childList: true, characterData: true, subtree: true, attributes: true });
      }
    });
    await page.click('#play');
    await page.evaluate(() => new Promise((ok) => setTimeout(ok, 10_000)));
    const changes = await page.evaluate(() => window.__liveChanges);
    const said = changes.announcer;
    t.diagnostic(`announced: ${JSON.stringify(said)}`);
    assert.ok(said.length >= 1 && said.length <= 5, `the status region changed ${said.length} times: ${JSON.stringify(said)}`);
    assert.ok(said.some((t) => t.includes('Vanishing gradient')), `the vanishing gradient was not announced: ${JSON.stringify(said)}`);
    const others = Object.entries(changes).filter(([name, texts]) => name !== 'announcer' && texts.length > 0);
    assert.deepEqual(others, [], 'another live region changed while the run played');
    await assertClean(page, errors);
    await context.close();
  });
});
