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
  if (chosen.length) $("begin").textContent = "Start: " + chosen.join(", ");

  api("GET", "/api/sessions/open").then((open) => {
    if (open && !chosen.length) { $("resume-offer").hidden = false; $("resume").onclick = () => play(open); }
  });
  $("begin").onclick = async () => {
    try { play(await api("POST", "/api/sessions", {exercises: chosen})); }
    catch (e) { $("start-error").textContent = e.message; $("start-error").hidden = false; }
  };

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
    say(step.spoken);  // session/player.py's spoken(), sent with each step
    clearInterval(timer);
    timer = setInterval(tick, 100);
  }

  function show(step) {
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
      const li = document.createElement("li"); li.textContent = `${x.name} (${x.seconds} s)`; return li;
    }));
  }

  function tick() {
    const step = session.todo[i];
    const now = performance.now();
    if (!paused) elapsed += (now - last) / 1000 * speed;
    last = now;
    $("countdown").textContent = mmss(step.seconds - elapsed);
    $("session-bar").style.width = `${100 * Math.min(1, (behind + elapsed) / session.total_s)}%`;
    if (elapsed >= step.seconds) { clearInterval(timer); record(step, step.seconds, "done").then(next); }
  }

  $("pause").onclick = () => { paused = !paused; $("pause").textContent = paused ? "Resume" : "Pause"; };
  $("skip").onclick = () => { clearInterval(timer); record(session.todo[i], elapsed, "skipped").then(next); };
  $("quit").onclick = () => { clearInterval(timer); finish("quit"); };

  $("hurt").onclick = () => {
    paused = true; speechSynthesis?.cancel?.();
    $("pain-choice").hidden = true;
    $("pain-dialog").showModal();
  };
  let score = 0;
  document.querySelectorAll("button.score").forEach((b) => b.onclick = async () => {
    score = Number(b.value);
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
    const r = await api("POST", `/api/sessions/${session.id}/finish`, {outcome});
    $("player").hidden = true; $("summary").hidden = false;
    $("summary-text").textContent = outcome === "completed"
      ? `Session ${r.id} complete: ${r.done} steps done, ${r.skipped} skipped or stopped.`
      : `Stopped. ${r.done} steps done are saved.`;
    $("summary-advice").hidden = stopped.size === 0;
    if (outcome === "completed") say("Session complete. Well done.");
  }
})();
