// The browser player: runs the session's timeline (fetched from the server, the same steps and
// seconds as the terminal player) with its own clock, and posts every rep, skip and pain mark as
// it happens, so a closed tab loses at most the step it was in. It mirrors
// backcoach.routine.SessionEngine: time spent paused does not count; skipping a hold still counts
// the rep with the time held; skipping an exercise marks it skipped if reps were left.
//
// For the motion coach (to come): the player announces what happens as DOM events on
// #player, so a coach script can follow along without touching this file:
//   backcoach:step  {step, exercise, pose}   a step starts (pose: "start" or "target")
//   backcoach:rep   {position, rep, hold_s}  a rep's hold ended
//   backcoach:state {state}                  running, paused, finished, stopped or failed
// and leaves <aside id="coach"> (hidden) in the page for the coach's own view.
"use strict";

(() => {
  const root = document.getElementById("player");
  if (!root) return;
  const sessionId = Number(root.dataset.session);
  const speed = Number(root.dataset.speed) || 1;
  const voiceOn = root.dataset.voice === "on";
  const heartbeatMs = (Number(root.dataset.heartbeatS) || 30) * 1000;
  const $ = (id) => document.getElementById(id);

  const LABEL = {
    get_ready: "GET READY", setup: "INTO POSITION", move: "MOVE", hold: "HOLD",
    release: "RELEASE", rest: "REST", switch_side: "SWITCH SIDES",
  };
  const TARGET_KINDS = new Set(["move", "hold"]);
  const SAY_COUNTDOWN_FROM = 3;
  const MESSAGE_SHOWN_MS = 15000;

  let steps = [];
  let spans = [];
  let library = {};
  let progress = [];
  let state = "loading"; // loading | ready | running | paused | finished | stopped | failed
  let index = 0;
  let inStep = 0;
  let last = 0;
  let timer = null;
  let shownFigure = "";
  let messageTimer = null;
  let audio = null;
  let wakeLock = null;

  // -- talking to the server: one event at a time, in order, retried until it lands ----------

  const outbox = [];
  let sending = false;

  function send(path, body) {
    return new Promise((resolve, reject) => {
      outbox.push({ path, body, resolve, reject });
      pump();
    });
  }

  function emit(name, detail) {
    root.dispatchEvent(new CustomEvent(`backcoach:${name}`, { detail }));
  }

  function setState(next) {
    state = next;
    emit("state", { state });
  }

  function event(body) {
    return send(`/api/sessions/${sessionId}/events`, body);
  }

  async function pump() {
    if (sending) return;
    sending = true;
    let wait = 500;
    while (outbox.length) {
      const item = outbox[0];
      try {
        const answer = await backcoach.api("POST", item.path, item.body);
        outbox.shift();
        $("net").hidden = true;
        wait = 500;
        item.resolve(answer);
      } catch (err) {
        if (err.network || err.status >= 500) {
          $("net").textContent = "Connection lost: retrying. Your session goes on.";
          $("net").hidden = false;
          await new Promise((r) => setTimeout(r, wait));
          wait = Math.min(wait * 2, 8000);
          continue;
        }
        outbox.shift();
        item.reject(err);
        if (err.status === 409 || err.status === 404) fail(err.message);
        else showMessage(err.message);
      }
    }
    sending = false;
  }

  // -- sound, speech and the screen ----------------------------------------------------------

  function beep(freq, seconds, volume = 0.25) {
    if (!audio) return;
    const t = audio.currentTime;
    const osc = audio.createOscillator();
    const gain = audio.createGain();
    osc.frequency.value = freq;
    gain.gain.setValueAtTime(0.0001, t);
    gain.gain.exponentialRampToValueAtTime(volume, t + 0.01);
    gain.gain.exponentialRampToValueAtTime(0.0001, t + seconds);
    osc.connect(gain).connect(audio.destination);
    osc.start(t);
    osc.stop(t + seconds + 0.02);
  }

  function say(text, interrupt) {
    if (!voiceOn || !text || !("speechSynthesis" in window)) return;
    if (interrupt) window.speechSynthesis.cancel();
    const utterance = new SpeechSynthesisUtterance(text);
    utterance.rate = 1.0;
    window.speechSynthesis.speak(utterance);
  }

  async function keepAwake() {
    if (!("wakeLock" in navigator) || document.visibilityState !== "visible") return;
    try {
      wakeLock = await navigator.wakeLock.request("screen");
    } catch (_) {
      wakeLock = null; // not allowed here (battery saver, no permission): the session goes on
    }
  }

  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible" && (state === "running" || state === "paused")) {
      keepAwake();
    }
  });

  function announce(text) {
    $("announcer").textContent = text;
  }

  // -- the engine ----------------------------------------------------------------------------

  const step = () => steps[Math.min(index, steps.length - 1)];
  const span = (position) => spans[position];

  function enterStep() {
    const s = step();
    const ex = library[s.exercise_id];
    const where = s.rep ? `, rep ${s.rep} of ${s.reps_total}` : "";
    const side = s.side ? `, ${s.side} ${ex.side_part}` : "";
    announce(`${LABEL[s.kind]}${where}${side}. ${s.text}`);
    say(s.say, true);
    emit("step", { step: s, exercise: ex, pose: TARGET_KINDS.has(s.kind) ? "target" : "start" });
    if (s.kind === "hold") beep(880, 0.18);
    else if (s.kind === "release") beep(587, 0.18);
    render();
  }

  function countdown(s, before, after) {
    if (!s.counted) return;
    const leftBefore = Math.ceil(s.duration_s - before - 1e-9);
    const leftAfter = Math.ceil(s.duration_s - after - 1e-9);
    for (let left = leftBefore - 1; left >= leftAfter; left -= 1) {
      if (left <= 0) break;
      if (s.kind === "hold" && left <= SAY_COUNTDOWN_FROM) {
        if (voiceOn) say(String(left), false);
        else beep(1040, 0.06, 0.15);
      }
    }
  }

  function leaveStep(skipped, jumpTo) {
    const s = step();
    const p = progress[s.position];
    if (s.kind === "hold" && !p.skipped) {
      p.done += 1;
      const held = Math.round(Math.min(inStep, s.duration_s) * 100) / 100;
      event({ type: "rep_done", position: s.position, rep: p.done, hold_s: held }).catch(() => {});
      emit("rep", { position: s.position, rep: p.done, hold_s: held });
    }
    const target = jumpTo === undefined ? index + 1 : jumpTo;
    inStep = 0;
    if (target >= steps.length) {
      index = steps.length - 1;
      inStep = step().duration_s;
      end("finished");
      return;
    }
    index = target;
    enterStep();
  }

  function tick() {
    if (state !== "running") return;
    const now = performance.now();
    let delta = Math.max(0, ((now - last) / 1000) * speed);
    last = now;
    while (delta > 0 && state === "running") {
      const s = step();
      const used = Math.min(delta, s.duration_s - inStep);
      const before = inStep;
      inStep += used;
      delta -= used;
      countdown(s, before, inStep);
      if (inStep >= s.duration_s - 1e-9) leaveStep(false);
    }
    if (state === "running") render();
  }

  function catchUp() {
    if (state === "running") tick();
    return state === "running" || state === "paused";
  }

  function pause() {
    if (!catchUp() || state !== "running") return;
    setState("paused");
    say("Paused.", true);
    announce("Paused.");
    render();
  }

  function resume() {
    if (state !== "paused") return;
    setState("running");
    last = performance.now();
    say("Go on.", true);
    announce("Going on.");
    render();
  }

  function togglePause() {
    if (state === "paused") resume();
    else pause();
  }

  function skipStep() {
    if (!catchUp()) return;
    leaveStep(true);
  }

  function skipExercise() {
    if (!catchUp()) return;
    const s = step();
    const p = progress[s.position];
    if (p.done < span(s.position).reps_total && !p.skipped) {
      p.skipped = true;
      event({ type: "exercise_skipped", position: s.position }).catch(() => {});
    }
    leaveStep(true, span(s.position).last_step + 1);
  }

  async function hurts() {
    if (!catchUp()) return;
    const wasRunning = state === "running";
    pause();
    const s = step();
    progress[s.position].painful = true;
    const dialog = $("hurts-dialog");
    const answer = await new Promise((resolve) => {
      dialog.addEventListener("close", () => resolve(dialog.returnValue), { once: true });
      dialog.returnValue = "";
      dialog.showModal();
    });
    const score = /^\d+$/.test(answer) ? Number(answer) : null;
    let reply = null;
    try {
      reply = await event({ type: "hurts", position: s.position, score });
    } catch (_) {
      return;
    }
    if (reply && reply.advice) showMessage(reply.advice.message);
    if (reply && reply.advice && reply.advice.stop_exercise) {
      const p = progress[s.position];
      p.skipped = p.done < span(s.position).reps_total;
      if (state === "paused") {
        setState("running");
        last = performance.now();
      }
      say("Stop this exercise. Moving on.", true);
      leaveStep(true, span(s.position).last_step + 1);
      return;
    }
    if (wasRunning) resume();
  }

  async function askStop() {
    if (state !== "running" && state !== "paused") return;
    const dialog = $("stop-dialog");
    const answer = await new Promise((resolve) => {
      dialog.addEventListener("close", () => resolve(dialog.returnValue), { once: true });
      dialog.returnValue = "cancel";
      dialog.showModal();
    });
    if (answer === "stop") stop();
  }

  function stop() {
    if (!catchUp()) return;
    end("quit");
  }

  async function end(reason) {
    setState(reason === "finished" ? "finished" : "stopped");
    clearInterval(timer);
    render();
    const words = reason === "finished" ? "Session complete. Well done." : "Session stopped. Well done for what you did.";
    say(words, true);
    announce(words);
    beep(784, 0.3);
    try {
      await send(`/api/sessions/${sessionId}/finish`, { reason });
    } catch (_) {
      return;
    }
    if (wakeLock) wakeLock.release().catch(() => {});
    showMessage(`${words} Next: how is your back now?`);
    setTimeout(() => window.location.assign(`/checkin?session=${sessionId}`), speed > 1 ? 400 : 2500);
  }

  function fail(message) {
    if (state === "failed") return;
    setState("failed");
    clearInterval(timer);
    showMessage(`${message}. What was sent before is recorded.`);
    const link = document.createElement("a");
    link.href = `/history/${sessionId}`;
    link.className = "button";
    link.textContent = "See the session";
    $("message").append(" ", link);
    document.querySelectorAll(".controls button").forEach((b) => { b.disabled = true; });
  }

  function showMessage(text) {
    const box = $("message");
    box.textContent = text;
    box.hidden = false;
    clearTimeout(messageTimer);
    if (state === "running" || state === "paused") {
      messageTimer = setTimeout(() => { box.hidden = true; }, MESSAGE_SHOWN_MS);
    }
  }

  // -- drawing -------------------------------------------------------------------------------

  function clock(seconds) {
    const total = Math.max(0, Math.ceil(seconds - 1e-9));
    const m = Math.floor(total / 60);
    const s = total % 60;
    return `${m}:${String(s).padStart(2, "0")}`;
  }

  function render() {
    const s = step();
    const ex = library[s.exercise_id];
    const stage = $("stage");
    stage.className = `stage phase-${s.kind}${s.counted ? "" : " uncounted"}${state === "paused" ? " paused" : ""}`;
    $("exercise-name").textContent = ex.name;
    $("exercise-count").textContent = `Exercise ${s.position + 1} of ${spans.length}`;
    $("paused-badge").hidden = state !== "paused";
    const pauseButton = $("btn-pause").querySelector(".label");
    pauseButton.textContent = state === "paused" ? "Go on" : "Pause";
    $("phase").textContent = LABEL[s.kind];
    const left = Math.max(0, s.duration_s - inStep);
    $("seconds").textContent = String(Math.ceil(left - 1e-9));
    $("ring").setAttribute("stroke-dashoffset", String((100 * Math.min(inStep, s.duration_s)) / s.duration_s));
    const total = steps[steps.length - 1].start_s + steps[steps.length - 1].duration_s;
    const done = state === "finished" ? total : s.start_s + Math.min(inStep, s.duration_s);
    $("session-bar").style.width = `${(100 * done) / total}%`;
    $("session-elapsed").textContent = clock(done);
    $("session-total").textContent = clock(total);
    $("session-left").textContent = clock(total - done);
    const rep = s.rep ? `Rep ${s.rep} of ${s.reps_total}` : "";
    const side = s.side ? `<span class="side">${s.side.toUpperCase()} ${ex.side_part}</span>` : "";
    $("rep-side").innerHTML = [rep, side].filter(Boolean).join(" · ") || "&nbsp;";
    $("step-text").textContent = s.text;
    const pose = TARGET_KINDS.has(s.kind) ? "target" : "start";
    const key = `${s.exercise_id}-${pose}`;
    if (key !== shownFigure) {
      shownFigure = key;
      const template = document.querySelector(`template[data-figure="${key}"]`);
      $("figure").replaceChildren(template ? template.content.cloneNode(true) : "");
      $("figure-caption").textContent = pose === "target" ? "Target position" : "Start position";
      const lines = s.kind === "setup" || s.kind === "get_ready" ? ex.setup : ex.form_cues.slice(0, 3);
      $("cues").replaceChildren(...lines.map((line) => {
        const li = document.createElement("li");
        li.textContent = line;
        return li;
      }));
    }
    const next = steps[index + 1];
    if (!next || state === "finished" || state === "stopped") {
      $("next").textContent = "the end";
    } else {
      const what = next.position === s.position ? next.text : `${library[next.exercise_id].name}: ${next.text}`;
      $("next").textContent = what;
    }
  }

  // -- start ---------------------------------------------------------------------------------

  function resumePoint(results) {
    const byPosition = new Map(results.map((r) => [r.position, r]));
    for (const sp of spans) {
      const r = byPosition.get(sp.position);
      if (!r || r.reps_done === 0 && !r.skipped) return sp.first_step;
      if (r.skipped || r.reps_done >= sp.reps_total) continue;
      let i = steps.findIndex((s) => s.position === sp.position && s.kind === "move" && s.rep === r.reps_done + 1);
      if (i > 0 && ["rest", "switch_side"].includes(steps[i - 1].kind)) i -= 1;
      return i;
    }
    return steps.length;
  }

  async function load() {
    try {
      const [timeline, session, exercises] = await Promise.all([
        backcoach.api("GET", `/api/sessions/${sessionId}/timeline`),
        backcoach.api("GET", `/api/sessions/${sessionId}`),
        backcoach.api("GET", "/api/exercises"),
      ]);
      steps = timeline.steps;
      spans = timeline.exercises;
      library = Object.fromEntries(exercises.data.map((e) => [e.id, e]));
      progress = spans.map((sp) => {
        const r = session.results.find((x) => x.position === sp.position);
        return { done: r ? r.reps_done : 0, skipped: r ? r.skipped : false, painful: r ? r.painful : false };
      });
      index = resumePoint(session.results);
      if (session.reps_done > 0 && index < steps.length) {
        const s = steps[index];
        $("ready-text").textContent = `Picking up where you left off: ${library[s.exercise_id].name}, rep ${progress[s.position].done + 1}.`;
      }
      state = "ready";
      $("go").disabled = false;
      $("go").focus();
    } catch (err) {
      const box = document.querySelector("#ready .error");
      box.textContent = err.message;
      box.hidden = false;
    }
  }

  function go() {
    if (state !== "ready") return;
    try {
      const Context = window.AudioContext || window.webkitAudioContext;
      if (Context) { audio = new Context(); audio.resume(); }
    } catch (_) {
      audio = null;
    }
    keepAwake();
    $("ready").hidden = true;
    $("stage").hidden = false;
    $("exercise-name").setAttribute("tabindex", "-1");
    $("exercise-name").focus();
    if (index >= steps.length) {
      index = steps.length - 1;
      end("finished");
      return;
    }
    setState("running");
    last = performance.now();
    enterStep();
    const every = Math.min(100, Math.max(4, 250 / speed));
    timer = setInterval(tick, every);
    setInterval(() => {
      if ((state === "running" || state === "paused") && outbox.length === 0) {
        event({ type: "heartbeat" }).catch(() => {});
      }
    }, heartbeatMs);
  }

  $("go").addEventListener("click", go);
  $("btn-pause").addEventListener("click", togglePause);
  $("btn-skip").addEventListener("click", skipStep);
  $("btn-skip-exercise").addEventListener("click", skipExercise);
  $("btn-hurts").addEventListener("click", hurts);
  $("btn-stop").addEventListener("click", askStop);

  document.addEventListener("keydown", (e) => {
    if (e.ctrlKey || e.metaKey || e.altKey || document.querySelector("dialog[open]")) return;
    if (state !== "running" && state !== "paused") return;
    const onButton = e.target instanceof HTMLButtonElement;
    if (e.key === " " || e.code === "Space") {
      if (onButton) return; // space presses the focused button, as everywhere
      e.preventDefault();
      togglePause();
    } else if (e.key === "n") skipStep();
    else if (e.key === "s") skipExercise();
    else if (e.key === "h") { e.preventDefault(); hurts(); }
    else if (e.key === "q") stop();
  });

  load();
})();
