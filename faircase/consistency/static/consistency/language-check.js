// The language check as the user types: progressive enhancement of the advice the server gives when the form
// is posted. The matching is the same as faircase/consistency/language.py (a test runs both over the same
// texts): whole words and phrases, any case, across spaces and hyphens but not across the end of a sentence;
// the last word of a pattern also matches its plural or possessive. The patterns come from a JSON data block
// on the page, so nothing is sent anywhere. Advice only: it never stops the form being sent.

const WORD = /[\p{L}\p{N}]+(?:'[\p{L}\p{N}]+)*/gu;
const SENTENCE_BREAK = /[.!?;:\n]/;
const APOSTROPHES = /[\u2019\u2018\u02bc]/g;
const VOWELS = new Set(["a", "e", "i", "o", "u"]);
const DELAY_MS = 400;

export function tokens(text) {
  const source = (text || "").replace(APOSTROPHES, "'");
  const found = [];
  let lastEnd = 0;
  for (const match of source.matchAll(WORD)) {
    const gap = source.slice(lastEnd, match.index);
    found.push({
      text: match[0].toLowerCase(),
      start: match.index,
      end: match.index + match[0].length,
      afterBreak: found.length > 0 && SENTENCE_BREAK.test(gap),
    });
    lastEnd = match.index + match[0].length;
  }
  return found;
}

export function wordForms(word) {
  const forms = new Set([word, `${word}s`, `${word}es`, `${word}'s`, `${word}s'`]);
  if (word.length > 1 && word.endsWith("y") && !VOWELS.has(word[word.length - 2])) {
    forms.add(`${word.slice(0, -1)}ies`);
  }
  return forms;
}

function matchesAt(words, i, pattern) {
  if (i + pattern.length > words.length) return false;
  for (let j = 0; j < pattern.length; j += 1) {
    const token = words[i + j];
    if (j > 0 && token.afterBreak) return false;
    const last = j === pattern.length - 1;
    if (token.text !== pattern[j] && !(last && wordForms(pattern[j]).has(token.text))) return false;
  }
  return true;
}

export function matches(terms, text) {
  const words = tokens(text);
  const original = text || "";
  const candidates = [];
  for (let i = 0; i < words.length; i += 1) {
    for (const term of terms) {
      for (const pattern of term.patterns) {
        if (pattern.length && matchesAt(words, i, pattern)) {
          candidates.push({ start: words[i].start, end: words[i + pattern.length - 1].end, term });
        }
      }
    }
  }
  // Stable sort, as in Python: by start, then the longest first.
  candidates.sort((a, b) => a.start - b.start || (b.end - b.start) - (a.end - a.start));
  const kept = [];
  let takenUntil = -1;
  for (const c of candidates) {
    if (c.start < takenUntil) continue;
    kept.push({ term: c.term, start: c.start, end: c.end, text: original.slice(c.start, c.end) });
    takenUntil = c.end;
  }
  return kept;
}

export function adviceFor(terms, text) {
  const advice = new Map();
  for (const match of matches(terms, text)) {
    if (!advice.has(match.term.key)) {
      advice.set(match.term.key, {
        key: match.term.key, term: match.term.term, why: match.term.why, suggestion: match.term.suggestion, found: [],
      });
    }
    const entry = advice.get(match.term.key);
    if (!entry.found.includes(match.text)) entry.found.push(match.text);
  }
  return [...advice.values()];
}

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

// The words of the check in English; the page gives them in its own language (data-words, ADR 41).
const ENGLISH = {
  information: "Information: ",
  heading_one: "Language check: {n} word or phrase to reconsider",
  heading_many: "Language check: {n} words or phrases to reconsider",
  intro: "Describe what was seen or heard rather than judging the person. "
    + "This is advice: you can still save the text as it is.",
  instead: "Instead: {suggestion}",
  nothing: "Language check: nothing to reconsider.",
  summary_one: "Language check: {n} word or phrase to reconsider: {terms}. The advice is below the field.",
  summary_many: "Language check: {n} words or phrases to reconsider: {terms}. The advice is below the field.",
};

function fill(template, values) {
  return template.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));
}

// The same markup as the advice_box macro in consistency/_language.jinja.
function adviceBox(advice, level, words = ENGLISH) {
  const box = element("div", "nhsuk-inset-text faircase-language-advice");
  box.append(element("span", "nhsuk-u-visually-hidden", words.information));
  const n = advice.length;
  box.append(element(`h${level}`, "nhsuk-heading-s", fill(n === 1 ? words.heading_one : words.heading_many, { n })));
  box.append(element("p", "", words.intro));
  const list = element("ul", "nhsuk-list");
  for (const a of advice) {
    const item = element("li");
    item.append(element("strong", "", a.found.map((f) => `\u201c${f}\u201d`).join(", ")));
    item.append(document.createTextNode(`: ${a.why}`));
    item.append(element("br"));
    item.append(document.createTextNode(fill(words.instead, { suggestion: a.suggestion })));
    list.append(item);
  }
  box.append(list);
  return box;
}

function summary(advice, words = ENGLISH) {
  if (!advice.length) return words.nothing;
  const terms = advice.map((a) => a.found[0]).join(", ");
  return fill(advice.length === 1 ? words.summary_one : words.summary_many, { n: advice.length, terms });
}

// The field's aria-describedby with the advice's id added (once), keeping the hint and error it names already:
// a screen reader user on the field then hears the advice as its description.
export function describedBy(current, id) {
  const ids = (current || "").split(/\s+/).filter(Boolean);
  if (!ids.includes(id)) ids.push(id);
  return ids.join(" ");
}

export function attach(box) {
  if (box.dataset.languageCheckReady) return;
  const field = document.getElementById(box.dataset.languageCheck);
  const data = document.getElementById(box.dataset.lexicon);
  const status = box.querySelector("[data-language-status]");
  const output = box.querySelector("[data-language-advice]");
  if (!field || !data || !status || !output) return;
  const terms = JSON.parse(data.textContent);
  const level = Number(box.dataset.headingLevel) || 2;
  let words = ENGLISH;
  try {
    words = { ...ENGLISH, ...JSON.parse(box.dataset.words || "{}") };
  } catch {
    words = ENGLISH;
  }
  if (output.id) field.setAttribute("aria-describedby", describedBy(field.getAttribute("aria-describedby"), output.id));
  let timer;
  let shown = adviceFor(terms, field.value).map((a) => a.key).join("|");
  const update = () => {
    const advice = adviceFor(terms, field.value);
    const keys = advice.map((a) => a.key).join("|");
    output.replaceChildren(...(advice.length ? [adviceBox(advice, level, words)] : []));
    // Speak only when the words to reconsider change, not on every key press.
    if (keys !== shown) {
      status.textContent = summary(advice, words);
      shown = keys;
    }
  };
  field.addEventListener("input", () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(update, DELAY_MS);
  });
  box.dataset.languageCheckReady = "yes";
}

if (typeof document !== "undefined") {
  document.querySelectorAll("[data-language-check]").forEach(attach);
}
