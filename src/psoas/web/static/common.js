// Shared by the pages: JSON calls that turn an error reply into its one sentence, speech, and the menu.
"use strict";
// What the server hands a page's script: a JSON block, not inline script (the CSP allows none).
window.PSOAS = JSON.parse(document.getElementById("psoas-data")?.textContent || "{}");
async function api(method, url, body) {
  const init = {method, headers: {}};
  if (body instanceof FormData) init.body = body;
  else if (body !== undefined) { init.body = JSON.stringify(body); init.headers["content-type"] = "application/json"; }
  const reply = await fetch(url, init);
  const data = reply.headers.get("content-type")?.includes("json") ? await reply.json() : null;
  if (!reply.ok) throw new Error((data && data.detail) || `The server answered ${reply.status}.`);
  return data;
}
function say(text) {
  if (!("speechSynthesis" in window) || localStorage.getItem("psoas.voice") === "off") return;
  speechSynthesis.cancel();
  speechSynthesis.speak(new SpeechSynthesisUtterance(text));
}
function mmss(seconds) {
  const s = Math.max(0, Math.ceil(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}
// On a phone the menu is one line that scrolls sideways: bring the current page's link into view, or
// "Live coach" onwards opens with its own link cut off at the edge.
(() => {
  const nav = document.querySelector("header nav"), here = nav?.querySelector("[aria-current=page]");
  if (!here || nav.scrollWidth <= nav.clientWidth) return;
  const offset = here.getBoundingClientRect().left - nav.getBoundingClientRect().left;
  nav.scrollLeft += offset - (nav.clientWidth - here.offsetWidth) / 2;
})();
