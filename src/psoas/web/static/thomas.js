"use strict";
(() => {
  const $ = (id) => document.getElementById(id);
  const video = $("video");
  let stream = null;

  function fail(message) { $("error").textContent = message; $("error").hidden = false; }

  function show(job) {
    const r = job.result.result, lines = [];
    if (!r.valid) {
      lines.push((r.reasons.includes("no-hanging-leg") ? "Not a Thomas-test position" : "Could not measure") + ": no numbers given.");
      r.reasons_text.forEach((t) => lines.push("• " + t));
      r.advice.forEach((t) => lines.push("→ " + t));
    } else {
      lines.push(`Tested side: ${r.side} (horizon: ${r.horizon}).`);
      lines.push(`Hanging thigh ${r.thigh_deg >= 0 ? "+" : ""}${r.thigh_deg.toFixed(1)}° (±${r.thigh_spread_deg.toFixed(1)}°): ` +
        (r.thigh_above_horizontal ? "above horizontal, which suggests short one-joint hip flexors (iliopsoas)." : "at or below horizontal: no sign of short one-joint hip flexors."));
      lines.push(`Hanging knee ${r.knee_deg.toFixed(0)}° (±${r.knee_spread_deg.toFixed(1)}°): ` +
        (r.knee_below_cutoff ? "bent less than 80°, which suggests a short rectus femoris." : "bent 80° or more: no sign of a short rectus femoris."));
      lines.push(job.result.saved ? "Saved to your history." : "Not saved.");
    }
    paragraphs($("result-text"), lines);
    $("result").hidden = false;
  }

  async function measure(form, extra) {
    $("error").hidden = true; $("result").hidden = true; $("busy").hidden = false;
    try { show(await runJob(form, "/api/thomas", () => {}, extra)); }
    catch (e) { fail(e.message); }
    finally { $("busy").hidden = true; }
  }

  $("upload").onsubmit = (event) => { event.preventDefault(); measure(event.target); };

  $("camera").onclick = async () => {
    // On a phone, the back camera: a helper (or the phone propped on a chair) films the person on the bed,
    // who is not watching the screen anyway. "ideal": a computer's only camera is still taken.
    const wanted = {width: 1280, height: 720, facingMode: {ideal: "environment"}};
    try { stream = await navigator.mediaDevices.getUserMedia({video: wanted, audio: false}); }
    catch (e) { return fail("The camera could not be opened: " + e.message); }
    video.srcObject = stream; await video.play(); $("snap").disabled = false;
  };

  $("snap").onclick = () => {
    let left = 5;
    $("snap").disabled = true;
    const tick = setInterval(() => {
      // Big and spoken: the person is lying on a bed, away from the screen.
      $("count").textContent = left > 0 ? String(left) : "";
      if (left > 0) say(String(left)); else say("Photo taken.");
      if (left-- > 0) return;
      clearInterval(tick);
      const canvas = document.createElement("canvas");
      canvas.width = video.videoWidth; canvas.height = video.videoHeight;
      canvas.getContext("2d").drawImage(video, 0, 0);
      canvas.toBlob((blob) => {
        const form = $("upload");
        measure(form, blob);
        $("snap").disabled = false;
      }, "image/jpeg", 0.92);
    }, 1000);
  };
})();
