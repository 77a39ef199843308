// The session timeout warning (WCAG 2.2.1), after the NHS.UK timeout pattern: progressive enhancement of
// layouts/_session_timeout.jinja. Without JavaScript the dialog never opens, and a form sent after the session
// ran out is still kept on the server for the person to find when they sign in again.
//
// The session ends SESSION_COOKIE_AGE seconds after the last request (each request extends it). The warning
// opens SESSION_TIMEOUT_WARNING_SECONDS before then: a modal alert dialog, focus moved into it, the time left
// shown and announced (once a minute, then at 30 and 10 seconds). "Stay signed in" (or Escape) extends the
// session with a small POST; "Sign out" is a link. When the time runs out, a page with a form marked
// data-keep-draft sends it for keeping only (never for acting on); any other page reloads, and the sign-in
// page says why.

const KEEP_ONLY_FIELD = "_keep_draft_only";

// The words, in the page's language, from the dialog's data-words (never English written here): the English
// stand in only if the attribute is missing or unreadable.
const ENGLISH = {
  minute: "{count} minute",
  minutes: "{count} minutes",
  second: "{count} second",
  seconds: "{count} seconds",
  announce: "You will be signed out in {time}.",
};

export function wordsOf(dialog) {
  try {
    return { ...ENGLISH, ...JSON.parse(dialog.dataset.words || "{}") };
  } catch {
    return ENGLISH;
  }
}

export function words(ms, said = ENGLISH) {
  const seconds = Math.max(0, Math.ceil(ms / 1000));
  if (seconds >= 60) {
    const minutes = Math.ceil(seconds / 60);
    return (minutes === 1 ? said.minute : said.minutes).replace("{count}", String(minutes));
  }
  return (seconds === 1 ? said.second : said.seconds).replace("{count}", String(seconds));
}

function announcementStep(ms) {
  if (ms > 60000) return `m${Math.ceil(ms / 60000)}`;
  if (ms > 30000) return "s60";
  if (ms > 10000) return "s30";
  return "s10";
}

function start(dialog) {
  let sessionMs = Number(dialog.dataset.sessionSeconds) * 1000;
  const warningMs = Number(dialog.dataset.warningSeconds) * 1000;
  const timeLeft = dialog.querySelector("[data-time-left]");
  const announce = dialog.querySelector("[data-announce]");
  const form = dialog.querySelector("[data-extend-form]");
  const said = wordsOf(dialog);
  let endsAt = 0;
  let warnTimer = 0;
  let tick = 0;
  let announced = "";
  let returnFocusTo = null;
  let expired = false;

  function schedule() {
    endsAt = Date.now() + sessionMs;
    window.clearTimeout(warnTimer);
    window.clearInterval(tick);
    warnTimer = window.setTimeout(warn, Math.max(0, sessionMs - warningMs));
  }

  function update() {
    const left = endsAt - Date.now();
    if (left <= 0) {
      expire();
      return;
    }
    const text = words(left, said);
    timeLeft.textContent = text;
    const step = announcementStep(left);
    if (step !== announced) {
      announced = step;
      announce.textContent = said.announce.replace("{time}", text);
    }
  }

  function warn() {
    returnFocusTo = document.activeElement;
    announced = "";
    update();
    if (expired) return;
    if (!dialog.open) dialog.showModal();
    dialog.focus();
    tick = window.setInterval(update, 1000);
  }

  function close() {
    window.clearInterval(tick);
    if (dialog.open) dialog.close();
    if (returnFocusTo && typeof returnFocusTo.focus === "function") returnFocusTo.focus();
  }

  async function stay(event) {
    if (event) event.preventDefault();
    let ok = false;
    try {
      const response = await fetch(form.action, {
        method: "POST",
        body: new FormData(form),
        headers: { Accept: "application/json" },
        credentials: "same-origin",
        // A session already gone answers with a redirect to sign in: do not follow it (the sign-in page would
        // take the note of why), but treat it as the end of the session.
        redirect: "manual",
      });
      const type = response.headers.get("Content-Type") || "";
      if (response.ok && type.includes("application/json")) {
        const answer = await response.json();
        if (Number(answer.seconds) > 0) sessionMs = Number(answer.seconds) * 1000;
        ok = true;
      }
    } catch {
      ok = false;
    }
    if (!ok) {
      expire();
      return;
    }
    close();
    schedule();
  }

  function expire() {
    if (expired) return;
    expired = true;
    window.clearInterval(tick);
    window.clearTimeout(warnTimer);
    const draft = document.querySelector("form[data-keep-draft]");
    if (draft) {
      const field = document.createElement("input");
      field.type = "hidden";
      field.name = KEEP_ONLY_FIELD;
      field.value = "1";
      draft.append(field);
      HTMLFormElement.prototype.submit.call(draft);
    } else {
      window.location.reload();
    }
  }

  form.addEventListener("submit", stay);
  // Escape closes the dialog: take it as "stay signed in", never as a silent sign-out.
  dialog.addEventListener("cancel", (event) => stay(event));
  schedule();
}

const dialog = document.getElementById("session-timeout");
if (dialog && typeof dialog.showModal === "function" && Number(dialog.dataset.sessionSeconds) > 0) {
  start(dialog);
}
