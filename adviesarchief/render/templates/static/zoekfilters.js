// The search page's filter panel: a group of checkboxes per filter, a year range, "Wis alle filters",
// and for a long list (hundreds of municipalities) a box that finds values as you type.
// The page's state is {filters: {name: [values]}, years: {van, tot}}; the panel only draws it,
// zoeken.js reads it back (readPanel) and owns the URL.

// Above this many values a group shows the chosen ones and the largest SHORT, and a box to find the others.
export const LONG = 15;
const SHORT = 10;
// At most this many values found by typing are shown at once.
const FOUND_MAX = 30;

const typed = new Map(); // filter name -> what the reader typed in its box (kept across redraws)

// Case and accents do not count when finding a value: "sudwest" finds "Súdwest-Fryslân".
const fold = (text) => text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
const idOf = (key, name) => `f-${key}-${name}`.replace(/[^A-Za-z0-9_-]/g, "_");

function option(key, name, label, checked) {
  const wrap = document.createElement("div");
  wrap.className = "filter-option";
  wrap.dataset.value = name;
  const box = document.createElement("input");
  box.type = "checkbox";
  box.name = key;
  box.value = name;
  box.id = idOf(key, name);
  box.checked = checked;
  const lab = document.createElement("label");
  lab.htmlFor = box.id;
  lab.textContent = label;
  wrap.append(box, lab);
  return wrap;
}

// Show the values of a long group that match what was typed (and always the chosen ones); say how many.
function narrow(fieldset, key, one, plural) {
  const query = fold(typed.get(key) || "");
  const options = [...fieldset.querySelectorAll(".filter-option")];
  let shown = 0;
  let matching = 0;
  for (const item of options) {
    const chosen = item.querySelector("input").checked;
    const matches = query ? fold(item.dataset.value).includes(query) : Number(item.dataset.rank) < SHORT;
    if (matches && !chosen) matching += 1;
    item.hidden = !(chosen || (matches && (!query || matching <= FOUND_MAX)));
    if (!item.hidden) shown += 1;
  }
  const count = fieldset.querySelector(".filter-find__count");
  if (!query) count.textContent = `${shown} van de ${options.length} ${plural} te zien. Typ om een andere te vinden.`;
  else if (!matching) count.textContent = `Geen ${plural} gevonden met "${typed.get(key)}".`;
  else if (matching > FOUND_MAX) count.textContent = `${matching} ${plural} gevonden; u ziet de eerste ${FOUND_MAX}. Typ meer letters.`;
  else count.textContent = `${matching} ${matching === 1 ? one : plural} gevonden.`;
}

function findBox(fieldset, key, one, plural) {
  // A labelled search box above the group; its count is a live region, so a screen reader hears it.
  const wrap = document.createElement("div");
  wrap.className = "filter-find";
  const lab = document.createElement("label");
  const input = document.createElement("input");
  input.type = "search";
  input.id = `f-${key}-zoek`;
  input.autocomplete = "off";
  input.value = typed.get(key) || "";
  lab.htmlFor = input.id;
  lab.textContent = `Zoek een ${one}`;
  const count = document.createElement("p");
  count.className = "filter-find__count muted";
  count.id = `f-${key}-aantal`;
  count.setAttribute("role", "status");
  input.setAttribute("aria-describedby", count.id);
  input.addEventListener("input", () => {
    typed.set(key, input.value);
    narrow(fieldset, key, one, plural);
  });
  // Enter in this box finds a value; it must not send the search form.
  input.addEventListener("keydown", (event) => { if (event.key === "Enter") event.preventDefault(); });
  wrap.append(lab, input, count);
  return wrap;
}

function yearRange(state, counts, unsearched) {
  // Two lists, "van" and "tot en met", instead of a box per year.
  const years = Object.keys(counts).sort();
  const fieldset = document.createElement("fieldset");
  fieldset.className = "filter-years";
  const legend = document.createElement("legend");
  legend.textContent = "Jaar";
  fieldset.append(legend);
  for (const [name, label, empty] of [["van", "Van", "het eerste jaar"], ["tot", "Tot en met", "het laatste jaar"]]) {
    const wrap = document.createElement("div");
    wrap.className = "filter-year";
    const lab = document.createElement("label");
    const select = document.createElement("select");
    select.name = name;
    select.id = `f-${name}`;
    lab.htmlFor = select.id;
    lab.textContent = label;
    const none = document.createElement("option");
    none.value = "";
    none.textContent = empty;
    select.append(none);
    for (const year of name === "van" ? years : [...years].reverse()) {
      const item = document.createElement("option");
      item.value = year;
      item.textContent = unsearched.has(year) ? `${year} (niet doorzocht)` : `${year} (${counts[year] ?? 0})`;
      select.append(item);
    }
    select.value = state.years[name] || "";
    wrap.append(lab, select);
    fieldset.append(wrap);
  }
  return fieldset;
}

// A paragraph that holds one button (the panel handles its clicks by the button's id).
function buttonLine(lineClass, id, text, buttonClass, hidden) {
  const line = document.createElement("p");
  line.className = lineClass;
  line.hidden = hidden;
  const button = document.createElement("button");
  button.type = "button";
  button.id = id;
  if (buttonClass) button.className = buttonClass;
  button.textContent = text;
  line.append(button);
  return line;
}

// Draw the panel. filters: [[name, label, plural]]; counts: {name: {value: count}} for the values to
// offer; note: what the counts are; searchedYears: the years a word search covered (others are
// marked as not searched; choosing one searches it).
export function drawPanel(box, state, { filters, counts, allYears, note, searchedYears = null }) {
  const focusedId = box.contains(document.activeElement) ? document.activeElement.id : null;
  box.querySelectorAll("fieldset, .filters-note, .filters-clear, .filters-done").forEach((part) => part.remove());
  // The year range counts as one choice.
  const chosen = Object.entries(state.filters).reduce((sum, [key, values]) => sum + (key === "jaar" ? 1 : values.length), 0);
  const explain = document.createElement("p");
  explain.className = "filters-note muted";
  explain.id = "filters-uitleg";
  explain.textContent = note;
  box.append(explain, buttonLine("filters-clear", "wis-filters", "Wis alle filters", "button-secondary", !chosen));
  for (const [key, label, plural] of filters) {
    if (key === "jaar") {
      const unsearched = new Set(searchedYears
        ? Object.keys(allYears).filter((year) => !searchedYears.has(Number(year))) : []);
      const years = { ...Object.fromEntries(Object.keys(allYears).map((y) => [y, 0])), ...(counts.jaar || {}) };
      if (Object.keys(years).length) box.append(yearRange(state, years, unsearched));
      continue;
    }
    const values = counts[key] || {};
    const selected = state.filters[key] || [];
    const names = [...new Set([...Object.keys(values).filter((n) => values[n] > 0), ...selected])]
      .sort((a, b) => a.localeCompare(b, "nl"));
    if (!names.length) continue;
    const fieldset = document.createElement("fieldset");
    const legend = document.createElement("legend");
    legend.textContent = label;
    fieldset.append(legend);
    const long = names.length > LONG;
    if (long) fieldset.append(findBox(fieldset, key, label.toLowerCase(), plural));
    // In a long list the values with most letters come first among those shown without typing.
    const rank = new Map([...names].sort((a, b) => (values[b] ?? 0) - (values[a] ?? 0)).map((n, i) => [n, i]));
    for (const name of names) {
      const item = option(key, name, `${name} (${values[name] ?? 0})`, selected.includes(name));
      item.dataset.rank = String(rank.get(name));
      fieldset.append(item);
    }
    box.append(fieldset);
    if (long) narrow(fieldset, key, label.toLowerCase(), plural);
  }
  // On a phone the results are below the whole panel: one tap takes the reader there (style.css
  // shows it only in the one-column layout).
  box.append(buttonLine("filters-done", "naar-resultaten", "Bekijk de resultaten", "", !chosen));
  box.hidden = !box.querySelector("fieldset");
  document.getElementById("filters-gekozen").textContent = chosen ? `(${chosen} gekozen)` : "";
  if (focusedId) document.getElementById(focusedId)?.focus();
}

// Forget what was typed in the find boxes ("Wis alle filters").
export function forgetTyped() {
  typed.clear();
}

// The choices in the panel: {filters, years}.
export function readPanel(box) {
  const filters = {};
  for (const item of box.querySelectorAll("input[type=checkbox]:checked")) (filters[item.name] ||= []).push(item.value);
  const years = {};
  for (const select of box.querySelectorAll(".filter-years select")) if (select.value) years[select.name] = select.value;
  return { filters, years };
}

// The years of a range {van, tot} among the archive's years (an open end runs to the first or last).
// A range without any of the archive's years keeps its first year, so that it finds nothing.
export function yearsIn(range, allYears) {
  if (!range.van && !range.tot) return [];
  const [low, high] = [range.van || "0", range.tot || "9999"].sort();
  const years = Object.keys(allYears).filter((year) => year >= low && year <= high).sort().reverse();
  return years.length ? years : [low];
}
