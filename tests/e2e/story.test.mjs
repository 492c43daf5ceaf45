// Area: the seed's story on the page — every preset loads from the picker and from its link and shows its text; the heatmap shows the colours the texts name; after 100 epochs the diagnosis panel names the vanishing gradient for the problem and nothing for a remedy; a remedy button changes only what it must.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { ROOT, VIEWPORTS, assertClean, exportRun, heatmapColours, session, waitForEpoch, waitForReady } from './helpers.mjs';

/** The presets as the native command lists them: [id, query, title]. */
const PRESETS = execFileSync('cargo', ['run', '--quiet', '--bin', 'vgp', '--', 'presets'], { cwd: ROOT, encoding: 'utf8' })
  .trim()
  .split('\n')
  .map((line) => line.split('\t'));

/** Train `epochs` epochs through the page's API and wait for the redraw. */
async function train(page, epochs) {
  await page.evaluate((n) => window.vgp.train(n), epochs);
  await waitForEpoch(page, '=', epochs, 30_000);
  await page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok))));
}

describe('story', () => {
  let s;
  before(async () => {
    s = await session();
  });
  after(() => s?.close());

  test('every preset loads from the picker and from its link, with its text', async () => {
    assert.equal(PRESETS.length, 11);
    const { page, errors, context } = await s.open({ viewport: VIEWPORTS.desktop });
    await waitForReady(page, errors);
    const options = await page.locator('#preset option').evaluateAll((os) => os.map((o) => o.value).filter(Boolean));
    assert.deepEqual(options, PRESETS.map(([id]) => id));
    for (const [id, query, title] of PRESETS) {
      await page.selectOption('#preset', id);
      await page.locator('#story-title').filter({ hasText: title }).waitFor({ timeout: 5_000 });
      assert.equal((await exportRun(page)).query, query, id);
      assert.ok(await page.locator('#story').isVisible(), id);
    }
    await assertClean(page, errors);
    await context.close();
    for (const [id, query, title] of PRESETS) {
      const opened = await s.open({ viewport: VIEWPORTS.desktop, query: `#${query}` });
      await waitForReady(opened.page, opened.errors);
      assert.equal(await opened.page.locator('#story-title').textContent(), title, id);
      assert.equal(await opened.page.inputValue('#preset'), id);
      await opened.context.close();
    }
  });

  test('the diagnosis names the vanishing gradient of the problem and nothing for a remedy, and a remedy button applies', async () => {
    const { page, errors, context } = await s.open({ viewport: VIEWPORTS.desktop, query: '#data=moons' });
    await waitForReady(page, errors);
    await train(page, 100);
    const findings = await page.locator('#diagnosis li').evaluateAll((li) => li.map((l) => l.dataset.finding));
    assert.ok(findings.includes('vanishing'), `findings ${findings}`);
    assert.match(await page.locator('#diagnosis li[data-finding="vanishing"] .evidence').textContent(), /orders of magnitude below/);
    // The panel keeps its buttons while the run trains on (only its texts change): a
    // keyboard user's focus on a remedy stays where it is.
    await page.focus('#diagnosis button[data-remedy="relu-he"]');
    await page.evaluate(() => {
      window.__remedyButton = document.activeElement;
    });
    await page.evaluate(() => window.vgp.train(20));
    await waitForEpoch(page, '=', 120, 30_000);
    await page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok))));
    assert.ok(
      await page.evaluate(() => document.activeElement === window.__remedyButton && window.__remedyButton.isConnected),
      'the focused remedy button is still the focused element after 20 more epochs',
    );
    // The remedy changes the activation and initialization only.
    await page.click('#diagnosis li[data-finding="vanishing"] button[data-remedy="relu-he"]');
    await waitForEpoch(page, '=', 0, 5_000);
    assert.equal((await exportRun(page)).query, 'data=moons&act=relu&init=he_normal');
    assert.equal(await page.inputValue('#preset'), 'relu-he', 'the remedy is the relu-he preset here');
    await train(page, 100);
    assert.equal(await page.locator('#diagnosis li').count(), 0);
    assert.match(await page.locator('#diagnosis').textContent(), /Nothing wrong found at epoch 100/);
    await assertClean(page, errors);
    await context.close();
  });

  test('the heatmap shows the colours the stories name', async () => {
    // Viridis at the bottom of the scale is dark purple: red and blue well above green,
    // all dark. Its upper half (teal to yellow) has green above 120.
    const darkPurple = ([r, g, b]) => r < 90 && g < 70 && b > 60 && b < 140 && r > g;
    const { page, errors, context } = await s.open({ viewport: VIEWPORTS.desktop, query: '#data=moons' });
    await waitForReady(page, errors);
    await train(page, 100);
    // "the rows near the input stay dark purple"
    const [first] = await heatmapColours(page, 'layer 1,', { fx: 0.85 });
    assert.ok(darkPurple(first), `layer 1 at epoch 100 is ${first}`);
    const [out] = await heatmapColours(page, 'output layer', { fx: 0.85 });
    assert.ok(out[1] > 120, `the output layer at epoch 100 is ${out}`);
    // "black in the heatmap (below the bottom of its scale)": black with grey stripes.
    await page.selectOption('#preset', 'naive-init');
    await waitForEpoch(page, '=', 0, 5_000);
    await train(page, 100);
    const below = await heatmapColours(page, 'layer 1,', { fx: 0.85, radius: 6 });
    assert.deepEqual(below.map(String).sort(), ['0,0,0', '120,120,120'], `layer 1 of naive-init: ${JSON.stringify(below)}`);
    // "red in the heatmap: above the top of its scale": red with white stripes at epoch 0.
    await page.selectOption('#preset', 'exploding');
    await waitForEpoch(page, '=', 0, 5_000);
    await page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok))));
    const above = await heatmapColours(page, 'output layer', { fx: 0.3, radius: 6 });
    assert.deepEqual(above.map(String).sort(), ['230,0,0', '255,255,255'], `exploding: ${JSON.stringify(above)}`);
    await assertClean(page, errors);
    await context.close();
  });
});
