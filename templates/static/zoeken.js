// Search page: Pagefind's JS API with the whole state (query, filters, sort, count) in the URL.
const FILTERS = [
  ["gemeente", "Gemeente"],
  ["onderwerp", "Onderwerp"],
  ["soort", "Soort document"],
  ["jaar", "Jaar"],
  ["uitkomst", "Uitkomst"],
];
const PAGE_SIZE = 20;
const SORTS = { nieuw: { datum: "desc" }, oud: { datum: "asc" } };

const root = document.getElementById("zoeken");
const form = root.querySelector("form");
const input = document.getElementById("zoekterm");
const sortSelect = document.getElementById("sort");
const filtersBox = document.getElementById("filters");
const status = document.getElementById("zoek-status");
const list = document.getElementById("zoek-resultaten");
const more = document.getElementById("meer");

let pagefind = null;
let current = null; // the last search result set
let runId = 0;

function readState() {
  const params = new URLSearchParams(location.search);
  const filters = {};
  for (const [key] of FILTERS) {
    const values = params.getAll(key).filter(Boolean);
    if (values.length) filters[key] = values;
  }
  const shown = parseInt(params.get("n") || "", 10);
  return {
    q: (params.get("q") || "").trim(),
    filters,
    sort: SORTS[params.get("sort")] ? params.get("sort") : "",
    n: Number.isFinite(shown) && shown > 0 ? Math.ceil(shown / PAGE_SIZE) * PAGE_SIZE : PAGE_SIZE,
  };
}

function writeState(state, push) {
  const params = new URLSearchParams();
  if (state.q) params.set("q", state.q);
  for (const [key] of FILTERS) for (const value of state.filters[key] || []) params.append(key, value);
  if (state.sort) params.set("sort", state.sort);
  if (state.n > PAGE_SIZE) params.set("n", String(state.n));
  const url = location.pathname + (params.toString() ? "?" + params : "");
  if (url !== location.pathname + location.search) history[push ? "pushState" : "replaceState"](null, "", url);
}

function stateFromForm(previous) {
  const filters = {};
  for (const box of filtersBox.querySelectorAll("input[type=checkbox]:checked")) {
    (filters[box.name] ||= []).push(box.value);
  }
  return { q: input.value.trim(), filters, sort: sortSelect.value, n: previous ? previous.n : PAGE_SIZE };
}

function pagefindFilters(filters) {
  // Values within one filter combine with OR; different filters combine with AND.
  const out = {};
  for (const [key, values] of Object.entries(filters)) out[key] = { any: values };
  return out;
}

function textOfExcerpt(excerpt) {
  // Rebuild Pagefind's excerpt from text and <mark> only, never as raw HTML.
  const fragment = document.createDocumentFragment();
  const parsed = new DOMParser().parseFromString(`<p>${excerpt}</p>`, "text/html").body.firstChild;
  for (const node of parsed.childNodes) {
    if (node.nodeName === "MARK") {
      const mark = document.createElement("mark");
      mark.textContent = node.textContent;
      fragment.append(mark);
    } else {
      fragment.append(document.createTextNode(node.textContent));
    }
  }
  return fragment;
}

function formatDate(iso) {
  const months = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
    "september", "oktober", "november", "december"];
  const [y, m, d] = (iso || "").split("-").map(Number);
  return y ? `${d} ${months[m - 1]} ${y}` : "";
}

function renderFilters(state, counts) {
  filtersBox.querySelectorAll("fieldset").forEach((f) => f.remove());
  for (const [key, label] of FILTERS) {
    const values = counts[key] || {};
    const names = Object.keys(values).sort((a, b) =>
      key === "jaar" ? b.localeCompare(a) : a.localeCompare(b, "nl"));
    const selected = state.filters[key] || [];
    if (!names.length && !selected.length) continue;
    const fieldset = document.createElement("fieldset");
    const legend = document.createElement("legend");
    legend.textContent = label;
    fieldset.append(legend);
    for (const name of new Set([...names, ...selected])) {
      const id = `f-${key}-${name}`.replace(/[^A-Za-z0-9_-]/g, "_");
      const wrap = document.createElement("div");
      wrap.className = "filter-option";
      const box = document.createElement("input");
      box.type = "checkbox";
      box.name = key;
      box.value = name;
      box.id = id;
      box.checked = selected.includes(name);
      const lab = document.createElement("label");
      lab.htmlFor = id;
      lab.textContent = `${name} (${values[name] ?? 0})`;
      wrap.append(box, lab);
      fieldset.append(wrap);
    }
    filtersBox.append(fieldset);
  }
  filtersBox.hidden = !filtersBox.querySelector("fieldset");
}

function renderResult(data) {
  const item = document.createElement("li");
  item.className = "search-result";
  const heading = document.createElement("h2");
  const link = document.createElement("a");
  link.href = data.url;
  link.textContent = data.meta.title || data.url;
  heading.append(link);
  const meta = document.createElement("p");
  meta.className = "search-result__meta";
  meta.textContent = [data.meta.soort, data.meta.gemeente, formatDate(data.meta.datum)].filter(Boolean).join(" · ");
  const excerpt = document.createElement("p");
  excerpt.className = "search-result__excerpt";
  excerpt.append(textOfExcerpt(data.excerpt || ""));
  item.append(heading, meta, excerpt);
  return item;
}

async function show(state) {
  const id = ++runId;
  input.value = state.q;
  sortSelect.value = state.sort;
  list.replaceChildren();
  more.hidden = true;
  if (!state.q) {
    // An empty query would download the whole index; point to the static listings instead.
    filtersBox.hidden = true;
    document.getElementById("sortering").hidden = true;
    status.textContent = "Typ een zoekwoord. U kunt ook bladeren per gemeente of per onderwerp.";
    return;
  }
  status.textContent = "Bezig met zoeken…";
  const search = await pagefind.debouncedSearch(state.q, {
    filters: pagefindFilters(state.filters),
    sort: SORTS[state.sort] || undefined,
  }, 150);
  if (search === null || id !== runId) return;
  current = search;
  renderFilters(state, search.filters || {});
  document.getElementById("sortering").hidden = false;
  const total = search.results.length;
  status.textContent = total === 0
    ? `Geen resultaten voor "${state.q}".`
    : `${total} ${total === 1 ? "resultaat" : "resultaten"} voor "${state.q}".`;
  const datas = await Promise.all(search.results.slice(0, state.n).map((r) => r.data()));
  if (id !== runId) return;
  list.replaceChildren(...datas.map(renderResult));
  more.hidden = total <= state.n;
}

async function start() {
  pagefind = await import(root.dataset.pagefind + "pagefind.js");
  await pagefind.options({ baseUrl: root.dataset.base });
  await pagefind.init();
  await pagefind.filters(); // load the filter chunks so that every search reports counts
  let state = readState();
  await show(state);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    state = { ...stateFromForm(null), n: PAGE_SIZE };
    writeState(state, true);
    show(state);
  });
  filtersBox.addEventListener("change", () => {
    state = { ...stateFromForm(state), n: PAGE_SIZE };
    writeState(state, true);
    show(state);
  });
  sortSelect.addEventListener("change", () => {
    state = { ...stateFromForm(state), n: PAGE_SIZE };
    writeState(state, true);
    show(state);
  });
  more.addEventListener("click", async () => {
    const first = state.n;
    state = { ...state, n: state.n + PAGE_SIZE };
    writeState(state, false);
    const datas = await Promise.all(current.results.slice(first, state.n).map((r) => r.data()));
    list.append(...datas.map(renderResult));
    more.hidden = current.results.length <= state.n;
    list.children[first]?.querySelector("a")?.focus();
  });
  window.addEventListener("popstate", () => {
    state = readState();
    show(state);
  });
}

start().catch((error) => {
  status.textContent = "Zoeken werkt op dit moment niet. Probeer het later opnieuw.";
  console.error(error);
});
