"""The geometry of the impact page's charts, drawn as SVG by templates/programmes/includes/charts/.

Charts are rendered on the server: no JavaScript, no chart library, nothing the Content Security Policy
would have to allow (colours come from classes in portal.css, never from style attributes). Each
function here turns figures of programmes.indicators into shapes with coordinates in a fixed viewBox;
the SVG scales to the width of the page. Every chart is paired on the page with a table of the same
figures and a CSV download, which are what screen readers and spreadsheets use.
"""

from dataclasses import dataclass, field

WIDTH = 720  # the viewBox width of every chart


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    x: float
    y: float
    width: float
    height: float
    inner_width: float = 0  # a darker part of a horizontal bar (the funnel's "now at this stage")
    text: str = ""  # written at (text_x, text_y): the value, or more
    label_x: float = 0
    label_y: float = 0
    text_x: float = 0
    text_y: float = 0


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    bars: list = field(default_factory=list)
    nodes: list = field(default_factory=list)
    links: list = field(default_factory=list)
    baseline: float = 0


def funnel(pipeline) -> Chart:
    """The adoption pipeline as horizontal bars, one per stage: the length is how many adoptions
    reached the stage (or a later one); the darker part, how many are at it now."""
    row, label_width, gap = 40, 150, 8
    most = max((stage.reached for stage in pipeline.stages), default=0) or 1
    span = WIDTH - label_width - 60
    bars = [
        Bar(
            label=str(stage.label),
            value=stage.reached,
            x=label_width,
            y=index * row + gap / 2,
            width=round(span * stage.reached / most, 1),
            height=row - gap,
            inner_width=round(span * stage.now / most, 1),
            text=str(stage.reached),
            label_x=label_width - 10,
            label_y=index * row + row / 2 + 5,
            text_x=round(label_width + span * stage.reached / most + 6, 1),
            text_y=index * row + row / 2 + 5,
        )
        for index, stage in enumerate(pipeline.stages)
    ]
    return Chart(width=WIDTH, height=row * len(bars), bars=bars)


def columns(items, top_margin=24, height=220) -> Chart:
    """Vertical bars for [(label, value, text)], e.g. participants per year; `text` is written above
    each bar (the value, or more)."""
    items = list(items)
    bottom = top_margin + height
    most = max((value for _label, value, _text in items), default=0) or 1
    slot = (WIDTH - 40) / max(len(items), 1)
    bar_width = min(slot * 0.7, 80)
    bars = []
    for index, (label, value, text) in enumerate(items):
        bar_height = round(height * value / most, 1)
        x = round(20 + index * slot + (slot - bar_width) / 2, 1)
        bars.append(
            Bar(
                label=str(label),
                value=value,
                x=x,
                y=round(bottom - bar_height, 1),
                width=round(bar_width, 1),
                height=bar_height,
                text=text,
                label_x=round(x + bar_width / 2, 1),
                label_y=bottom + 20,
                text_x=round(x + bar_width / 2, 1),
                text_y=round(bottom - bar_height - 6, 1),
            )
        )
    return Chart(width=WIDTH, height=bottom + 28, bars=bars, baseline=bottom)


@dataclass(frozen=True)
class Node:
    label: str
    total: int
    x: float
    y: float
    height: float
    side: str  # "origin" or "adopting"

    @property
    def label_x(self):
        return self.x - 6 if self.side == "origin" else self.x + 20

    @property
    def label_y(self):
        return round(self.y + self.height / 2 + 5, 1)

    @property
    def anchor(self):
        return "end" if self.side == "origin" else "start"


@dataclass(frozen=True)
class Link:
    origin: str
    adopting: str
    value: int
    path: str  # an SVG path: a band from the origin's node to the adopting node
    title: str = ""


def flow_diagram(flows, label=str, title_format="{origin} → {adopting}: {value}") -> Chart:
    """Knowledge flows as a two-column Sankey diagram: origins on the left, adopters on the right, a
    band between them as wide as the number of adoptions. `flows` are programmes.indicators.Flow;
    `label` names a place (a Country or a CountryGroup)."""
    flows = [flow for flow in flows if flow.total]
    node_width, gap, scale_height, left, right = 14, 10, 320, 190, WIDTH - 190
    origins, adopting = {}, {}
    for flow in flows:
        origins[flow.origin] = origins.get(flow.origin, 0) + flow.total
        adopting[flow.adopting] = adopting.get(flow.adopting, 0) + flow.total
    total = sum(origins.values()) or 1
    unit = scale_height / total

    def place(totals, x, side):
        nodes, y = {}, 0.0
        for place_, amount in sorted(totals.items(), key=lambda item: (-item[1], label(item[0]))):
            nodes[place_] = Node(label(place_), amount, x, round(y, 1), round(amount * unit, 1), side)
            y += amount * unit + gap
        return nodes

    left_nodes = place(origins, left - node_width, "origin")
    right_nodes = place(adopting, right, "adopting")
    out_offset = dict.fromkeys(left_nodes, 0.0)
    in_offset = dict.fromkeys(right_nodes, 0.0)
    links = []
    for flow in sorted(flows, key=lambda f: (label(f.origin), label(f.adopting))):
        thickness = flow.total * unit
        source, target = left_nodes[flow.origin], right_nodes[flow.adopting]
        y0 = source.y + out_offset[flow.origin]
        y1 = target.y + in_offset[flow.adopting]
        out_offset[flow.origin] += thickness
        in_offset[flow.adopting] += thickness
        middle = (left + right) / 2
        path = (
            f"M{left},{y0:.1f} C{middle},{y0:.1f} {middle},{y1:.1f} {right},{y1:.1f} "
            f"L{right},{y1 + thickness:.1f} C{middle},{y1 + thickness:.1f} {middle},{y0 + thickness:.1f} "
            f"{left},{y0 + thickness:.1f} Z"
        )
        origin_label, adopting_label = label(flow.origin), label(flow.adopting)
        links.append(
            Link(
                origin=origin_label,
                adopting=adopting_label,
                value=flow.total,
                path=path,
                title=title_format.format(origin=origin_label, adopting=adopting_label, value=flow.total),
            )
        )
    nodes = [*left_nodes.values(), *right_nodes.values()]
    height = max((node.y + node.height for node in nodes), default=0)
    return Chart(width=WIDTH, height=round(height + 4, 1), nodes=nodes, links=links)
