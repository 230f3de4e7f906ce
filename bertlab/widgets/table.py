"""노트북에 작은 표를 그리는 도우미(pandas 없이). 레슨 03, 04에서 사용.

``table(["열1", "열2"], rows)``를 셀의 마지막 줄에 두면 HTML 표로, ``print()``하면 글자 표로 보입니다.
"""

from __future__ import annotations

import html


def _format(value, digits: int, thousands: bool) -> str:
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    if isinstance(value, int) and not isinstance(value, bool) and thousands:
        return f"{value:,}"
    return str(value)


class Table:
    """머리줄과 행으로 된 표. 실수는 ``digits``자리까지, 정수는 ``thousands``면 천 단위 쉼표로(ID에는 끄세요)."""

    def __init__(self, headers, rows, title: str = "", digits: int = 3, thousands: bool = True):
        self.headers = [str(h) for h in headers]
        self.rows = [[_format(v, digits, thousands) for v in row] for row in rows]
        self.title = title

    def _repr_html_(self) -> str:
        head = "".join(f"<th>{html.escape(h)}</th>" for h in self.headers)
        body = "".join("<tr>" + "".join(f"<td>{html.escape(v)}</td>" for v in row) + "</tr>" for row in self.rows)
        title = f"<b>{html.escape(self.title)}</b>" if self.title else ""
        return f"{title}<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"

    def __repr__(self) -> str:
        widths = [max(len(x) for x in col) for col in zip(self.headers, *self.rows)]
        lines = [" | ".join(v.ljust(w) for v, w in zip(row, widths)) for row in [self.headers, *self.rows]]
        lines.insert(1, "-+-".join("-" * w for w in widths))
        return "\n".join(([self.title] if self.title else []) + lines)


def table(headers, rows, title: str = "", digits: int = 3, thousands: bool = True) -> Table:
    """``Table``을 만듭니다. 예: ``table(["토큰", "ID"], [("[CLS]", 101), ("[SEP]", 102)], thousands=False)``."""
    return Table(headers, rows, title, digits, thousands)
