"use strict";
(() => {
  const $ = (id) => document.getElementById(id);
  // The exercise's name as the form lists it (the report carries its id), and the camera's angle in words.
  const nameOf = (id) => [...$("upload").elements.exercise.options].find((o) => o.value === id)?.textContent || id;
  const filmed = (view) => `filmed from ${view === "oblique" ? "an angle" : "the " + view}`;
  $("upload").onsubmit = async (event) => {
    event.preventDefault();
    $("error").hidden = true; $("result").hidden = true; $("progress-box").hidden = false;
    const button = event.target.querySelector("button"); button.disabled = true;
    try {
      // No exercise chosen: the server says which exercise(s) the clip shows and analyses each.
      const recognise = event.target.elements.exercise.value === "";
      const job = await runJob(event.target, recognise ? "/api/recognitions" : "/api/analyses", (j) => {
        $("progress").value = j.progress; $("stage").textContent = `${Math.round(j.progress * 100)}% · ${j.stage}`;
      });
      if (recognise) showSegments(job); else show(job);
    } catch (e) { $("error").textContent = e.message; $("error").hidden = false; }
    finally { button.disabled = false; $("progress-box").hidden = true; }
  };

  // One table row of plain text cells.
  const row = (cells) => {
    const tr = document.createElement("tr");
    cells.forEach((v) => { const td = document.createElement("td"); td.textContent = v; tr.append(td); });
    return tr;
  };

  // A photo's check, worded as the CLI words it: the reason it cannot be read, or position, faults, notes.
  function photoLines(r) {
    const q = r.quality, lines = [`${nameOf(r.exercise)} · photo ${r.photo.width}×${r.photo.height} · ${filmed(q.view)}`];
    if (!q.valid) return lines.concat(q.issues.slice(0, 1).map((i) => i.message));
    const top = { true: "yes", false: "no", null: "not seen" }[String(r.at_target)];
    lines.push(`Position ${q.position}, ${r.matches ? "in the exercise's position" : "not in the exercise's shape"}; at the top or in the stretch: ${top}; side ${r.working_side}.`);
    r.faults.forEach((f) => lines.push(`Cue: ${f.cue} (${f.angle.replace("_", " ")} ${f.value_deg.toFixed(0)}°)`));
    (r.notes || []).forEach((n) => lines.push(n));
    (r.unchecked || []).forEach((u) => lines.push(u));
    return lines;
  }

  function showPhoto(job) {
    const r = job.result.report, lines = photoLines(r);
    lines.push(job.result.saved ? "Saved to your history." : r.quality.valid ? "Not saved." : "Not saved: the photo could not be read as this exercise.");
    paragraphs($("summary"), lines);
    const body = $("angles-table").querySelector("tbody");
    body.replaceChildren(...r.angles.map((a) => row([a.label, a.side || "", a.value_deg === null ? "--" : `${a.value_deg.toFixed(0)}°`, a.read_by])));
    $("angles-table").hidden = body.children.length === 0;
    $("reps-table").hidden = true; $("holds-table").hidden = true; $("per-side").hidden = true; $("annotated").hidden = true;
    if (job.image) { $("annotated-photo").src = job.image; $("annotated-photo").hidden = false; }
    $("result").hidden = false;
  }

  // One line per recognised segment's report, worded as the clip report's first line.
  function resultLine(r) {
    if (!r) return "nothing the camera follows";
    if (!r.quality.valid) return "not enough seen to give numbers";
    if (r.mode === "reps") return `${r.rep_count} repetitions${perSide(r.counts) ? ` (${perSide(r.counts)})` : ""}`;
    return `${r.holds.length} hold(s)${holdSides(r.holds) ? ` (${holdSides(r.holds)})` : ""}: ${r.holds.map((h) => `${h.side === "both" ? "" : h.side + " "}${held(h)}`).join(", ")}`;
  }

  function showSegments(job) {
    ["annotated", "annotated-photo", "angles-table", "reps-table", "holds-table", "per-side"].forEach((id) => { $(id).hidden = true; });
    const segments = job.result.segments, named = segments.filter((s) => s.exercise);
    const lines = [named.length ? `Recognised: ${named.map((s) => s.name).join(", ")}.` : "No exercise the camera follows was recognised; choose one and analyse again."];
    segments.filter((s) => s.report).forEach((s) => (s.report.notes || []).forEach((n) => lines.push(`${s.name || s.attempted}: ${n}`)));
    lines.push(job.result.saved.length ? "Saved to your history." : "Not saved.");
    paragraphs($("summary"), lines);
    const body = $("segments-table").querySelector("tbody");
    body.replaceChildren(...segments.map((s) => row([s.start_s.toFixed(1), s.end_s.toFixed(1), s.position,
      s.name ? [s.name, ...s.alternatives].join(" or ") : s.attempted ? `not counted: looks like ${s.attempted}` : "—",
      resultLine(s.report)])));
    $("segments-table").hidden = segments.length === 0;
    $("result").hidden = false;
  }

  function show(job) {
    $("annotated-photo").hidden = true; $("angles-table").hidden = true; $("segments-table").hidden = true;
    window.psoasAnalysis = job.result.report;  // what the page shows, for a test to compare against
    if (job.result.report.mode === "photo") return showPhoto(job);
    const r = job.result.report, q = r.quality, lines = [];
    lines.push(`${nameOf(r.exercise)} · ${r.video.duration_s.toFixed(1)} s · ${filmed(q.view)}`);
    // Another exercise: say what was seen first; the other issues follow.
    const other = q.issues.find((i) => i.code === "wrong-exercise");
    if (other) lines.push(other.message);
    if (other) { /* no counts: what was seen says it all */ }
    else if (!q.valid) lines.push("Not enough of the exercise could be seen to give numbers.");
    else if (r.mode === "reps") lines.push(`${r.rep_count} repetitions${perSide(r.counts) ? ` (${perSide(r.counts)})` : ""}, ${r.reps.filter((x) => x.in_form).length} in good form${r.partials.length ? `; ${r.partials.length} too small to count` : ""}.`);
    else if (!r.holds.length) lines.push("No hold in the position was seen.");
    else lines.push(`${r.holds.length} hold${r.holds.length === 1 ? "" : "s"}: ${r.holds.map((h) => `${h.side === "both" ? "" : h.side + " "}${held(h)}, ${h.in_form_s.toFixed(1)} s in form`).join("; ")}.`);
    // The notes are worded for the terminal; here the exercise is chosen in the form above.
    (r.notes || []).forEach((n) => lines.push(n.replace(/: analyse it with --exercise [\w-]+\.$/, ": choose it above and analyse again.")));
    const unchecked = q.issues.filter((i) => i.code === "not-checked");
    q.issues.filter((i) => i !== other && i.code !== "not-checked").forEach((i) => lines.push(`${i.message} (${Math.round(i.fraction * 100)}% of frames)`));
    if (unchecked.length && !other) lines.push("Some form checks need the camera in front of you and were not made from this angle.");
    [...new Set((r.faults || []).map((f) => f.cue))].slice(0, 4).forEach((cue) => lines.push("Cue: " + cue));
    if (q.valid && r.psoas && r.psoas.peak_length_mm) lines.push(`psoas (model estimate, ${r.psoas.side}): longest ${r.psoas.peak_length_mm.toFixed(0)} mm, ${r.psoas.peak_stretch_pct.toFixed(1)}% against standing.`);
    (job.result.explain || []).forEach((x) => lines.push(x));  // what each number shown means
    lines.push(job.result.saved ? "Saved to your history." : q.valid ? "Not saved." : "Not saved: nothing in this clip could be counted as this exercise.");
    paragraphs($("summary"), lines);
    const body = $("reps-table").querySelector("tbody");
    body.replaceChildren(...(q.valid && r.mode === "reps" ? r.reps : []).map((x) => {
      const tr = document.createElement("tr");
      [x.index, x.side, x.start_s.toFixed(1), x.end_s.toFixed(1), `${x.peak_angle_deg.toFixed(0)}°`, x.in_form ? "good" : "fault"]
        .forEach((v) => { const td = document.createElement("td"); td.textContent = v; tr.append(td); });
      return tr;
    }));
    $("reps-table").hidden = body.children.length === 0;
    const holds = $("holds-table").querySelector("tbody");
    holds.replaceChildren(...(q.valid && r.mode === "hold" ? r.holds : []).map((h) => row([h.side, h.start_s.toFixed(1), h.end_s.toFixed(1), held(h), `${h.in_form_s.toFixed(1)} s`])));
    $("holds-table").hidden = holds.children.length === 0;
    // The count per side on its own line, as the report's counts say it ("unknown": the model traded the legs).
    const sides = !q.valid ? "" : r.mode === "reps" ? perSide(r.counts) : holdSides(r.holds);
    $("per-side").textContent = sides ? `${r.mode === "reps" ? "Repetitions" : "Holds"} per side: ${sides}` : "";
    $("per-side").hidden = !sides;
    if (job.video) { $("annotated").src = job.video; $("annotated").hidden = false; }
    $("result").hidden = false;
  }
})();
