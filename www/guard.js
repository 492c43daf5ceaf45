// The page's crash guard, loaded before the WebAssembly module: when the module traps
// (a WebAssembly.RuntimeError: an out-of-bounds access, or the `unreachable` a Rust
// panic ends in) the module's memory can no longer be trusted, so nothing calls into it
// again. The guard then shows the error banner with what happened and a Restart button
// (a fresh page, so a fresh module, at the run's link), settles every pending call of
// `window.vgp` and every pending request of the parent page with the error code
// `crashed`, answers later calls the same way, and tells the parent page
// (`{vgp: 1, event: "error"}`). docs/embedding.md describes it for notes authors.
(function () {
  'use strict';
  let crashed = null;
  /** The code calls get once stopped: `crashed`, or `load_failed` if it never started. */
  let failureCode = 'crashed';
  /** Rejecters of API promises not yet settled. */
  const pending = new Set();
  /** Requests from the parent page not yet answered: id -> reply target. */
  const requests = new Map();

  const fragment = new URLSearchParams(location.hash.slice(1));
  const frameName = fragment.get('frame');
  const parentOrigin = fragment.get('parent');

  function parentWindow() {
    return window.parent && window.parent !== window ? window.parent : null;
  }

  function isTrap(error) {
    return typeof WebAssembly !== 'undefined' && error instanceof WebAssembly.RuntimeError;
  }

  function crashedError() {
    const error = new Error(
      failureCode === 'crashed'
        ? 'the playground stopped after an internal error (' + crashed + '); restart it'
        : 'the playground could not start: ' + crashed,
    );
    error.code = failureCode;
    return error;
  }

  function errorPayload() {
    return { code: failureCode, message: crashedError().message };
  }

  function withFrame(message) {
    if (frameName) message.frame = frameName;
    return message;
  }

  function answer(target, id) {
    try {
      target.source.postMessage(withFrame({ vgp: 1, id: id, error: errorPayload() }), target.origin);
    } catch (e) {
      // the parent went away: nobody is waiting
    }
  }

  function restart() {
    const link = document.body && document.body.dataset.link;
    if (link !== undefined) {
      const url = new URL(location.href);
      url.hash = link;
      location.replace(url.href);
    }
    location.reload();
  }

  function showBanner() {
    const banner = document.getElementById('error-banner');
    if (!banner) return;
    banner.textContent = 'The playground stopped after an internal error (' + crashed + '). ';
    banner.append('Restart it to train again from the same settings. ');
    const button = document.createElement('button');
    button.type = 'button';
    button.id = 'restart';
    button.textContent = 'Restart';
    button.addEventListener('click', restart);
    banner.append(button);
    banner.hidden = false;
    document.body.dataset.crashed = '1';
  }

  /** The events through which the page's own handlers would call the module again. */
  const INPUTS = ['click', 'input', 'change', 'submit', 'keydown', 'keyup', 'pointerdown', 'pointerup', 'pointermove', 'mousemove', 'mouseleave', 'focusin', 'toggle'];

  /** Nothing reaches the module any more: no animation frames, no input outside the banner. */
  function isolate() {
    window.requestAnimationFrame = function () {
      return 0;
    };
    INPUTS.forEach(function (type) {
      addEventListener(
        type,
        function (e) {
          const inBanner = e.target instanceof Element && e.target.closest('#error-banner');
          if (!inBanner) e.stopImmediatePropagation();
        },
        true,
      );
    });
  }

  /** The module trapped: settle everything and stop talking to it. */
  function crash(error) {
    if (crashed) return;
    // A panic's own message (panic.rs) says more than the trap it ends in.
    const panic = document.body && document.body.dataset.panic;
    crashed = panic || String((error && error.message) || error || 'unknown error');
    if (!panic && error instanceof Error && error.name && crashed.indexOf(error.name) < 0) {
      crashed = error.name + ': ' + crashed;
    }
    isolate();
    if (document.body) showBanner();
    else addEventListener('DOMContentLoaded', showBanner);
    const rejecters = Array.from(pending);
    pending.clear();
    rejecters.forEach(function (reject) {
      reject(crashedError());
    });
    requests.forEach(answer);
    requests.clear();
    const parent = parentWindow();
    if (parent) {
      const message = withFrame({ vgp: 1, event: 'error', error: errorPayload() });
      parent.postMessage(message, parentOrigin || '*');
    }
  }

  /** The page's files could not be loaded or started: say so instead of "Loading…"
   * forever (a sandboxed frame's opaque origin needs its server's CORS header). */
  function failedToStart(what) {
    if (crashed || (document.body && document.body.dataset.ready === '1')) return;
    crashed = what;
    failureCode = 'load_failed';
    const banner = document.getElementById('error-banner');
    if (banner) {
      banner.textContent =
        'The playground could not start: ' + what + '. In a sandboxed frame (sandbox without allow-same-origin) ' +
        'the server must send Access-Control-Allow-Origin with the page\'s files (docs/embedding.md).';
      banner.hidden = false;
    }
    const parent = parentWindow();
    if (parent) parent.postMessage(withFrame({ vgp: 1, event: 'error', error: errorPayload() }), parentOrigin || '*');
    requests.forEach(answer);
    requests.clear();
  }

  addEventListener('error', function (e) {
    if (isTrap(e.error)) crash(e.error);
  });
  // A script or module that fails to load reports on its element (seen while capturing).
  addEventListener(
    'error',
    function (e) {
      const element = e.target;
      const preload = element instanceof HTMLLinkElement && /preload/.test(element.rel);
      if (element instanceof HTMLScriptElement || preload) {
        failedToStart('a file did not load (' + (element.src || element.href || 'the page\'s module') + ')');
      }
    },
    true,
  );
  addEventListener('unhandledrejection', function (e) {
    if (isTrap(e.reason)) crash(e.reason);
    else if (!document.body || document.body.dataset.ready !== '1') {
      // Before the page is ready, a rejected start (the module or its WebAssembly).
      failedToStart(String((e.reason && e.reason.message) || e.reason));
    }
  });

  // Requests from the parent page, seen before the page's own listener: remembered
  // until answered (`answered`, called by the page), answered here once crashed.
  addEventListener('message', function (e) {
    const data = e.data;
    const parent = parentWindow();
    if (!parent || e.source !== parent || !data || data.vgp !== 1 || typeof data.method !== 'string') return;
    if (parentOrigin && e.origin !== parentOrigin) return;
    const target = { source: e.source, origin: e.origin === 'null' ? '*' : e.origin };
    if (crashed) {
      e.stopImmediatePropagation();
      if (data.id !== undefined) answer(target, data.id);
      return;
    }
    if (data.id !== undefined) requests.set(data.id, target);
  });

  /** A method of the page's API, guarded. */
  function guarded(name, method) {
    return function () {
      if (crashed) {
        if (name === 'train' || name === 'run') return Promise.reject(crashedError());
        throw crashedError();
      }
      let result;
      try {
        result = method.apply(this, arguments);
      } catch (e) {
        if (!isTrap(e)) throw e;
        crash(e);
        throw crashedError();
      }
      // `subscribe`'s unsubscribe function: a no-op once crashed (it stays idempotent).
      if (typeof result === 'function') {
        const unsubscribe = result;
        return function () {
          if (!crashed) return unsubscribe.apply(this, arguments);
        };
      }
      if (!result || typeof result.then !== 'function') return result;
      return new Promise(function (resolve, reject) {
        pending.add(reject);
        result.then(
          function (value) {
            pending.delete(reject);
            resolve(value);
          },
          function (error) {
            pending.delete(reject);
            reject(error);
          },
        );
      });
    };
  }

  // `window.vgp` as the page installs it, with every method guarded.
  let api;
  Object.defineProperty(window, 'vgp', {
    configurable: true,
    enumerable: true,
    get: function () {
      return api;
    },
    set: function (value) {
      if (!value || typeof value !== 'object') {
        api = value;
        return;
      }
      const wrapped = {};
      Object.keys(value).forEach(function (key) {
        wrapped[key] = typeof value[key] === 'function' ? guarded(key, value[key]) : value[key];
      });
      api = Object.freeze(wrapped);
    },
  });

  window.vgpGuard = {
    /** The page answered the parent's request `id`. */
    answered: function (id) {
      requests.delete(id);
    },
    /** What stopped the page, or null. */
    get crashed() {
      return crashed;
    },
  };
})();
