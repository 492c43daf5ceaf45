// Area: the page at desktop and phone sizes. Loads, trains a little, checks
// there are no errors, and saves a full-page screenshot of each size to
// tests/artifacts/ (gitignored) for a person to look at.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  VIEWPORTS,
  describeErrors,
  screenshot,
  session,
  waitForEpoch,
  waitForPlayState,
  waitForReady,
} from './helpers.mjs';

describe('layout', () => {
  let s;
  before(async () => {
    s = await session();
  });
  after(async () => {
    await s?.close();
  });

  for (const [name, viewport, mobile] of [
    ['desktop', VIEWPORTS.desktop, false],
    ['phone', VIEWPORTS.phone, true],
  ]) {
    test(`${name} ${viewport.width}x${viewport.height}: loads, trains, screenshot`, async () => {
      const { page, context, errors } = await s.open({ viewport, mobile });
      try {
        await waitForReady(page, errors);
        await page.click('#play');
        await waitForPlayState(page, true);
        await waitForEpoch(page, '>', 5, 60_000);
        const file = await screenshot(page, `${name}-${viewport.width}x${viewport.height}`);
        console.log(`screenshot: ${file}`);
        assert.ok(await page.locator('#error-banner').isHidden(), '#error-banner is visible');
        assert.equal(describeErrors(errors), '', 'errors seen on the page');
      } finally {
        await context.close();
      }
    });
  }
});
