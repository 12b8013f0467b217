// Tutor chat: sends the question with fetch and shows the answer as it streams (NDJSON, one piece a line);
// without scripts the same forms post and the page comes back with the whole answer.
(function () {
  var STREAM = "application/x-ndjson";

  function fromHtml(html) { var t = document.createElement("template"); t.innerHTML = html.trim(); return t.content.firstChild; }

  function post(form, body) {
    return fetch(form.action, { method: "POST", body: body, headers: { Accept: STREAM }, credentials: "same-origin" });
  }

  function errorOf(response) {
    return response.json().then(function (data) { return data.error || response.statusText; },
      function () { return response.statusText; });
  }

  function readLines(response, onLine) {
    var reader = response.body.getReader(), decoder = new TextDecoder(), buffer = "";
    function pump() {
      return reader.read().then(function (step) {
        buffer += decoder.decode(step.value || new Uint8Array(), { stream: !step.done });
        var lines = buffer.split("\n"); buffer = lines.pop();
        lines.forEach(function (line) { if (line.trim()) onLine(JSON.parse(line)); });
        if (!step.done) return pump();
      });
    }
    return pump();
  }

  function ask(form) {
    var box = form.closest(".tutor"), log = box.querySelector("[data-tutor-log]");
    var status = form.querySelector("[data-tutor-status]"), field = form.querySelector("textarea");
    var button = form.querySelector("button[type=submit]");
    if (!field.value.trim()) { status.textContent = field.validationMessage || ""; field.focus(); return; }
    var item = document.createElement("li"); item.className = "tutor__exchange";
    var question = document.createElement("p"); question.className = "tutor__question";
    question.appendChild(document.createElement("bdi")).textContent = field.value;
    var answer = document.createElement("div"); answer.className = "tutor__answer"; answer.dir = "auto";
    item.append(question, answer); log.appendChild(item);
    var body = new FormData(form); button.disabled = true; status.textContent = box.dataset.thinking || "…";
    post(form, body).then(function (response) {
      if (!response.ok) return errorOf(response).then(function (message) {
        answer.classList.add("tutor__answer--refused"); answer.textContent = message; status.textContent = message;
      });
      field.value = "";
      return readLines(response, function (event) {
        if (event.text) answer.textContent += event.text;
        if (event.done) { var done = fromHtml(event.html); item.replaceWith(done); status.textContent = ""; }
      });
    }).catch(function () {
      answer.classList.add("tutor__answer--refused"); answer.textContent = box.dataset.failed || "!";
    }).finally(function () { button.disabled = false; });
  }

  function feedback(form, submitter) {
    var body = new FormData(form); if (submitter && submitter.name) body.append(submitter.name, submitter.value);
    post(form, body).then(function (response) {
      if (!response.ok) return;
      return response.json().then(function (data) {
        var item = form.closest(".tutor__exchange"), fresh = fromHtml(data.html); item.replaceWith(fresh);
        var status = fresh.closest(".tutor").querySelector("[data-tutor-status]");
        if (status) status.textContent = fresh.closest(".tutor").dataset.thanks || "";
      });
    });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!window.fetch || !window.TextDecoder) return;
    if (form.matches("[data-tutor-form]")) { event.preventDefault(); ask(form); }
    else if (form.matches("[data-tutor-feedback]")) { event.preventDefault(); feedback(form, event.submitter); }
  });

  document.addEventListener("keydown", function (event) {
    var field = event.target;
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey) && field.closest && field.closest("[data-tutor-form]")) {
      event.preventDefault(); field.form.requestSubmit();
    }
  });
})();
