// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  document.querySelectorAll(".js-print").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
  document.querySelectorAll(".js-close").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      window.close();
      // Browsers only close windows a script opened; otherwise go back.
      setTimeout(function () { if (!window.closed) { history.back(); } }, 100);
    });
  });
})();
