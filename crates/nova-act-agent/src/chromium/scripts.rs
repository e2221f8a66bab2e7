//! The JavaScript the Chromium actuator runs in pages. Each is an expression taking its
//! arguments from a JSON array spliced in by [`call`], so no page text is ever concatenated
//! into code.

/// `fn(args)` applied to `args` (a JSON array), as one expression.
pub(crate) fn call(function: &str, args: &serde_json::Value) -> String {
    format!("({function}).apply(null, {args})")
}

/// The state an observation reports: URL, sizes, scroll, user agent, load state.
pub(crate) const PAGE_STATE: &str = r#"() => ({
  url: location.href,
  userAgent: navigator.userAgent,
  innerWidth: window.innerWidth,
  innerHeight: window.innerHeight,
  scrollX: window.scrollX,
  scrollY: window.scrollY,
  scrollWidth: document.body ? document.body.scrollWidth : 0,
  scrollHeight: document.body ? document.body.scrollHeight : 0,
  readyState: document.readyState,
})"#;

/// What is under a point, looking into open shadow roots and same-origin frames: a native
/// `<select>` (with its options), a colour, range or file input, an editable field, or
/// something else.
pub(crate) const PROBE: &str = r#"(x, y) => {
  let doc = document, px = x, py = y;
  let el = doc.elementFromPoint(px, py);
  for (let depth = 0; el && depth < 16; depth++) {
    if (el.shadowRoot) {
      const inner = el.shadowRoot.elementFromPoint(px, py);
      if (inner && inner !== el) { el = inner; continue; }
    }
    if (el.tagName === 'IFRAME') {
      try {
        const r = el.getBoundingClientRect();
        const d = el.contentDocument;
        if (d) {
          px -= r.left; py -= r.top; doc = d;
          const inner = d.elementFromPoint(px, py);
          if (inner) { el = inner; continue; }
        }
      } catch (e) {}
    }
    break;
  }
  if (!el) return { kind: 'none' };
  const select = el.closest('select');
  if (select && !select.multiple) {
    const options = Array.from(select.options).map(o => ({ label: o.label, value: o.value }));
    return { kind: 'select', options };
  }
  if (el.tagName === 'INPUT') {
    const type = (el.getAttribute('type') || 'text').toLowerCase();
    if (type === 'color') return { kind: 'color' };
    if (type === 'range') return { kind: 'range', min: el.min || '0', max: el.max || '100' };
    if (type === 'file') return { kind: 'file' };
  }
  return { kind: 'other' };
}"#;

/// Sets the value of the select, colour or range input under a point, as a person would
/// (an `input` and a `change` event). Returns an error text, or null.
pub(crate) const SET_SPECIAL_VALUE: &str = r#"(x, y, value) => {
  let el = document.elementFromPoint(x, y);
  while (el && el.shadowRoot) {
    const inner = el.shadowRoot.elementFromPoint(x, y);
    if (!inner || inner === el) break;
    el = inner;
  }
  if (!el) return 'nothing is under the box';
  const select = el.closest('select');
  const fire = target => {
    target.dispatchEvent(new Event('input', { bubbles: true }));
    target.dispatchEvent(new Event('change', { bubbles: true }));
  };
  if (select) {
    const option = Array.from(select.options).find(o => o.value === value)
      || Array.from(select.options).find(o => o.label === value);
    if (!option) return 'the select has no option ' + JSON.stringify(value);
    select.value = option.value;
    fire(select);
    return null;
  }
  const type = (el.getAttribute('type') || '').toLowerCase();
  if (el.tagName === 'INPUT' && (type === 'color' || type === 'range')) {
    el.value = value;
    fire(el);
    return null;
  }
  return 'not a select, colour or range input';
}"#;

/// Whether the focused element is an editable field under (or containing) the point.
pub(crate) const FOCUS_IS_EDITABLE_AT: &str = r#"(x, y) => {
  let active = document.activeElement;
  while (active && active.shadowRoot && active.shadowRoot.activeElement) {
    active = active.shadowRoot.activeElement;
  }
  if (!active || active === document.body) return false;
  const editable = active.isContentEditable
    || active.tagName === 'TEXTAREA'
    || (active.tagName === 'INPUT' && !['button', 'submit', 'checkbox', 'radio', 'reset', 'image']
          .includes((active.getAttribute('type') || 'text').toLowerCase()));
  if (!editable) return false;
  const r = active.getBoundingClientRect();
  return x >= r.left - 1 && x <= r.right + 1 && y >= r.top - 1 && y <= r.bottom + 1;
}"#;

/// Selects the whole value of the focused field, so the next input replaces it.
pub(crate) const SELECT_FOCUSED_VALUE: &str = r#"() => {
  const el = document.activeElement;
  if (!el) return;
  if (typeof el.select === 'function') { el.select(); return; }
  if (el.isContentEditable) {
    const range = document.createRange();
    range.selectNodeContents(el);
    const selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }
}"#;

/// How far to scroll the scrollable element under a point (or the window) along an axis:
/// three quarters of its visible size, or 0 when nothing there scrolls.
pub(crate) const SCROLL_AMOUNT: &str = r#"(x, y, vertical) => {
  const scrolls = el => {
    const style = getComputedStyle(el);
    const overflow = vertical ? style.overflowY : style.overflowX;
    const room = vertical ? el.scrollHeight > el.clientHeight : el.scrollWidth > el.clientWidth;
    return room && (overflow === 'auto' || overflow === 'scroll' || overflow === 'overlay');
  };
  for (let el = document.elementFromPoint(x, y); el && el !== document.body
       && el !== document.documentElement; el = el.parentElement) {
    if (scrolls(el)) return 0.75 * (vertical ? el.clientHeight : el.clientWidth);
  }
  const root = document.scrollingElement || document.documentElement;
  const room = vertical ? root.scrollHeight > window.innerHeight : root.scrollWidth > window.innerWidth;
  return room ? 0.75 * (vertical ? window.innerHeight : window.innerWidth) : 0;
}"#;

/// Resolves once the page has loaded and its DOM has not changed for `quietMs`, then after
/// two rendered frames; or after `capMs` whatever happens.
pub(crate) const SETTLE: &str = r#"(quietMs, capMs) => new Promise(resolve => {
  const start = performance.now();
  let last = start;
  const observer = new MutationObserver(() => { last = performance.now(); });
  observer.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
  const done = () => {
    observer.disconnect();
    requestAnimationFrame(() => requestAnimationFrame(() => resolve(true)));
    setTimeout(() => resolve(false), 100);
  };
  const tick = () => {
    const now = performance.now();
    const loaded = document.readyState === 'complete';
    if ((loaded && now - last >= quietMs) || now - start >= capMs) done();
    else setTimeout(tick, 25);
  };
  tick();
})"#;

/// Focuses the element a CSS selector names and selects its value; an error text or null.
pub(crate) const FOCUS_SELECTOR: &str = r#"(selector) => {
  const el = document.querySelector(selector);
  if (!el) return 'no element matches the selector';
  el.focus();
  if (document.activeElement !== el) return 'the element cannot take the focus';
  if (typeof el.select === 'function') el.select();
  return null;
}"#;

/// Resolves once the scroll positions around a point (the window's and every ancestor's of
/// the element there) have stayed put for three samples 50 ms apart, or after `capMs`: a
/// wheel scroll may be animated.
pub(crate) const SCROLL_STOPPED: &str = r#"(x, y, capMs) => new Promise(resolve => {
  const position = () => {
    let sum = window.scrollX * 7 + window.scrollY;
    for (let el = document.elementFromPoint(x, y); el; el = el.parentElement) {
      sum += el.scrollTop + el.scrollLeft * 7;
    }
    return sum;
  };
  const start = performance.now();
  let last = position(), still = 0;
  const tick = () => {
    const now = position();
    still = now === last ? still + 1 : 0;
    last = now;
    if (still >= 3 || performance.now() - start > capMs) resolve(true);
    else setTimeout(tick, 50);
  };
  setTimeout(tick, 50);
})"#;
