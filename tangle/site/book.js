/* book.js: the interactive parts of the Wakeful website.
 *
 *  - contents drawer on narrow screens, current-chapter and permalink
 *    fallbacks for pages woven without site.lua;
 *  - a copy button on every code block;
 *  - state-machine diagrams: clicking a state scrolls to its chunk;
 *  - the boot panel: on the first click, load the v86 emulator, boot the
 *    chapter's kernel (its ELF file through v86's Multiboot 1 loader, or
 *    the GRUB ISO if the ELF file is missing), show COM1 in the serial
 *    console and forward keys typed into the machine box to the emulated
 *    PS/2 keyboard;
 *  - search: identifiers and chunk names (xref.json) and the prose
 *    (pagefind's index), loaded the first time the box gets focus;
 *  - place: a remembered light/dark/system theme, ←/→ between chapters,
 *    the sidebar following the section being read;
 *  - previews of chunk references and identifiers on hover or focus, and
 *    code blocks as single Tab stops whose links the arrow keys reach.
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
    // A pointer over Boot or focus on it says the reader is about to
    // boot: start the emulator's two big downloads then, a few hundred
    // milliseconds before the click. Nothing loads without such a sign.
    ["pointerenter", "focus", "touchstart"].forEach(function (ev) {
      self.button.addEventListener(ev, function () { if (!self.emulator) warmV86(); }, { passive: true });
    });
    this.setupKeyboard();
    this.setupTabs();
  }

  // Screen and COM1 are two tabs of one pane: the kernel prints the same
  // lines to both, so showing both at once showed everything twice.
  Machine.prototype.setupTabs = function () {
    var tabs = $all("[data-boot-tab]", this.panel), panel = this.panel;
    function select(tab, focus) {
      tabs.forEach(function (t) {
        var on = t === tab;
        t.setAttribute("aria-selected", String(on));
        t.tabIndex = on ? 0 : -1;
        var pane = $("[data-boot-pane=" + t.getAttribute("data-boot-tab") + "]", panel);
        if (pane) pane.hidden = !on;
      });
      if (focus) tab.focus();
    }
    tabs.forEach(function (t, i) {
      t.addEventListener("click", function () { select(t, false); });
      t.addEventListener("keydown", function (e) {
        var n = e.key === "ArrowRight" ? 1 : e.key === "ArrowLeft" ? -1 : 0;
        if (!n) return;
        e.preventDefault();
        e.stopPropagation();
        select(tabs[(i + n + tabs.length) % tabs.length], true);
      });
    });
  };

  // The kernel is up: its first output on COM1 or on the screen. Stamp the
  // time (the site benchmark reads it) and give the machine the keyboard,
  // unless the reader has already put focus somewhere else.
  Machine.prototype.kernelUp = function (where) {
    if (this.panel.hasAttribute("data-t-output")) return;
    var t = String(Math.round(performance.now() - this.t0));
    this.panel.setAttribute("data-t-output", t);
    this.panel.setAttribute("data-output-on", where);
    if (this.emulator) this.panel.setAttribute("data-i-output", String(this.emulator.get_instruction_counter()));
    var a = document.activeElement;
    if (!a || a === document.body || a === this.button || this.box.contains(a)) {
      this.keyTarget.focus({ preventScroll: true });
    }
  };

  // A kernel without a serial driver shows itself only on the screen.
  Machine.prototype.watchScreen = function () {
    var self = this, t = this.t0;
    clearInterval(this.screenTimer);
    this.screenTimer = setInterval(function () {
      if (self.t0 !== t || self.panel.hasAttribute("data-t-output") || performance.now() - t > 120000) {
        clearInterval(self.screenTimer);
        return;
      }
      if (/(^|\n)\s*Wakeful/.test(self.screen.innerText || "")) self.kernelUp("screen");
    }, 50);
  }

  Machine.prototype.setState = function (state, message) {
    this.panel.setAttribute("data-state", state);
    if (message) this.status.textContent = message;
  };

  Machine.prototype.onButton = function () {
    var self = this;
    if (this.emulator && this.via === "multiboot") {
      // Without a BIOS the emulator's own reset would jump to an empty
      // reset vector: Restart is a power cycle, a new machine given the
      // same kernel (compiled emulator and ELF file are kept, so it is quick).
      var old = this.emulator;
      this.emulator = null;
      if (this.live) { this.live.detach(); this.live = null; }
      Promise.resolve(old.destroy()).catch(function () {});
      this.t0 = performance.now();
      this.clearStamps();
      this.resetSerial();
      this.boot(this.image);
      this.setState("starting", "Restarted: " + this.bootPath() + ".");
      this.keyTarget.focus({ preventScroll: true });
      return;
    }
    if (this.emulator) {
      this.resetSerial();
      this.t0 = performance.now();
      this.clearStamps();
      this.emulator.restart();
      if (this.live) this.live.reset();
      this.watchScreen();
      this.setState("starting", "Restarted: " + this.bootPath() + ".");
      this.t0 = performance.now();
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

  Machine.prototype.clearStamps = function () {
    var p = this.panel;
    ["data-t-serial", "data-t-output", "data-i-output", "data-t-ready"].forEach(function (a) { p.removeAttribute(a); });
  };

  // The timings of one boot, stamped on the panel for the site benchmark
  // (make bench-site): milliseconds since the click (data-t-*) and, at the
  // first output, the emulated instructions run so far (data-i-output),
  // which the host's speed does not change.
  Machine.prototype.stamp = function (what) {
    if (!this.panel.hasAttribute("data-t-" + what)) {
      this.panel.setAttribute("data-t-" + what, String(Math.round(performance.now() - this.t0)));
    }
  };

  // The three downloads (libv86.js, the emulator's WebAssembly, the
  // kernel) go out together on the click, not one after another; the
  // WebAssembly is compiled while it streams in.
  Machine.prototype.start = function () {
    var self = this;
    this.t0 = performance.now();
    this.button.disabled = true;
    this.box.hidden = false;
    this.resetSerial();
    this.setState("loading", "Loading the emulator…");
    var load = loadV86Script();
    var wasm = compileV86().then(function (m) { self.stamp("wasm"); return m; });
    return Promise.all([load, this.chooseImage(), wasm]).then(function (got) {
      self.stamp("loaded");
      self.image = got[1];
      self.via = got[1].via;
      self.panel.setAttribute("data-boot-via", self.via);
      self.boot(self.image);
    });
  };

  // One machine, from power on. From chapter 18 on the checkpoint has a
  // disk image: the first hard disk, read on demand (async: v86 fetches
  // the sectors the kernel reads).
  Machine.prototype.boot = function (image) {
    var self = this;
    var V86 = window.V86 || window.V86Starter;
    if (!V86) throw new Error("libv86.js did not define V86");
    var disk = this.button.getAttribute("data-disk");
    disk = disk ? new URL(disk, location.href).href : null;
    var bare = image.via === "multiboot";
    var options = {
      wasm_fn: function (imports) {
        return compileV86().then(function (m) { return WebAssembly.instantiate(m, imports); })
          .then(function (instance) { return instance.exports; });
      },
      memory_size: 64 * 1024 * 1024,
      vga_memory_size: 8 * 1024 * 1024,
      screen: { container: self.screen },
      // The ELF file needs no BIOS: v86 loads it and jumps to its entry,
      // and setUpLikeFirmware does the two things the kernel takes from
      // the BIOS. The ISO needs SeaBIOS and its VGA BIOS to boot GRUB.
      bios: bare ? undefined : { url: V86_BASE + "seabios.bin" },
      vga_bios: bare ? undefined : { url: V86_BASE + "vgabios.bin" },
      hda: disk ? { url: disk, async: true } : undefined,
      autostart: !bare,
      fastboot: true,
      disable_keyboard: true, // book.js forwards keys itself, only from the machine box
      disable_mouse: true,
      disable_speaker: true, // its AudioWorklet would need blob: scripts, which the CSP forbids
      uart1: true, // COM2: the kernel's trace, for the live view (live.js)
    };
    // multiboot: the ELF file, already fetched; cdrom: the ISO, read by v86
    options[image.via] = bare ? { buffer: image.buffer.slice(0) } : { url: image.url };
    var emulator = new V86(options);
    this.emulator = emulator;
    loadLive().then(function (L) {
      if (L && self.emulator === emulator) self.live = L.attach(self.panel, emulator);
    });
    emulator.add_listener("emulator-ready", function () {
      if (self.emulator !== emulator) return;
      self.stamp("ready");
      if (bare) {
        setUpLikeFirmware(emulator);
        emulator.run();
        // v86 schedules its time slices through a timer Worker, and the
        // first slice waits for that Worker to start up (seconds on a busy
        // machine). Run the first slice now instead; the Worker's late
        // message for it is then stale, and v86 ignores it.
        Promise.resolve().then(function () {
          var v = emulator.v86;
          if (self.emulator === emulator && v && v.running && v.idle && typeof v.yield_callback === "function") {
            v.yield_callback(v.tick_counter);
          }
        });
      }
      self.setState("starting", "Emulator ready: " + self.bootPath() + ".");
      self.button.disabled = false;
      self.button.textContent = "Restart";
      self.addPowerButton();
      self.watchScreen();
    });
    emulator.add_listener("serial0-output-byte", function (byte) {
      if (self.emulator === emulator) self.onSerial(byte);
    });
  };

  var v86Script = null;
  function loadV86Script() {
    if (window.V86) return Promise.resolve();
    if (!v86Script) {
      v86Script = loadScript(V86_BASE + "libv86.js");
      v86Script.catch(function () { v86Script = null; });
    }
    return v86Script;
  }
  function warmV86() {
    loadV86Script().catch(function () {});
    compileV86().catch(function () {});
  }

  // The emulator's WebAssembly, compiled once per page (while it
  // downloads) and instantiated for every machine and every restart.
  var v86Module = null;
  function compileV86() {
    if (!v86Module) {
      var url = V86_BASE + "v86.wasm";
      var bytes = function () {
        return fetch(url).then(function (r) {
          if (!r.ok) throw new Error("v86.wasm: HTTP " + r.status);
          return r.arrayBuffer();
        }).then(function (b) { return WebAssembly.compile(b); });
      };
      v86Module = WebAssembly.compileStreaming
        ? WebAssembly.compileStreaming(fetch(url)).catch(bytes) : bytes();
      v86Module.catch(function () { v86Module = null; });
    }
    return v86Module;
  }

  // Booted without a BIOS, the kernel still finds what the BIOS leaves
  // behind when GRUB starts it: the VGA card in text mode 3 (80 x 25,
  // the screen at 0xB8000) and the keyboard scanning. This is what the
  // VGA BIOS's mode-3 register table and SeaBIOS's keyboard set-up do,
  // written to the emulated ports before the first instruction runs.
  var VGA_MODE3 = {
    seq: [0x03, 0x00, 0x03, 0x00, 0x02],
    crtc: [0x5F, 0x4F, 0x50, 0x82, 0x55, 0x81, 0xBF, 0x1F, 0x00, 0x4F, 0x0D, 0x0E, 0x00, 0x00, 0x00,
           0x00, 0x9C, 0x8E, 0x8F, 0x28, 0x1F, 0x96, 0xB9, 0xA3, 0xFF],
    gc: [0x00, 0x00, 0x00, 0x00, 0x00, 0x10, 0x0E, 0x00, 0xFF],
    attr: [0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x14, 0x07, 0x38, 0x39, 0x3A, 0x3B, 0x3C, 0x3D, 0x3E,
           0x3F, 0x0C, 0x00, 0x0F, 0x08, 0x00],
  };
  function setUpLikeFirmware(emulator) {
    var cpu = emulator.v86.cpu, io = cpu.io;
    function out(port, v) { io.port_write8(port, v); }
    function indexed(port, values) {
      values.forEach(function (v, i) { out(port, i); out(port + 1, v); });
    }
    out(0x3C2, 0x67); // colour, 0x3Dx ports, 25 MHz clock
    indexed(0x3C4, VGA_MODE3.seq);
    out(0x3D4, 0x11); out(0x3D5, 0x0E); // unlock CRTC registers 0-7
    indexed(0x3D4, VGA_MODE3.crtc);
    indexed(0x3CE, VGA_MODE3.gc);
    io.port_read8(0x3DA); // the attribute controller's flip-flop to "index"
    VGA_MODE3.attr.forEach(function (v, i) { out(0x3C0, i); out(0x3C0, v); });
    out(0x3C0, 0x20); // palette set: the screen on
    io.port_read8(0x3DA);
    // The DAC: the EGA's 64 colours (2 bits each of red, green, blue).
    out(0x3C8, 0);
    for (var c = 0; c < 64; c++) {
      out(0x3C9, (c >> 2 & 1) * 0x2A + (c >> 5 & 1) * 0x15);
      out(0x3C9, (c >> 1 & 1) * 0x2A + (c >> 4 & 1) * 0x15);
      out(0x3C9, (c & 1) * 0x2A + (c >> 3 & 1) * 0x15);
    }
    // The keyboard's "enable scanning" (command 0xF4), without its
    // acknowledgement byte, which the kernel would read as a key.
    cpu.devices.ps2.enable_keyboard_stream = true;
  }

  // What to boot. The kernel's ELF file goes straight to v86's Multiboot 1
  // loader (chapter 1: two loaders, one kernel), which skips the BIOS, the
  // CD and GRUB and so most of the time to the first line; the chapter's
  // GRUB ISO is the fallback when the ELF file is missing, asked for its
  // headers first so that a missing image is reported instead of an
  // emulator that waits for ever.
  Machine.prototype.chooseImage = function () {
    var self = this;
    function probe(attr) {
      var u = new URL(attr, location.href).href;
      return fetch(u, { method: "HEAD", cache: "no-store" }).then(function (r) {
        if (!r.ok) throw new Error("the kernel image " + fileName(u) + " is missing (HTTP " + r.status + ")");
        return { url: u, via: "cdrom" };
      });
    }
    var iso = this.button.getAttribute("data-iso");
    var elf = this.button.getAttribute("data-kernel");
    if (!elf) return probe(iso);
    var u = new URL(elf, location.href).href;
    return fetch(u).then(function (r) {
      if (!r.ok) throw new Error(fileName(u) + ": HTTP " + r.status);
      return r.arrayBuffer();
    }).then(function (b) {
      self.stamp("kernel");
      return { url: u, via: "multiboot", buffer: b };
    }).catch(function () { return probe(iso); });
  };

  Machine.prototype.bootPath = function () {
    return this.via === "multiboot" ? "the kernel, loaded by the emulator itself (no BIOS, no GRUB)"
                                    : "the BIOS, then GRUB from the CD, then the kernel";
  };

  // The live view of the executor (live.js, live.css) loads with the
  // emulator, never before; if it cannot load, the machine runs without it.
  var livePromise = null;
  function loadLive() {
    if (!livePromise) {
      livePromise = Promise.all([loadScript(assetBase + "live.js"), loadStyle(assetBase + "live.css")])
        .then(function () { return window.WakefulLive || null; }, function () { return null; });
    }
    return livePromise;
  }

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
      if (self.live) { self.live.detach(); self.live = null; }
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
      this.kernelUp("serial");
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
      if (e.target.closest("button, select, [role=tab]")) return; // the tabs' own keys
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

  // The names of the book (identifiers and chunk names) come from
  // xref.json, which previews use too; the prose comes from pagefind's
  // index (pagefind.js, its WebAssembly and index pieces), loaded the
  // first time the search box gets focus. The box itself is never
  // replaced or hidden, so what is typed after any pause lands in it.
  var xrefPromise = null;
  function loadXref() {
    if (!xrefPromise) {
      xrefPromise = fetch(siteBase + "xref.json").then(function (r) {
        if (!r.ok) throw new Error("xref.json: HTTP " + r.status);
        return r.json();
      });
      xrefPromise.catch(function () { xrefPromise = null; });
    }
    return xrefPromise;
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function chapterName(x, n) { return "Chapter " + n + (x.chapters[n] ? ", " + x.chapters[n] : ""); }

  // Identifiers and chunk names that match the query: an exact
  // identifier first, then names that start with it, then chunk names
  // containing every word of it. Each leads to its defining chunk.
  function nameMatches(x, q) {
    var out = [], seen = {};
    var words = q.toLowerCase().split(/\s+/).filter(Boolean);
    var lq = q.toLowerCase();
    function addId(id, rank) {
      if (seen["i:" + id]) return;
      seen["i:" + id] = 1;
      var a = x.ids[id][0], c = x.chunks[a];
      if (c) out.push({ rank: rank, kind: "identifier", name: id, anchor: a, chunk: c });
    }
    if (x.ids[q]) addId(q, 0);
    Object.keys(x.ids).forEach(function (id) {
      var l = id.toLowerCase();
      if (l === lq) addId(id, 1);
      else if (l.indexOf(lq) === 0) addId(id, 3 + l.length / 100);
    });
    Object.keys(x.chunks).forEach(function (a) {
      var c = x.chunks[a], l = c.n.toLowerCase();
      if (seen["c:" + c.n]) return;
      var rank = l === lq ? 2 : words.every(function (w) { return l.indexOf(w) >= 0; }) ? 4 + l.length / 1000 : -1;
      if (rank < 0) return;
      seen["c:" + c.n] = 1;
      out.push({ rank: rank, kind: "chunk", name: c.n, anchor: a, chunk: c });
    });
    out.sort(function (p, q2) { return p.rank - q2.rank; });
    return out.slice(0, 6);
  }

  function where(x, c) {
    var n = c.l.split(".")[0];
    return chapterName(x, n) + (c.s ? " \u203A " + c.s + " " + c.t : "");
  }

  function setupSearch() {
    var box = $("[data-search]");
    if (!box) return;
    var input = $("[data-search-input]", box);
    var list = $("[data-search-results]", box);
    var status = $("[data-search-status]", box);
    var engine = null, seq = 0, timer = 0;

    function start() {
      if (!engine) {
        engine = import(siteBase + "pagefind/pagefind.js").then(function (pf) {
          return pf.options({ excerptLength: 22 }).then(function () { pf.init(); return pf; });
        });
        engine.catch(function (err) {
          box.setAttribute("data-search-error", String(err && err.message || err));
        });
        Promise.all([engine, loadXref()]).then(function () {
          box.setAttribute("data-search-ready", "");
          if (input.value.trim()) run();
        }, function () {});
      }
      return engine;
    }

    function item(href, title, place, excerptHTML, kind) {
      var li = el("li", "search-result" + (kind ? " search-" + kind : ""));
      var a = el("a", "search-link");
      a.href = href;
      a.appendChild(el("span", "search-title", title));
      if (place) a.appendChild(el("span", "search-where", place));
      if (excerptHTML) {
        var ex = el("span", "search-excerpt");
        ex.innerHTML = excerptHTML; // pagefind's excerpt: the page's own text, with <mark>
        a.appendChild(ex);
      }
      li.appendChild(a);
      return li;
    }

    function score(sub) {
      return (sub.weighted_locations || []).reduce(function (m, l) { return Math.max(m, l.balanced_score || 0); }, 0);
    }

    function run() {
      var q = input.value.trim();
      var my = ++seq;
      if (!q) {
        list.hidden = true;
        list.textContent = "";
        status.textContent = "";
        return;
      }
      Promise.all([start(), loadXref()]).then(function (r) {
        var pf = r[0], x = r[1];
        return pf.search(q).then(function (res) {
          return Promise.all(res.results.slice(0, 8).map(function (p) { return p.data(); }));
        }).then(function (pagesData) {
          if (my !== seq) return;
          list.textContent = "";
          var names = nameMatches(x, q), n = 0;
          names.forEach(function (m) {
            var c = m.chunk;
            var title = m.kind === "identifier" ? m.name + "  \u2014 defined in \u27E8" + c.n + "\u27E9 " + c.l
              : "\u27E8" + c.n + "\u27E9 " + c.l;
            list.appendChild(item(siteBase + c.p + "#" + m.anchor, title, where(x, c), "", m.kind));
            n++;
          });
          pagesData.forEach(function (d) {
            var chap = d.meta && d.meta.chapter;
            var pageTitle = (chap ? chapterName(x, chap) : (d.meta && d.meta.title) || d.url);
            var subs = (d.sub_results || []).slice().sort(function (a, b) { return score(b) - score(a); }).slice(0, 3);
            if (!subs.length) subs = [{ url: d.url, title: d.meta && d.meta.title, excerpt: d.excerpt }];
            subs.forEach(function (s) {
              var sect = s.title && s.title !== (d.meta && d.meta.title) ? s.title.replace(/\s*#\s*$/, "") : "";
              list.appendChild(item(s.url, sect || (d.meta && d.meta.title) || "", pageTitle, s.excerpt, "text"));
              n++;
            });
          });
          list.hidden = n === 0;
          list.setAttribute("data-for", q);
          status.textContent = n ? n + " result" + (n === 1 ? "" : "s") + "; \u2193 moves through them" : "Nothing found for \u201C" + q + "\u201D";
        });
      }).catch(function (err) {
        if (my !== seq) return;
        status.textContent = "Search is unavailable: " + (err && err.message || err);
        list.setAttribute("data-for", q);
      });
    }

    function links() { return $all(".search-link", list); }

    input.addEventListener("focus", start);
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(run, 120);
    });
    input.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown" && !list.hidden) {
        var l = links();
        if (l.length) { e.preventDefault(); l[0].focus(); }
      } else if (e.key === "Escape" && input.value) {
        input.value = "";
        run();
      }
    });
    list.addEventListener("keydown", function (e) {
      var l = links(), i = l.indexOf(document.activeElement);
      if (i < 0) return;
      if (e.key === "ArrowDown") { e.preventDefault(); (l[i + 1] || l[i]).focus(); }
      else if (e.key === "ArrowUp") { e.preventDefault(); (i ? l[i - 1] : input).focus(); }
      else if (e.key === "Home") { e.preventDefault(); l[0].focus(); }
      else if (e.key === "End") { e.preventDefault(); l[l.length - 1].focus(); }
      else if (e.key === "Escape") { e.preventDefault(); input.focus(); }
    });
    document.addEventListener("keydown", function (e) {
      // "/" jumps to search, as on many documentation sites.
      if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey) return;
      if (typingIn(e.target)) return;
      e.preventDefault();
      root.classList.add("nav-open");
      input.focus();
    });
  }

  // Keys typed here belong to what has focus, not to the page's shortcuts.
  function typingIn(t) {
    return !!(t && t.closest && t.closest("input, textarea, select, [contenteditable], [data-keyboard-target]"));
  }

  /* ---------------- place: theme, chapter keys, current section ---------------- */

  // The theme: "system" follows prefers-color-scheme; "light" or "dark"
  // is remembered in localStorage and set as <html data-theme> before the
  // page is painted (book.js runs in <head> for that reason).
  var THEME_KEY = "wakeful-theme";
  function savedTheme() {
    try { return localStorage.getItem(THEME_KEY) || "system"; } catch (e) { return "system"; }
  }
  function applyTheme(t) {
    if (t === "light" || t === "dark") root.setAttribute("data-theme", t);
    else root.removeAttribute("data-theme");
  }
  applyTheme(savedTheme());

  function setupTheme() {
    var p = $("[data-theme-switch]"), sel = $("[data-theme-select]");
    if (!p || !sel) return;
    p.hidden = false;
    sel.value = savedTheme();
    sel.addEventListener("change", function () {
      try {
        if (sel.value === "system") localStorage.removeItem(THEME_KEY);
        else localStorage.setItem(THEME_KEY, sel.value);
      } catch (e) { /* private mode: the choice lasts for this page */ }
      applyTheme(sel.value);
    });
    window.addEventListener("storage", function (e) {
      if (e.key === THEME_KEY) { sel.value = savedTheme(); applyTheme(sel.value); }
    });
  }

  // ← and → go to the previous and next chapter, unless focus is where
  // arrows already mean something (fields, the machine, code, results).
  function setupChapterKeys() {
    document.addEventListener("keydown", function (e) {
      if (e.key !== "ArrowLeft" && e.key !== "ArrowRight") return;
      if (e.ctrlKey || e.metaKey || e.altKey || e.shiftKey || e.defaultPrevented) return;
      var t = e.target;
      if (typingIn(t) || (t.closest && t.closest("pre, [role=tablist], .search-results, figure"))) return;
      var link = $(e.key === "ArrowLeft" ? "link[rel=prev]" : "link[rel=next]");
      if (!link) return;
      e.preventDefault();
      location.href = link.href;
    });
  }

  // The sidebar marks the section being read and keeps it in view.
  function setupSectionFollow() {
    var tocLinks = $all(".toc-sections a");
    if (!tocLinks.length || !window.IntersectionObserver) return;
    var byId = {};
    tocLinks.forEach(function (a) { byId[decodeURIComponent(a.getAttribute("href").slice(1))] = a; });
    var heads = $all(".content h2[id]").filter(function (h) { return byId[h.id]; });
    var side = $(".sidebar"), current = null;
    function mark() {
      var best = heads[0];
      for (var i = 0; i < heads.length; i++) {
        if (heads[i].getBoundingClientRect().top < window.innerHeight * 0.35) best = heads[i];
        else break;
      }
      var a = best && byId[best.id];
      if (a === current) return;
      if (current) { current.removeAttribute("aria-current"); current.classList.remove("toc-here"); }
      current = a;
      if (!a) return;
      a.setAttribute("aria-current", "location");
      a.classList.add("toc-here");
      if (side && side.scrollHeight > side.clientHeight) {
        var r = a.getBoundingClientRect(), s = side.getBoundingClientRect();
        if (r.top < s.top + 80 || r.bottom > s.bottom - 20) side.scrollTop += r.top - s.top - side.clientHeight / 3;
      }
    }
    var queued = false;
    window.addEventListener("scroll", function () {
      if (queued) return;
      queued = true;
      requestAnimationFrame(function () { queued = false; mark(); });
    }, { passive: true });
    mark();
  }

  /* ---------------- code: identifier links without a Tab stop each ---------------- */

  // A code block is one Tab stop. Enter (or ↓) inside it moves focus to
  // its first link; ←/→/↑/↓ move between its links, Home/End to the ends,
  // Escape back to the block. So every identifier stays reachable by
  // keyboard without the page having 800 Tab stops.
  function setupCodeLinks() {
    // Every listing can scroll sideways, so every one must be reachable
    // by keyboard (the weave gives chunks tabindex; transcripts and the
    // exercises' listings get it here).
    $all(".content pre:not([tabindex])").forEach(function (pre) { pre.tabIndex = 0; });
    var hint = el("p", "visually-hidden", "Code. Press Enter to move through its links with the arrow keys; Escape returns.");
    hint.id = "code-keys-hint";
    document.body.appendChild(hint);
    $all("pre.code").forEach(function (pre) {
      if ($("a", pre)) pre.setAttribute("aria-describedby", "code-keys-hint");
    });
    document.addEventListener("keydown", function (e) {
      var t = e.target;
      if (!t.closest || e.ctrlKey || e.metaKey || e.altKey) return;
      var pre = t.closest("pre.code");
      if (!pre) return;
      var l = $all("a", pre);
      if (!l.length) return;
      var i = l.indexOf(t);
      var go = null;
      if (t === pre) {
        if (e.key === "Enter") go = l[0];
      } else if (i >= 0) {
        if (e.key === "ArrowRight" || e.key === "ArrowDown") go = l[Math.min(i + 1, l.length - 1)];
        else if (e.key === "ArrowLeft" || e.key === "ArrowUp") go = l[Math.max(i - 1, 0)];
        else if (e.key === "Home") go = l[0];
        else if (e.key === "End") go = l[l.length - 1];
        else if (e.key === "Escape") go = pre;
      }
      if (!go) return;
      e.preventDefault();
      go.focus();
    });
  }

  /* ---------------- previews ---------------- */

  // Hovering or focusing a chunk reference, an identifier or a cross-
  // reference number shows the chunk's name and first lines in a small
  // card (role=tooltip, described-by from the link); Escape closes it.
  var PREVIEW_SEL = "a.use, a.id, .chunk-foot a, .replaces a";
  function setupPreviews() {
    var card = el("div", "preview");
    card.id = "xref-preview";
    card.setAttribute("role", "tooltip");
    card.hidden = true;
    document.body.appendChild(card);
    var showTimer = 0, hideTimer = 0, owner = null;

    function target(a) {
      var u;
      try { u = new URL(a.getAttribute("href"), location.href); } catch (e) { return null; }
      if (!u.hash) return null;
      var same = u.pathname === location.pathname;
      return { anchor: decodeURIComponent(u.hash.slice(1)), same: same };
    }

    function lines(text, id) {
      var all = text.replace(/\n+$/, "").split("\n"), from = 0;
      if (id) for (var i = 0; i < all.length; i++) if (new RegExp("\\b" + id + "\\b").test(all[i])) { from = i; break; }
      return all.slice(from, from + 8).join("\n");
    }

    function fill(a, t) {
      var id = a.classList.contains("id") ? a.textContent : "";
      function render(name, label, code, place) {
        card.textContent = "";
        var h = el("p", "preview-head");
        if (id) { h.appendChild(el("code", "preview-id", id)); h.appendChild(document.createTextNode(" defined in ")); }
        h.appendChild(el("span", "preview-name", "\u27E8" + name + "\u27E9 " + label));
        card.appendChild(h);
        if (place) card.appendChild(el("p", "preview-place", place));
        card.appendChild(el("pre", "preview-code", lines(code, id)));
      }
      var local = t.same && document.getElementById(t.anchor);
      if (local && local.classList.contains("chunk")) {
        var link = $(".chunk-link", local);
        var num = $(".chunk-num", local);
        var name = local.getAttribute("data-chunk") || "";
        var code = ($("pre.code", local) || {}).textContent || "";
        render(name, num ? num.textContent : "", code, "");
        return Promise.resolve(!!link || true);
      }
      return loadXref().then(function (x) {
        var c = x.chunks[t.anchor];
        if (!c) return false;
        render(c.n, c.l, c.c, where(x, c));
        return true;
      }, function () { return false; });
    }

    function place(a) {
      var r = a.getBoundingClientRect();
      card.style.left = "0px";
      card.style.top = "0px";
      var w = card.offsetWidth, h = card.offsetHeight;
      var left = Math.max(8, Math.min(r.left + window.scrollX, window.scrollX + document.documentElement.clientWidth - w - 8));
      var top = r.bottom + window.scrollY + 6;
      if (r.bottom + h + 12 > window.innerHeight && r.top - h - 6 > 0) top = r.top + window.scrollY - h - 6;
      card.style.left = left + "px";
      card.style.top = top + "px";
    }

    function show(a) {
      clearTimeout(hideTimer);
      if (owner === a && !card.hidden) return;
      var t = target(a);
      if (!t) return;
      clearTimeout(showTimer);
      showTimer = setTimeout(function () {
        fill(a, t).then(function (ok) {
          if (!ok) return;
          if (owner && owner !== a) owner.removeAttribute("aria-describedby");
          owner = a;
          a.setAttribute("aria-describedby", card.id);
          card.hidden = false;
          place(a);
        });
      }, 200);
    }
    function hide(now) {
      clearTimeout(showTimer);
      clearTimeout(hideTimer);
      hideTimer = setTimeout(function () {
        card.hidden = true;
        if (owner) owner.removeAttribute("aria-describedby");
        owner = null;
      }, now ? 0 : 250);
    }
    function linkOf(e) { return e.target.closest && e.target.closest(PREVIEW_SEL); }
    document.addEventListener("mouseover", function (e) { var a = linkOf(e); if (a) show(a); });
    document.addEventListener("mouseout", function (e) { if (linkOf(e)) hide(false); });
    document.addEventListener("focusin", function (e) { var a = linkOf(e); if (a) show(a); });
    document.addEventListener("focusout", function (e) { if (linkOf(e)) hide(false); });
    card.addEventListener("mouseover", function () { clearTimeout(hideTimer); });
    card.addEventListener("mouseout", function () { hide(false); });
    document.addEventListener("keydown", function (e) { if (e.key === "Escape" && !card.hidden) hide(true); });
  }

  function init() {
    setupNav();
    revealCurrent();
    setupPermalinks();
    setupCopyButtons();
    setupDiagrams();
    setupBoot();
    setupSearch();
    setupTheme();
    setupChapterKeys();
    setupSectionFollow();
    setupCodeLinks();
    setupPreviews();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
