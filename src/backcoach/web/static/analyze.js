// Video analysis: the set is uploaded (XHR, for its progress events), analysed in the background
// on the server (the job is polled), and its result section is shown. No build step.
"use strict";

(() => {
  const POLL_MS = 500;
  const PENDING_KEY = "backcoach-analysis-job";

  const form = document.getElementById("video-upload");
  if (!form) return;
  const exercise = document.getElementById("video-exercise");
  const input = document.getElementById("video-file");
  const hold = document.getElementById("video-hold");
  const rest = document.getElementById("video-rest");
  const panel = document.getElementById("video-progress");
  const uploadBar = document.getElementById("upload-bar");
  const uploadText = document.getElementById("upload-text");
  const jobBar = document.getElementById("job-bar");
  const jobText = document.getElementById("job-text");
  const status = document.getElementById("progress-status");
  const result = document.getElementById("analysis-result");
  const maxBytes = Number(form.dataset.maxBytes);
  let announced = "";

  function say(text) {
    // Only changes are announced: a screen reader hears each step, not every poll.
    if (text !== announced) { announced = text; status.textContent = text; }
  }

  function placeholders() {
    const option = exercise.selectedOptions[0];
    if (!option) return;
    hold.placeholder = `${option.dataset.hold} (usual)`;
    rest.placeholder = `${option.dataset.rest} (usual)`;
  }

  function fail(message) {
    panel.hidden = true;
    window.sessionStorage.removeItem(PENDING_KEY);
    backcoach.showError(form, message);
    backcoach.busy(form, false);
    form.querySelector(".error").focus?.();
  }

  function setJobBar(job) {
    if (job.percent === null) jobBar.removeAttribute("value");  // indeterminate
    else jobBar.value = job.percent;
    let text;
    if (job.state === "queued") {
      text = job.ahead ? `waiting: ${job.ahead} video${job.ahead === 1 ? "" : "s"} before this one` : "starting";
    } else if (job.state === "done") {
      text = "done";
    } else if (job.step === "replay") {
      text = `making the replay (${Math.round(job.percent ?? 90)}%)`;
    } else if (!job.frames_done) {
      text = "starting the pose model";
    } else if (job.frames_total) {
      text = `frame ${job.frames_done} of ${job.frames_total} (${Math.round(job.percent)}%)`;
    } else {
      text = `frame ${job.frames_done}`;
    }
    jobText.textContent = text;
    const quarter = job.percent === null ? 0 : Math.floor(job.percent / 25) * 25;
    const stage = job.step === "replay" ? ": making the replay" : quarter ? `: ${quarter}% done` : "";
    say(job.state === "running" ? `Analysing${stage}.`
      : job.state === "queued" ? "Waiting for its turn." : "");
  }

  async function showResult(analysisId) {
    const response = await fetch(`/analyses/${analysisId}/result`);
    if (!response.ok) throw new Error(`the result could not be loaded (${response.status})`);
    result.innerHTML = await response.text();
    say("Done: the result is below.");
    result.focus();
    result.scrollIntoView({ behavior: "smooth", block: "start" });
    refreshPast();
  }

  async function refreshPast() {
    // The list below is drawn by the server: take it from a fresh copy of this page.
    try {
      const response = await fetch("/analyze");
      if (!response.ok) return;
      const fresh = new DOMParser().parseFromString(await response.text(), "text/html");
      const past = fresh.querySelector("section.past");
      const here = document.querySelector("section.past");
      if (past && here) here.replaceWith(document.importNode(past, true));
    } catch (_) { /* the list stays as it was */ }
  }

  async function poll(jobId) {
    for (;;) {
      let job;
      try {
        job = await backcoach.api("GET", `/api/analyses/jobs/${encodeURIComponent(jobId)}`);
      } catch (err) {
        if (err.network) { say("Cannot reach backcoach: trying again."); await wait(2000); continue; }
        fail(err.status === 404 ? "The server restarted and forgot this video: please upload it again." : err.message);
        return;
      }
      setJobBar(job);
      if (job.state === "failed") { fail(job.error); return; }
      if (job.state === "done") {
        window.sessionStorage.removeItem(PENDING_KEY);
        try { await showResult(job.analysis_id); } catch (err) { fail(err.message); return; }
        backcoach.busy(form, false);
        const chosen = exercise.value;
        form.reset();
        exercise.value = chosen;
        placeholders();
        return;
      }
      await wait(POLL_MS);
    }
  }

  function wait(ms) { return new Promise((resolve) => { window.setTimeout(resolve, ms); }); }

  function upload(file) {
    const query = new URLSearchParams({ exercise: exercise.value });
    if (hold.value !== "") query.set("hold", hold.value);
    if (rest.value !== "") query.set("rest", rest.value);
    const data = new FormData();
    data.append("video", file, file.name);
    return new Promise((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open("POST", `/api/analyses/videos?${query}`);
      xhr.setRequestHeader("Accept", "application/json");
      xhr.responseType = "json";
      xhr.upload.addEventListener("progress", (event) => {
        if (!event.lengthComputable) { uploadBar.removeAttribute("value"); return; }
        const percent = Math.round((100 * event.loaded) / event.total);
        uploadBar.value = percent;
        uploadText.textContent = `${percent}%`;
        say(`Uploading: ${Math.floor(percent / 25) * 25}% sent.`);
      });
      xhr.addEventListener("load", () => {
        const body = xhr.response;
        if (xhr.status === 202 && body) resolve(body);
        else reject(new Error((body && body.detail) || `${xhr.status} ${xhr.statusText}`));
      });
      xhr.addEventListener("error", () => reject(new Error("cannot reach backcoach: is the server still running?")));
      xhr.send(data);
    });
  }

  function start(name) {
    panel.hidden = false;
    result.innerHTML = "";
    document.getElementById("progress-name").textContent = name;
    uploadBar.value = 0;
    uploadText.textContent = "0%";
    jobBar.value = 0;
    jobText.textContent = "waiting";
    panel.scrollIntoView({ behavior: "smooth", block: "start" });
  }

  exercise.addEventListener("change", placeholders);
  placeholders();

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (form.dataset.disabled) { backcoach.showError(form, "Videos cannot be analysed on this server (see above)."); return; }
    const file = input.files[0];
    if (!file) { backcoach.showError(form, "Choose the video of the set first."); return; }
    if (file.size === 0) { backcoach.showError(form, `${file.name} is empty: choose the video again.`); return; }
    if (file.size > maxBytes) {
      backcoach.showError(form, `${file.name} is over ${Math.round(maxBytes / 1048576)} MB: record a shorter set.`);
      return;
    }
    backcoach.showError(form, "");
    backcoach.busy(form, true);
    start(file.name);
    let job;
    try {
      job = await upload(file);
    } catch (err) {
      fail(err.message);
      return;
    }
    uploadBar.value = 100;
    uploadText.textContent = "100%";
    window.sessionStorage.setItem(PENDING_KEY, JSON.stringify({ id: job.id, name: job.video_name }));
    setJobBar(job);
    poll(job.id);
  });

  // Back on the page while a video is still being analysed: follow it again.
  const pending = window.sessionStorage.getItem(PENDING_KEY);
  if (pending) {
    try {
      const { id, name } = JSON.parse(pending);
      backcoach.busy(form, true);
      start(name);
      uploadBar.value = 100;
      uploadText.textContent = "100%";
      poll(id);
    } catch (_) {
      window.sessionStorage.removeItem(PENDING_KEY);
    }
  }
})();
