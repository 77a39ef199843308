// Switching language mid-task loses nothing (ADR 41; faircase/core/carrying.py). Progressive enhancement of the
// language switch (layouts/_language.jinja): when it is pressed on a page with a form, the form's text fields
// go with the switch, each named "carried:" + its name, and come back once on the page it returns to. Without
// JavaScript the switch still works; only the unsent answers are not carried.
//
// Never carried: the CSRF token, passwords, files, hidden fields, or names starting with "_" (the server checks
// the same, with the kept drafts' bounds).

const PREFIX = "carried:";
const NEVER = new Set(["csrfmiddlewaretoken", "password", "password1", "password2", "token"]);
const NOT_TEXT = new Set(["password", "file", "hidden", "submit", "button", "reset", "image"]);

function mainForm() {
  const forms = [...document.querySelectorAll("main form")].filter(
    (form) => (form.method || "").toLowerCase() === "post",
  );
  return forms.find((form) => form.hasAttribute("data-keep-draft")) || forms[0] || null;
}

function carriable(field) {
  if (!field.name || NEVER.has(field.name) || field.name.startsWith("_") || field.disabled) return false;
  if (field instanceof HTMLTextAreaElement || field instanceof HTMLSelectElement) return true;
  if (!(field instanceof HTMLInputElement) || NOT_TEXT.has(field.type)) return false;
  return field.type === "checkbox" || field.type === "radio" ? field.checked : true;
}

function values(field) {
  if (field instanceof HTMLSelectElement) return [...field.selectedOptions].map((option) => option.value);
  return [field.value];
}

export function carry(languageForm, form) {
  for (const field of form.elements) {
    if (!carriable(field)) continue;
    for (const value of values(field)) {
      const copy = document.createElement("input");
      copy.type = "hidden";
      copy.name = PREFIX + field.name;
      copy.value = value;
      languageForm.append(copy);
    }
  }
}

export function giveBack(form, carried) {
  for (const [name, kept] of Object.entries(carried)) {
    const list = Array.isArray(kept) ? kept.map(String) : [String(kept)];
    for (const field of form.querySelectorAll(`[name="${CSS.escape(name)}"]`)) {
      if (NEVER.has(name) || name.startsWith("_") || ["file", "password", "hidden"].includes(field.type)) continue;
      if (field.type === "checkbox" || field.type === "radio") {
        field.checked = list.includes(field.value);
      } else if (field instanceof HTMLSelectElement) {
        for (const option of field.options) option.selected = list.includes(option.value);
      } else {
        field.value = list[list.length - 1] ?? "";
      }
    }
  }
}

const languageForm = document.querySelector(".faircase-language__form");
if (languageForm) {
  languageForm.addEventListener("submit", () => {
    const form = mainForm();
    if (form) carry(languageForm, form);
  });
}

const kept = document.getElementById("faircase-carried-form");
if (kept) {
  const form = mainForm();
  try {
    if (form) giveBack(form, JSON.parse(kept.textContent || "{}"));
  } catch {
    // Unreadable: the form stays as the page gave it.
  }
}
