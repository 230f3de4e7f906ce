// bertlab 반 현황 페이지: api/board를 몇 초마다 다시 받아 격자와 요약표를 그립니다(새로 고침 없이).
// 학생 이름과 피드백은 학생이 만든 글이므로 언제나 textContent로만 넣습니다(innerHTML 없음).
"use strict";

(function () {
  const POLL_MS = 5000;
  const MARKS = { correct: "○", incorrect: "×", solution: "△", not_attempted: "·" };
  const RANK = { incorrect: 0, solution: 1, not_attempted: 2, correct: 3 };  // 문제 열로 정렬: 막힌 학생부터
  const state = {
    lesson: location.hash.slice(1) || document.querySelector('meta[name="bertlab-lesson"]').content,
    xsrf: document.querySelector('meta[name="bertlab-xsrf"]').content,
    sort: { key: "student", dir: 1 },
    board: null,
    timer: null,
  };

  function el(tag, options, children) {
    const node = document.createElement(tag);
    const opts = options || {};
    if (opts.text !== undefined) node.textContent = String(opts.text);
    if (opts.cls) node.className = opts.cls;
    if (opts.title) node.title = opts.title;
    if (opts.attrs) Object.entries(opts.attrs).forEach(([k, v]) => node.setAttribute(k, v));
    (children || []).forEach((child) => node.appendChild(child));
    return node;
  }

  function replace(id, children) {
    const target = document.getElementById(id);
    target.replaceChildren(...children);
    return target;
  }

  // "2026-12-01T10:05:03" -> 오늘이면 "10:05", 아니면 "12-01 10:05"
  function shortTime(value) {
    if (!value) return "";
    const [day, time] = value.split("T");
    const today = state.board ? state.board.generated.split("T")[0] : "";
    const hm = (time || "").slice(0, 5);
    return day === today ? hm : `${day.slice(5)} ${hm}`;
  }

  function fullTime(value) {
    return value ? value.replace("T", " ") : "-";
  }

  function sortRows(rows) {
    const { key, dir } = state.sort;
    const value = (row) => {
      if (key === "student") return row.student;
      if (key === "correct") return row.correct;
      if (key === "last") return row.last || "";
      const index = Number(key.slice(3));
      return RANK[row.cells[index].status] * 1e6 - (row.cells[index].attempts || 0);
    };
    return rows.slice().sort((a, b) => {
      const x = value(a), y = value(b);
      const order = typeof x === "number" ? x - y : String(x).localeCompare(String(y), "ko");
      return dir * order || a.student.localeCompare(b.student, "ko");
    });
  }

  function header(label, key, title, caption) {
    const th = el("th", { cls: "sortable", title: title || "눌러서 정렬" });
    th.dataset.sort = key;
    th.appendChild(el("span", { text: label }));
    if (state.sort.key === key) th.appendChild(el("span", { cls: "arrow", text: state.sort.dir > 0 ? "▲" : "▼" }));
    if (caption) th.appendChild(el("small", { cls: "caption", text: caption }));
    th.addEventListener("click", () => {
      state.sort = { key, dir: state.sort.key === key ? -state.sort.dir : 1 };
      drawGrid();
    });
    return th;
  }

  function cellTitle(cell, exercise, statuses) {
    const lines = [`q${exercise.index} ${exercise.title}: ${statuses[cell.status]}`];
    if (cell.attempts) lines.push(`확인 ${cell.attempts}회, 마지막 ${fullTime(cell.time)}`);
    if (cell.hints) lines.push(`힌트 ${cell.hints}개 봄`);
    if (cell.message) lines.push(`마지막 피드백: ${cell.message}`);
    return lines.join("\n");
  }

  function drawGrid() {
    const board = state.board;
    const heads = [header("학생", "student")];
    board.exercises.forEach((e, i) => heads.push(header(`q${e.index}`, `ex:${i}`, `${e.title} (눌러서 정렬: 막힌 학생부터)`, e.title)));
    heads.push(header("맞힘", "correct"), header("마지막 활동", "last"));
    const body = sortRows(board.grid).map((row) => {
      const cells = [el("td", { cls: "name", text: row.student })];
      row.cells.forEach((cell, i) => {
        const meta = [shortTime(cell.time), cell.attempts ? `${cell.attempts}회` : ""].filter(Boolean).join(" · ");
        const td = el("td", { cls: `cell status-${cell.status}`, title: cellTitle(cell, board.exercises[i], board.statuses) }, [
          el("span", { cls: "mark", text: MARKS[cell.status] }),
          el("span", { cls: "meta", text: meta || board.statuses[cell.status] }),
        ]);
        td.dataset.student = row.student;
        td.dataset.exercise = board.exercises[i].name;
        td.dataset.status = cell.status;
        td.dataset.attempts = cell.attempts;
        cells.push(td);
      });
      cells.push(el("td", { cls: "num", text: `${row.correct}/${row.cells.length}` }));
      cells.push(el("td", { cls: "when", text: shortTime(row.last) || "-" }));
      const tr = el("tr", { cls: row.readable ? "" : "unreadable" }, cells);
      tr.dataset.student = row.student;
      return tr;
    });
    const empty = board.grid.length ? [] : [el("tr", {}, [el("td", { cls: "empty", text: "아직 학생이 없습니다(학생이 한 번 로그인하면 보입니다)." })])];
    replace("grid", [el("thead", {}, [el("tr", {}, heads)]), el("tbody", {}, body.concat(empty))]);
  }

  function drawExercises() {
    const board = state.board;
    const total = board.grid.length || 1;
    const rows = board.exercises.map((e) => {
      const bar = el("div", { cls: "bar", title: Object.entries(e.counts).map(([s, n]) => `${board.statuses[s]} ${n}명`).join(", ") });
      Object.entries(e.counts).forEach(([status, n]) => {
        if (!n) return;
        const part = bar.appendChild(el("span", { cls: `status-${status}` }));
        part.style.width = `${(100 * n) / total}%`;  // CSSOM: CSP의 style-src 'self'에서도 허용
      });
      const messages = e.messages.length
        ? el("ol", { cls: "messages" }, e.messages.map((m) => el("li", {}, [el("span", { cls: "count", text: `${m.count}명` }), el("span", { text: m.text })])))
        : el("span", { cls: "empty", text: "지금 오답인 학생 없음" });
      const tr = el("tr", {}, [
        el("td", { cls: "name", text: `q${e.index}` }),
        el("td", { text: e.title }),
        el("td", { cls: "num", text: `${e.counts.correct}/${board.grid.length}명` }),
        el("td", {}, [bar]),
        el("td", {}, [messages]),
      ]);
      tr.dataset.exercise = e.name;
      return tr;
    });
    const head = ["문제", "제목", "맞힘", "상태", "자주 나온 피드백(지금 오답인 학생)"].map((t) => el("th", { text: t }));
    replace("exercises", [el("thead", {}, [el("tr", {}, head)]), el("tbody", {}, rows)]);
  }

  function drawStudents() {
    const board = state.board;
    const head = ["학생", "도달한 레슨", "연 레슨", "푼 문제", "마지막 활동", `레슨 ${board.lesson} 모은 노트북`].map((t) => el("th", { text: t }));
    const rows = board.students.map((s) => {
      let link = el("span", { cls: "empty", text: "아직 모으지 않음" });
      if (s.notebook) {
        const query = new URLSearchParams({ lesson: board.lesson, student: s.student });
        link = el("a", { text: "읽기 전용으로 열기", attrs: { href: `notebook?${query}`, target: "_blank", rel: "noopener" } });
      }
      const tr = el("tr", { cls: s.readable ? "" : "unreadable" }, [
        el("td", { cls: "name", text: s.student }),
        el("td", { cls: "num", text: s.reached || "-" }),
        el("td", { cls: "num", text: `${s.lessons}개` }),
        el("td", { cls: "num", text: `${s.done}/${s.total}` }),
        el("td", { cls: "when", text: shortTime(s.last) || "-" }),
        el("td", {}, [link]),
      ]);
      tr.dataset.student = s.student;
      return tr;
    });
    replace("students", [el("thead", {}, [el("tr", {}, head)]), el("tbody", {}, rows)]);
  }

  function drawGrades() {
    const grades = state.board.grades;
    if (!grades) {
      document.getElementById("grades-note").textContent = "아직 성적표가 없습니다. python -m bertlab grade … --out 성적표 폴더/grades_NN.csv 로 채점하면 여기에 보입니다.";
      replace("grades", []);
      return;
    }
    document.getElementById("grades-note").textContent = `${grades.file} (${fullTime(grades.modified)}에 씀, ${grades.rows.length}명)`;
    const head = grades.header.map((t) => el("th", { text: t }));
    const rows = grades.rows.map((row) => el("tr", {}, row.map((v, i) => el("td", { cls: i === 0 ? "name" : "", text: v }))));
    replace("grades", [el("thead", {}, [el("tr", {}, head)]), el("tbody", {}, rows)]);
  }

  function drawPicker() {
    const picker = document.getElementById("lesson-picker");
    if (document.activeElement === picker && picker.options.length) return;  // 강사가 고르는 중에는 목록을 바꾸지 않음
    const options = state.board.lessons.map((l) => {
      const option = el("option", { text: `${l.label} · ${l.reached}명 열람 · 맞힌 칸 ${l.solved}/${l.cells}`, attrs: { value: l.id } });
      option.selected = l.id === state.board.lesson;
      return option;
    });
    picker.replaceChildren(...options);
  }

  function drawLegend() {
    const items = Object.entries(state.board.statuses).map(([status, name]) =>
      el("li", {}, [el("span", { cls: `swatch status-${status}`, text: MARKS[status] }), el("span", { text: name })]));
    replace("legend", items);
  }

  function drawLinks() {
    document.querySelectorAll("a.csv").forEach((a) => {
      a.href = `csv/${a.dataset.table}?${new URLSearchParams({ lesson: state.board.lesson })}`;
    });
  }

  function draw() {
    drawPicker();
    drawLegend();
    drawGrid();
    drawExercises();
    drawStudents();
    drawGrades();
    drawLinks();
    document.body.dataset.generated = state.board.generated;
    document.body.dataset.lesson = state.board.lesson;
  }

  function showStatus(text, stale) {
    const node = document.getElementById("updated");
    node.textContent = text;
    node.className = stale ? "stale" : "";
  }

  async function poll() {
    clearTimeout(state.timer);
    try {
      const reply = await fetch(`api/board?${new URLSearchParams({ lesson: state.lesson })}`, {
        headers: { "X-XSRFToken": state.xsrf, Accept: "application/json" },
        credentials: "same-origin",
        cache: "no-store",
      });
      const data = await reply.json();
      if (!reply.ok) throw new Error(data.message || `HTTP ${reply.status}`);
      state.board = data;
      state.lesson = data.lesson;
      draw();
      showStatus(`${shortTime(data.generated)} 갱신 · 학생 ${data.grid.length}명 · ${POLL_MS / 1000}초마다 새로 받음`, false);
    } catch (error) {
      showStatus(`새 진도를 받지 못했습니다(${error.message}). 계속 다시 시도합니다.`, true);
    }
    state.timer = setTimeout(poll, POLL_MS);
  }

  document.getElementById("lesson-picker").addEventListener("change", (event) => {
    state.lesson = event.target.value;
    history.replaceState(null, "", `#${state.lesson}`);
    state.sort = { key: "student", dir: 1 };
    poll();
  });

  poll();
})();
