// Presenting mode of a presentatie (templates/kinds/presentatie.astro), on top of the page of
// slides that works without it: one slide at a time, full screen where the browser allows it,
// the slide's number in the address (#dia-4), and a presenter view with the speaker notes.
// Keys: → ↓ PageDown space next, ← ↑ PageUp shift+space previous, Home/End, S speaker notes, Esc stop.
(() => {
  const deck = document.querySelector("[data-dias]");
  const start = document.querySelector("[data-presenteren]");
  if (!deck || !start) return;
  const slides = [...deck.querySelectorAll(":scope > .dia")];
  const root = document.documentElement;
  let current = 0;
  let ui;

  start.closest("[hidden]")?.removeAttribute("hidden");
  start.addEventListener("click", () => enter(slideInAddress() ?? 0));

  function slideInAddress() {
    const match = /^#dia-(\d+)$/.exec(location.hash);
    const index = match ? Number(match[1]) - 1 : -1;
    return index >= 0 && index < slides.length ? index : undefined;
  }

  function titleOf(slide) {
    return slide.querySelector("h1, h2")?.textContent.trim() ?? "";
  }

  function button(label, action, shortcut) {
    const element = document.createElement("button");
    element.type = "button";
    element.textContent = label;
    if (shortcut) element.setAttribute("aria-keyshortcuts", shortcut);
    element.addEventListener("click", action);
    return element;
  }

  function enter(index) {
    // Everything but the deck and its controls is out of reach while presenting, for the keyboard
    // and for screen readers alike; leaving gives it all back.
    const inert = [];
    for (let element = deck; element.parentElement; element = element.parentElement) {
      for (const sibling of element.parentElement.children) {
        if (sibling !== element && !sibling.inert) {
          sibling.inert = true;
          inert.push(sibling);
        }
      }
    }
    const bar = document.createElement("div");
    bar.className = "dias-bediening";
    const status = document.createElement("p");
    status.className = "dias-positie";
    const notes = button("Spreektekst", () => togglePresenter(), "S");
    notes.setAttribute("aria-pressed", "false");
    bar.append(status, button("Vorige dia", () => show(current - 1), "ArrowLeft"), button("Volgende dia", () => show(current + 1), "ArrowRight"), notes, button("Stoppen", leave, "Escape"));
    const panel = document.createElement("aside");
    panel.className = "dias-spreektekst";
    panel.setAttribute("aria-label", "Spreektekst");
    panel.hidden = true;
    document.body.append(panel, bar);
    ui = { inert, bar, status, notes, panel };
    root.classList.add("presenterend");
    slides.forEach((slide, i) => {
      slide.tabIndex = -1;
      slide.setAttribute("aria-label", `Dia ${i + 1} van ${slides.length}: ${titleOf(slide)}`);
    });
    document.addEventListener("keydown", onKey);
    document.addEventListener("fullscreenchange", onFullscreen);
    window.addEventListener("hashchange", onAddress);
    show(index);
    // Full screen only where the browser grants it; presenting works in the window as well.
    root.requestFullscreen?.().catch(() => undefined);
  }

  function leave() {
    if (!ui) return;
    document.removeEventListener("keydown", onKey);
    document.removeEventListener("fullscreenchange", onFullscreen);
    window.removeEventListener("hashchange", onAddress);
    for (const element of ui.inert) element.inert = false;
    ui.bar.remove();
    ui.panel.remove();
    ui = undefined;
    root.classList.remove("presenterend", "presentator");
    for (const slide of slides) {
      slide.hidden = false;
      slide.removeAttribute("tabindex");
      slide.removeAttribute("aria-label");
    }
    if (document.fullscreenElement) document.exitFullscreen().catch(() => undefined);
    slides[current].scrollIntoView();
    start.focus({ preventScroll: true });
  }

  function show(index) {
    current = Math.max(0, Math.min(slides.length - 1, index));
    slides.forEach((slide, i) => (slide.hidden = i !== current));
    history.replaceState(null, "", `#dia-${current + 1}`);
    ui.status.textContent = `Dia ${current + 1} van ${slides.length}`;
    fillNotes();
    slides[current].focus({ preventScroll: true });
  }

  function togglePresenter() {
    const on = root.classList.toggle("presentator");
    ui.notes.setAttribute("aria-pressed", String(on));
    ui.panel.hidden = !on;
  }

  // The presenter view: the notes of this slide (from their inert <template>) and what comes next.
  function fillNotes() {
    const heading = document.createElement("h2");
    heading.textContent = `Spreektekst bij dia ${current + 1}`;
    const templates = slides[current].querySelectorAll("template.spreektekst");
    const body = templates.length > 0 ? [...templates].map((t) => t.content.cloneNode(true)) : [Object.assign(document.createElement("p"), { textContent: "Geen spreektekst bij deze dia." })];
    const next = document.createElement("p");
    next.className = "dias-volgende";
    next.textContent = current + 1 < slides.length ? `Hierna: ${titleOf(slides[current + 1])}` : "Dit is de laatste dia.";
    ui.panel.replaceChildren(heading, ...body, next);
  }

  function onKey(event) {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    // Space and Enter on a control are the control's.
    if ((event.key === " " || event.key === "Enter") && event.target.closest?.("button, a, summary")) return;
    const step = { ArrowRight: 1, ArrowDown: 1, PageDown: 1, ArrowLeft: -1, ArrowUp: -1, PageUp: -1, " ": event.shiftKey ? -1 : 1 }[event.key];
    if (step) show(current + step);
    else if (event.key === "Home") show(0);
    else if (event.key === "End") show(slides.length - 1);
    else if (event.key === "Escape") leave();
    else if (event.key === "s" || event.key === "S") togglePresenter();
    else return;
    event.preventDefault();
  }

  // Esc in full screen is the browser's: it leaves full screen, and presenting ends with it.
  function onFullscreen() {
    if (!document.fullscreenElement) leave();
  }

  function onAddress() {
    const index = slideInAddress();
    if (index !== undefined && index !== current) show(index);
  }
})();
