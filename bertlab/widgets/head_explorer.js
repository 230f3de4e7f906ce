// bertlab 헤드 탐색기(레슨 06). bertlab/widgets/head_explorer.py가 __PAYLOAD__ 자리에 데이터를 넣습니다.
// 라이브러리 없이 동작합니다: 슬라이더가 바뀌면 미리 그려 둔 SVG 칸의 진하기(fill-opacity)만 바꿉니다.
(function () {
  const P = __PAYLOAD__;
  const root = document.getElementById(P.root);
  if (!root) { return; }
  const T = P.tokens.length, H = P.heads;
  const raw = atob(P.probs);
  const q = new Uint8Array(raw.length);
  for (let k = 0; k < raw.length; k++) { q[k] = raw.charCodeAt(k); }

  const $ = (sel) => root.querySelector(sel);
  const cells = root.querySelectorAll("rect.bx-cell");
  const layerInput = $("input.bx-layer"), headInput = $("input.bx-head");
  const layerOut = $(".bx-layer-value"), headOut = $(".bx-head-value");
  const summary = $(".bx-summary"), hover = $(".bx-hover");
  const typeCells = root.querySelectorAll(".bx-type");

  function weight(l, h, i, j) { return q[((l * H + h) * T + i) * T + j] / 255; }

  function draw() {
    const started = performance.now();
    const l = +layerInput.value, h = +headInput.value;
    for (let k = 0; k < cells.length; k++) {
      const i = Math.floor(k / T), j = k % T;
      cells[k].setAttribute("fill-opacity", weight(l, h, i, j).toFixed(3));
    }
    layerOut.textContent = l;
    headOut.textContent = h;
    summary.textContent = P.descriptions[l][h];
    typeCells.forEach((c) => c.classList.toggle("bx-current", +c.dataset.layer === l && +c.dataset.head === h));
    root.dataset.layer = l;
    root.dataset.head = h;
    root.dataset.updates = (+(root.dataset.updates || 0) + 1).toString();
    root.dataset.lastUpdateMs = (performance.now() - started).toFixed(3);
  }

  layerInput.addEventListener("input", draw);
  headInput.addEventListener("input", draw);
  typeCells.forEach((c) => c.addEventListener("click", () => {
    layerInput.value = c.dataset.layer;
    headInput.value = c.dataset.head;
    draw();
  }));
  $("svg.bx-heatmap").addEventListener("mouseover", (event) => {
    const d = event.target.dataset;
    if (d.i === undefined) { return; }
    const w = weight(+layerInput.value, +headInput.value, +d.i, +d.j);
    hover.textContent = `'${P.tokens[+d.i]}'(쿼리) → '${P.tokens[+d.j]}'(키): ${w.toFixed(2)}`;
  });

  draw();
  const note = $(".bertlab-trust-note");
  if (note) { note.remove(); }
  root.dataset.rendered = "1";
})();
