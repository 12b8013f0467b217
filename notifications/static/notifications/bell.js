// The header bell: polls for new notices while the tab is visible, and says when one arrives.
(function () {
  "use strict";

  var bell = document.querySelector(".notice-bell[data-poll-url]");
  if (!bell || !window.fetch) { return; }
  var count = bell.querySelector("[data-unread]");
  var toast = document.querySelector("[data-notice-toast]");
  var interval = parseInt(bell.getAttribute("data-poll-interval") || "30000", 10);
  var newest = null;  // the newest unread id seen; the first poll only sets it
  var timer = null;

  function show(notice) {
    toast.textContent = "";
    var link = document.createElement("a");
    link.href = bell.href;
    link.textContent = bell.getAttribute("data-new-label") + ": " + notice.icon + " " + notice.title;
    toast.appendChild(link);
    toast.hidden = false;
  }

  function update(data) {
    count.textContent = String(data.unread);
    count.hidden = data.unread === 0;
    var latest = data.latest[0];
    if (latest && newest !== null && latest.id > newest) { show(latest); }
    if (latest && (newest === null || latest.id > newest)) { newest = latest.id; }
    if (!latest && newest === null) { newest = 0; }
    bell.setAttribute("data-newest", String(newest));  // what the bell already knows; new ones are above it
  }

  function poll() {
    fetch(bell.getAttribute("data-poll-url"), { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) { if (data) { update(data); } })
      .catch(function () { /* offline for a moment: the next poll tries again */ });
  }

  function start() { if (!timer) { poll(); timer = window.setInterval(poll, interval); } }
  function stop() { window.clearInterval(timer); timer = null; }

  document.addEventListener("visibilitychange", function () { if (document.hidden) { stop(); } else { start(); } });
  if (!document.hidden) { start(); }
})();
