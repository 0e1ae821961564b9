// shinchoku serve: keeps the open view up to date after every rebuild
// (one Server-Sent Events stream; only pages whose image changed are
// fetched again), and sends workbooks dropped on the import form.
"use strict";
(function () {
  var body = document.body;
  var view = body.dataset.view;
  var version = Number(body.dataset.version || 0);

  function el(id) { return document.getElementById(id); }

  function caption(p, total, word) {
    return p.number + " / " + total + (p.printed ? "（" + p.printed + " " + word + "）" : "") + " " + p.title;
  }

  function newFigure() {
    var fig = document.createElement("figure");
    fig.className = "page";
    var img = document.createElement("img");
    img.loading = "lazy";
    fig.appendChild(img);
    fig.appendChild(document.createElement("figcaption"));
    return fig;
  }

  // Each page keeps its element; a page whose fingerprint changed gets
  // its new image, the others are left alone.
  function showPages(state) {
    var box = el("pages");
    if (!box) return;
    var waiting = el("waiting");
    if (waiting && state.pages.length) waiting.remove();
    var figs = box.querySelectorAll("figure.page");
    state.pages.forEach(function (p, i) {
      var fig = figs[i];
      if (!fig) { fig = newFigure(); box.appendChild(fig); }
      fig.id = "page-" + p.number;
      if (fig.dataset.hash !== p.hash) {
        var img = fig.querySelector("img");
        fig.dataset.hash = p.hash;
        img.width = p.width;
        img.height = p.height;
        img.alt = p.text;
        img.src = "/page/" + p.hash + ".png";
      }
      fig.querySelector("figcaption").textContent = caption(p, state.pages.length, state.page_word);
    });
    for (var k = state.pages.length; k < figs.length; k++) figs[k].remove();
  }

  function swapKeepingOpen(node, html) {
    var open = Array.prototype.map.call(node.querySelectorAll("details"), function (d) { return d.open; });
    node.innerHTML = html;
    node.querySelectorAll("details").forEach(function (d, i) { if (i < open.length) d.open = open[i]; });
  }

  function refreshMain() {
    fetch(location.pathname + "?fragment=true", { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) { if (html !== null) el("main").innerHTML = html; });
  }

  function apply(state) {
    if (state.version === version) return;
    version = state.version;
    body.dataset.version = String(version);
    el("banner").innerHTML = state.banner;
    el("build").innerHTML = state.build;
    if (state.plan_title) {
      document.title = document.title.split("｜")[0] + "｜" + state.plan_title;
      var brand = document.querySelector(".brand span");
      if (brand) brand.textContent = state.plan_title;
    }
    var count = el("check-count");
    if (count) { count.textContent = String(state.count); count.hidden = !state.count; }
    if (view === "report") {
      var nav = el("nav");
      if (nav) swapKeepingOpen(nav, state.nav);
      showPages(state);
    } else if (view === "status" || (view === "check" && !editing())) {
      refreshMain();
    }
  }

  // 点検 is not redrawn under an open edit form (what is typed would go);
  // the save itself shows the list again.
  function editing() {
    return !!document.querySelector("details.fix[open]");
  }

  // After a save from an edit form, say so once (the address is cleaned).
  if (view === "check" && /[?&]saved=1/.test(location.search)) {
    var saved = el("saved");
    if (saved) saved.hidden = false;
    history.replaceState(null, "", location.pathname);
  }

  // One stream per open page. It is closed when the page is left (a
  // browser holds only a few connections per server, and a page kept in
  // its back/forward cache would otherwise hold one), and opened again
  // when the page is shown.
  var events = null;
  function listen() {
    if (!window.EventSource || events) return;
    events = new EventSource("/events");
    events.addEventListener("state", function (e) { apply(JSON.parse(e.data)); });
  }
  window.addEventListener("pagehide", function () {
    if (events) { events.close(); events = null; }
  });
  window.addEventListener("pageshow", listen);
  listen();

  // Import: files dropped on the box go into the form, which is sent.
  var drop = el("drop"), input = el("files"), form = el("upload");
  if (drop && input && form) {
    ["dragenter", "dragover"].forEach(function (t) {
      drop.addEventListener(t, function (e) { e.preventDefault(); drop.classList.add("over"); });
    });
    ["dragleave", "drop"].forEach(function (t) {
      drop.addEventListener(t, function () { drop.classList.remove("over"); });
    });
    drop.addEventListener("drop", function (e) {
      e.preventDefault();
      if (!e.dataTransfer || !e.dataTransfer.files.length) return;
      input.files = e.dataTransfer.files;
      form.requestSubmit();
    });
  }

  // 取込: typing in a merged text chooses it.
  document.addEventListener("input", function (e) {
    var t = e.target;
    if (t && t.dataset && t.dataset.choice) {
      var radio = el(t.dataset.choice);
      if (radio) radio.checked = true;
    }
  });

  // 回収状況: copy the reminder (the page is swapped after rebuilds, so
  // the click is heard on the document).
  document.addEventListener("click", function (e) {
    var b = e.target && e.target.closest ? e.target.closest("[data-copy]") : null;
    if (!b) return;
    var box = el(b.dataset.copy), said = el("copied");
    if (!box) return;
    function done() { if (said) said.textContent = "コピーしました。メールに貼り付けてください"; }
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(box.value).then(done, function () { box.select(); document.execCommand("copy"); done(); });
    } else {
      box.select();
      document.execCommand("copy");
      done();
    }
  });

  // A button that starts work says so, and is not pressed twice.
  document.querySelectorAll("form").forEach(function (f) {
    f.addEventListener("submit", function () {
      var b = f.querySelector("button[type=submit]");
      if (b) { setTimeout(function () { b.disabled = true; b.textContent = "処理しています…"; }, 0); }
    });
  });
})();
