// Upload a form to a job endpoint, then poll the job until it ends, reporting progress.
"use strict";
async function runJob(form, url, onProgress, photo) {
  const data = new FormData(form);
  if (photo) data.set("file", photo, "camera.jpg");  // a snapshot replaces the form's file
  if (form.querySelector("input[name=save]") && !form.querySelector("input[name=save]").checked) data.set("save", "false");
  let job = await api("POST", url, data);
  while (job.status === "queued" || job.status === "running") {
    onProgress(job);
    await new Promise((r) => setTimeout(r, 400));
    job = await api("GET", `/api/jobs/${job.id}`);
  }
  if (job.status === "failed") throw new Error(job.error);
  return job;
}
function paragraphs(box, lines) {
  box.replaceChildren(...lines.map((t) => { const p = document.createElement("p"); p.textContent = t; return p; }));
}
