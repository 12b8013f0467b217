// Partner portal: copy a referral address to the clipboard (the field stays selectable where copying is refused).
(function () {
  var status = document.querySelector("[data-copy-status]");
  document.querySelectorAll("[data-copy]").forEach(function (button) {
    button.addEventListener("click", function () {
      var field = button.parentElement.querySelector("[data-copy-source]");
      field.select();
      var done = function () { if (status) { status.textContent = status.dataset.copied; } button.dataset.copied = "true"; };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(field.value).then(done, done);
      } else {
        try { document.execCommand("copy"); } catch (error) { /* the text stays selected for a manual copy */ }
        done();
      }
    });
  });
})();
