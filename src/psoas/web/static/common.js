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
// One camera frame as the server's sockets take it: the capture time (ms, float64, little-endian), then
// the JPEG (the live coach and the session camera send the same).
async function frameMessage(jpegBlob, stamp) {
  const jpeg = new Uint8Array(await jpegBlob.arrayBuffer());
  const message = new Uint8Array(8 + jpeg.length);
  new DataView(message.buffer).setFloat64(0, stamp, true);
  message.set(jpeg, 8);
  return message.buffer;
}
// A report's numbers worded as the CLI words them (the analyse page and the live coach). Repetitions
// per side: "left 2 · right 1 · unknown 1"; "both" only beside a one-leg count (a single-leg bridge
// among two-legged ones), never alone.
function perSide(counts) {
  const entries = Object.entries(counts || {}), oneLeg = entries.some(([side, n]) => side !== "both" && n);
  return entries.filter(([side, n]) => side !== "both" || (oneLeg && n)).map(([side, n]) => `${side} ${n}`).join(" · ");
}
// Holds per side, in the order first seen: "left 1 · right 2".
function holdSides(holds) {
  return perSide(holds.reduce((c, h) => ({...c, [h.side]: (c[h.side] || 0) + 1}), {}));
}
// A hold the clip or session cut (held at its start, or still held at its end) lasted at least this long.
function held(h) {
  return `${h.open_start || h.open_end ? "≥ " : ""}${h.duration_s.toFixed(1)} s`;
}
// On a phone the menu is one line that scrolls sideways: bring the current page's link into view, or
// "Live coach" onwards opens with its own link cut off at the edge.
(() => {
  const nav = document.querySelector("header nav"), here = nav?.querySelector("[aria-current=page]");
  if (!here || nav.scrollWidth <= nav.clientWidth) return;
  const offset = here.getBoundingClientRect().left - nav.getBoundingClientRect().left;
  nav.scrollLeft += offset - (nav.clientWidth - here.offsetWidth) / 2;
})();
