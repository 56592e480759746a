// Break reminders in the browser: a countdown, a notification when it ends, and the answer recorded.
"use strict";
(() => {
  const $ = (id) => document.getElementById(id);
  const ROUTINES = window.PSOAS.routines;  // habits/breaks.py's routines, in turn
  const params = new URLSearchParams(location.search);
  const scale = Number(params.get("seconds_per_minute") || 60);  // tests shorten a minute
  let due = null, timer = null, count = 0, dueAt = null, routine = null;
  $("interval").value = localStorage.getItem("psoas.breakMinutes") || 40;

  function refresh(stats) {
    $("taken").textContent = stats.done + stats.idle; $("snoozed").textContent = stats.snoozed; $("skipped").textContent = stats.skipped;
  }
  api("GET", "/api/breaks/today").then(refresh);

  function schedule(minutes) {
    due = Date.now() + minutes * scale * 1000;
    clearInterval(timer);
    timer = setInterval(tick, 250);
  }

  function tick() {
    const left = (due - Date.now()) / 1000;
    $("next").textContent = `next break in ${mmss(left)}`;
    if (left > 0) return;
    clearInterval(timer);
    dueAt = new Date().toISOString();
    routine = ROUTINES[count++ % ROUTINES.length];
    $("routine").textContent = `${routine.title}: ${routine.text}`; $("due").hidden = false; $("next").textContent = "now";
    if ("Notification" in window && Notification.permission === "granted") new Notification("Time to stand up", {body: routine.text});
    say("Time to stand up. " + routine.text);
  }

  async function answer(outcome) {
    $("due").hidden = true;
    refresh(await api("POST", "/api/breaks", {outcome, due_at: dueAt, routine: routine.title}));
    schedule(outcome === "snoozed" ? 5 : Number($("interval").value));
  }
  $("done").onclick = () => answer("done");
  $("snooze").onclick = () => answer("snoozed");
  $("skip").onclick = () => answer("skipped");

  $("timer-form").onsubmit = (event) => {
    event.preventDefault();
    const minutes = Number($("interval").value);
    if (!(minutes >= 1 && minutes <= 120)) { $("interval-note").textContent = "Choose 1 to 120 minutes."; $("interval-note").hidden = false; return; }
    $("interval-note").textContent = "The seeds advise getting up at least every 60 minutes.";
    $("interval-note").hidden = minutes <= 60;
    localStorage.setItem("psoas.breakMinutes", minutes);
    $("start").disabled = true; $("stop").disabled = false;
    schedule(minutes);
  };
  $("stop").onclick = () => { clearInterval(timer); $("next").textContent = "–"; $("start").disabled = false; $("stop").disabled = true; };
  $("allow").onclick = () => { if ("Notification" in window) Notification.requestPermission(); };
})();
