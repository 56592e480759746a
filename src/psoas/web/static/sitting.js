// On every page: the sitting timer in the header, what this page sees (input, hidden for long) posted to
// the one break schedule in the server, and the reminder when a break falls due: a banner here and a
// notification through the service worker, so it shows with the tab in the background.
"use strict";
window.psoasBreaks = (() => {
  const $ = (id) => document.getElementById(id);
  const ACTIVE_EVERY_MS = 60_000;  // input is reported at most once a minute
  let state = null, got = 0, lastActive = 0, hiddenAt = null, idleSent = false, shownDue = null, pollTimer = null;
  const listeners = [];

  function clock(seconds) {
    const s = Math.max(0, Math.floor(seconds));
    const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), r = s % 60;
    return h ? `${h}:${String(m).padStart(2, "0")}:${String(r).padStart(2, "0")}` : `${m}:${String(r).padStart(2, "0")}`;
  }
  function counting() { return state && ["sitting", "due", "snoozed", "meeting"].includes(state.state); }
  function elapsed() { return (performance.now() - got) / 1000; }
  function sittingNow() { return state ? state.sitting_s + (counting() ? elapsed() : 0) : 0; }
  function nextNow() { return state ? Math.max(0, state.next_break_in_s - (counting() ? elapsed() : 0)) : 0; }

  function render() {
    const timer = $("sitting-timer");
    if (!timer || !state) return;
    const words = {away: "Away", meeting: "Meeting", due: "Break due", snoozed: "Snoozed", sitting: "Sitting"};
    $("sitting-label").textContent = words[state.state] || "Sitting";
    $("sitting-time").textContent = state.state === "away" ? "" : clock(sittingNow());
    timer.dataset.state = state.state;
    listeners.forEach((f) => f(state, sittingNow(), nextNow()));
  }

  function take(next) {
    state = next; got = performance.now();
    if (pollTimer === null) pollTimer = setInterval(poll, (state.poll_s || 30) * 1000);
    remind();
    render();
    return next;
  }
  async function poll() { try { take(await api("GET", "/api/breaks/state")); } catch (e) { /* the server is away: keep counting */ } }
  async function post(url, body) { return take(await api("POST", url, body)); }
  function observe(signal, extra) { return post("/api/breaks/observations", {signal, source: "input", ...extra}).catch(() => null); }

  function remind() {
    const banner = $("break-banner");
    const due = state.state === "due";
    if (banner) banner.hidden = !due;
    if (!due) { shownDue = null; return; }
    if (banner) $("break-routine").textContent = state.routine || "";
    const key = `${state.due_at}`;
    if (shownDue === key) return;
    shownDue = key;
    notifyDue(state.routine || "Stand up and move for a few minutes.");
    if (!state.silent && document.visibilityState === "visible") say("Time to stand up. " + (state.routine || ""));
  }

  async function notifyDue(body) {
    if (!("Notification" in window) || Notification.permission !== "granted" || !("serviceWorker" in navigator)) return;
    const reg = await navigator.serviceWorker.ready;
    // One tag: several open tabs show one notification, renewed for each new reminder.
    await reg.showNotification("Time to stand up", {body, tag: "psoas-break", renotify: true, silent: !!state.silent});
  }

  function input() {
    const now = Date.now();
    if (now - lastActive < ACTIVE_EVERY_MS) return;
    lastActive = now;
    observe("active");
  }
  for (const kind of ["keydown", "pointerdown", "wheel", "touchstart"]) addEventListener(kind, input, {passive: true});

  // Where the browser offers it (Chromium, once allowed), the desktop's own idle time and screen lock:
  // input anywhere counts, not only on this page.
  let idleDetector = null;
  async function watchIdle(ask) {
    if (!("IdleDetector" in window) || idleDetector || !state) return false;
    try {
      if (ask && (await IdleDetector.requestPermission()) !== "granted") return false;
      const detector = new IdleDetector();
      const thresholdS = Math.max(60, state.idle_s);
      detector.addEventListener("change", () => {
        if (detector.screenState === "locked") observe("idle", {idle_s: 0});
        else if (detector.userState === "idle") observe("idle", {idle_s: thresholdS});
        else observe("active");
      });
      await detector.start({threshold: thresholdS * 1000});  // refused unless allowed before
      idleDetector = detector;
      return true;
    } catch (e) { return false; }
  }

  // Otherwise the page cannot see input elsewhere: hidden for the idle time, it says "idle", backdated
  // to when it was hidden; back in front, it says "active" at once.
  function hiddenCheck() {
    if (hiddenAt === null || idleSent || !state || idleDetector) return;
    const hiddenS = (Date.now() - hiddenAt) / 1000;
    if (hiddenS >= state.idle_s) { idleSent = true; observe("idle", {idle_s: Math.round(hiddenS)}); }
  }
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "hidden") { hiddenAt = Date.now(); idleSent = false; return; }
    hiddenAt = null; lastActive = Date.now(); observe("active");
  });
  setInterval(() => { hiddenCheck(); render(); }, 1000);

  async function allowNotifications() {
    // Only ever from a click: both permissions need one.
    const idle = watchIdle(true);
    const answer = "Notification" in window ? await Notification.requestPermission() : "unsupported";
    await idle;
    return answer;
  }

  const banner = $("break-banner");
  if (banner) {
    $("break-taken").onclick = () => post("/api/breaks/taken");
    $("break-snooze").onclick = () => post("/api/breaks/snooze");
    $("break-allow").onclick = async () => { $("break-allow").hidden = (await allowNotifications()) === "granted"; };
    $("break-allow").hidden = !("Notification" in window) || Notification.permission === "granted";
  }
  lastActive = Date.now();
  observe("active").then((s) => (s ? s : poll())).then(() => watchIdle(false));  // opening a page is input
  return {post, poll, observe, allowNotifications, clock, onChange: (f) => listeners.push(f), state: () => state};
})();
