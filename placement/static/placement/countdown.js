// The time left in a placement test. The server keeps the real clock; at zero the answers given so far are sent.
(function () {
  "use strict";
  var timer = document.querySelector("[data-countdown]");
  if (!timer) return;
  var text = timer.querySelector("[data-countdown-text]");
  var form = document.getElementById(timer.getAttribute("data-form"));
  var endsAt = Date.now() + parseInt(timer.getAttribute("data-countdown"), 10) * 1000;
  var sent = false;
  var format = new Intl.NumberFormat(document.documentElement.lang || undefined, { minimumIntegerDigits: 2 });

  function tick() {
    var left = Math.max(0, Math.round((endsAt - Date.now()) / 1000));
    text.textContent = format.format(Math.floor(left / 60)) + ":" + format.format(left % 60);
    if (left <= 60) timer.classList.add("placement__timer--ending");
    if (left === 0 && !sent && form) {
      sent = true;
      form.submit();
      return;
    }
    if (left > 0) window.setTimeout(tick, 1000);
  }
  tick();
})();
