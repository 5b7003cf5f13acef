// Progressive enhancement of the question and rating forms (theme/partials/ck-rating.html,
// generator/templates/_intake.md.j2): send them in the background and say the result in place.
// Without this script the same forms post normally and the service shows a thank-you page.
(function () {
  "use strict";
  function enhance(form) {
    var status = form.querySelector("[data-ck-intake-status]");
    form.addEventListener("submit", function (event) {
      if (!window.fetch || !window.URLSearchParams) return;
      event.preventDefault();
      var data = new URLSearchParams(new FormData(form));
      var submitter = event.submitter;
      if (submitter && submitter.name) data.set(submitter.name, submitter.value);
      var buttons = form.querySelectorAll("button");
      buttons.forEach(function (b) { b.disabled = true; });
      status.textContent = "Đang gửi…";
      fetch(form.action, {
        method: "POST",
        body: data,
        headers: { Accept: "application/json" },
        credentials: "omit",
      })
        .then(function (response) { return response.json(); })
        .then(function (result) {
          status.textContent = result.message;
          if (result.ok) {
            form.reset();
            form.classList.add("ck-intake--sent");
          }
        })
        .catch(function () {
          // Offline, the phone knows it; online, it is the province's service that did not answer.
          status.textContent = navigator.onLine
            ? "Chưa gửi được: dịch vụ tiếp nhận của tỉnh chưa trả lời. Nội dung vẫn còn trong ô; " +
              "hãy thử lại sau ít phút, hoặc gọi điện, gửi thư theo cách ghi bên dưới."
            : "Chưa gửi được: máy đang mất mạng. Nội dung vẫn còn trong ô; hãy gửi lại khi có sóng.";
        })
        .finally(function () {
          buttons.forEach(function (b) { b.disabled = false; });
        });
    });
  }
  document.querySelectorAll("form[data-ck-intake]").forEach(enhance);
})();
