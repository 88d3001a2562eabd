// The camera coach in the page. BlazePose (@mediapipe/pose, served by backcoach itself) runs in
// this tab on the camera picture; only the 33 body points of each frame go to the server, over
// /api/coach/ws, where the same streaming analyzer as the terminal's counts reps, times holds
// and names form faults. The picture never leaves the device.
//
// Where the browser cannot run the model (no WebGL 2 or WebAssembly SIMD, the files fail to
// load), and only after saying so on the page, the pictures go to the backcoach server instead
// (/api/coach/frames), which finds the points with its own BlazePose. The user can also choose
// that on purpose. Either way the analysis of the set is stored when it is finished.
"use strict";

(() => {
  const root = document.getElementById("coach-app");
  if (!root) return;
  const $ = (id) => document.getElementById(id);
  const data = root.dataset;
  const exercise = data.exercise;
  const faultWords = JSON.parse(data.faultWords || "{}");
  const prescribed = { reps: Number(data.reps), hold: Number(data.hold), rest: Number(data.rest) };

  const MAX_FPS = 30;
  const SERVER_FPS = 15;
  const SERVER_LONG_SIDE = 480;
  const WARM_UP_FRAMES = 8;
  const MIN_FPS = 0.5;
  const LITE_BELOW_FPS = 10; // the full model slower than this: the lite one follows better
  const MODEL_TIMEOUT_MS = 90000;
  // The body's lines to draw (BlazePose landmark indices): face outline left out on purpose.
  const BONES = [
    [11, 12], [11, 13], [13, 15], [12, 14], [14, 16], [11, 23], [12, 24], [23, 24],
    [23, 25], [25, 27], [27, 29], [29, 31], [27, 31], [24, 26], [26, 28], [28, 30], [30, 32],
    [28, 32], [0, 11], [0, 12],
  ];

  const video = $("coach-video");
  const canvas = $("coach-canvas");
  const ctx = canvas.getContext("2d");
  const startButton = $("coach-start");
  const finishButton = $("coach-finish");
  const where = $("coach-where");

  let camera = null;       // MediaStream
  let socket = null;       // WebSocket to the analyzer
  let running = false;
  let mode = where ? where.value : "device";
  let t0 = 0;              // performance.now() at the stream's start
  let lastT = -1;
  let reps = 0;
  let frames = 0;
  let pictures = 0;
  let bytesSent = 0;
  let rateWindow = [];
  let lastPoints = null;
  let speaking = true;
  let finished = false;
  const warnings = new Set();

  const say = (text) => {
    if (!speaking || !("speechSynthesis" in window) || !text) return;
    const utterance = new SpeechSynthesisUtterance(text);
    utterance.rate = 1.05;
    window.speechSynthesis.cancel();
    window.speechSynthesis.speak(utterance);
  };

  function status(text) { $("coach-status").textContent = text; }

  function fail(text) {
    const box = $("coach-error");
    box.textContent = text;
    box.hidden = false;
    stop();
  }

  function now() { return (performance.now() - t0) / 1000; }

  function nextT() {
    // Frame times must increase strictly, even when two frames share a millisecond.
    let t = Math.round(now() * 1000) / 1000;
    if (t <= lastT) t = lastT + 0.001;
    lastT = t;
    return t;
  }

  function countFrame() {
    frames += 1;
    const at = performance.now();
    rateWindow.push(at);
    while (rateWindow.length > 2 && at - rateWindow[0] > 5000) rateWindow.shift();
    const span = (rateWindow[rateWindow.length - 1] - rateWindow[0]) / 1000;
    const fps = span > 0 ? (rateWindow.length - 1) / span : 0;
    $("coach-fps").textContent = fps.toFixed(1);
    $("coach-frames").textContent = String(frames);
    $("coach-pictures").textContent = String(pictures);
    root.dataset.frames = String(frames);
    root.dataset.fps = fps.toFixed(2);
    root.dataset.bytesSent = String(bytesSent);
    return fps;
  }

  // -- drawing ------------------------------------------------------------------------------

  function fitCanvas(width, height) {
    if (canvas.width !== width || canvas.height !== height) {
      canvas.width = width;
      canvas.height = height;
    }
  }

  function draw(image, points) {
    ctx.drawImage(image, 0, 0, canvas.width, canvas.height);
    if (!points) return;
    const w = canvas.width;
    const h = canvas.height;
    ctx.lineWidth = Math.max(3, w / 160);
    ctx.strokeStyle = "#2dd4bf";
    ctx.lineCap = "round";
    for (const [a, b] of BONES) {
      const p = points[a];
      const q = points[b];
      if (p[3] < 0.3 || q[3] < 0.3) continue;
      ctx.beginPath();
      ctx.moveTo(p[0] * w, p[1] * h);
      ctx.lineTo(q[0] * w, q[1] * h);
      ctx.stroke();
    }
    ctx.fillStyle = "#f97316";
    for (let i = 11; i < points.length; i += 1) {
      const p = points[i];
      if (p[3] < 0.3) continue;
      ctx.beginPath();
      ctx.arc(p[0] * w, p[1] * h, Math.max(3, w / 120), 0, 2 * Math.PI);
      ctx.fill();
    }
  }

  // -- what the analyzer says -----------------------------------------------------------------

  function onEvents(events) {
    for (const event of events) {
      switch (event.kind) {
        case "rep_started":
          $("coach-hold").textContent = "\u2013";
          break;
        case "hold_countdown":
          $("coach-hold").textContent = String(event.seconds_left);
          break;
        case "target_reached":
          if (event.in_zone) $("coach-hold").textContent = String(Math.ceil(prescribed.hold));
          break;
        case "rep_done":
          reps += 1;
          $("coach-reps").textContent = String(reps);
          root.dataset.counted = String(reps);
          $("coach-hold").textContent = "\u2713";
          break;
        case "cue":
          $("coach-cue").textContent = event.text;
          say(event.text);
          break;
        case "warning":
          addWarning(event.text);
          break;
        default:
          break;
      }
    }
  }

  function addWarning(text) {
    if (warnings.has(text)) return;
    warnings.add(text);
    const box = $("coach-warnings");
    const item = document.createElement("li");
    item.textContent = text;
    box.querySelector("ul").appendChild(item);
    box.hidden = false;
  }

  // The server pose stream answers "ready" once its model is up, then one "pose" per picture,
  // which releases the next picture.
  const waiting = { ready: null, pose: null };

  function release(name) {
    const go = waiting[name];
    waiting[name] = null;
    if (go) go();
  }

  function onMessage(message) {
    if (message.type === "events") onEvents(message.events);
    else if (message.type === "pose") {
      lastPoints = message.points;
      onEvents(message.events);
      release("pose");
    } else if (message.type === "ready") release("ready");
    else if (message.type === "analysis") showResult(message.analysis);
    else if (message.type === "error") fail(message.detail);
  }

  // -- the analyzer's socket -------------------------------------------------------------------

  function openSocket(path, fps, width, height) {
    return new Promise((resolve, reject) => {
      const scheme = location.protocol === "https:" ? "wss" : "ws";
      const query = new URLSearchParams({
        exercise, reps: String(prescribed.reps), hold: String(prescribed.hold), rest: String(prescribed.rest),
      });
      const ws = new WebSocket(`${scheme}://${location.host}${path}?${query}`);
      ws.binaryType = "arraybuffer";
      let opened = false;
      ws.onopen = () => {
        opened = true;
        const start = JSON.stringify({ type: "start", width, height, fps: Math.round(fps * 100) / 100 });
        bytesSent += start.length;
        ws.send(start);
        resolve(ws);
      };
      ws.onmessage = (e) => onMessage(JSON.parse(e.data));
      ws.onerror = () => { if (!opened) reject(new Error("could not reach the backcoach server")); };
      ws.onclose = (e) => {
        if (!opened) { reject(new Error(e.reason || "could not reach the backcoach server")); return; }
        if (running && !finished) fail(e.reason || "the connection to the backcoach server dropped");
      };
    });
  }

  function sendJSON(message) {
    if (!socket || socket.readyState !== WebSocket.OPEN) return;
    const text = JSON.stringify(message);
    bytesSent += text.length;
    socket.send(text);
  }

  // -- on this device: BlazePose in the page ---------------------------------------------------

  function modelFile(file) {
    if (file === "pose_landmark_full.tflite" && data.fullModel) return data.fullModel;
    return `${data.vendor}/${file}`;
  }

  async function devicePose() {
    if (typeof window.Pose !== "function") throw new Error("its script did not load");
    const probe = document.createElement("canvas").getContext("webgl2");
    if (!probe) throw new Error("no WebGL 2");
    const pose = new window.Pose({ locateFile: modelFile });
    pose.setOptions({
      modelComplexity: data.fullModel ? 1 : 0,
      smoothLandmarks: true,
      enableSegmentation: false,
      minDetectionConfidence: 0.5,
      minTrackingConfidence: 0.5,
    });
    let timer = null;
    const timeout = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error("the pose model took too long to load")), MODEL_TIMEOUT_MS);
    });
    await Promise.race([pose.initialize(), timeout]);
    clearTimeout(timer);
    return pose;
  }

  async function runOnDevice(pose) {
    let pendingT = 0;
    let onResult = null;
    pose.onResults((results) => {
      const points = results.poseLandmarks
        ? results.poseLandmarks.map((p) => [round(p.x), round(p.y), round(p.z), round(p.visibility ?? 0)])
        : null;
      draw(video, points);
      if (onResult) onResult(pendingT, points);
    });
    // Warm up: the first frames load the model's graph. The rate after them is what the analyzer
    // is told, and a device too slow for the full model gets the lite one.
    const warmUp = async () => {
      status("Starting the pose model\u2026");
      const warm = [];
      onResult = () => { warm.push(performance.now()); };
      while (warm.length < WARM_UP_FRAMES && running) {
        await pose.send({ image: video });
        await nextVideoFrame();
      }
      // The median gap between the frames after the first few (which are slower).
      const gaps = warm.slice(3).map((at, i) => at - warm[i + 2]).sort((a, b) => a - b);
      const gap = gaps[Math.floor(gaps.length / 2)] || 1000 / MAX_FPS;
      return Math.max(MIN_FPS, Math.min(cameraFps(), 1000 / gap));
    };
    let fps = await warmUp();
    let model = data.fullModel ? "full" : "lite";
    if (running && model === "full" && fps < LITE_BELOW_FPS) {
      pose.setOptions({ modelComplexity: 0 });
      model = "lite";
      fps = await warmUp();
    }
    if (!running) return;
    root.dataset.model = model;
    socket = await openSocket("/api/coach/ws", fps, canvas.width, canvas.height);
    root.dataset.mode = "device";
    root.dataset.declaredFps = fps.toFixed(2);
    status(model === "lite" && data.fullModel
      ? "Following you (lighter pose model: this device is slow for the full one). Do your reps at your own pace."
      : "Following you. Do your reps at your own pace.");
    t0 = performance.now();
    onResult = (t, points) => {
      sendJSON({ type: "frame", t, points });
      countFrame();
    };
    let lastTime = -1;
    while (running) {
      if (video.readyState >= 2 && video.currentTime !== lastTime) {
        lastTime = video.currentTime;
        pendingT = nextT();
        await pose.send({ image: video });
      }
      await nextVideoFrame();
    }
  }

  // -- the fallback: pictures to the server ----------------------------------------------------

  async function runOnServer(reason) {
    if (data.serverPose !== "yes") {
      throw new Error(`${reason}, and this backcoach server cannot run the pose model either (it needs the camera extra)`);
    }
    const note = $("fallback-note");
    note.textContent = reason
      ? `${reason}: the camera pictures are sent to your backcoach server at ${location.host} to find your body's points there. They are not stored, and go nowhere else.`
      : `The camera pictures are sent to your backcoach server at ${location.host} to find your body's points there. They are not stored, and go nowhere else.`;
    note.hidden = false;
    $("privacy").hidden = true;
    if (where) where.value = "server";
    root.dataset.mode = "server";
    const scale = Math.min(1, SERVER_LONG_SIDE / Math.max(video.videoWidth, video.videoHeight));
    const width = Math.round(video.videoWidth * scale);
    const height = Math.round(video.videoHeight * scale);
    const grab = document.createElement("canvas");
    grab.width = width;
    grab.height = height;
    const grabCtx = grab.getContext("2d");
    status("Connecting to the server's pose model\u2026");
    const ready = new Promise((resolve) => { waiting.ready = resolve; });
    socket = await openSocket("/api/coach/frames", Math.min(SERVER_FPS, cameraFps()), width, height);
    await ready;
    status("Following you (pose on the server). Do your reps at your own pace.");
    t0 = performance.now();
    let lastSent = 0;
    let lastTime = -1;
    while (running) {
      const at = performance.now();
      // A new camera frame, once the last picture is answered, and no more than SERVER_FPS (with
      // some slack, so a 15 fps camera is not halved by jitter).
      const fresh = video.readyState >= 2 && video.currentTime !== lastTime;
      if (!fresh || at - lastSent < 1000 / SERVER_FPS - 20) { await nextVideoFrame(); continue; }
      lastSent = at;
      lastTime = video.currentTime;
      const t = nextT();
      grabCtx.drawImage(video, 0, 0, width, height);
      const blob = await new Promise((resolve) => grab.toBlob(resolve, "image/jpeg", 0.75));
      if (!blob || !running) break;
      const body = new Uint8Array(8 + blob.size);
      new DataView(body.buffer).setFloat64(0, t, true);
      body.set(new Uint8Array(await blob.arrayBuffer()), 8);
      const answered = new Promise((resolve) => { waiting.pose = resolve; });
      socket.send(body);
      pictures += 1;
      bytesSent += body.length;
      await answered;
      draw(video, lastPoints);
      countFrame();
    }
  }
  // -- start, finish ---------------------------------------------------------------------------

  function cameraFps() {
    const track = camera && camera.getVideoTracks()[0];
    const rate = track && track.getSettings ? track.getSettings().frameRate : 0;
    return rate > 0 ? Math.min(MAX_FPS, rate) : MAX_FPS;
  }

  function round(v) { return Math.round(v * 100000) / 100000; }

  function nextVideoFrame() {
    return new Promise((resolve) => {
      if ("requestVideoFrameCallback" in HTMLVideoElement.prototype && !video.paused) {
        let done = false;
        const finish = () => { if (!done) { done = true; resolve(); } };
        video.requestVideoFrameCallback(finish);
        setTimeout(finish, 100); // a paused or hidden video still lets the loop look again
      } else {
        setTimeout(resolve, 1000 / MAX_FPS);
      }
    });
  }

  async function openCamera() {
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
      throw new Error("this browser cannot open a camera here (a camera needs https or localhost)");
    }
    camera = await navigator.mediaDevices.getUserMedia({
      video: { width: { ideal: 640 }, height: { ideal: 480 }, frameRate: { ideal: 30 } },
      audio: false,
    });
    video.srcObject = camera;
    await video.play();
    fitCanvas(video.videoWidth, video.videoHeight);
  }

  async function start() {
    startButton.disabled = true;
    if (where) where.disabled = true;
    $("coach-error").hidden = true;
    running = true;
    try {
      status("Opening the camera\u2026");
      await openCamera();
    } catch (err) {
      fail(`The camera could not be opened: ${err.message || err}`);
      return;
    }
    startButton.hidden = true;
    finishButton.hidden = false;
    try {
      if (mode === "server") {
        await runOnServer("");
        return;
      }
      let pose = null;
      try {
        status("Loading the pose model (about 9 MB from this server)\u2026");
        pose = await devicePose();
      } catch (err) {
        await runOnServer(`This browser cannot run the pose model (${err.message || err})`);
        return;
      }
      await runOnDevice(pose);
    } catch (err) {
      if (running) fail(err.message || String(err));
    }
  }

  function stop() {
    running = false;
    release("pose");
    release("ready");
    if (camera) camera.getTracks().forEach((track) => track.stop());
    camera = null;
    startButton.hidden = true;
    finishButton.disabled = true;
  }

  function finish() {
    finishButton.hidden = true;
    finished = true;
    running = false;
    if (camera) camera.getTracks().forEach((track) => track.stop());
    if (!socket || socket.readyState !== WebSocket.OPEN) {
      // Finished before the coach was following: there is no set to work out.
      status("Stopped before the coach started: nothing was counted or saved.");
      release("pose");
      release("ready");
      return;
    }
    status("Working out the set\u2026");
    sendJSON({ type: "finish" });
  }

  function seconds(v) { return v == null ? "\u2013" : `${v.toFixed(1)} s`; }

  async function showResult(analysis) {
    const section = $("coach-result");
    const body = section.querySelector("tbody");
    body.textContent = "";
    for (const rep of analysis.rep_details) {
      const row = document.createElement("tr");
      const faults = rep.faults.map((f) => faultWords[f] || f.replaceAll("_", " ")).join("; ") || "good form";
      for (const text of [String(rep.index), rep.side || "both", `${seconds(rep.hold_s)} of ${prescribed.hold} s`, faults]) {
        const cell = document.createElement("td");
        cell.textContent = text;
        row.appendChild(cell);
      }
      body.appendChild(row);
    }
    const sides = analysis.sides ? ` (left ${analysis.sides.left}, right ${analysis.sides.right})` : "";
    $("coach-summary").textContent = analysis.reps
      ? `${analysis.reps} ${analysis.reps === 1 ? "rep" : "reps"} counted${sides}.`
      : "No reps were counted: check that your whole body is in the picture, side-on.";
    for (const text of analysis.warnings || []) addWarning(text);
    section.hidden = false;
    status("Set finished.");
    root.dataset.state = "finished";
    try {
      const response = await fetch("/api/analyses", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ source: "live", analysis }),
      });
      const saved = await response.json().catch(() => ({}));
      $("coach-saved").textContent = response.ok
        ? "Saved to your record."
        : `Not saved: ${saved.detail || response.statusText}`;
    } catch (err) {
      $("coach-saved").textContent = "Not saved: the backcoach server could not be reached.";
    }
  }

  startButton.addEventListener("click", start);
  finishButton.addEventListener("click", finish);
  $("coach-voice").addEventListener("change", (e) => { speaking = e.target.checked; });
  if (where) where.addEventListener("change", () => { mode = where.value; });
  $("exercise").addEventListener("change", (e) => { e.target.form.submit(); });
  window.addEventListener("pagehide", () => { if (camera) camera.getTracks().forEach((t) => t.stop()); });
  root.dataset.state = "ready";
})();
