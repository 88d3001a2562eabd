// Questionnaires and run uploads: answers and files go to the JSON API, the answer is shown.
"use strict";

function setUpQuestionnaire(form) {
  const count = Number(form.dataset.items);
  const maxBlank = Number(form.dataset.maxBlank);
  const instrument = form.dataset.instrument;
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const answers = [];
    const blank = [];
    for (let n = 1; n <= count; n += 1) {
      const value = backcoach.checked(form, `item-${n}`);
      answers.push(value === null ? null : Number(value));
      if (value === null) blank.push(n);
    }
    if (blank.length > maxBlank) {
      const message = maxBlank === 0
        ? `Please answer every statement: ${blank.length} left (the first is number ${blank[0]}).`
        : `Please answer all but ${maxBlank} at most: ${blank.length} are left blank.`;
      backcoach.showError(form, message);
      const item = document.getElementById(`item-${blank[0]}`);
      if (item) item.querySelector("input").focus();
      return;
    }
    backcoach.busy(form, true);
    backcoach.showError(form, "");
    try {
      const result = await backcoach.api("POST", `/api/questionnaires/${instrument}`, { answers });
      const r = result.response;
      document.getElementById("result-score").textContent = r.score_text;
      const band = document.getElementById("result-band");
      band.textContent = r.band_label ? `Band: ${r.band_label}` : "";
      band.hidden = !r.band_label;
      const meaning = r.band_meaning
        || (r.instrument === "rmdq" ? `${r.score} of the 24 statements describe you today.` : "");
      const skipped = r.answers.length - r.answered;
      document.getElementById("result-meaning").textContent = meaning
        + (skipped ? ` Scored over the ${r.answered} sections answered (${skipped} left out).` : "");
      document.getElementById("result-change").textContent = r.change
        ? r.change.sentence : "Your first score: later ones will be compared with it.";
      document.getElementById("result-due").textContent = result.next_due.sentence;
      form.hidden = true;
      const box = document.getElementById("questionnaire-result");
      box.hidden = false;
      box.focus();
      window.scrollTo(0, 0);
    } catch (err) {
      backcoach.showError(form, err.message);
      backcoach.busy(form, false);
    }
  });
}

function setUpRunsUpload(form) {
  const shown = window.sessionStorage.getItem("backcoach-upload");
  if (shown) {
    window.sessionStorage.removeItem("backcoach-upload");
    const result = document.getElementById("upload-result");
    result.textContent = shown;
    result.hidden = false;
  }
  const input = form.querySelector("input[type=file]");
  const maxBytes = Number(form.dataset.maxBytes);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const result = document.getElementById("upload-result");
    result.hidden = true;
    if (!input.files.length) { backcoach.showError(form, "Choose one or more run files first."); return; }
    const total = [...input.files].reduce((sum, f) => sum + f.size, 0);
    if (total > maxBytes) {
      backcoach.showError(form, `These files come to over ${Math.round(maxBytes / 1048576)} MB: send fewer at a time.`);
      return;
    }
    const data = new FormData();
    for (const file of input.files) data.append("files", file, file.name);
    backcoach.busy(form, true);
    backcoach.showError(form, "");
    const working = document.getElementById("upload-busy");
    working.hidden = false;
    try {
      const response = await fetch("/api/runs", { method: "POST", body: data, headers: { Accept: "application/json" } });
      const body = await response.json().catch(() => null);
      if (!response.ok) throw new Error((body && body.detail) || `${response.status} ${response.statusText}`);
      // The page is drawn again with the new runs; the answer is shown there.
      window.sessionStorage.setItem("backcoach-upload", body.message);
      window.location.reload();
    } catch (err) {
      working.hidden = true;
      backcoach.showError(form, err.message === "Failed to fetch" ? "cannot reach backcoach: is the server still running?" : err.message);
      backcoach.busy(form, false);
    }
  });
}

document.addEventListener("DOMContentLoaded", () => {
  const on = (id, setUp) => { const el = document.getElementById(id); if (el) setUp(el); };
  on("questionnaire-form", setUpQuestionnaire);
  on("runs-upload", setUpRunsUpload);
});
