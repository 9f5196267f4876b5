// Immediate messages beside a score field, before anything is sent: a number over the item's
// points, or text that is no number. The service checks again with the CLI's reader on saving.
"use strict";
document.addEventListener("input", (event) => {
  const field = event.target;
  if (!field.dataset || !field.dataset.points) return;
  const message = field.parentElement.querySelector(".field-msg");
  if (!message) return;
  const typed = field.value.trim();
  const number = Number(typed.replace(/分$/, ""));
  let text = "";
  if (typed !== "" && !/^(不涉及|不适用|n\/a|na|无此项)$/i.test(typed)) {
    if (Number.isNaN(number)) text = field.dataset.nan || "";
    else if (number > Number(field.dataset.points)) text = (field.dataset.over || "").replace("{points}", field.dataset.points);
  }
  message.textContent = text;
});
