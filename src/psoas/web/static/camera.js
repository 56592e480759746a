// The camera for the session player: one camera stream for the whole session, and one live-coach run
// (the /ws/live socket the Live coach page uses) per step of an exercise the camera can follow.
// One frame is in flight at a time; others are dropped, never queued.
"use strict";
window.PsoasCamera = (() => {
  let stream = null, ws = null, inFlight = false, onState = null;
  const grab = document.createElement("canvas"), gctx = grab.getContext("2d");
  const video = () => document.getElementById("camera-video");

  async function open() {
    if (stream) return;
    stream = await navigator.mediaDevices.getUserMedia({video: {width: 640, height: 480}, audio: false});
    video().srcObject = stream;
    await video().play();
    requestAnimationFrame(pump);
  }

  // Coach `exercise` (on `side`, or found by the coach) until release(); each state goes to `handler`.
  function follow(exercise, side, handler) {
    release();
    onState = handler;
    const q = new URLSearchParams({exercise, side: side || "auto"});
    const scheme = location.protocol === "https:" ? "wss" : "ws";
    ws = new WebSocket(`${scheme}://${location.host}/ws/live?${q}`);
    ws.binaryType = "arraybuffer";
    inFlight = false;
    ws.onmessage = (event) => {
      const m = JSON.parse(event.data);
      if (m.type === "state") { inFlight = false; onState && onState(m.state); }
      if (m.type === "error") { inFlight = false; onState && onState(null, m.message); }
    };
  }

  function release() {
    onState = null;
    if (ws) { ws.onmessage = null; ws.close(); }
    ws = null;
  }

  function close() {
    release();
    if (stream) stream.getTracks().forEach((t) => t.stop());
    stream = null;
  }

  function pump() {
    if (!stream) return;
    const v = video();
    if (ws && ws.readyState === WebSocket.OPEN && !inFlight && v.videoWidth) send(v);
    requestAnimationFrame(pump);
  }

  function send(v) {
    const scale = Math.min(1, 640 / Math.max(v.videoWidth, v.videoHeight));
    grab.width = Math.round(v.videoWidth * scale); grab.height = Math.round(v.videoHeight * scale);
    gctx.drawImage(v, 0, 0, grab.width, grab.height);
    inFlight = true;
    const socket = ws;
    grab.toBlob(async (blob) => {
      const message = await frameMessage(blob, performance.now());
      if (socket === ws && socket.readyState === WebSocket.OPEN) socket.send(message); else inFlight = false;
    }, "image/jpeg", 0.75);
  }

  return {open, follow, release, close, get on() { return stream !== null; }};
})();
