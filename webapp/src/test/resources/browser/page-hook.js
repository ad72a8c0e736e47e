// Installed before any page script runs (CDP Page.addScriptToEvaluateOnNewDocument), so a test
// can ask afterwards whether anything on the page called a dialog or the console, broke the
// Content-Security-Policy, or fetched from another origin. Dialogs are recorded and not shown, so
// a payload that did run cannot block the browser.
(function () {
  if (window.__pageHook) {
    return;
  }
  var hook = { calls: [], violations: [], foreign: [] };
  Object.defineProperty(window, '__pageHook', { value: hook });
  function record(name, args) {
    var text = [];
    for (var i = 0; i < args.length; i++) {
      try {
        text.push(String(args[i]));
      } catch (e) {
        text.push('?');
      }
    }
    hook.calls.push(name + '(' + text.join(', ') + ')');
  }
  ['alert', 'confirm', 'prompt', 'print'].forEach(function (name) {
    window[name] = function () {
      record(name, arguments);
      return name === 'confirm' ? false : null;
    };
  });
  ['log', 'info', 'warn', 'error', 'debug', 'trace', 'dir', 'table'].forEach(function (name) {
    var original = console[name];
    console[name] = function () {
      record('console.' + name, arguments);
      if (original) {
        return original.apply(console, arguments);
      }
    };
  });
  document.addEventListener('securitypolicyviolation', function (event) {
    hook.violations.push(event.violatedDirective + ' blocked ' + (event.blockedURI || 'inline'));
  });
  function checkOrigin(url) {
    try {
      var origin = new URL(url, location.href).origin;
      if (origin !== location.origin && url.indexOf('data:') !== 0) {
        hook.foreign.push(url);
      }
    } catch (e) {
      hook.foreign.push(String(url));
    }
  }
  try {
    new PerformanceObserver(function (list) {
      list.getEntries().forEach(function (entry) {
        checkOrigin(entry.name);
      });
    }).observe({ type: 'resource', buffered: true });
  } catch (e) {
    hook.calls.push('hook: no PerformanceObserver (' + e + ')');
  }
})();
