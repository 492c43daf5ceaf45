// Soak instrumentation, not part of the page (SOAK_NESTING=1, tests/soak/pages.mjs): counts
// how deep the page's own callbacks (animation frames, timers, event listeners, the
// worker's messages) are on the stack, in window.__vgpDepth. The soak's scripts add one
// to window.__vgpNested whenever they start while that depth is above 0, which happens
// when a browser's automation runs them inside one of the page's callbacks.
(function () {
  window.__vgpDepth = 0;
  window.__vgpNested = 0;
  var wrap = function (cb) {
    if (typeof cb !== 'function') return cb;
    if (cb.__vgpWrapped) return cb.__vgpWrapped;
    var w = function () {
      window.__vgpDepth++;
      try { return cb.apply(this, arguments); } finally { window.__vgpDepth--; }
    };
    try { Object.defineProperty(cb, '__vgpWrapped', { value: w }); } catch (e) {}
    return w;
  };
  var raf = window.requestAnimationFrame;
  window.requestAnimationFrame = function (cb) { return raf.call(window, wrap(cb)); };
  var st = window.setTimeout;
  window.setTimeout = function (cb, ms) { return st.call(window, wrap(cb), ms); };
  var add = EventTarget.prototype.addEventListener;
  EventTarget.prototype.addEventListener = function (t, cb, o) { return add.call(this, t, wrap(cb), o); };
  var remove = EventTarget.prototype.removeEventListener;
  EventTarget.prototype.removeEventListener = function (t, cb, o) { return remove.call(this, t, (cb && cb.__vgpWrapped) || cb, o); };
  var d = Object.getOwnPropertyDescriptor(Worker.prototype, 'onmessage');
  Object.defineProperty(Worker.prototype, 'onmessage', { configurable: true, get: function () { return d.get.call(this); }, set: function (cb) { d.set.call(this, wrap(cb)); } });
})();
