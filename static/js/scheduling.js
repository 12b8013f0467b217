// Booking through the JSON endpoint (the form still works without this file), and teachers' presence heartbeat.
(function () {
  "use strict";

  function csrfToken(form) {
    var input = form.querySelector('input[name="csrfmiddlewaretoken"]');
    return input ? input.value : "";
  }

  document.querySelectorAll("form[data-booking-api]").forEach(function (form) {
    var status = document.querySelector("[data-booking-status]");
    form.addEventListener("submit", function (event) {
      var button = event.submitter;
      if (!button || !button.value || !window.fetch) { return; }
      event.preventDefault();
      button.disabled = true;
      fetch(form.dataset.bookingApi, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken(form), "Accept": "application/json" },
        body: JSON.stringify({ teacher: Number(form.dataset.teacher), starts_at: button.value })
      }).then(function (response) {
        return response.json().then(function (data) { return { status: response.status, data: data }; });
      }).then(function (result) {
        if (result.status === 201) {
          window.location.assign(result.data.url);
          return;
        }
        status.hidden = false;
        status.classList.add("message--error");
        status.textContent = result.data.error || result.data.message || "";
        if (result.status === 409) { button.remove(); } else { button.disabled = false; }
      }).catch(function () {
        button.disabled = false;
        form.submit();
      });
    });
  });

  var beat = document.querySelector("[data-heartbeat]");
  if (beat) {
    var form = document.querySelector('input[name="csrfmiddlewaretoken"]');
    var send = function () {
      fetch(beat.dataset.heartbeat, {
        method: "POST", credentials: "same-origin",
        headers: { "X-CSRFToken": form ? form.value : "" }
      }).catch(function () {});
    };
    send();
    window.setInterval(send, 30000);
  }
})();
