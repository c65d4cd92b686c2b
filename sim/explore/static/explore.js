// The page of `opzet explore`: every word comes from the server's texts table (Dutch or
// English), every number from the server; this file only arranges them and asks.
"use strict";

const state = {
  lang: "nl", texts: {}, setup: null, results: [], selected: null,
  setting: null, start: "team", reference: "relay", size: "default", seed: null,
  figure: "differences", family: { left: null, right: null, filter: "different", id: null },
  polling: null,
};

const $ = (id) => document.getElementById(id);

function t(key, values = {}) {
  let words = state.texts[key] ?? key;
  for (const [name, value] of Object.entries(values)) {
    words = words.replaceAll(`{${name}}`, value);
  }
  return words;
}

function element(tag, attributes = {}, ...children) {
  const made = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name === "text") made.textContent = value;
    else if (name.startsWith("on")) made.addEventListener(name.slice(2), value);
    else if (value !== null && value !== undefined && value !== false) made.setAttribute(name, value);
  }
  for (const child of children) if (child) made.append(child);
  return made;
}

async function ask(url) {
  const answer = await fetch(url);
  return answer.json();
}

async function send(url, body = {}) {
  const answer = await fetch(url, {
    method: "POST", headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ ...body, lang: state.lang }),
  });
  return answer.json();
}

function number(value, decimals) {
  const written = Number(value).toFixed(decimals);
  return state.lang === "nl" ? written.replace(".", ",") : written;
}

// ---------------------------------------------------------------- the whole page
async function load(lang) {
  const data = await ask(`/api/setup?lang=${lang}`);
  state.lang = data.lang;
  state.texts = data.texts;
  state.setup = data.setup;
  state.results = data.results;
  if (state.seed === null) state.seed = data.setup.seed;
  if (state.setting === null) state.setting = { ...designOf(state.start).setting };
  document.documentElement.lang = state.lang;
  document.title = t("explore.title");
  history.replaceState(null, "", `?lang=${state.lang}`);
  for (const node of document.querySelectorAll("[data-text]")) node.textContent = t(node.dataset.text);
  for (const button of document.querySelectorAll("button.language")) {
    button.setAttribute("aria-pressed", String(button.dataset.lang === state.lang));
  }
  $("open-folder").placeholder = t("explore.open_folder");
  $("errors").textContent = data.errors.join(" ");
  drawControls();
  drawResults();
}

function designOf(name) {
  return state.setup.designs.find((design) => design.name === name);
}

// ---------------------------------------------------------------- design and run
function options(select, choices, chosen) {
  select.replaceChildren(...choices.map(([value, label]) =>
    element("option", { value, text: label, selected: value === chosen })));
}

function drawControls() {
  const designs = state.setup.designs.map((d) => [d.name, d.label]);
  options($("start-from"), designs, state.start);
  options($("reference"), designs, state.reference);
  options($("size"), state.setup.sizes.map((s) => [s.name, s.label]), state.size);
  $("seed").value = state.seed;
  $("levers").replaceChildren(...state.setup.levers.map(drawLever));
}

function drawLever(lever) {
  const id = `lever-${lever.name}`;
  const value = state.setting[lever.name];
  let control;
  let shown = null;
  if (lever.kind === "choice") {
    control = element("select", { id });
    options(control, lever.choices.map((c) => [c.value, c.label]), value);
    control.addEventListener("change", () => { state.setting[lever.name] = control.value; });
  } else if (lever.kind === "switch") {
    control = element("select", { id });
    options(control, lever.choices.map((c) => [c.value, c.label]), value ? "on" : "off");
    control.addEventListener("change", () => { state.setting[lever.name] = control.value === "on"; });
  } else {
    control = element("input", { id, type: "range", min: lever.low, max: lever.high,
      step: lever.step, value });
    shown = element("output", { for: id, text: number(value, 2) });
    control.addEventListener("input", () => {
      state.setting[lever.name] = Number(control.value);
      shown.textContent = number(control.value, 2);
    });
  }
  return element("div", { class: "lever", "data-lever": lever.name },
    element("label", { for: id, text: lever.label }), control, shown,
    element("p", { class: "help", text: lever.help }));
}

async function run() {
  $("run-message").textContent = "";
  const seed = Number($("seed").value);
  state.seed = Number.isInteger(seed) ? seed : $("seed").value;
  const answer = await send("/api/run", { setting: state.setting, reference: state.reference,
    size: state.size, seed: state.seed });
  if (answer.message) {
    $("run-message").textContent = answer.message;
    return;
  }
  $("run").disabled = true;
  $("stop").disabled = false;
  $("status").textContent = t("explore.starting");
  $("progress").value = 0;
  state.polling = setInterval(poll, 400);
}

async function poll() {
  const p = await ask(`/api/progress?lang=${state.lang}`);
  $("progress").max = Math.max(1, p.total);
  $("progress").value = p.done;
  if (p.state === "running") $("status").textContent = t("explore.progress", { done: p.done, total: p.total });
  else if (p.state === "stopping") $("status").textContent = t("explore.stopping");
  else if (p.state === "drawing") $("status").textContent = t("explore.drawing");
  else {
    clearInterval(state.polling);
    $("run").disabled = false;
    $("stop").disabled = true;
    $("status").textContent = p.state === "stopped" ? t("explore.stopped") : "";
    $("run-message").textContent = p.message;
    if (p.state === "done") {
      state.results = (await ask(`/api/results?lang=${state.lang}`)).results;
      select(p.result);
    }
  }
}

// ---------------------------------------------------------------- results
function drawResults() {
  $("no-results").hidden = state.results.length > 0;
  $("result-list").replaceChildren(...state.results.map((r) => element("button", {
    type: "button", text: r.title, "aria-pressed": String(r.number === state.selected),
    "data-result": r.number, onclick: () => select(r.number) })));
  drawSideBySide();
  const result = state.results.find((r) => r.number === state.selected);
  $("figures").hidden = !result;
  $("family").hidden = !result;
  if (!result) {
    $("result").replaceChildren();
    return;
  }
  drawResult(result);
  drawFigureTabs(result);
  drawFamilyControls(result);
}

function select(numberOfResult) {
  state.selected = numberOfResult;
  state.family = { left: null, right: null, filter: state.family.filter, id: null };
  drawResults();
}

function drawSideBySide() {
  if (state.results.length < 2) {
    $("side-by-side").replaceChildren();
    return;
  }
  const outcomes = [];
  for (const r of state.results) {
    for (const row of r.table) if (!outcomes.some((o) => o.outcome === row.outcome)) outcomes.push(row);
  }
  const head = element("tr", {}, element("th", { text: t("explore.outcome") }),
    ...state.results.map((r) => element("th", { text: r.title })));
  const rows = outcomes.map((o) => element("tr", {}, element("td", { text: o.label }),
    ...state.results.map((r) => {
      const row = r.table.find((x) => x.outcome === o.outcome);
      const cell = element("td");
      for (const c of row ? row.cells.filter((c) => c.design !== r.reference) : []) {
        const prefix = row.cells.length > 2 ? `${r.designs.find((d) => d.name === c.design).label}: ` : "";
        cell.append(element("span", { class: `difference${c.clear ? " clear" : ""}`,
          text: `${prefix}${c.shown_diff} ${c.shown_interval}` }));
      }
      return cell;
    })));
  $("side-by-side").replaceChildren(element("h3", { text: t("explore.side_by_side") }),
    element("table", {}, element("thead", {}, head), element("tbody", {}, ...rows)));
}

function drawResult(result) {
  const reference = result.designs.find((d) => d.name === result.reference).label;
  const head = element("tr", {}, element("th", { text: t("explore.outcome") }),
    ...result.designs.map((d) => element("th", { text: d.label })));
  const rows = result.table.map((row) => element("tr", { "data-outcome": row.outcome },
    element("td", {}, row.label, element("span", { class: "unit", text: row.unit })),
    ...row.cells.map((c) => {
      const cell = element("td", { "data-design": c.design },
        element("span", { class: "mean", "data-value": c.mean, text: c.shown_mean }));
      if (c.design !== result.reference) {
        cell.append(element("span", { class: `difference${c.clear ? " clear" : ""}`,
          "data-value": c.diff, "data-low": c.low, "data-high": c.high,
          text: `${c.shown_diff} ${c.shown_interval}` }));
      }
      return cell;
    })));
  const parts = [element("h3", { text: result.title }), element("p", { text: result.size }),
    result.levers ? element("p", { class: "levers-used", text: result.levers }) : null,
    element("p", { class: "hint", text: t("explore.difference", { reference }) }),
    element("table", { id: "outcome-table" }, element("thead", {}, head), element("tbody", {}, ...rows))];
  if (result.can_save) {
    const folder = element("input", { id: "save-folder", type: "text", size: 40,
      placeholder: t("explore.save_folder") });
    const said = element("div", { id: "save-message", class: "message", role: "alert" });
    const save = async () => {
      const answer = await send("/api/save", { result: result.number, folder: folder.value });
      said.textContent = answer.message;
      said.className = answer.ok ? "" : "message";
    };
    parts.push(element("div", { class: "row" }, folder,
      element("button", { type: "button", id: "save", text: t("explore.save"), onclick: save })), said);
  }
  $("result").replaceChildren(...parts.filter((part) => part));
}

// ---------------------------------------------------------------- figures
function drawFigureTabs(result) {
  if (!result.figures.some((f) => f.key === state.figure)) state.figure = result.figures[0].key;
  $("figure-tabs").replaceChildren(...result.figures.map((f) => element("button", {
    type: "button", text: f.title, "data-figure": f.key, "aria-pressed": String(f.key === state.figure),
    onclick: () => { state.figure = f.key; drawFigureTabs(result); } })));
  drawFigure(result.number, state.figure);
}

async function drawFigure(numberOfResult, key) {
  $("figure").replaceChildren(element("p", { class: "hint", text: "…" }));
  const shown = await ask(`/api/figure?result=${numberOfResult}&key=${key}&lang=${state.lang}`);
  if (state.selected !== numberOfResult || state.figure !== key) return;  // another was asked since
  const parts = [];
  for (const part of shown.parts ?? []) {
    const holder = element("div", { class: "figure", "data-part": part.design ?? key });
    holder.innerHTML = part.svg;
    parts.push(element("h3", { text: part.title }), holder);
  }
  if (shown.message) parts.push(element("p", { class: "message", text: shown.message }));
  if (shown.caption) parts.push(element("figcaption", { text: shown.caption }));
  $("figure").replaceChildren(element("figure", { "data-figure": key }, ...parts));
}

// ---------------------------------------------------------------- one family, two designs
function drawFamilyControls(result) {
  $("family").hidden = !result.family;
  const designs = result.designs.map((d) => [d.name, d.label]);
  const f = state.family;
  f.left = f.left ?? result.reference;
  f.right = f.right ?? result.designs[result.designs.length - 1].name;
  options($("family-left"), designs, f.left);
  options($("family-right"), designs, f.right);
  options($("family-filter"), state.setup.filters.map((x) => [x.name, x.label]), f.filter);
  if (result.family) drawFamily(result.number);
}

async function drawFamily(numberOfResult) {
  const f = state.family;
  const asked = `/api/family?result=${numberOfResult}&left=${f.left}&right=${f.right}` +
    `&filter=${f.filter}&lang=${state.lang}` + (f.id !== null ? `&family=${f.id}` : "");
  const shown = await ask(asked);
  if (state.selected !== numberOfResult) return;
  f.id = shown.family ?? null;
  $("family-message").textContent = shown.message ?? "";
  $("family-same").textContent = shown.same ?? "";
  $("family-figure").innerHTML = shown.svg ?? "";
  $("family-caption").textContent = shown.caption ?? "";
  $("family-figure").dataset.drawn = Number($("family-figure").dataset.drawn ?? 0) + 1;
}

function changeFamily(field, value) {
  state.family[field] = value;
  state.family.id = null;
  drawFamily(state.selected);
}

// ---------------------------------------------------------------- open a folder
async function openFolder() {
  $("open-message").textContent = "";
  const answer = await send("/api/open", { folder: $("open-folder").value });
  if (answer.message) {
    $("open-message").textContent = answer.message;
    return;
  }
  state.results = (await ask(`/api/results?lang=${state.lang}`)).results;
  select(answer.result.number);
}

// ---------------------------------------------------------------- wiring
document.addEventListener("DOMContentLoaded", () => {
  for (const button of document.querySelectorAll("button.language")) {
    button.addEventListener("click", () => load(button.dataset.lang));
  }
  $("start-from").addEventListener("change", () => {
    state.start = $("start-from").value;
    state.setting = { ...designOf(state.start).setting };
    $("levers").replaceChildren(...state.setup.levers.map(drawLever));
  });
  $("reference").addEventListener("change", () => { state.reference = $("reference").value; });
  $("size").addEventListener("change", () => { state.size = $("size").value; });
  $("run").addEventListener("click", run);
  $("stop").addEventListener("click", () => send("/api/stop"));
  $("family-left").addEventListener("change", () => changeFamily("left", $("family-left").value));
  $("family-right").addEventListener("change", () => changeFamily("right", $("family-right").value));
  $("family-filter").addEventListener("change", () => changeFamily("filter", $("family-filter").value));
  $("family-another").addEventListener("click", () => changeFamily("id", null));
  $("open-button").addEventListener("click", openFolder);
  const lang = new URLSearchParams(location.search).get("lang");
  load(lang === "en" ? "en" : "nl");
});
