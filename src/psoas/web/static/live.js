// Live coach: camera → 640-px JPEG → WebSocket → the server's LiveCoach → overlay.
// One frame is in flight at a time; the camera's other frames are simply not sent (back-pressure by
// dropping, never queueing). A dropped socket reconnects with `resume`, keeping the counted reps.
"use strict";
(() => {
  const $ = (id) => document.getElementById(id);
  const video = $("video"), overlay = $("overlay"), ctx = overlay.getContext("2d");
  const grab = document.createElement("canvas"), gctx = grab.getContext("2d");
  const params = new URLSearchParams(location.search);
  if (params.get("exercise")) $("exercise").value = params.get("exercise");
  const latencies = [];
  let ws = null, run = "", inFlight = false, finishing = false, stream = null, lastCue = "";
  window.psoasLive = {latencies, states: 0};

  function fail(message) { $("live-error").textContent = message; $("live-error").hidden = false; }

  $("setup").onsubmit = async (event) => {
    event.preventDefault();
    $("live-error").hidden = true;
    try {
      stream = await navigator.mediaDevices.getUserMedia({video: {width: 640, height: 480}, audio: false});
    } catch (e) { return fail("The camera could not be opened: " + e.message); }
    video.srcObject = stream;
    await video.play();
    $("start").disabled = true; $("finish").disabled = false;
    $("exercise").disabled = $("side").disabled = true;
    connect();
    requestAnimationFrame(pump);
  };

  // The run id survives a reload of this tab (sessionStorage is per tab), so a reloaded page resumes its
  // run instead of finding it taken; a finished run forgets it.
  const KEPT = "psoas.liveRun";
  function remembered() {
    const kept = JSON.parse(sessionStorage.getItem(KEPT) || "null");
    return kept && kept.exercise === $("exercise").value ? kept.run : "";
  }

  function connect() {
    const q = new URLSearchParams({exercise: $("exercise").value, side: $("side").value});
    run = run || remembered();
    if (run) q.set("resume", run);
    const scheme = location.protocol === "https:" ? "wss" : "ws";
    ws = new WebSocket(`${scheme}://${location.host}/ws/live?${q}`);
    ws.binaryType = "arraybuffer";
    inFlight = false;
    ws.onopen = () => { $("link").textContent = "connected"; };
    ws.onmessage = (event) => receive(JSON.parse(event.data));
    ws.onclose = (event) => {
      if (event.target !== ws) return;  // an earlier run's socket closing
      if (finishing) return lost();
      if (!stream) return;
      $("link").textContent = "reconnecting…";
      setTimeout(connect, 500);
    };
  }

  function pump() {
    if (!stream) return;
    if (ws && ws.readyState === WebSocket.OPEN && !inFlight && video.videoWidth) send();
    requestAnimationFrame(pump);
  }

  function send() {
    const scale = Math.min(1, 640 / Math.max(video.videoWidth, video.videoHeight));
    grab.width = Math.round(video.videoWidth * scale); grab.height = Math.round(video.videoHeight * scale);
    const stamp = performance.now();
    gctx.drawImage(video, 0, 0, grab.width, grab.height);
    inFlight = true;
    const socket = ws;  // the run may end (ws = null) or restart before the JPEG is ready
    grab.toBlob(async (blob) => {
      const message = await frameMessage(blob, stamp);
      if (socket === ws && socket.readyState === WebSocket.OPEN) socket.send(message); else inFlight = false;
    }, "image/jpeg", 0.75);
  }

  function percentile(p) {
    if (!latencies.length) return "–";
    const sorted = [...latencies].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))].toFixed(0);
  }

  function receive(m) {
    if (m.type === "hello") {
      run = m.run;
      sessionStorage.setItem(KEPT, JSON.stringify({run, exercise: $("exercise").value}));
      if (m.state) show(m.state);
      return;
    }
    if (m.type === "error") {
      inFlight = false; fail(m.message);
      if (m.fatal) finishing ? ready() : stop();  // a failed finish ends the run; its message stays
      return;
    }
    if (m.type === "report") return result(m);
    if (m.type !== "state") return;
    inFlight = false;
    latencies.push(performance.now() - m.echo);
    window.psoasLive.states += 1;
    $("frames").textContent = m.frames; $("dropped").textContent = m.dropped;
    $("latency-p50").textContent = percentile(0.5); $("latency-p95").textContent = percentile(0.95);
    show(m.state);
  }

  function show(s) {
    window.psoasLive.last = s;
    $("reps").textContent = s.reps;
    $("reps-form").textContent = s.reps ? ` (${perSide(s.counts) ? perSide(s.counts) + "; " : ""}${s.reps_in_form} in form)` : "";
    $("hold").textContent = `${s.holding && s.side ? s.side + " " : ""}${s.hold_in_form_s.toFixed(1)} s`;
    $("live-notes").textContent = (s.notes || []).join(" ");  // e.g. why a rep's side is "unknown"
    $("angle").textContent = s.angle_deg === null ? "–" : `${s.angle_deg.toFixed(0)}°`;
    $("cue").textContent = s.cue || "";
    if (s.cue && s.cue !== lastCue) say(s.cue);
    lastCue = s.cue || "";
    draw(s);
  }

  function draw(s) {
    overlay.width = video.clientWidth; overlay.height = video.clientHeight;
    ctx.clearRect(0, 0, overlay.width, overlay.height);
    if (!s.landmarks.length) return;
    const [w, h] = [overlay.width, overlay.height];
    ctx.lineWidth = 4; ctx.strokeStyle = s.faults.length ? "#e74c3c" : "#2ecc71";
    for (const [a, b] of window.PSOAS.bones) {
      const [pa, pb] = [s.landmarks[a], s.landmarks[b]];
      if (pa[2] < 0.5 || pb[2] < 0.5) continue;
      ctx.beginPath(); ctx.moveTo(pa[0] * w, pa[1] * h); ctx.lineTo(pb[0] * w, pb[1] * h); ctx.stroke();
    }
    ctx.fillStyle = "#fff";
    s.landmarks.slice(11).forEach(([x, y, v]) => {
      if (v >= 0.5) { ctx.beginPath(); ctx.arc(x * w, y * h, 4, 0, 2 * Math.PI); ctx.fill(); }
    });
  }

  $("finish").onclick = () => {
    if (!ws || ws.readyState !== WebSocket.OPEN) return fail("Not connected to psoas just now: press Finish again once the link says connected.");
    finishing = true;
    $("finish").disabled = true;
    ws.send(JSON.stringify({type: "finish", save: $("save").checked}));
  };

  // The socket closed after Finish with no report: say so and let a new run start, rather than wait.
  function lost() {
    ready();
    fail("The connection closed before the report came back, so this run has no report; start again.");
  }

  // The run is over (report, failure or loss): ready for another without a reload.
  function ready() {
    stop();
    sessionStorage.removeItem(KEPT);
    run = ""; finishing = false; ws = null;
    $("start").disabled = false; $("exercise").disabled = $("side").disabled = false;
  }

  function stop() {
    if (stream) stream.getTracks().forEach((t) => t.stop());
    stream = null;
    $("link").textContent = "stopped";
  }

  function result(m) {
    ready();
    const r = m.report, box = $("result-text");
    $("result").hidden = false;
    if (!r) { box.textContent = "Nothing was seen, so there is nothing to report."; return; }
    const lines = [];
    if (!r.quality.valid) lines.push("Not enough of the exercise could be seen to give numbers.");
    else if (r.mode === "reps") lines.push(`${r.rep_count} repetitions${perSide(r.counts) ? ` (${perSide(r.counts)})` : ""}, ${r.reps.filter((x) => x.in_form).length} in good form${r.partials.length ? `; ${r.partials.length} too small to count` : ""}.`);
    else lines.push(`${r.holds.length} hold(s)${holdSides(r.holds) ? ` (${holdSides(r.holds)})` : ""}: ${r.holds.map((h) => `${h.side === "both" ? "" : h.side + " "}${held(h)}, ${h.in_form_s.toFixed(1)} s in form`).join("; ")}.`);
    (r.notes || []).forEach((n) => lines.push(n));
    r.quality.issues.forEach((i) => lines.push(`${i.message} (${Math.round(i.fraction * 100)}% of frames)`));
    lines.push(m.saved ? "Saved to your history." : m.save_error ? `Not saved: ${m.save_error}` : "Not saved.");
    box.replaceChildren(...lines.map((t) => { const p = document.createElement("p"); p.textContent = t; return p; }));
  }
})();
