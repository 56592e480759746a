// Camera-verified sitting (opt-in): one look every 5 s (a JPEG to /api/presence, dropped there), the
// posture settled over two agreeing looks as psoas.habits.presence.settle does, the sitting bout's real
// time, and each settled posture sent to the break schedule (/api/breaks/observations; a 404 is ignored).
// "Count my knee raises" runs the live coach (/ws/live, through camera.js) on the break's knee raises.
"use strict";
(() => {
  const $ = (id) => document.getElementById(id);
  const PERIOD_MS = 5000, AGREE = 2, ROUTINE_EXERCISE = "standing-hip-flexion";
  const grab = document.createElement("canvas"), gctx = grab.getContext("2d");
  let timer = null, clock = null, looks = [], current = null, boutStart = null, lastShoulders = null, counting = false;
  let seated = JSON.parse(localStorage.getItem("psoas.seated") || "null");

  function settle(posture) {  // the posture changes only after AGREE looks agree
    looks = looks.concat([posture]).slice(-AGREE);
    if (looks.length === AGREE && looks[0] !== null && looks.every((p) => p === looks[0])) return looks[0];
    return current;
  }

  function showBout() {
    $("presence-bout").textContent = current === "sitting" && boutStart
      ? `sitting for ${mmss((Date.now() - boutStart) / 1000)}` : (current ? "not sitting" : "–");
  }

  async function observe(posture) {  // a server without the break schedule answers 404: nothing to tell
    const body = JSON.stringify({signal: posture, source: "camera"});
    await fetch("/api/breaks/observations", {method: "POST", headers: {"content-type": "application/json"}, body});
  }

  function frame() {
    const v = $("camera-video");
    if (!v.videoWidth) return Promise.resolve(null);
    const scale = Math.min(1, 640 / Math.max(v.videoWidth, v.videoHeight));
    grab.width = Math.round(v.videoWidth * scale); grab.height = Math.round(v.videoHeight * scale);
    gctx.drawImage(v, 0, 0, grab.width, grab.height);
    return new Promise((done) => grab.toBlob(done, "image/jpeg", 0.8));
  }

  async function look() {
    const jpeg = await frame();
    if (!jpeg) return;
    const q = seated ? `?${new URLSearchParams({seated_y: seated.y, seated_width: seated.width})}` : "";
    const reply = await fetch(`/api/presence${q}`, {method: "POST", headers: {"content-type": "image/jpeg"}, body: jpeg});
    const answer = await reply.json();
    if (!reply.ok) { $("presence-error").textContent = answer.detail; $("presence-error").hidden = false; return; }
    $("presence-error").hidden = true;
    lastShoulders = answer.shoulders;
    const before = current;
    current = settle(answer.posture);
    if (current === "sitting" && before !== "sitting") boutStart = Date.now() - (AGREE - 1) * PERIOD_MS;
    $("presence-posture").textContent = answer.posture || "not sure";
    $("presence-confidence").textContent = answer.posture ? `(${Math.round(answer.confidence * 100)}% sure)` : "";
    showBout();
    if (current) await observe(current);
  }

  function count(on) {
    counting = on;
    $("presence-count").textContent = on ? "Stop counting" : "Count my knee raises";
    if (!on) { PsoasCamera.release(); return; }
    $("presence-reps").textContent = "Counting…";
    PsoasCamera.follow(ROUTINE_EXERCISE, "auto", (state, error) => {
      $("presence-reps").textContent = error || `${state.reps} knee raises counted`;
    });
  }

  async function start() {
    $("presence-panel").hidden = false;
    try { await PsoasCamera.open(); }
    catch (error) { $("presence-on").checked = false; $("presence-error").textContent = `The camera could not start: ${error.message}`; $("presence-error").hidden = false; $("presence-panel").hidden = true; return; }
    looks = []; current = null; boutStart = null;
    timer = setInterval(() => look().catch(() => {}), PERIOD_MS);
    clock = setInterval(showBout, 1000);
    look().catch(() => {});
  }

  function stop() {
    clearInterval(timer); clearInterval(clock); timer = clock = null;
    if (counting) count(false);
    PsoasCamera.close();
    $("presence-panel").hidden = true;
  }

  $("presence-on").onchange = () => ($("presence-on").checked ? start() : stop());
  $("presence-count").onclick = () => count(!counting);
  $("presence-calibrate").onclick = () => {
    if (!lastShoulders) { $("presence-calibration").textContent = "No shoulders seen yet; face the camera and try again."; return; }
    seated = lastShoulders;
    localStorage.setItem("psoas.seated", JSON.stringify(seated));
    $("presence-calibration").textContent = "Seated position saved on this device.";
  };
  // A break reminder on this page (#due) starts the knee-raise count while the camera is on.
  const due = $("due");
  if (due) new MutationObserver(() => { if (timer && !due.hidden && !counting) count(true); if (due.hidden && counting) count(false); })
    .observe(due, {attributes: true, attributeFilter: ["hidden"]});
})();
