// backcoach pages: each form sends JSON to the API and shows the answer. No build step.
"use strict";

const backcoach = (() => {
  /** Call the JSON API; resolves to the parsed body, rejects with an Error whose message is the
   *  server's one-sentence `detail`. */
  async function api(method, url, body) {
    const options = { method, headers: { Accept: "application/json" } };
    if (body !== undefined) {
      options.headers["Content-Type"] = "application/json";
      options.body = JSON.stringify(body);
    }
    let response;
    try {
      response = await fetch(url, options);
    } catch (err) {
      const error = new Error("cannot reach backcoach: is the server still running?");
      error.network = true;
      throw error;
    }
    const text = await response.text();
    let data = null;
    try { data = text ? JSON.parse(text) : null; } catch (_) { data = null; }
    if (!response.ok) {
      const error = new Error((data && data.detail) || `${response.status} ${response.statusText}`);
      error.status = response.status;
      throw error;
    }
    return data;
  }

  function showError(form, message) {
    const box = form.querySelector(".error");
    if (!box) { window.alert(message); return; }
    box.textContent = message;
    box.hidden = !message;
  }

  function busy(form, on) {
    form.querySelectorAll("button").forEach((b) => { b.disabled = on; });
  }

  function checked(form, name) {
    const input = form.querySelector(`input[name="${name}"]:checked`);
    return input ? input.value : null;
  }

  return { api, showError, busy, checked };
})();

// Pain now: then the session starts, or it is just recorded (a check-in).
function setUpCheckinBefore(form) {
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const action = event.submitter ? event.submitter.value : "start";
    const value = backcoach.checked(form, "pain_before");
    if (value === null) { backcoach.showError(form, "Choose a number from 0 to 10."); return; }
    backcoach.busy(form, true);
    backcoach.showError(form, "");
    try {
      if (action === "record") {
        const saved = await backcoach.api("POST", "/api/checkins", { pain: Number(value) });
        const about = saved.session_id
          ? `, about your session ${saved.session_id}.`
          : ". No session yet to weigh it against; it is kept all the same.";
        const result = document.getElementById("checkin-result");
        result.textContent = `Checked in: pain ${saved.pain}/10${about}`;
        result.hidden = false;
        backcoach.busy(form, false);
        return;
      }
      const session = await backcoach.api("POST", "/api/sessions", { pain_before: Number(value) });
      window.location.assign(`/player/${session.id}${form.dataset.speedQuery || ""}`);
    } catch (err) {
      backcoach.showError(form, err.message);
      backcoach.busy(form, false);
    }
  });
}

// Pain after the session.
function setUpCheckinAfter(form) {
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const value = backcoach.checked(form, "pain_after");
    if (value === null) { backcoach.showError(form, "Choose a number from 0 to 10."); return; }
    backcoach.busy(form, true);
    try {
      const id = form.dataset.session;
      const answer = await backcoach.api("POST", `/api/sessions/${id}/pain`, {
        phase: "after", score: Number(value),
      });
      const difficulty = backcoach.checked(form, "difficulty");
      if (difficulty !== null) {
        await backcoach.api("POST", `/api/sessions/${id}/difficulty`, { rating: Number(difficulty) });
      }
      form.hidden = true;
      const result = document.getElementById("after-result");
      document.getElementById("after-score").textContent = String(answer.pain.score);
      const advice = document.getElementById("after-advice");
      advice.textContent = answer.advice || "";
      advice.hidden = !answer.advice;
      result.hidden = false;
      result.querySelector("a").focus();
    } catch (err) {
      backcoach.showError(form, err.message);
      backcoach.busy(form, false);
    }
  });
}

function setUpScreening(form) {
  const names = [...new Set([...form.querySelectorAll("input[type=radio]")].map((i) => i.name))];
  document.getElementById("none-apply").addEventListener("click", () => {
    names.forEach((name) => { form.querySelector(`input[name="${name}"][value="no"]`).checked = true; });
    form.querySelector("button[type=submit]").focus();
  });
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const answers = {};
    for (const name of names) {
      const value = backcoach.checked(form, name);
      if (value === null) { backcoach.showError(form, "Please answer every question."); return; }
      answers[name] = value === "yes";
    }
    backcoach.busy(form, true);
    try {
      const outcome = await backcoach.api("POST", "/api/screening", { answers });
      const box = document.getElementById("screening-result");
      box.classList.toggle("ok", outcome.passed);
      box.classList.toggle("danger", !outcome.passed);
      document.getElementById("screening-advice").textContent = outcome.advice;
      box.hidden = false;
      form.hidden = true;
      const latest = document.getElementById("latest");
      if (latest) latest.hidden = true;
      box.querySelector("a").focus();
    } catch (err) {
      backcoach.showError(form, err.message);
      backcoach.busy(form, false);
    }
  });
}

function setUpSettings(form) {
  const saved = document.getElementById("saved");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    saved.textContent = "";
    backcoach.showError(form, "");
    const getReady = form.querySelector("#get-ready").value;
    const body = { voice: form.querySelector("#voice").checked };
    if (getReady !== "") body.get_ready_s = Number(getReady);
    backcoach.busy(form, true);
    try {
      const settings = await backcoach.api("PATCH", "/api/settings", body);
      form.querySelector("#get-ready").value = String(settings.get_ready_s);
      saved.textContent = "Saved.";
    } catch (err) {
      backcoach.showError(form, err.message);
    } finally {
      backcoach.busy(form, false);
    }
  });
}

function setUpEndSession(button) {
  button.addEventListener("click", async () => {
    const box = button.closest("section").querySelector(".error");
    button.disabled = true;
    try {
      const id = button.dataset.endSession;
      await backcoach.api("POST", `/api/sessions/${id}/finish`, { reason: "quit" });
      window.location.assign(`/checkin?session=${id}`);
    } catch (err) {
      box.textContent = err.message;
      box.hidden = false;
      button.disabled = false;
    }
  });
}

/** A button that deletes a record through the API after asking, then goes to `data-then`. */
function setUpDelete(button) {
  button.addEventListener("click", async () => {
    if (!window.confirm(button.dataset.confirm || "Delete this?")) return;
    const box = button.closest("main").querySelector(".error");
    button.disabled = true;
    try {
      await backcoach.api("DELETE", button.dataset.delete);
      window.location.assign(button.dataset.then || "/");
    } catch (err) {
      if (box) { box.textContent = err.message; box.hidden = false; } else { window.alert(err.message); }
      button.disabled = false;
    }
  });
}

document.addEventListener("DOMContentLoaded", () => {
  const on = (id, setUp) => { const el = document.getElementById(id); if (el) setUp(el); };
  on("checkin-before", setUpCheckinBefore);
  on("checkin-after", setUpCheckinAfter);
  on("screening-form", setUpScreening);
  on("settings-form", setUpSettings);
  document.querySelectorAll("[data-end-session]").forEach(setUpEndSession);
  document.querySelectorAll("button[data-delete]").forEach(setUpDelete);
});
