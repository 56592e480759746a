// The guided-session player: the same rules as the terminal player (session/player.py), with the
// browser's clock, buttons and speech. Every finished step is saved the moment it ends.
"use strict";
(() => {
  const $ = (id) => document.getElementById(id);
  const params = new URLSearchParams(location.search);
  const speed = Math.max(0.1, Number(params.get("speed") || 1));
  const chosen = (params.get("exercises") || "").split(",").filter(Boolean);
  let session = null, i = 0, elapsed = 0, paused = false, last = 0, timer = null;
  const easier = {}, stopped = new Set();
  let behind = 0;

  $("voice").checked = localStorage.getItem("psoas.voice") !== "off";
  $("voice").onchange = () => localStorage.setItem("psoas.voice", $("voice").checked ? "on" : "off");
  const names = window.PSOAS.names || {};
  const nameOf = (id) => names[id] || id;
  if (chosen.length) $("begin").textContent = "Start: " + chosen.map(nameOf).join(", ");
  preview();

  // What the session holds, before it starts: today's plan (or the exercises chosen), with doses.
  async function preview() {
    let rows;
    if (chosen.length) rows = chosen.map((id) => ({name: nameOf(id), dose: ""}));
    else {
      const today = await api("GET", "/api/plan/today").catch(() => null);
      if (!today || !today.items.length) return;
      rows = today.items.map((it) => ({name: it.name, dose: [it.dose, it.needs].filter(Boolean).join(" · ")}));
      const minutes = Math.round(today.items.reduce((a, it) => a + (it.seconds || 0), 0) / 60);
      if (minutes) { $("preview-total").textContent = `About ${minutes} min in all.`; $("preview-total").hidden = false; }
    }
    $("preview").replaceChildren(...rows.map((r) => {
      const li = document.createElement("li"); li.textContent = r.name + (r.dose ? ` · ${r.dose}` : ""); return li;
    }));
    $("preview-title").hidden = false;
  }

  api("GET", "/api/sessions/open").then((open) => {
    if (open && !chosen.length) { $("resume-offer").hidden = false; $("resume").onclick = async () => { await cameraOn(); play(open); }; }
  });
  $("begin").onclick = async () => {
    await cameraOn();
    try { play(await api("POST", "/api/sessions", {exercises: chosen})); }
    catch (e) { $("start-error").textContent = e.message; $("start-error").hidden = false; }
  };

  // The camera, when asked for: it follows each work step of an exercise it knows (PSOAS.camera).
  let seen = null, driving = false, lastCue = "";
  async function cameraOn() {
    if (!$("camera-on").checked) return;
    try { await window.PsoasCamera.open(); $("camera-stage").hidden = false; }
    catch (e) { $("start-error").textContent = "The camera could not be opened, so the session plays without it: " + e.message; $("start-error").hidden = false; }
  }
  function followStep(step) {
    seen = null; lastCue = "";
    driving = window.PsoasCamera.on && step.kind === "work" && (window.PSOAS.camera || []).includes(step.exercise_id);
    $("camera-line").hidden = !driving;
    if (!driving) { window.PsoasCamera.release(); return; }
    $("camera-line").textContent = "Camera: waiting to see you…";
    window.PsoasCamera.follow(step.exercise_id, step.side, (state, error) => {
      if (error) { $("camera-line").textContent = "Camera: " + error; return; }
      seen = state;
      const bits = [];
      if (step.reps) bits.push(`${state.reps} counted`);
      else bits.push(state.holding && !state.faults.length ? "in form, the hold counts" : "get into position: the hold waits for you");
      if (state.cue) bits.push(state.cue);
      $("camera-line").textContent = "Camera: " + bits.join(" · ");
      if (state.cue && state.cue !== lastCue) cue(state.cue);
      lastCue = state.cue || "";
    });
  }

  function play(s) {
    session = s;
    const done = new Set(s.done);
    session.steps = s.steps;
    behind = s.steps.filter((x) => done.has(x.index)).reduce((a, x) => a + x.seconds, 0);
    session.todo = s.steps.filter((x) => !done.has(x.index));
    $("start").hidden = true; $("player").hidden = false;
    (s.warnings || []).forEach((w) => console.warn(w));
    i = -1; next();
  }

  async function record(step, doneS, outcome) {
    await api("POST", `/api/sessions/${session.id}/steps`, {index: step.index, done_s: doneS, outcome});
    behind += step.seconds;
  }

  async function next() {
    i += 1;
    while (i < session.todo.length && stopped.has(session.todo[i].exercise_id)) {
      await record(session.todo[i], 0, "skipped"); i += 1;
    }
    if (i >= session.todo.length) return finish("completed");
    const step = session.todo[i];
    elapsed = 0; paused = false; last = performance.now();
    show(step);
    followStep(step);
    say(step.spoken);  // session/player.py's spoken(), sent with each step
    clearInterval(timer);
    timer = setInterval(tick, 100);
  }

  function show(step) {
    const demo = $("demo");
    demo.hidden = !step.exercise_id;
    const src = `/exercises/${step.exercise_id}/demo.svg`;
    if (step.exercise_id && demo.getAttribute("src") !== src) demo.src = src;
    $("rep").hidden = true; phase = "";
    $("step-name").textContent = step.name + (step.kind === "work" ? "" : ` · ${step.kind}`);
    const bits = [];
    if (step.side) bits.push(`${step.side} side`);
    if (step.set_no) bits.push(`set ${step.set_no} of ${step.sets}`);
    if (step.reps) bits.push(`${step.reps} reps`);
    $("step-meta").textContent = bits.join(" · ");
    $("step-text").textContent = step.text;
    const e = easier[step.exercise_id];
    $("easier").hidden = !e; $("easier").textContent = e ? "Easier version: " + e : "";
    $("counter").textContent = `Step ${session.steps.indexOf(step) + 1} of ${session.steps.length}`;
    $("upcoming").replaceChildren(...session.todo.slice(i + 1, i + 4).map((x) => {
      const li = document.createElement("li"); li.textContent = `${x.name}${x.kind === "work" ? "" : " · " + x.kind} (${x.seconds} s)`; return li;
    }));
  }

  function tick() {
    const step = session.todo[i];
    const now = performance.now();
    // With the camera, a hold's clock runs only while the body is held in form.
    const holdWaits = driving && !step.reps && step.kind === "work" && !(seen && seen.holding && !seen.faults.length);
    if (!paused && !holdWaits) elapsed += (now - last) / 1000 * speed;
    last = now;
    $("countdown").textContent = mmss(step.seconds - elapsed);
    if (step.kind === "work" && step.reps) repPrompt(step);
    $("session-bar").style.width = `${100 * Math.min(1, (behind + elapsed) / session.total_s)}%`;
    const counted = driving && step.reps && seen && seen.reps >= step.reps;  // the camera counted them all
    if (elapsed >= step.seconds || counted) { clearInterval(timer); record(step, Math.min(elapsed, step.seconds), "done").then(next); }
  }

  // Rep by rep, at the plan's tempo (plan/dose.py): half of REP_S up, the hold, half of REP_S down.
  let phase = "";
  function repPrompt(step) {
    const up = window.PSOAS.repS / 2, hold = step.hold_s || 0, period = 2 * up + hold;
    const timed = Math.min(step.reps, Math.floor(elapsed / period) + 1), t = elapsed - (timed - 1) * period;
    const n = driving && seen ? Math.min(step.reps, seen.reps + 1) : timed;  // the camera's count leads
    let now, words;
    if (t < up) { now = `${n}:up`; words = "up"; }
    else if (t < up + hold) { now = `${n}:hold`; words = `hold ${Math.ceil(up + hold - t)} s`; }
    else { now = `${n}:down`; words = "down"; }
    $("rep").hidden = false;
    $("rep").textContent = `Rep ${n} of ${step.reps}: ${words}`;
    if (now !== phase) {
      const first = phase === "";
      phase = now;
      if (!first) cue(now.endsWith("up") ? `Rep ${n}. Up.` : now.endsWith("hold") ? "Hold." : "Down.");
    }
  }
  function cue(text) {  // queued after the step's own words, never cutting them off
    if (!("speechSynthesis" in window) || localStorage.getItem("psoas.voice") === "off") return;
    speechSynthesis.speak(new SpeechSynthesisUtterance(text));
  }

  function togglePause() { paused = !paused; $("pause").textContent = paused ? "Resume" : "Pause"; last = performance.now(); }
  function skip() { clearInterval(timer); record(session.todo[i], elapsed, "skipped").then(next); }
  $("pause").onclick = togglePause;
  $("skip").onclick = skip;
  $("quit").onclick = () => { if (!paused) togglePause(); $("quit-dialog").showModal(); };
  $("quit-dialog").addEventListener("close", () => {
    if ($("quit-dialog").returnValue === "end") { clearInterval(timer); finish("quit"); }
    else if (paused) togglePause();
  });
  // The terminal player's keys: space pauses, s skips, p says it hurts, q ends (after the question).
  document.addEventListener("keydown", (e) => {
    if ($("player").hidden || document.querySelector("dialog[open]") || e.ctrlKey || e.metaKey || e.altKey) return;
    const act = {" ": togglePause, s: skip, p: () => $("hurt").click(), q: () => $("quit").click()}[e.key];
    if (act) { e.preventDefault(); act(); }
  });

  $("hurt").onclick = () => {
    paused = true; speechSynthesis?.cancel?.();
    $("pain-choice").hidden = true;
    document.querySelectorAll("button.score").forEach((x) => x.setAttribute("aria-pressed", "false"));
    $("pain-dialog").showModal();
  };
  // Escape closes the dialog without a score: the exercise still stops (it hurt), and that is saved.
  $("pain-dialog").addEventListener("cancel", async (e) => {
    e.preventDefault();
    $("pain-dialog").close();
    const step = session.todo[i];
    clearInterval(timer); stopped.add(step.exercise_id);
    $("summary-advice").textContent = "Stopped because it hurt. If the pain stays or comes back, see a professional.";
    await record(step, elapsed, "stopped");
    next();
  });
  let score = 0;
  document.querySelectorAll("button.score").forEach((b) => b.onclick = async () => {
    score = Number(b.value);
    document.querySelectorAll("button.score").forEach((x) => x.setAttribute("aria-pressed", String(x === b)));
    const step = session.todo[i];
    if (score >= window.PSOAS.skipAt || easier[step.exercise_id]) return painDone("skip");
    $("pain-choice").hidden = false;
  });
  $("choose-easier").onclick = () => painDone("easier");
  $("choose-skip").onclick = () => painDone("skip");

  async function painDone(choice) {
    const step = session.todo[i];
    const reply = await api("POST", `/api/sessions/${session.id}/pain`, {index: step.index, score, choice});
    $("pain-dialog").close();
    $("summary-advice").textContent = reply.advice;
    if (reply.action === "skip") {
      clearInterval(timer); stopped.add(step.exercise_id);
      await record(step, elapsed, "stopped");
      return next();
    }
    easier[step.exercise_id] = reply.easier;
    say("Easier version. " + reply.easier);
    elapsed = 0; paused = false; last = performance.now(); show(step);
  }

  async function finish(outcome) {
    window.PsoasCamera.close(); $("camera-stage").hidden = true; $("camera-line").hidden = true;
    const r = await api("POST", `/api/sessions/${session.id}/finish`, {outcome});
    $("player").hidden = true; $("summary").hidden = false;
    $("summary-text").textContent = outcome === "completed"
      ? `Session ${r.id} complete: ${r.done} steps done, ${r.skipped} skipped or stopped.`
      : `Stopped. ${r.done} steps done are saved.`;
    $("summary-advice").hidden = stopped.size === 0;
    if (outcome === "completed") say("Session complete. Well done.");
  }
})();
