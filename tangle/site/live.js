/* live.js -- the executor made visible, while the kernel runs in the page.
 *
 * Loaded by book.js only when the reader presses Boot (so a page that is
 * only read weighs what it did). The kernel's trace points (chapter 10)
 * are drained as text lines on its second serial port, COM2, which v86
 * emulates with `uart1: true` and hands over byte by byte as
 * "serial1-output-byte" events:
 *
 *   T <seq> <time> <event> <fields...>   a trace record (CONVENTIONS.md)
 *   S <task>                             the executor is stopped before
 *                                        polling <task> (step mode, ch. 12)
 *
 * and the page talks back on the same port: "p" pauses the executor before
 * its next poll, "s" lets exactly one poll happen, "r" runs on.
 *
 * It draws three things:
 *  - in every state-machine diagram of the page, the state each live
 *    instance of that coroutine is in (the node gets data-active, whose
 *    value names the task and counts its transitions, so it changes even
 *    when a loop comes back to the same await) and the last transitions
 *    (edges get data-trail="1" for the latest, up to TRAIL);
 *  - a timeline, tasks by time: polls as bars (filled when the poll
 *    returned Ready), wakes as arrows from the waker's row (a task or an
 *    interrupt) to the woken task's, interrupts as ticks, idle time as a
 *    gap. Its x axis is the order of events, not the clock: a poll takes
 *    microseconds and the wait for the next key seconds, and on one scale
 *    the polls would vanish. The clock (the TSC) is in the event list;
 *  - the last events as text, and the step controls.
 *
 * The element carrying data-trace counts the events received in
 * data-events and the polls in data-polls; data-paused is set while the
 * executor waits for a step (data-paused-name: that task's name, if the
 * trace gave one). The browser tests read these.
 */
(function () {
  "use strict";

  var TRAIL = 4;          // transitions kept lit per coroutine
  var KEEP = 4000;        // timeline items kept
  var UNIT = 7;           // pixels per event on the timeline
  var ROW = 18;           // pixels per row
  var LABEL = 96;         // pixels for the row names

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function Live(panel, emulator) {
    this.panel = panel;
    this.emulator = emulator;
    this.line = "";
    this.figures = {};
    var self = this;
    Array.prototype.forEach.call(document.querySelectorAll("figure.state-machine[data-coroutine]"), function (f) {
      var name = f.getAttribute("data-coroutine");
      (self.figures[name] = self.figures[name] || []).push(f);
    });
    this.build();
    this.reset();
    this.onByte = function (b) { self.byte(b); };
    emulator.add_listener("serial1-output-byte", this.onByte);
  }

  Live.prototype.build = function () {
    var self = this;
    var root = this.root = el("section", "live-view");
    root.setAttribute("data-trace", "");
    root.setAttribute("aria-label", "The executor, live");
    root.hidden = true;
    var head = el("div", "live-head");
    head.appendChild(el("h3", "live-title", "The executor, live"));
    var controls = el("div", "live-controls");
    this.pauseButton = this.button(controls, "Pause", "p", "Stop the executor before its next poll");
    this.stepButton = this.button(controls, "Step", "s", "Let exactly one poll happen");
    this.runButton = this.button(controls, "Run", "r", "Let the executor run on");
    // Only a kernel with an executor (chapter 13 on) has the step gate;
    // its first spawn shows the buttons.
    controls.hidden = true;
    this.controls = controls;
    head.appendChild(controls);
    root.appendChild(head);
    this.status = el("p", "live-status");
    this.status.setAttribute("aria-live", "polite");
    root.appendChild(this.status);
    var scroller = this.scroller = el("div", "live-timeline");
    this.canvas = el("canvas");
    this.canvas.setAttribute("role", "img");
    this.canvas.setAttribute("aria-label", "Timeline: one row per task, polls as bars, wakes as arrows, interrupts as ticks");
    scroller.appendChild(this.canvas);
    root.appendChild(scroller);
    this.legend = el("p", "live-legend",
      "Rows are tasks. A bar is a poll (filled: it returned Ready), an arrow a wake from its waker's row, " +
      "a tick on the irq row an interrupt, a dotted line the executor halted. Left to right is the order of events.");
    root.appendChild(this.legend);
    this.log = el("ol", "live-log");
    root.appendChild(this.log);
    // After the machine, outside its keyboard area: the buttons here are
    // not keys for the kernel.
    this.panel.appendChild(root);
    window.addEventListener("resize", function () { self.draw(); });
  };

  Live.prototype.button = function (parent, text, cmd, title) {
    var self = this;
    var b = el("button", "live-button", text);
    b.type = "button";
    b.title = title;
    b.setAttribute("data-live-" + text.toLowerCase(), "");
    b.addEventListener("click", function () { self.send(cmd); });
    parent.appendChild(b);
    return b;
  };

  Live.prototype.send = function (cmd) {
    if (!this.emulator) return;
    this.emulator.serial_send_bytes(1, new Uint8Array([cmd.charCodeAt(0)]));
    if (cmd === "p") {
      this.stepping = true;
      if (!this.paused) this.say("Pause asked for: the executor stops before its next poll (type a key if every task is waiting).");
    } else if (cmd === "s") {
      this.stepsAsked++;
      this.root.setAttribute("data-steps", String(this.stepsAsked));
      this.setPaused(null);
      this.say("Step: one poll.");
    } else if (cmd === "r") {
      this.stepping = false;
      this.setPaused(null);
      this.say("Running.");
    }
    this.syncButtons();
  };

  // Stepping lasts from Pause to Run: the kernel stops before every poll,
  // and Step is there to press while it is stopped.
  Live.prototype.syncButtons = function () {
    this.pauseButton.disabled = this.stepping;
    this.stepButton.disabled = !this.paused;
    this.runButton.disabled = !this.stepping;
  };

  Live.prototype.say = function (text) { this.status.textContent = text; };

  // Forget everything: a restarted kernel starts a new trace.
  Live.prototype.reset = function () {
    this.events = 0;
    this.polls = 0;
    this.stepsAsked = 0;
    this.tasks = {};
    this.rows = ["irq"];
    this.items = [];
    this.x = 0;
    this.open = {};
    this.state = {};
    this.trail = {};
    this.lost = 0;
    this.paused = null;
    this.stepping = false;
    this.controls.hidden = true;
    this.root.setAttribute("data-events", "0");
    this.root.setAttribute("data-polls", "0");
    this.root.removeAttribute("data-paused");
    this.root.removeAttribute("data-paused-name");
    this.log.textContent = "";
    this.say("Waiting for the kernel's trace on COM2…");
    var figs = this.figures;
    Object.keys(figs).forEach(function (name) {
      figs[name].forEach(function (f) {
        Array.prototype.forEach.call(f.querySelectorAll("[data-active],[data-trail]"), function (g) {
          g.removeAttribute("data-active");
          g.removeAttribute("data-trail");
        });
        f.removeAttribute("data-live");
      });
    });
    this.syncButtons();
    this.draw();
  };

  Live.prototype.detach = function () {
    if (this.emulator) this.emulator.remove_listener("serial1-output-byte", this.onByte);
    this.emulator = null;
    this.root.remove();
  };

  Live.prototype.byte = function (b) {
    if (b === 10) {
      var line = this.line;
      this.line = "";
      this.lineIn(line.replace(/\r$/, ""));
    } else if (this.line.length < 400) {
      this.line += String.fromCharCode(b);
    }
  };

  Live.prototype.lineIn = function (line) {
    var f = line.split(" ");
    if (f[0] === "S" && f.length >= 2) {
      this.setPaused(f[1]);
      return;
    }
    if (f[0] !== "T" || f.length < 4) return;
    if (this.root.hidden) {
      this.root.hidden = false;
      if (!this.paused) this.say("The kernel's trace arrives on COM2. Type in the machine and watch the diagrams and the timeline.");
    }
    this.events++;
    this.root.setAttribute("data-events", String(this.events));
    this.event(f[3], f.slice(4), f[2], line);
    this.schedule();
  };

  Live.prototype.setPaused = function (task) {
    this.paused = task;
    if (task) {
      this.stepping = true;
      this.root.setAttribute("data-paused", task);
      this.root.setAttribute("data-paused-name", (this.tasks[task] && this.tasks[task].name) || "");
      this.say("Paused before polling " + this.name(task) + ". Step lets exactly one poll happen; Run runs on.");
    } else {
      this.root.removeAttribute("data-paused");
      this.root.removeAttribute("data-paused-name");
    }
    this.syncButtons();
  };

  Live.prototype.name = function (t) {
    var k = this.tasks[t];
    return k && k.name ? k.name + " (" + t + ")" : "task " + t;
  };

  Live.prototype.row = function (t) {
    if (!this.tasks[t]) {
      this.tasks[t] = { name: "", row: this.rows.length };
      this.rows.push(t);
    }
    return this.tasks[t].row;
  };

  Live.prototype.push = function (item) {
    this.items.push(item);
    if (this.items.length > KEEP) this.items.splice(0, this.items.length - KEEP);
  };

  Live.prototype.event = function (ev, a, time, line) {
    var x = ++this.x, t = a[0];
    switch (ev) {
    case "spawn":
      this.controls.hidden = false;
      this.row(t);
      this.tasks[t].name = a[1] || "";
      break;
    case "poll":
      this.polls++;
      this.root.setAttribute("data-polls", String(this.polls));
      this.open[t] = x;
      this.row(t);
      break;
    case "done":
      this.push({ kind: "poll", row: this.row(t), x0: this.open[t] || x, x1: x, ready: a[1] === "ready" });
      delete this.open[t];
      break;
    case "wake":
      var by = a[1] || "-";
      var from = /^irq/.test(by) ? 0 : by === "-" ? -1 : this.row(by);
      this.push({ kind: "wake", row: this.row(t), from: from, x0: x });
      break;
    case "irq":
      this.push({ kind: "irq", row: 0, x0: x });
      break;
    case "idle":
      this.push({ kind: "idle", x0: x });
      break;
    case "state":
      if (!this.tasks[t] || !this.tasks[t].name) { this.row(t); this.tasks[t].name = a[1]; }
      this.transition(t, a[1], a[2], a[3]);
      break;
    case "lost":
      this.lost += Number(a[0]) || 0;
      break;
    }
    this.logLine(time, ev, a, line);
  };

  Live.prototype.logLine = function (time, ev, a, line) {
    var self = this;
    var text = ev + " " + a.map(function (v) { return self.tasks[v] && self.tasks[v].name ? self.tasks[v].name : v; }).join(" ");
    var li = el("li", "live-ev live-" + ev, text);
    li.title = line + " (time " + time + ")";
    this.log.appendChild(li);
    while (this.log.childNodes.length > 6) this.log.removeChild(this.log.firstChild);
  };

  // A coroutine state: 0 before the first poll, the AWAIT's line while it
  // waits there, -1 done; a negative line is an await dropped, so done too.
  function stateKey(s) { var n = Number(s); return n < 0 ? "-1" : String(n); }

  Live.prototype.transition = function (t, coro, from, to) {
    var prev = this.state[t];
    var n = prev ? prev.n + 1 : 1;
    this.state[t] = { coro: coro, at: stateKey(to), n: n };
    var tr = this.trail[coro] = this.trail[coro] || [];
    tr.unshift({ from: stateKey(from), to: stateKey(to) });
    if (tr.length > TRAIL) tr.length = TRAIL;
    this.paint(coro);
  };

  Live.prototype.paint = function (coro) {
    var figs = this.figures[coro];
    if (!figs) return;
    var self = this, active = {};
    Object.keys(this.state).forEach(function (t) {
      var s = self.state[t];
      if (s.coro !== coro) return;
      (active[s.at] = active[s.at] || []).push((self.tasks[t] && self.tasks[t].name || "task") + " " + t + " #" + s.n);
    });
    var tr = this.trail[coro] || [];
    figs.forEach(function (f) {
      f.setAttribute("data-live", "");
      Array.prototype.forEach.call(f.querySelectorAll("g.node[data-state]"), function (g) {
        var who = active[g.getAttribute("data-state")];
        if (who) g.setAttribute("data-active", who.join(", "));
        else g.removeAttribute("data-active");
      });
      Array.prototype.forEach.call(f.querySelectorAll("g.edge[data-trail]"), function (g) { g.removeAttribute("data-trail"); });
      for (var i = tr.length - 1; i >= 0; i--) {
        var sel = 'g.edge[data-from="' + tr[i].from + '"][data-to="' + tr[i].to + '"]';
        Array.prototype.forEach.call(f.querySelectorAll(sel), function (g) { g.setAttribute("data-trail", String(i + 1)); });
      }
    });
  };

  Live.prototype.schedule = function () {
    if (this.drawQueued) return;
    this.drawQueued = true;
    var self = this;
    var go = function () { self.drawQueued = false; self.draw(); };
    if (document.hidden) setTimeout(go, 100); else requestAnimationFrame(go);
  };

  Live.prototype.draw = function () {
    var c = this.canvas;
    if (!c || this.root.hidden) return;
    var width = Math.max(200, this.scroller.clientWidth || 600);
    var rows = this.rows.length;
    var height = (rows + 1) * ROW + 6;
    var dpr = window.devicePixelRatio || 1;
    if (c.width !== Math.round(width * dpr) || c.height !== Math.round(height * dpr)) {
      c.width = Math.round(width * dpr);
      c.height = Math.round(height * dpr);
      c.style.width = width + "px";
      c.style.height = height + "px";
    }
    var g = c.getContext("2d");
    g.setTransform(dpr, 0, 0, dpr, 0, 0);
    var cs = getComputedStyle(this.root);
    var fg = cs.color || "#222", accent = cs.getPropertyValue("--accent").trim() || "#2a6", muted = "rgba(128,128,128,0.6)";
    g.clearRect(0, 0, width, height);
    g.font = "11px sans-serif";
    g.textBaseline = "middle";
    var span = Math.floor((width - LABEL) / UNIT);
    var first = Math.max(0, this.x - span + 2);
    var self = this;
    function X(x) { return LABEL + (x - first) * UNIT; }
    function Y(r) { return (r + 1) * ROW; }
    g.fillStyle = fg;
    this.rows.forEach(function (t, r) {
      var label = r === 0 ? "interrupts" : (self.tasks[t] && self.tasks[t].name) || t;
      g.fillText(label.length > 14 ? label.slice(0, 13) + "…" : label, 4, Y(r));
      g.strokeStyle = muted;
      g.beginPath(); g.moveTo(LABEL, Y(r) + 0.5); g.lineTo(width, Y(r) + 0.5); g.stroke();
    });
    this.items.forEach(function (it) {
      if ((it.x1 || it.x0) < first) return;
      if (it.kind === "poll") {
        var x0 = X(Math.max(it.x0, first)), w = Math.max(UNIT - 1, X(it.x1) - x0);
        g.fillStyle = accent; g.strokeStyle = accent;
        if (it.ready) g.fillRect(x0, Y(it.row) - 6, w, 12);
        else g.strokeRect(x0 + 0.5, Y(it.row) - 5.5, w, 11);
      } else if (it.kind === "wake") {
        var x = X(it.x0) + 0.5, y0 = it.from < 0 ? Y(it.row) - ROW / 2 : Y(it.from), y1 = Y(it.row);
        g.strokeStyle = fg; g.fillStyle = fg;
        g.beginPath(); g.moveTo(x, y0); g.lineTo(x, y1 + (y1 > y0 ? -5 : 5)); g.stroke();
        var d = y1 > y0 ? -1 : 1;
        g.beginPath(); g.moveTo(x, y1); g.lineTo(x - 3, y1 + 6 * d); g.lineTo(x + 3, y1 + 6 * d); g.closePath(); g.fill();
      } else if (it.kind === "irq") {
        g.strokeStyle = fg;
        g.beginPath(); g.moveTo(X(it.x0) + 0.5, Y(0) - 6); g.lineTo(X(it.x0) + 0.5, Y(0) + 6); g.stroke();
      } else if (it.kind === "idle") {
        g.strokeStyle = muted;
        g.setLineDash([2, 3]);
        g.beginPath(); g.moveTo(X(it.x0) + 0.5, ROW / 2); g.lineTo(X(it.x0) + 0.5, height - 4); g.stroke();
        g.setLineDash([]);
      }
    });
    if (this.lost) {
      g.fillStyle = fg;
      g.fillText(this.lost + " events lost (the trace ring was full)", LABEL, height - 6);
    }
  };

  window.WakefulLive = {
    attach: function (panel, emulator) { return new Live(panel, emulator); },
  };
})();
