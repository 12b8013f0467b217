// Progressive enhancements; every page works without this file.
(function () {
  "use strict";

  // Sign-up: the browser knows the person's time zone better than any default.
  var tzInput = document.querySelector('input[name="time_zone"][type="hidden"]');
  if (tzInput && !tzInput.value && window.Intl) {
    tzInput.value = Intl.DateTimeFormat().resolvedOptions().timeZone || "";
  }

  var menuToggle = document.querySelector(".menu-toggle");
  if (menuToggle) {
    menuToggle.addEventListener("click", function () {
      var open = menuToggle.getAttribute("aria-expanded") !== "true";
      menuToggle.setAttribute("aria-expanded", String(open));
      document.getElementById(menuToggle.getAttribute("aria-controls")).classList.toggle("is-open", open);
    });
  }

  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });

  // Personal panels come after the page, so the page stays fast (and, for suggestions, one response every visitor
  // shares). A slot says busy while loading; when the fetch fails it shows its own [data-panel-failed] message, if
  // it has one, or empties.
  document.querySelectorAll("[data-suggestions], [data-panel]").forEach(function (slot) {
    var loading = slot.querySelector("[data-panel-loading]"), failed = slot.querySelector("[data-panel-failed]");
    slot.setAttribute("aria-busy", "true");
    if (loading) { loading.hidden = false; }
    fetch(slot.dataset.panel || slot.dataset.suggestions, { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (response) {
        if (!response.ok) { throw new Error(response.statusText); }
        return response.text();
      })
      .then(function (html) { slot.innerHTML = html; })
      .catch(function () {
        if (failed) { failed.hidden = false; if (loading) { loading.hidden = true; } } else { slot.innerHTML = ""; }
      })
      .finally(function () { slot.removeAttribute("aria-busy"); });
  });

  // Share buttons: each network's own share address opens as a plain link; the copy button and the phone's share
  // sheet need JavaScript, so they stay hidden without it. Every share is reported with a beacon.
  document.querySelectorAll("[data-share]").forEach(function (box) {
    var status = box.querySelector("[data-share-status]");
    var copyItem = box.querySelector("[data-share-copy-item]");
    var nativeItem = box.querySelector("[data-share-native-item]");
    if (copyItem && navigator.clipboard) { copyItem.hidden = false; }
    if (nativeItem && navigator.share && window.matchMedia("(pointer: coarse)").matches) { nativeItem.hidden = false; }
    function report(network) {
      var body = JSON.stringify({
        network: network, path: window.location.pathname, kind: box.dataset.share, language: box.dataset.shareLanguage
      });
      if (navigator.sendBeacon) { navigator.sendBeacon("/share/", new Blob([body], { type: "text/plain" })); }
    }
    function say(text) { status.textContent = ""; window.setTimeout(function () { status.textContent = text; }, 50); }
    box.addEventListener("click", function (event) {
      var control = event.target.closest("[data-share-network]");
      if (!control) { return; }
      var network = control.dataset.shareNetwork;
      if (network === "copy") {
        navigator.clipboard.writeText(control.dataset.shareUrl).then(function () {
          say(box.dataset.shareCopied);
          report("copy");
        }, function () { say(box.dataset.shareCopyFailed); });
      } else if (network === "native") {
        navigator.share({ title: control.dataset.shareTitle, url: control.dataset.shareUrl }).then(function () {
          report("native");
        }, function () { /* closed without sharing */ });
      } else {
        report(network);
      }
    });
  });

  // Page visits are reported after load, so pages themselves stay cacheable and fast.
  function reportVisit() {
    var params = {};
    new URLSearchParams(window.location.search).forEach(function (value, key) {
      if (key.indexOf("utm_") === 0) { params[key] = value; }
    });
    var referrer = document.referrer && document.referrer.indexOf(window.location.origin) !== 0 ? document.referrer : "";
    // A page whose address is a credential (a gift link) names the path to record instead.
    var named = document.querySelector('meta[name="visit-path"]');
    var path = named ? named.content : window.location.pathname;
    var body = JSON.stringify({ path: path, referrer: referrer, params: params });
    if (navigator.sendBeacon) {
      navigator.sendBeacon("/t/visit/", new Blob([body], { type: "text/plain" }));
    }
  }
  if (document.readyState === "complete") { reportVisit(); } else { window.addEventListener("load", reportVisit); }
})();
