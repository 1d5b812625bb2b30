/* book.js: the interactive parts of the Wakeful website.
 *
 *  - contents drawer on narrow screens, current-chapter and permalink
 *    fallbacks for pages woven without site.lua;
 *  - a copy button on every code block;
 *  - state-machine diagrams: clicking a state scrolls to its chunk;
 *  - the boot panel: on the first click, load the v86 emulator, boot the
 *    chapter's ISO, show COM1 in the serial console and forward keys typed
 *    into the machine box to the emulated PS/2 keyboard;
 *  - search, via pagefind's UI, loaded the first time the box is used.
 *
 * Everything is loaded from this site; nothing talks to another origin.
 */
(function () {
  "use strict";

  var root = document.documentElement;
  root.classList.add("js");

  // Where book.js lives: assets/ of the site; everything else is relative.
  var here = document.currentScript && document.currentScript.src;
  var assetBase = new URL(".", here || new URL("assets/book.js", document.baseURI)).href;
  var siteBase = new URL("..", assetBase).href;
  var V86_BASE = assetBase + "v86/";

  var reducedMotion = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;

  function $(sel, from) { return (from || document).querySelector(sel); }
  function $all(sel, from) { return Array.prototype.slice.call((from || document).querySelectorAll(sel)); }

  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      var s = document.createElement("script");
      s.src = src;
      s.onload = function () { resolve(); };
      s.onerror = function () { reject(new Error("could not load " + src)); };
      document.head.appendChild(s);
    });
  }

  function loadStyle(href) {
    return new Promise(function (resolve) {
      var l = document.createElement("link");
      l.rel = "stylesheet";
      l.href = href;
      l.onload = l.onerror = function () { resolve(); };
      document.head.appendChild(l);
    });
  }

  /* ---------------- navigation ---------------- */

  function setupNav() {
    var toggle = $("[data-nav-toggle]");
    if (toggle) {
      toggle.addEventListener("click", function () {
        var open = !root.classList.contains("nav-open");
        root.classList.toggle("nav-open", open);
        toggle.setAttribute("aria-expanded", String(open));
      });
      document.addEventListener("keydown", function (e) {
        if (e.key === "Escape" && root.classList.contains("nav-open")) {
          root.classList.remove("nav-open");
          toggle.setAttribute("aria-expanded", "false");
          toggle.focus();
        }
      });
      $all(".sidebar a").forEach(function (a) {
        a.addEventListener("click", function () {
          root.classList.remove("nav-open");
          toggle.setAttribute("aria-expanded", "false");
        });
      });
      // A tap on the text closes the drawer.
      var content = $(".content");
      if (content) content.addEventListener("click", function () {
        if (!root.classList.contains("nav-open")) return;
        root.classList.remove("nav-open");
        toggle.setAttribute("aria-expanded", "false");
      });
    }
    // Mark the current chapter if the weave did not.
    if (!$(".toc [aria-current]")) {
      var page = location.pathname.split("/").pop() || "index.html";
      $all(".toc > li > a").forEach(function (a) {
        if (a.getAttribute("href") === page) {
          a.setAttribute("aria-current", "page");
          a.parentNode.classList.add("current");
        }
      });
    }
  }

  // With many chapters the sidebar scrolls: show the current one.
  function revealCurrent() {
    var side = $(".sidebar"), cur = $(".toc [aria-current]");
    if (!side || !cur || side.scrollHeight <= side.clientHeight) return;
    var top = cur.getBoundingClientRect().top - side.getBoundingClientRect().top + side.scrollTop;
    if (top > side.clientHeight * 0.6) side.scrollTop = top - side.clientHeight / 3;
  }

  function setupPermalinks() {
    $all(".content h1[id], .content h2[id], .content h3[id], .content h4[id]").forEach(function (h) {
      if ($(".permalink", h)) return;
      var a = document.createElement("a");
      a.className = "permalink";
      a.href = "#" + h.id;
      a.setAttribute("aria-label", "Permalink to this section");
      a.setAttribute("data-pagefind-ignore", "");
      a.textContent = "#";
      h.appendChild(document.createTextNode(" "));
      h.appendChild(a);
    });
  }

  /* ---------------- copy buttons ---------------- */

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    return new Promise(function (resolve, reject) {
      var ta = document.createElement("textarea");
      ta.value = text;
      ta.setAttribute("readonly", "");
      ta.className = "copy-scratch";
      ta.style.position = "fixed";
      ta.style.opacity = "0";
      document.body.appendChild(ta);
      ta.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      document.body.removeChild(ta);
      if (ok) resolve(); else reject(new Error("copy refused"));
    });
  }

  function setupCopyButtons() {
    $all("pre.code").forEach(function (pre) {
      if (pre.parentNode.classList.contains("code-wrap")) return;
      var wrap = document.createElement("div");
      wrap.className = "code-wrap";
      pre.parentNode.insertBefore(wrap, pre);
      wrap.appendChild(pre);
      var b = document.createElement("button");
      b.type = "button";
      b.className = "copy-button";
      b.textContent = "Copy";
      b.setAttribute("aria-label", "Copy this code");
      b.setAttribute("data-pagefind-ignore", "");
      var timer = 0;
      b.addEventListener("click", function () {
        var code = pre.querySelector("code") || pre;
        copyText(code.textContent).then(function () {
          b.textContent = "Copied";
          b.classList.add("copied");
        }, function () {
          b.textContent = "Copy failed";
        }).then(function () {
          clearTimeout(timer);
          timer = setTimeout(function () { b.textContent = "Copy"; b.classList.remove("copied"); }, 1500);
        });
      });
      wrap.appendChild(b);
    });
  }

  /* ---------------- state-machine diagrams ---------------- */

  function linkTarget(a) {
    return a.getAttribute("href") || a.getAttributeNS("http://www.w3.org/1999/xlink", "href") || "";
  }

  function flashChunk(el) {
    $all(".chunk-flash").forEach(function (c) { c.classList.remove("chunk-flash"); });
    void el.offsetWidth; // restart the animation
    el.classList.add("chunk-flash");
  }

  function goToChunk(id, push) {
    var el = document.getElementById(id);
    if (!el) return false;
    if (push) history.pushState(null, "", "#" + id);
    el.scrollIntoView({ behavior: reducedMotion ? "auto" : "smooth", block: "center" });
    if (!el.hasAttribute("tabindex")) el.setAttribute("tabindex", "-1");
    el.focus({ preventScroll: true });
    flashChunk(el);
    return true;
  }

  function setupDiagrams() {
    document.addEventListener("click", function (e) {
      var a = e.target.closest && e.target.closest("figure.state-machine a");
      if (!a) return;
      var href = linkTarget(a);
      var url;
      try { url = new URL(href, location.href); } catch (err) { return; }
      var samePage = url.origin === location.origin && url.pathname === location.pathname;
      if (!samePage || !url.hash) return; // another page: let the browser go
      if (goToChunk(decodeURIComponent(url.hash.slice(1)), true)) {
        e.preventDefault();
        var fig = a.closest("figure");
        $all("a.state-current", fig).forEach(function (x) { x.classList.remove("state-current"); });
        a.classList.add("state-current");
      }
    });
    // A state's title doubles as its accessible name.
    $all("figure.state-machine a").forEach(function (a) {
      if (!a.hasAttribute("tabindex")) a.setAttribute("tabindex", "0");
    });
  }

  /* ---------------- the emulated PC ---------------- */

  // KeyboardEvent.code -> PC scan code set 1 (0xE0nn for extended keys).
  var SCANCODES = (function () {
    var m = {}, i;
    function row(codes, first) { for (i = 0; i < codes.length; i++) m[codes[i]] = first + i; }
    m.Escape = 0x01;
    row(["Digit1", "Digit2", "Digit3", "Digit4", "Digit5", "Digit6", "Digit7", "Digit8", "Digit9", "Digit0",
      "Minus", "Equal", "Backspace", "Tab"], 0x02);
    row(["KeyQ", "KeyW", "KeyE", "KeyR", "KeyT", "KeyY", "KeyU", "KeyI", "KeyO", "KeyP",
      "BracketLeft", "BracketRight", "Enter", "ControlLeft"], 0x10);
    row(["KeyA", "KeyS", "KeyD", "KeyF", "KeyG", "KeyH", "KeyJ", "KeyK", "KeyL",
      "Semicolon", "Quote", "Backquote", "ShiftLeft", "Backslash"], 0x1E);
    row(["KeyZ", "KeyX", "KeyC", "KeyV", "KeyB", "KeyN", "KeyM", "Comma", "Period", "Slash",
      "ShiftRight", "NumpadMultiply", "AltLeft", "Space", "CapsLock"], 0x2C);
    row(["F1", "F2", "F3", "F4", "F5", "F6", "F7", "F8", "F9", "F10", "NumLock", "ScrollLock",
      "Numpad7", "Numpad8", "Numpad9", "NumpadSubtract", "Numpad4", "Numpad5", "Numpad6", "NumpadAdd",
      "Numpad1", "Numpad2", "Numpad3", "Numpad0", "NumpadDecimal"], 0x3B);
    m.IntlBackslash = 0x56; m.F11 = 0x57; m.F12 = 0x58;
    var ext = { NumpadEnter: 0x1C, ControlRight: 0x1D, NumpadDivide: 0x35, AltRight: 0x38,
      Home: 0x47, ArrowUp: 0x48, PageUp: 0x49, ArrowLeft: 0x4B, ArrowRight: 0x4D, End: 0x4F,
      ArrowDown: 0x50, PageDown: 0x51, Insert: 0x52, Delete: 0x53,
      MetaLeft: 0x5B, MetaRight: 0x5C, ContextMenu: 0x5D };
    Object.keys(ext).forEach(function (k) { m[k] = 0xE000 | ext[k]; });
    return m;
  })();

  // Characters -> the key (and Shift) that types them on a US keyboard,
  // for text that arrives without key codes (on-screen keyboards).
  var CHARKEYS = (function () {
    var codes = ["Backquote", "Digit1", "Digit2", "Digit3", "Digit4", "Digit5", "Digit6", "Digit7", "Digit8",
      "Digit9", "Digit0", "Minus", "Equal", "KeyQ", "KeyW", "KeyE", "KeyR", "KeyT", "KeyY", "KeyU", "KeyI",
      "KeyO", "KeyP", "BracketLeft", "BracketRight", "Backslash", "KeyA", "KeyS", "KeyD", "KeyF", "KeyG",
      "KeyH", "KeyJ", "KeyK", "KeyL", "Semicolon", "Quote", "KeyZ", "KeyX", "KeyC", "KeyV", "KeyB", "KeyN",
      "KeyM", "Comma", "Period", "Slash", "Space"];
    var plain = "`1234567890-=qwertyuiop[]\\asdfghjkl;'zxcvbnm,./ ";
    var shifted = "~!@#$%^&*()_+QWERTYUIOP{}|ASDFGHJKL:\"ZXCVBNM<>? ";
    var m = { "\n": { code: "Enter" }, "\t": { code: "Tab" } };
    for (var i = 0; i < codes.length; i++) {
      if (!m[plain[i]]) m[plain[i]] = { code: codes[i] };
      if (!m[shifted[i]]) m[shifted[i]] = { code: codes[i], shift: true };
    }
    return m;
  })();

  function textScancodes(text) {
    var out = [];
    for (var i = 0; i < text.length; i++) {
      var k = CHARKEYS[text[i]];
      if (!k) continue;
      if (k.shift) out.push(0x2A);
      out = out.concat(scancodeBytes(k.code, false), scancodeBytes(k.code, true));
      if (k.shift) out.push(0xAA);
    }
    return out;
  }

  function scancodeBytes(code, release) {
    var sc = SCANCODES[code];
    if (sc === undefined) return null;
    var low = (sc & 0xFF) | (release ? 0x80 : 0);
    return sc > 0xFF ? [0xE0, low] : [low];
  }

  function fileName(u) { return u.split("/").pop(); }

  function Machine(panel) {
    this.panel = panel;
    this.button = $("[data-boot]", panel);
    this.status = $("[data-boot-status]", panel);
    this.box = $("[data-boot-machine]", panel);
    this.screen = $("[data-screen]", panel);
    this.serial = $("[data-serial]", panel);
    this.keyTarget = $("[data-keyboard-target]", panel) || this.box;
    this.emulator = null;
    this.pending = [];
    this.text = "";
    this.flushQueued = false;
    this.decoder = null;
    this.down = {};
    this.panel.setAttribute("data-state", "idle");
    var self = this;
    this.button.addEventListener("click", function () { self.onButton(); });
    this.setupKeyboard();
  }

  Machine.prototype.setState = function (state, message) {
    this.panel.setAttribute("data-state", state);
    if (message) this.status.textContent = message;
  };

  Machine.prototype.onButton = function () {
    var self = this;
    if (this.emulator) {
      this.resetSerial();
      this.t0 = performance.now();
      this.panel.removeAttribute("data-t-serial");
      this.emulator.restart();
      this.setState("starting", "Restarted: the BIOS, then GRUB, then the kernel.");
      this.keyTarget.focus({ preventScroll: true });
      return;
    }
    this.start().catch(function (err) {
      self.setState("error", "The emulator could not start: " + (err && err.message || err) + ".");
      self.button.disabled = false;
      self.button.textContent = "Try again";
      self.box.hidden = true;
      var emu = self.emulator;
      self.emulator = null;
      if (emu) Promise.resolve(emu.destroy()).catch(function () {});
    });
  };

  Machine.prototype.start = function () {
    var self = this;
    this.t0 = performance.now();
    this.button.disabled = true;
    this.box.hidden = false;
    this.resetSerial();
    this.setState("loading", "Loading the emulator…");
    var iso = new URL(this.button.getAttribute("data-iso"), location.href).href;
    var load = window.V86 ? Promise.resolve() : loadScript(V86_BASE + "libv86.js");
    // Ask for the ISO's headers first, so a missing image is reported
    // instead of an emulator that waits forever.
    var probe = fetch(iso, { method: "HEAD", cache: "no-store" }).then(function (r) {
      if (!r.ok) throw new Error("the kernel image " + fileName(iso) + " is missing (HTTP " + r.status + ")");
    });
    return Promise.all([load, probe]).then(function () {
      var V86 = window.V86 || window.V86Starter;
      if (!V86) throw new Error("libv86.js did not define V86");
      var emulator = new V86({
        wasm_path: V86_BASE + "v86.wasm",
        memory_size: 64 * 1024 * 1024,
        vga_memory_size: 8 * 1024 * 1024,
        screen: { container: self.screen },
        bios: { url: V86_BASE + "seabios.bin" },
        vga_bios: { url: V86_BASE + "vgabios.bin" },
        cdrom: { url: iso },
        autostart: true,
        fastboot: true,
        disable_keyboard: true, // book.js forwards keys itself, only from the machine box
        disable_mouse: true,
        disable_speaker: true, // its AudioWorklet would need blob: scripts, which the CSP forbids
      });
      self.emulator = emulator;
      emulator.add_listener("emulator-ready", function () {
        self.panel.setAttribute("data-t-ready", String(Math.round(performance.now() - self.t0)));
        self.setState("starting", "Emulator ready: the BIOS, then GRUB, then the kernel.");
        self.button.disabled = false;
        self.button.textContent = "Restart";
        self.addPowerButton();
      });
      emulator.add_listener("serial0-output-byte", function (byte) { self.onSerial(byte); });
    });
  };

  Machine.prototype.addPowerButton = function () {
    if (this.power) return;
    var self = this;
    var b = document.createElement("button");
    b.type = "button";
    b.className = "boot-button boot-power";
    b.textContent = "Power off";
    b.addEventListener("click", function () {
      var emu = self.emulator;
      self.emulator = null;
      b.remove();
      self.power = null;
      self.box.hidden = true;
      self.button.textContent = "Boot this chapter's kernel";
      self.setState("idle", "Powered off.");
      if (emu) Promise.resolve(emu.destroy()).catch(function () {});
    });
    this.button.parentNode.insertBefore(b, this.button.nextSibling);
    this.power = b;
  };

  Machine.prototype.resetSerial = function () {
    this.pending = [];
    this.text = "";
    this.decoder = new TextDecoder("utf-8");
    this.serial.textContent = "";
  };

  Machine.prototype.onSerial = function (byte) {
    if (!this.panel.hasAttribute("data-t-serial")) {
      this.panel.setAttribute("data-t-serial", String(Math.round(performance.now() - this.t0)));
      this.setState("running", "Running. Serial output appears below" +
        (this.panel.hasAttribute("data-keyboard") ? "; click the machine and type to talk to it." : "."));
    }
    this.pending.push(byte);
    if (!this.flushQueued) {
      this.flushQueued = true;
      var self = this;
      var flush = function () { self.flush(); };
      if (document.hidden) setTimeout(flush, 50); else requestAnimationFrame(flush);
    }
  };

  Machine.prototype.flush = function () {
    this.flushQueued = false;
    if (!this.pending.length) return;
    var chunk = this.decoder.decode(new Uint8Array(this.pending), { stream: true });
    this.pending = [];
    var text = this.text;
    for (var i = 0; i < chunk.length; i++) {
      var c = chunk[i];
      if (c === "\r") continue;
      if (c === "\b" || c === "\x7f") { text = text.slice(0, -1); continue; }
      if (c === "\x07") continue;
      text += c;
    }
    if (text.length > 200000) text = text.slice(-150000);
    this.text = text;
    var s = this.serial;
    var atBottom = s.scrollHeight - s.scrollTop - s.clientHeight < 24;
    s.textContent = text;
    if (atBottom) s.scrollTop = s.scrollHeight;
  };

  Machine.prototype.setupKeyboard = function () {
    var self = this, target = this.keyTarget;
    function send(bytes) {
      if (self.emulator && bytes && bytes.length) self.emulator.keyboard_send_scancodes(bytes);
    }
    target.addEventListener("keydown", function (e) {
      if (!self.emulator) return;
      if (e.key === "Tab" && !e.ctrlKey && !e.altKey) return; // leave a way out
      if (e.metaKey && !/^Meta/.test(e.code)) return; // browser shortcuts on macOS
      var bytes = scancodeBytes(e.code, false);
      if (bytes) {
        self.down[e.code] = true;
        send(bytes);
      } else if (e.key && e.key.length === 1 && CHARKEYS[e.key]) {
        send(textScancodes(e.key)); // a key event without a key code
      } else {
        return;
      }
      e.preventDefault();
    });
    target.addEventListener("keyup", function (e) {
      if (!self.emulator || !self.down[e.code]) return;
      delete self.down[e.code];
      send(scancodeBytes(e.code, true));
      e.preventDefault();
    });
    target.addEventListener("blur", function () {
      // Release whatever is held so no modifier sticks in the guest.
      Object.keys(self.down).forEach(function (code) { send(scancodeBytes(code, true)); });
      self.down = {};
    });
    // Phones and tablets raise their on-screen keyboard only for a text
    // field: what is typed there goes to the kernel as text, then the
    // field is emptied again.
    var field = $("[data-keyboard-input]", target);
    if (field) field.addEventListener("input", function (e) {
      if (!self.emulator) { field.value = ""; return; }
      if (e.inputType === "deleteContentBackward") send([0x0E, 0x8E]);
      else send(textScancodes(e.data || field.value));
      field.value = "";
    });
    // Clicking the screen or console gives the box focus (and so the keyboard).
    target.addEventListener("mousedown", function (e) {
      if (e.target.closest("a, button, input")) return;
      if (window.getSelection && String(window.getSelection())) return;
      setTimeout(function () { target.focus({ preventScroll: true }); }, 0);
    });
  };

  function setupBoot() {
    var machines = [];
    $all("[data-boot-panel]").forEach(function (panel) {
      if ($("[data-boot]", panel)) machines.push(panel.wakefulMachine = new Machine(panel));
    });
    // A hidden tab does not need a running PC: pause it, and resume on return.
    document.addEventListener("visibilitychange", function () {
      machines.forEach(function (m) {
        var emu = m.emulator;
        if (!emu) return;
        if (document.hidden && emu.is_running()) { m.paused = true; emu.stop(); }
        else if (!document.hidden && m.paused) { m.paused = false; emu.run(); }
      });
    });
  }

  /* ---------------- search ---------------- */

  function setupSearch() {
    var box = $("[data-search]");
    if (!box) return;
    var input = $("[data-search-input]", box);
    var holder = $("[data-search-ui]", box);
    var started = null;
    function start() {
      if (started) return started;
      var base = siteBase + "pagefind/";
      started = Promise.all([loadStyle(base + "pagefind-ui.css"), loadScript(base + "pagefind-ui.js")])
        .then(function () {
          if (!window.PagefindUI) throw new Error("pagefind-ui.js did not define PagefindUI");
          var ui = new window.PagefindUI({
            element: holder,
            showSubResults: true,
            showImages: false,
            resetStyles: false,
            excerptLength: 18,
            translations: { placeholder: "Search the book" },
          });
          var value = input.value;
          input.hidden = true;
          var real = $("input", holder);
          if (real) {
            real.setAttribute("aria-label", "Search the book");
            if (document.activeElement === input || value) real.focus();
          }
          if (value) ui.triggerSearch(value);
          box.setAttribute("data-search-ready", "");
          return ui;
        })
        .catch(function (err) {
          input.placeholder = "Search is unavailable";
          box.setAttribute("data-search-error", String(err && err.message || err));
        });
      return started;
    }
    input.addEventListener("focus", start);
    input.addEventListener("input", start);
    document.addEventListener("keydown", function (e) {
      // "/" jumps to search, as on many documentation sites.
      if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey) return;
      var t = e.target;
      if (t.closest && t.closest("input, textarea, select, [contenteditable], [data-keyboard-target]")) return;
      e.preventDefault();
      root.classList.add("nav-open");
      (input.hidden ? $("input", holder) || input : input).focus();
    });
  }

  function init() {
    setupNav();
    revealCurrent();
    setupPermalinks();
    setupCopyButtons();
    setupDiagrams();
    setupBoot();
    setupSearch();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
