// Test instrumentation, not part of the page: the cross-engine tests put this script
// first in their copy of the page (before its Content-Security-Policy, which therefore
// does not apply to it) so that every error the page meets is recorded from the start,
// in any engine: uncaught errors, unhandled rejections, resources that fail to load,
// policy violations and console.error calls land in window.__vgpErrors. It also marks
// the guided tour as closed, as for a returning visitor (the Chromium suite does the same).
(function () {
  var seen = [];
  window.__vgpErrors = seen;
  var describe = function (value) {
    if (value && (value.stack || value.message)) return String(value.stack || value.message);
    return String(value);
  };
  addEventListener(
    'error',
    function (event) {
      var target = event.target;
      if (target && target !== window && (target.src || target.href)) {
        seen.push('failed to load ' + (target.src || target.href));
      } else if (target && target.nodeType === 1) {
        // An inline module script whose imports did not load reports on its element.
        seen.push('failed to load an inline <' + target.tagName.toLowerCase() + '>');
      } else {
        seen.push('page error: ' + event.message + ' (' + event.filename + ':' + event.lineno + ')');
      }
    },
    true,
  );
  addEventListener('unhandledrejection', function (event) {
    seen.push('unhandled rejection: ' + describe(event.reason));
  });
  addEventListener('securitypolicyviolation', function (event) {
    seen.push('blocked by the policy: ' + event.violatedDirective + ' ' + event.blockedURI);
  });
  var consoleError = console.error;
  console.error = function () {
    seen.push('console error: ' + Array.prototype.map.call(arguments, describe).join(' '));
    return consoleError.apply(console, arguments);
  };
  try {
    localStorage.setItem('vgp-tour-dismissed', '1');
  } catch (e) {
    // storage blocked (sandboxed frame, some file:// pages): nothing to remember
  }
})();
