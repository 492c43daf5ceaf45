// Area: the JavaScript API's contract (docs/embedding.md, "Calls from callbacks"): any
// method works from inside a subscriber and acts at once (a pause at epoch 3 stops the
// run at epoch 3; a setConfig starts the new run); subscribers run after the state has
// changed, never inside another call; unsubscribing is idempotent; every thrown error has
// a code; a subscriber's exception reaches window.onerror; a train(n) overtaken by a new
// run or a pause rejects with {code: "interrupted"}.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { VIEWPORTS, assertClean, session, waitForReady, waitForSettled } from './helpers.mjs';

describe('the JavaScript API from callbacks', () => {
  let s;
  before(async () => {
    s = await session();
  });
  after(async () => {
    await s.close();
  });

  test('a subscriber that pauses at epoch 3 stops the run at epoch 3', async () => {
    const { page, errors, context } = await s.open({ viewport: VIEWPORTS.desktop, query: '#depth=3&width=6&n=100' });
    await waitForReady(page, errors);
    // One epoch a frame, so the subscriber hears of every epoch.
    await page.selectOption('#speed', '1');
    const paused = await page.evaluate(
      () =>
        new Promise((resolve) => {
          const api = window.vgp;
          const off = api.subscribe((state) => {
            if (state.epoch >= 3 && state.running) {
              off();
              resolve({ heard: state.epoch, returned: api.pause() });
            }
          });
          api.play();
        }),
    );
    assert.equal(paused.heard, 3);
    assert.notEqual(paused.returned, null, 'pause() from a subscriber returned null');
    assert.equal(paused.returned.running, false);
    assert.equal(paused.returned.epoch, 3);
    await waitForSettled(page);
    await page.waitForTimeout(300);
    const state = await page.evaluate(() => window.vgp.state());
    assert.equal(state.epoch, 3, 'the run went on after the pause');
    assert.equal(state.running, false);
    assert.equal(await page.locator('#play').textContent(), 'Play');
    await assertClean(page, errors);
    await context.close();
  });

  test('a subscriber that sets a configuration starts that run, and the interrupted train rejects', async () => {
    const { page, errors, context } = await s.open({ viewport: VIEWPORTS.desktop, query: '#depth=3&width=6&n=100' });
    await waitForReady(page, errors);
    const result = await page.evaluate(async () => {
      const api = window.vgp;
      let set = null;
      const off = api.subscribe((state) => {
        if (state.epoch >= 2 && set === null) {
          set = api.setConfig('depth=2&width=4&n=100&act=relu');
        }
      });
      let rejected = null;
      try {
        await api.train(100000);
      } catch (e) {
        rejected = { code: e.code, message: e.message };
      }
      off();
      off(); // a second call does nothing
      return { set, rejected, state: api.state() };
    });
    assert.equal(result.set.query, 'n=100&depth=2&width=4&act=relu');
    assert.equal(result.rejected?.code, 'interrupted', JSON.stringify(result.rejected));
    assert.equal(result.state.query, 'n=100&depth=2&width=4&act=relu');
    assert.equal(result.state.running, false);
    await assertClean(page, errors);
    await context.close();
  });

  test('bad calls throw errors with codes, and a throwing subscriber reaches window.onerror', async () => {
    const { page, errors, context } = await s.open({ viewport: VIEWPORTS.desktop, query: '#depth=2&width=4&n=100' });
    await waitForReady(page, errors);
    const result = await page.evaluate(async () => {
      const api = window.vgp;
      const codes = [];
      for (const call of [() => api.subscribe(42), () => api.train(-1), () => api.setConfig(7), () => api.run('c')]) {
        try {
          call();
          codes.push(null);
        } catch (e) {
          codes.push(e.code);
        }
      }
      const reported = [];
      window.addEventListener('error', (e) => {
        reported.push(String(e.error?.message ?? e.message));
        e.preventDefault();
      });
      let others = 0;
      const offThrowing = api.subscribe(() => {
        throw new Error('subscriber broke');
      });
      const offOther = api.subscribe(() => {
        others += 1;
      });
      const self = { calls: 0 };
      const offSelf = api.subscribe(() => {
        self.calls += 1;
        offSelf();
      });
      const trained = await api.train(3);
      const zero = api.train(0);
      const zeroIsPromise = zero instanceof Promise && (await zero).epoch === 3;
      offThrowing();
      offOther();
      let reset = null;
      const pending = api.train(100000).catch((e) => e.code);
      api.reset();
      reset = await pending;
      return { codes, reported, others, selfCalls: self.calls, trained: trained.epoch, zeroIsPromise, reset };
    });
    assert.deepEqual(result.codes, ['bad_params', 'bad_params', 'bad_params', 'bad_params']);
    assert.ok(result.reported.some((m) => m.includes('subscriber broke')), JSON.stringify(result.reported));
    assert.ok(result.others >= 1, 'a throwing subscriber stopped the others');
    assert.equal(result.selfCalls, 1, 'a subscriber that unsubscribes itself was called again');
    assert.equal(result.trained, 3);
    assert.ok(result.zeroIsPromise, 'train(0) did not give a promise of the state');
    assert.equal(result.reset, 'interrupted');
    // The subscriber's exception was handled by the page's own handler above.
    errors.page = errors.page.filter((e) => !e.includes('subscriber broke'));
    await assertClean(page, errors);
    await context.close();
  });

  test("state()'s numbers are the read-out's, for captions, and B's in a comparison", async () => {
    const { page, errors, context } = await s.open({ query: '#data=moons&n=100&b.act=relu&b.init=he_normal' });
    await waitForReady(page, errors);
    const state = await page.evaluate(() => window.vgp.train(4));
    await waitForSettled(page);
    const shown = await page.evaluate(() =>
      Object.fromEntries(['ro-train-loss', 'ro-test-loss', 'ro-accuracy', 'ro-ratio'].map((id) => [id, document.getElementById(id).textContent])),
    );
    const close = (text, value) => Math.abs(Number(text) - value) <= 5e-4 * Math.abs(value);
    assert.ok(close(shown['ro-train-loss'], state.train_loss), `${shown['ro-train-loss']} vs ${state.train_loss}`);
    assert.ok(close(shown['ro-test-loss'], state.test_loss), `${shown['ro-test-loss']} vs ${state.test_loss}`);
    assert.equal(shown['ro-accuracy'], `${(100 * state.test_accuracy).toFixed(1)}%`);
    assert.equal(state.test_rmse, null);
    assert.equal(shown['ro-ratio'], `\u2212${Math.abs(state.ratio_orders).toFixed(1)} orders`);
    assert.ok(state.diagnosis.includes('vanishing'), JSON.stringify(state.diagnosis));
    // B's numbers are its own run's: its run file's newest epoch.
    const b = await page.evaluate(() => window.vgp.run('b'));
    const newest = b.epochs[b.epochs.length - 1];
    assert.equal(state.b.epoch, newest.epoch);
    assert.equal(state.b.test_loss, newest.test_loss);
    assert.equal(state.b.train_loss, newest.train_loss);
    assert.ok(state.b.ratio_orders > state.ratio_orders + 2, `${state.b.ratio_orders} vs ${state.ratio_orders}`);
    // B's read-out shows beside A's, each named by its run.
    const shownB = await page.evaluate(() => ({
      visible: !document.getElementById('readout-b').hidden,
      loss: document.getElementById('rob-test-loss').textContent,
      label: document.getElementById('rob-test-loss-label').textContent,
      aLabel: document.getElementById('ro-test-loss-label').textContent,
    }));
    assert.ok(shownB.visible, 'B has a read-out in compare mode');
    assert.ok(close(shownB.loss, state.b.test_loss), `${shownB.loss} vs ${state.b.test_loss}`);
    assert.equal(shownB.label, 'B Test loss');
    assert.equal(shownB.aLabel, 'A Test loss');
    await assertClean(page, errors);
    await context.close();
  });
});
