// The article's live figures (learn.html), built only from what any notes author has:
// embed.js's <vgp-figure> and the frame's documented calls (docs/embedding.md).
// - A figure's frame is made when its box comes within about two screens of the
//   viewport; until then the box holds its place, so the page never shifts.
// - Figures autoplay while on screen (the embed pauses itself when it scrolls away),
//   except under reduced motion, where they start paused on their first frame.
// - Buttons in the text change the figure they name (data-set: the whole configuration,
//   data-train: epochs to train) and say what they did in a polite status line.
// - Captions quote the figure's own numbers (state()), updated with every epoch event.
// - The prediction asks for a guess first, then measures it on a real 30-layer network.
(function () {
  'use strict';
  const reducedMotion = window.matchMedia && window.matchMedia('(prefers-reduced-motion: reduce)').matches;
  const figures = new Map(); // name -> { name, box, query, open, element, started, state }
  const announce = (text) => {
    const region = document.getElementById('announce');
    if (region) region.textContent = text;
  };

  /** A number as words for a caption: 3 significant digits, or "none" when missing. */
  const num = (x) => {
    if (x === null || x === undefined || !Number.isFinite(x)) return 'not measured yet';
    return Math.abs(x) < 1e-3 && x !== 0 ? Number(x).toExponential(1) : Number(x).toPrecision(3);
  };
  /** 10^k in words: "a factor of about 10^4.2 (16,000)". */
  const factor = (orders) => {
    if (orders === null || orders === undefined || !Number.isFinite(orders)) return 'unknown (a gradient of exactly 0)';
    const size = Math.pow(10, Math.abs(orders));
    const plain = size < 1e7 ? ` (about ${Math.round(size).toLocaleString('en')})` : '';
    return `10^${Math.abs(orders).toFixed(1)}${plain}`;
  };

  /** Why a state has no ratio: no epoch trained yet, or a first layer with no gradient. */
  const untrained = (s) => (s.epoch === 0 ? 'not trained yet' : "no gradient at all in the first layer (exactly 0)");

  /** What a caption says of `state`, by the kind of caption. */
  const captions = {
    ratio(s) {
      if (s.ratio_orders === null || s.ratio_orders === undefined) return `Epoch ${s.epoch}: ${untrained(s)}.`;
      const side = s.ratio_orders < 0 ? 'weaker' : 'stronger';
      return `Epoch ${s.epoch}: the first layer's gradient is ${factor(s.ratio_orders)} times ${side} than the output layer's; the training loss is ${num(s.train_loss)}.`;
    },
    'depth-ratio'(s, fig) {
      const depth = /(?:^|&)depth=(\d+)/.exec(fig.query);
      const layers = depth ? depth[1] : '10';
      if (s.ratio_orders === null || s.ratio_orders === undefined) return `${layers} layers, epoch ${s.epoch}: ${untrained(s)}.`;
      return `${layers} layers, epoch ${s.epoch}: the first layer's gradient is ${factor(s.ratio_orders)} times ${s.ratio_orders < 0 ? 'weaker' : 'stronger'} than the output layer's.`;
    },
    loss(s, fig) {
      const before = fig.lossAt50 !== undefined ? ` Fifty epochs earlier it was ${num(fig.lossAt50.loss)} (epoch ${fig.lossAt50.epoch}).` : '';
      return `Epoch ${s.epoch}: training loss ${num(s.train_loss)}, test accuracy ${s.test_accuracy === null ? 'not measured yet' : `${Math.round(100 * s.test_accuracy)}%`}.${before}`;
    },
    compare(s) {
      if (!s.b) return `Epoch ${s.epoch}.`;
      const gradient = (x) =>
        x.ratio_orders === null || x.ratio_orders === undefined
          ? 'no gradient at all in the first layer (exactly 0)'
          : `first layer's gradient ${factor(x.ratio_orders)} times ${x.ratio_orders >= 0 ? 'stronger' : 'weaker'} than the output's`;
      const one = (x) =>
        x.diverged
          ? 'diverged: the numbers overflowed and training stopped'
          : `loss ${num(x.train_loss)}, test accuracy ${x.test_accuracy === null ? 'not measured' : `${Math.round(100 * x.test_accuracy)}%`}, ${gradient(x)}`;
      return `Epoch ${s.epoch}. A: ${one(s)}. B: ${one(s.b)}.`;
    },
  };

  function caption(fig, state) {
    fig.state = state;
    const history = (fig.losses = fig.losses || []);
    if (state.train_loss !== null) {
      history.push({ epoch: state.epoch, loss: state.train_loss });
      while (history.length > 1 && history[1].epoch <= state.epoch - 50) history.shift();
      fig.lossAt50 = history[0].epoch <= state.epoch - 50 ? history[0] : undefined;
    }
    // A covered figure's caption keeps its numbers to itself too.
    const covered = !!fig.box.querySelector('.veil');
    fig.box.querySelectorAll('[data-live]').forEach((span) => {
      const say = captions[span.getAttribute('data-live')];
      if (say) span.textContent = covered ? 'Its numbers appear once you measure.' : say(state, fig);
    });
    if (fig.open && state.query) fig.open.href = `index.html#${runOnly(state.query)}`;
  }

  /** The keys of an embed's layout, which the playground's own page does not want. */
  const LAYOUT_KEYS = ['embed', 'panels', 'controls', 'autoplay', 'frame', 'parent', 'theme', 'resize'];
  /** A figure's link (its run's keys, a comparison's `b.` keys included) without them. */
  const runOnly = (query) =>
    query
      .split('&')
      .filter((part) => part && LAYOUT_KEYS.indexOf(part.split('=')[0]) < 0)
      .join('&');

  /** Make the figure's frame (once). Resolves when the frame answers. */
  function start(fig) {
    if (fig.started) return fig.started;
    const el = document.createElement('vgp-figure');
    el.setAttribute('name', `learn-${fig.name}`);
    el.setAttribute('src', `index.html#${fig.query}`);
    el.setAttribute('panels', fig.box.getAttribute('data-panels'));
    // The run bar, or the controls the figure names (the depth sweep: its own button).
    el.setAttribute('controls', fig.box.getAttribute('data-controls') || 'run');
    el.setAttribute('height', fig.box.getAttribute('data-height'));
    el.setAttribute('title', `Figure: ${fig.box.querySelector('figcaption strong')?.textContent ?? ''} ${fig.box.querySelector('figcaption')?.textContent.replace(/\s+/g, ' ').slice(0, 80) ?? ''}`.trim());
    if (!reducedMotion && fig.box.getAttribute('data-still') !== '1') el.setAttribute('autoplay', '1');
    // A figure that would give away an answer stays covered (and out of reach of the
    // keyboard and screen readers) until the reader has answered.
    if (fig.box.querySelector('.veil')) el.setAttribute('inert', '');
    fig.box.querySelector('.frame-slot').appendChild(el);
    fig.element = el;
    fig.started = el
      .call('hello')
      .then(() => el.call('subscribe'))
      .then(() => {
        el.on('epoch', (state) => caption(fig, state));
        return el.state();
      })
      .then((state) => {
        caption(fig, state);
        fig.box.setAttribute('data-ready', '1');
        return el;
      });
    return fig.started;
  }

  /** The figure named `name` (started if it was not), then `fn(element)`. */
  function withFigure(name, fn) {
    const fig = figures.get(name);
    if (!fig) return Promise.reject(new Error(`no figure named ${name}`));
    return start(fig).then(fn);
  }

  function setUp() {
    document.querySelectorAll('figure.live').forEach((box) => {
      const fig = { name: box.getAttribute('data-name'), box, query: box.getAttribute('data-query') };
      figures.set(fig.name, fig);
      // "Open in the playground": the run the figure shows now.
      const open = document.createElement('a');
      open.className = 'open';
      open.href = `index.html#${fig.query}`;
      open.textContent = 'Open in the playground';
      const cap = box.querySelector('figcaption');
      cap.appendChild(document.createTextNode(' '));
      cap.appendChild(open);
      fig.open = open;
    });
    // Frames are made about two screens ahead, in either direction. A figure further
    // away is set aside (display: none), which stops its page's animation frames: far
    // figures use no CPU. Its box keeps its height, so nothing moves; it comes back, as
    // it was, when the reader nears it again.
    if ('IntersectionObserver' in window) {
      const distance = new IntersectionObserver(
        (entries) => {
          entries.forEach((entry) => {
            const fig = figures.get(entry.target.getAttribute('data-name'));
            const slot = fig.box.querySelector('.frame-slot');
            if (entry.isIntersecting && !fig.element) {
              start(fig).catch((e) => console.warn(`figure: ${e.message}`));
            } else if (entry.isIntersecting) {
              fig.element.style.display = '';
              // The box lets go of its height once the frame has laid itself out again
              // and said how tall it is (a hidden page may have reported no height).
              const frame = fig.element.querySelector('iframe');
              const release = () => {
                if (!frame || frame.getBoundingClientRect().height > 0) slot.style.height = '';
                else setTimeout(release, 100);
              };
              setTimeout(release, 100);
            } else if (fig.element) {
              slot.style.height = `${slot.getBoundingClientRect().height}px`;
              fig.element.style.display = 'none';
            }
          });
        },
        { rootMargin: '200% 0px' },
      );
      figures.forEach((fig) => distance.observe(fig.box));
    } else {
      figures.forEach((fig) => start(fig));
    }
    document.querySelectorAll('button.try').forEach((button) => {
      button.addEventListener('click', () => {
        const name = button.getAttribute('data-figure');
        const fig = figures.get(name);
        const set = button.getAttribute('data-set');
        const train = button.getAttribute('data-train');
        const label = button.textContent.trim();
        button.disabled = true;
        withFigure(name, (el) => {
          if (set !== null) {
            return el.setConfig(set).then((answer) => {
              fig.query = answer.query;
              fig.losses = [];
              const title = button.getAttribute('data-title');
              const titleSpan = fig.box.querySelector('[data-live="title"]');
              if (title && titleSpan) titleSpan.textContent = title;
              return el.state().then((state) => caption(fig, state));
            });
          }
          return el.train(Number(train)).then((state) => caption(fig, state));
        })
          .then(() => announce(`${label}: done. ${fig.box.querySelector('figcaption').textContent.replace(/\s+/g, ' ').trim()}`))
          .catch((e) => announce(`${label}: the figure did not answer (${e.message}).`))
          .finally(() => {
            button.disabled = false;
          });
      });
    });
    setUpPrediction();
  }

  /** The guess, the measurement on the 30-layer figure, and both on one scale. */
  function setUpPrediction() {
    const guess = document.getElementById('guess');
    const words = document.getElementById('guess-words');
    const measure = document.getElementById('measure');
    const result = document.getElementById('predict-result');
    const chart = document.getElementById('predict-chart');
    if (!guess || !measure) return;
    const named = ['one', 'ten', 'a hundred', 'a thousand', 'ten thousand', 'a hundred thousand', 'a million'];
    const say = (k) => `10^${k}${k < named.length ? ` (${named[k]})` : ''}`;
    const showGuess = () => {
      const k = Number(guess.value);
      // 10 with the exponent raised, and the number in words where it has a short name.
      const power = document.createElement('sup');
      power.textContent = String(k);
      words.replaceChildren('10', power, k < named.length ? ` (${named[k]})` : '');
      guess.setAttribute('aria-valuetext', `weaker by ${say(k)}`);
      draw(k, null);
    };
    const svg = 'http://www.w3.org/2000/svg';
    const draw = (k, measured) => {
      while (chart.lastChild && chart.lastChild.nodeName !== 'title') chart.removeChild(chart.lastChild);
      const x = (orders) => 30 + (530 * Math.min(Math.max(orders, 0), 20)) / 20;
      const add = (name, attrs, text) => {
        const node = document.createElementNS(svg, name);
        Object.keys(attrs).forEach((a) => node.setAttribute(a, attrs[a]));
        if (text) node.textContent = text;
        chart.appendChild(node);
      };
      add('line', { x1: 30, x2: 560, y1: 45, y2: 45, class: 'axis' });
      for (let t = 0; t <= 20; t += 5) add('text', { x: x(t), y: 85, 'text-anchor': 'middle' }, `10^${t}`);
      add('circle', { cx: x(k), cy: 45, r: 8, class: 'guess' });
      add('text', { x: x(k), y: 25, 'text-anchor': 'middle', class: 'guess' }, 'your guess');
      if (measured !== null) {
        add('rect', { x: x(measured) - 7, y: 38, width: 14, height: 14, class: 'measured' });
        add('text', { x: x(measured), y: 70, 'text-anchor': 'middle', class: 'measured' }, 'measured');
      }
    };
    guess.addEventListener('input', showGuess);
    showGuess();
    measure.addEventListener('click', () => {
      const k = Number(guess.value);
      measure.disabled = true;
      result.textContent = 'Training the 30-layer network for one epoch…';
      const fig = figures.get('predict');
      withFigure('predict', (el) => {
        fig.box.querySelector('.veil')?.remove();
        el.removeAttribute('inert');
        return el
          .setConfig(fig.query)
          .then(() => el.train(1))
          .then((state) => {
            caption(fig, state);
            if (state.ratio_orders === null) {
              result.textContent = `You guessed ${say(k)}. The first layer's gradient came out as exactly 0, weaker than any power of ten.`;
              draw(k, 20);
              return;
            }
            const measured = -state.ratio_orders;
            const off = Math.abs(measured - k);
            result.textContent = `You guessed ${say(k)}. Measured: the first layer's gradient is weaker by 10^${measured.toFixed(1)}, ${off < 1 ? 'within a factor of ten of your guess' : `${off.toFixed(1)} orders of magnitude ${measured > k ? 'more' : 'less'} than you guessed`}. Each of the 30 sigmoid layers takes its share; the heatmap shows where.`;
            draw(k, measured);
          });
      })
        .catch((e) => {
          result.textContent = `The figure did not answer (${e.message}).`;
        })
        .finally(() => {
          measure.disabled = false;
          announce(result.textContent);
        });
    });
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', setUp);
  else setUp();
})();
