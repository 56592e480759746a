"use strict";
(() => {
  // Repetitions per side, worded as the CLI words them: "left 2 · right 1".
  const perSide = (counts) => Object.entries(counts || {}).map(([side, n]) => `${side} ${n}`).join(" · ");
  const $ = (id) => document.getElementById(id);
  $("upload").onsubmit = async (event) => {
    event.preventDefault();
    $("error").hidden = true; $("result").hidden = true; $("progress-box").hidden = false;
    const button = event.target.querySelector("button"); button.disabled = true;
    try {
      const job = await runJob(event.target, "/api/analyses", (j) => {
        $("progress").value = j.progress; $("stage").textContent = `${Math.round(j.progress * 100)}% · ${j.stage}`;
      });
      show(job);
    } catch (e) { $("error").textContent = e.message; $("error").hidden = false; }
    finally { button.disabled = false; $("progress-box").hidden = true; }
  };

  function show(job) {
    const r = job.result.report, q = r.quality, lines = [];
    lines.push(`${r.exercise} · ${r.video.duration_s.toFixed(1)} s · view ${q.view}`);
    if (!q.valid) lines.push("Not enough of the exercise could be seen to give numbers.");
    else if (r.mode === "reps") lines.push(`${r.rep_count} repetitions (${perSide(r.counts)}), ${r.reps.filter((x) => x.in_form).length} in good form${r.partials.length ? `; ${r.partials.length} too small to count` : ""}.`);
    else lines.push(`${r.holds.length} hold(s): ${r.holds.map((h) => `${h.side} ${h.duration_s.toFixed(1)} s, ${h.in_form_s.toFixed(1)} s in form`).join("; ")}.`);
    (r.notes || []).forEach((n) => lines.push(n));
    q.issues.forEach((i) => lines.push(`${i.message} (${Math.round(i.fraction * 100)}% of frames)`));
    [...new Set((r.faults || []).map((f) => f.cue))].slice(0, 4).forEach((cue) => lines.push("Cue: " + cue));
    if (r.psoas && r.psoas.peak_length_mm) lines.push(`psoas (model estimate, ${r.psoas.side}): longest ${r.psoas.peak_length_mm.toFixed(0)} mm, ${r.psoas.peak_stretch_pct.toFixed(1)}% against standing.`);
    lines.push(job.result.saved ? "Saved to your history." : "Not saved.");
    paragraphs($("summary"), lines);
    const body = $("reps-table").querySelector("tbody");
    body.replaceChildren(...(q.valid && r.mode === "reps" ? r.reps : []).map((x) => {
      const tr = document.createElement("tr");
      [x.index, x.side, x.start_s.toFixed(1), x.end_s.toFixed(1), `${x.peak_angle_deg.toFixed(0)}°`, x.in_form ? "good" : "fault"]
        .forEach((v) => { const td = document.createElement("td"); td.textContent = v; tr.append(td); });
      return tr;
    }));
    $("reps-table").hidden = body.children.length === 0;
    if (job.video) { $("annotated").src = job.video; $("annotated").hidden = false; }
    $("result").hidden = false;
  }
})();
