// Line numbers beside the question-set text box, so that a problem's "line 17" can be found
// in it. An enhancement only: without this script the page still lists the source line by
// line, numbered, after a Check. The numbers are for the eye (aria-hidden): the text box is
// left as it is for the keyboard and screen readers, who have that numbered listing.
//
// A line that wraps in the box takes two or more rows, so its number must stand as tall as
// the line: each number shares a grid row with a hidden copy of its line, laid out in the
// text box's width and font, so the browser wraps both alike and nothing is measured per line.
// Only changed lines are touched on each input, so a 5,000-line file stays quick to type in.
(function () {
  "use strict";
  const box = document.querySelector("textarea[data-line-numbers]");
  if (!box || !window.ResizeObserver) return;

  const frame = document.createElement("div");
  frame.className = "numbered-source";
  const gutter = document.createElement("div");
  gutter.className = "line-gutter";
  gutter.setAttribute("aria-hidden", "true");
  box.parentNode.insertBefore(frame, box);
  frame.append(gutter, box);

  function copyLayout() {
    // The gutter's rows start and end where the box's text does, in its font and width.
    const style = getComputedStyle(box);
    const sum = (a, b) => `calc(${style[a]} + ${style[b]})`;
    for (const name of ["fontFamily", "fontSize", "fontWeight", "lineHeight", "letterSpacing",
                        "tabSize"]) {
      gutter.style[name] = style[name];
    }
    gutter.style.paddingTop = sum("paddingTop", "borderTopWidth");
    gutter.style.paddingBottom = sum("paddingBottom", "borderBottomWidth");
    const text = box.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    gutter.style.setProperty("--text-width", `${Math.max(text, 0)}px`);
    gutter.scrollTop = box.scrollTop;
  }

  // The lines numbered: as many as the parser reads (data-line-numbers), so that a
  // pasted file of 400,000 empty lines does not make 400,000 rows.
  const most = Number(box.dataset.lineNumbers) || Infinity;

  function number() {
    const lines = box.value.split("\n", most);
    const rows = gutter.children;
    for (let i = 0; i < lines.length; i += 1) {
      let row = rows[i];
      if (!row) { // rows come and go at the end only, so a row keeps its number
        row = document.createElement("div");
        row.className = "line";
        const label = document.createElement("span");
        label.className = "number";
        label.textContent = String(i + 1);
        const copy = document.createElement("span");
        copy.className = "copy";
        row.append(label, copy);
        gutter.append(row);
      }
      const text = lines[i] || "\u200b"; // an empty line is still a row
      if (row.lastChild.textContent !== text) row.lastChild.textContent = text;
    }
    while (rows.length > lines.length) gutter.lastChild.remove();
    frame.style.setProperty("--digits", Math.max(2, String(lines.length).length));
    gutter.scrollTop = box.scrollTop;
  }

  let queued = false;
  box.addEventListener("input", () => {
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => { queued = false; number(); });
  });
  box.addEventListener("scroll", () => { gutter.scrollTop = box.scrollTop; });
  new ResizeObserver(copyLayout).observe(box);
  number();
  copyLayout();
})();
