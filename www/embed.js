// Vanishing Gradient Playground: the host script for course notes (docs/embedding.md).
//
// Include it in a page that embeds playgrounds in iframes with a `data-vgp-frame="NAME"`
// attribute. It sizes each frame to its content from the frame's `resize` events, queues
// requests until the frame is ready, matches replies to requests, and wires plain buttons:
//
//   <iframe data-vgp-frame="fig3" src="https://…/#depth=10&embed=1&frame=fig3"></iframe>
//   <button data-vgp-frame="fig3" data-vgp-set="act=relu&init=he_normal">Try ReLU</button>
//   <button data-vgp-frame="fig3" data-vgp-call="play">Play</button>
//   <button data-vgp-frame="fig3" data-vgp-train="50">Train 50 epochs</button>
//
// From script: `vgpEmbed.frame('fig3').call('train', 20).then((state) => …)` and
// `vgpEmbed.frame('fig3').on('epoch', (state) => …)`; `.on('error', (error) => …)` hears
// that the frame's page stopped or could not start (its pending calls then fail with
// code `crashed`, or `load_failed` for a page that never started).
// A call with no answer rejects after `vgpEmbed.timeout` ms (20 s; code `not_ready` when
// the frame never started, `timeout` otherwise; `train` and `run` wait as long as the
// training takes once the frame has started). Sandboxed frames (an opaque origin) work:
// replies are matched by the window they come from.
(function () {
  'use strict';
  const frames = new Map();
  let nextId = 1;

  /** Where messages to the frame may go: its page's origin, or any for a sandboxed
   * frame without allow-same-origin, whose origin is opaque (replies are matched by the
   * window they come from either way). */
  function originOf(iframe) {
    const sandbox = iframe.getAttribute('sandbox');
    if (sandbox !== null && !/(^|\s)allow-same-origin(\s|$)/.test(sandbox)) return '*';
    try {
      const origin = new URL(iframe.src, location.href).origin;
      return origin === 'null' ? '*' : origin;
    } catch (e) {
      return '*';
    }
  }

  function failure(code, message) {
    const error = new Error(message);
    error.code = code;
    return error;
  }

  function frame(name) {
    let f = frames.get(name);
    if (f) return f;
    const iframe = document.querySelector('iframe[data-vgp-frame="' + CSS.escape(name) + '"]');
    if (!iframe) throw new Error('vgpEmbed: no iframe with data-vgp-frame="' + name + '"');
    f = {
      iframe: iframe,
      ready: false,
      queue: [],
      pending: new Map(),
      listeners: { ready: [], epoch: [], resize: [], error: [] },
      send: function (message) {
        if (iframe.contentWindow) iframe.contentWindow.postMessage(message, originOf(iframe));
      },
      call: function (method) {
        const params = Array.prototype.slice.call(arguments, 1);
        const id = nextId++;
        const message = { vgp: 1, id: id, method: method, params: params };
        return new Promise(function (resolve, reject) {
          // No answer within the timeout: a frame that never became ready, or any
          // call but `train` and `run` (which take as long as the training) unanswered.
          const patient = method === 'train' || method === 'run';
          const timer = setTimeout(function () {
            if (!f.pending.has(id) || (patient && f.ready)) return;
            f.pending.delete(id);
            f.queue = f.queue.filter(function (m) { return m.id !== id; });
            reject(
              f.ready
                ? failure('timeout', 'vgpEmbed: no answer to ' + method + ' from frame "' + name + '" within ' + api.timeout + ' ms')
                : failure('not_ready', 'vgpEmbed: frame "' + name + '" did not start within ' + api.timeout + ' ms'),
            );
          }, api.timeout);
          const settle = function (fn) {
            return function (value) {
              clearTimeout(timer);
              fn(value);
            };
          };
          f.pending.set(id, { resolve: settle(resolve), reject: settle(reject) });
          if (f.ready) f.send(message);
          else f.queue.push(message);
        });
      },
      on: function (event, fn) {
        f.listeners[event].push(fn);
        return function () {
          f.listeners[event] = f.listeners[event].filter(function (g) { return g !== fn; });
        };
      },
    };
    frames.set(name, f);
    // Ask until the frame answers: it may have loaded before this script listened.
    const hello = setInterval(function () {
      if (f.ready) clearInterval(hello);
      else f.send({ vgp: 1, id: 0, method: 'hello', params: [] });
    }, 250);
    return f;
  }

  window.addEventListener('message', function (e) {
    const data = e.data;
    if (!data || typeof data !== 'object' || data.vgp !== 1) return;
    let f = null;
    frames.forEach(function (candidate) {
      if (candidate.iframe.contentWindow === e.source) f = candidate;
    });
    if (!f) return;
    if (data.event === 'ready') {
      if (!f.ready) {
        f.ready = true;
        f.queue.splice(0).forEach(f.send);
      }
      f.listeners.ready.forEach(function (fn) { fn(); });
    } else if (data.event === 'resize' && typeof data.height === 'number') {
      f.iframe.style.height = Math.ceil(data.height) + 'px';
      f.listeners.resize.forEach(function (fn) { fn(data.height); });
    } else if (data.event === 'epoch') {
      f.listeners.epoch.forEach(function (fn) { fn(data.state); });
    } else if (data.event === 'error') {
      // The frame's page stopped (`crashed`) or could not start (`load_failed`): nothing
      // pending will be answered otherwise; its calls fail with the frame's code.
      const code = data.error && data.error.code === 'load_failed' ? 'load_failed' : 'crashed';
      f.pending.forEach(function (waiting) {
        waiting.reject(failure(code, (data.error && data.error.message) || 'the playground stopped'));
      });
      f.pending.clear();
      f.queue = [];
      f.listeners.error.forEach(function (fn) { fn(data.error); });
    } else if ('id' in data && f.pending.has(data.id)) {
      const waiting = f.pending.get(data.id);
      f.pending.delete(data.id);
      if (data.error) {
        const error = new Error(data.error.message);
        error.code = data.error.code;
        waiting.reject(error);
      } else {
        waiting.resolve(data.result);
      }
    }
  });

  function wire() {
    document.querySelectorAll('iframe[data-vgp-frame]').forEach(function (iframe) {
      frame(iframe.getAttribute('data-vgp-frame'));
    });
    document.querySelectorAll('[data-vgp-frame]:not(iframe)').forEach(function (button) {
      button.addEventListener('click', function () {
        const f = frame(button.getAttribute('data-vgp-frame'));
        const report = function (error) {
          console.warn('vgpEmbed: ' + error.message);
        };
        if (button.hasAttribute('data-vgp-set')) f.call('setConfig', button.getAttribute('data-vgp-set')).catch(report);
        if (button.hasAttribute('data-vgp-train')) f.call('train', Number(button.getAttribute('data-vgp-train'))).catch(report);
        if (button.hasAttribute('data-vgp-call')) f.call(button.getAttribute('data-vgp-call')).catch(report);
      });
    });
  }

  /** `vgpEmbed.timeout`: ms a call waits for an answer (or for the frame to start). */
  const api = { frame: frame, timeout: 20000 };
  window.vgpEmbed = api;

  // <vgp-figure src="https://…/#depth=10" panels="heatmap,loss" controls="run" name="fig3">:
  // the iframe made for you (embedded, named, sized to its content), and the calls as
  // methods: figure.train(20), .play(), .pause(), .reset(), .state(), .setConfig(q),
  // .run(), .call(method, ...params), .on(event, fn). Buttons with data-vgp-frame="fig3"
  // drive it as they drive an iframe.
  const FIGURE_KEYS = ['panels', 'controls', 'autoplay', 'theme', 'parent'];
  let figures = 0;
  if (window.customElements && !window.customElements.get('vgp-figure')) {
    class VgpFigure extends HTMLElement {
      connectedCallback() {
        if (this.vgpFrame) return;
        figures += 1;
        const name = this.getAttribute('name') || 'vgp-figure-' + figures;
        const src = this.getAttribute('src') || '';
        const hash = src.indexOf('#');
        const page = hash < 0 ? src : src.slice(0, hash);
        const keys = (hash < 0 ? '' : src.slice(hash + 1)).split('&').filter(function (part) {
          const key = part.split('=')[0];
          return part !== '' && key !== 'embed' && key !== 'frame' && FIGURE_KEYS.indexOf(key) < 0;
        });
        keys.push('embed=1');
        const figure = this;
        FIGURE_KEYS.forEach(function (key) {
          if (figure.hasAttribute(key)) keys.push(key + '=' + encodeURIComponent(figure.getAttribute(key)).replace(/%2C/g, ','));
        });
        keys.push('frame=' + encodeURIComponent(name));
        const iframe = document.createElement('iframe');
        iframe.setAttribute('data-vgp-frame', name);
        iframe.title = this.getAttribute('title') || 'Vanishing Gradient Playground';
        iframe.src = page + '#' + keys.join('&');
        const height = Number(this.getAttribute('height')) || 560;
        iframe.style.cssText = 'display:block;width:100%;border:0;height:' + height + 'px';
        if (this.hasAttribute('sandbox')) iframe.setAttribute('sandbox', this.getAttribute('sandbox'));
        if (!this.style.display) this.style.display = 'block';
        this.appendChild(iframe);
        this.vgpFrame = frame(name);
      }
      call() {
        return this.vgpFrame.call.apply(null, arguments);
      }
      on(event, fn) {
        return this.vgpFrame.on(event, fn);
      }
    }
    ['play', 'pause', 'reset', 'state', 'train', 'setConfig', 'run', 'subscribe', 'unsubscribe'].forEach(function (method) {
      VgpFigure.prototype[method] = function () {
        return this.call.apply(this, [method].concat(Array.prototype.slice.call(arguments)));
      };
    });
    window.customElements.define('vgp-figure', VgpFigure);
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', wire);
  else wire();
})();
