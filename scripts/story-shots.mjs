// Screenshots of every Story preset at the epochs a student is likely to look at, for
// reading each text against what the page shows (docs/testing.md, "Claims at the size
// the text states"). Run after `make build`:
//
//   node scripts/story-shots.mjs [out-dir] [epochs...]
//
// Defaults: tests/artifacts/story/, epochs 100 300 1000. Each shot is the story card,
// the read-out and the charts a text speaks of (heatmap, loss, weights, layer health),
// one PNG per preset and epoch: `<preset>-<epoch>.png`. It also prints, per shot, the
// numbers the texts quote (loss, test accuracy, layer 1 vs output, findings).

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { ARTIFACTS, ROOT, session, waitForEpoch, waitForReady } from '../tests/e2e/helpers.mjs';

const [outArg, ...epochArgs] = process.argv.slice(2);
const out = outArg ?? join(ARTIFACTS, 'story');
const epochs = epochArgs.length > 0 ? epochArgs.map(Number) : [100, 300, 1000];
mkdirSync(out, { recursive: true });

const presets = execFileSync('cargo', ['run', '--quiet', '--bin', 'vgp', '--', 'presets'], { cwd: ROOT, encoding: 'utf8' })
  .trim()
  .split('\n')
  .map((line) => line.split('\t'));

const s = await session();
try {
  const { page, errors } = await s.open({ viewport: { width: 1280, height: 2200 } });
  await waitForReady(page, errors);
  for (const [id] of presets) {
    await page.selectOption('#preset', id);
    await waitForEpoch(page, '=', 0, 10_000);
    let trained = 0;
    for (const epoch of epochs) {
      // Resolves when the epochs are trained, or early when the run diverges.
      await page.evaluate((n) => window.vgp.train(n).catch(() => null), epoch - trained);
      trained = epoch;
      await page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok))));
      const now = await page.evaluate(() => window.vgp.state());
      const findings = await page.locator('#diagnosis li').evaluateAll((li) => li.map((l) => l.dataset.finding));
      const file = join(out, `${id}-${epoch}.png`);
      await page.screenshot({ path: file, fullPage: false });
      console.log(
        `${id} @${epoch}: epoch ${now.epoch}, loss ${now.train_loss}, test ${now.test_loss}, accuracy ${now.test_accuracy}, orders ${now.ratio_orders}, findings ${findings.join(' ')} -> ${file}`,
      );
    }
  }
} finally {
  await s.close();
}
