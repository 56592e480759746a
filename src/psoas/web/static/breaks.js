// The Breaks page: the shared schedule in large, its buttons (taken, snooze, meeting), silent mode, and
// the week's sitting against the 40/60-minute rule. The timer itself lives in sitting.js (every page).
"use strict";
(() => {
  const $ = (id) => document.getElementById(id);
  const B = window.psoasBreaks;
  const minutes = (s) => `${Math.round(s / 60)} min`;

  B.onChange((state, sitting, next) => {
    $("sitting-big").textContent = state.state === "away" ? "away" : B.clock(sitting);
    const words = {
      away: "Not sitting: the timer starts when you are back.",
      due: "A break is due now.",
      meeting: `In a meeting until ${new Date(state.meeting_until).toLocaleTimeString()}: no reminders, the sitting still counts.`,
      snoozed: `Snoozed: reminded again in ${B.clock(next)}.`,
      sitting: `Next break in ${B.clock(next)}.`,
    };
    $("next").textContent = words[state.state] || "";
    $("meeting-start").hidden = state.state === "meeting";
    $("meeting-end").hidden = state.state !== "meeting";
    if (document.activeElement !== $("silent")) $("silent").checked = !!state.silent;
  });

  async function refresh() {
    const today = await api("GET", "/api/breaks/today");
    $("taken").textContent = today.done + today.idle; $("snoozed").textContent = today.snoozed; $("missed").textContent = today.missed;
    const stats = await api("GET", "/api/breaks/stats?days=7");
    $("stats").tBodies[0].replaceChildren(...stats.days.slice().reverse().map((d) => {
      const row = document.createElement("tr");
      for (const v of [d.day, d.bouts, d.over_interval, d.over_max, d.bouts ? minutes(d.longest_s) : "–", d.taken, d.verified, d.missed]) {
        row.insertCell().textContent = String(v);
      }
      return row;
    }));
    // A week of zeros reads as a fault: say there is nothing yet instead.
    const none = stats.days.every((d) => !d.bouts && !d.taken && !d.missed);
    $("stats").hidden = none; $("stats-empty").hidden = !none;
  }

  async function act(url, body) {
    try { await B.post(url, body); $("meeting-note").hidden = true; } catch (e) { $("meeting-note").textContent = e.message; $("meeting-note").hidden = false; }
    refresh();
  }
  $("took").onclick = () => act("/api/breaks/taken");
  $("snooze").onclick = () => act("/api/breaks/snooze");
  $("meeting-start").onclick = () => act("/api/breaks/meeting", {minutes: Number($("meeting-minutes").value)});
  $("meeting-end").onclick = () => act("/api/breaks/meeting", {minutes: 0});
  $("silent").onchange = () => act("/api/breaks/settings", {silent: $("silent").checked});
  $("allow").onclick = async () => { $("allow").textContent = `Notifications: ${await B.allowNotifications()}`; };
  refresh();
  setInterval(refresh, 60_000);
})();
