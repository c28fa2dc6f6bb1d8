// Keys for the claim review queue: j/k move between claims, v verify, r reject, e edit,
// x select. Every action is a button of the page's form, so the page works without this.
(function () {
  "use strict";
  const claims = Array.from(document.querySelectorAll(".desk-claim"));
  if (!claims.length) return;
  let current = 0;

  function focus(index) {
    current = Math.max(0, Math.min(claims.length - 1, index));
    claims.forEach((li, i) => li.classList.toggle("desk-current", i === current));
    claims[current].focus({ preventScroll: true });
    claims[current].scrollIntoView({ block: "nearest" });
  }

  function press(selector) {
    const button = claims[current].querySelector(selector);
    if (button) button.click();
  }

  document.addEventListener("keydown", (event) => {
    const target = event.target;
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (target.closest("textarea, input, select")) return;
    switch (event.key) {
      case "j": focus(current + 1); break;
      case "k": focus(current - 1); break;
      case "v": press(".desk-verify"); break;
      case "r": press(".desk-reject"); break;
      case "x": {
        const box = claims[current].querySelector("input[type=checkbox]");
        if (box) box.checked = !box.checked;
        break;
      }
      case "e": {
        const details = claims[current].querySelector("details");
        if (details) {
          details.open = true;
          details.querySelector("textarea").focus();
        }
        break;
      }
      default: return;
    }
    event.preventDefault();
  });
  focus(0);
})();
