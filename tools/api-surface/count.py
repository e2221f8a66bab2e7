#!/usr/bin/env python3
"""Counts the public API items of the official aws-sdk-novaact crate that nova-act-sdk lacks
or types differently, from rustdoc's JSON output of both (nightly toolchain).

    python3 tools/api-surface/count.py            # builds both JSON files, prints the figures
    python3 tools/api-surface/count.py --list     # also lists every missing or differing item

An item is named by its public path inside the crate (`operation::create_act::CreateActError`,
`types::SortOrder::Asc`), a struct field or an inherent method by the type's path and its
name (`types::ActSummary::act_id`), a trait implementation by the type and the trait's last
path segment (`types::SortOrder impl FromStr`). A method "differs" when its signature, with
crate and module paths reduced to their last segment, is not the same text.
"""

import argparse
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OURS = ("nova-act-sdk", "nova_act_sdk")
OFFICIAL = ("aws-sdk-novaact@1.29.0", "aws_sdk_novaact")


def rustdoc_json(package, crate):
    target = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
    subprocess.run(
        ["cargo", "+nightly", "rustdoc", "--quiet", "-p", package, "--lib", "--",
         "-Z", "unstable-options", "--output-format", "json"],
        cwd=ROOT, check=True)
    with open(os.path.join(target, "doc", f"{crate}.json")) as f:
        return json.load(f)


def type_text(ty):
    """A signature type as text, paths reduced to their last segment."""
    if ty is None:
        return "()"
    if not isinstance(ty, dict):
        return str(ty)
    (kind, value), = ty.items()
    if kind == "resolved_path":
        name = value.get("path", value.get("name", "?")).split("::")[-1]
        args = value.get("args") or {}
        inner = []
        for a in (args.get("angle_bracketed") or {}).get("args", []):
            if isinstance(a, dict) and "type" in a:
                inner.append(type_text(a["type"]))
        return name + (f"<{', '.join(inner)}>" if inner else "")
    if kind == "borrowed_ref":
        return "&" + ("mut " if value.get("is_mutable") else "") + type_text(value["type"])
    if kind == "slice":
        return f"[{type_text(value)}]"
    if kind == "primitive":
        return value
    if kind == "generic":
        return value
    if kind == "tuple":
        return "(" + ", ".join(type_text(t) for t in value) + ")"
    if kind == "impl_trait":
        bounds = []
        for b in value:
            tb = b.get("trait_bound") if isinstance(b, dict) else None
            if tb:
                bounds.append(type_text({"resolved_path": tb["trait"]}))
        return "impl " + " + ".join(bounds)
    if kind == "qualified_path":
        return value.get("name", "?")
    return kind


def surface(doc):
    """The set of item names and a map of method names to signatures."""
    index = doc["index"]
    names = set()
    signatures = {}
    for item_id, summary in doc["paths"].items():
        if summary.get("crate_id") != 0:
            continue
        item = index.get(item_id)
        if item is None or item.get("visibility") != "public":
            continue
        path = "::".join(summary["path"][1:])
        kind = summary["kind"]
        names.add(path)
        inner = item["inner"]
        body = inner.get("struct") or inner.get("enum") or inner.get("union")
        if not body:
            continue
        if "enum" in inner:
            for v in inner["enum"].get("variants", []):
                names.add(f"{path}::{index[str(v)]['name']}")
        fields = (inner.get("struct") or {}).get("kind", {})
        if isinstance(fields, dict) and "plain" in fields:
            for f in fields["plain"].get("fields", []):
                field = index.get(str(f))
                if field and field.get("visibility") == "public":
                    names.add(f"{path}.{field['name']}")
        for impl_id in body.get("impls", []):
            impl = index[str(impl_id)]["inner"]["impl"]
            if impl.get("is_synthetic") or impl.get("blanket_impl"):
                continue
            trait = impl.get("trait")
            if trait:
                names.add(f"{path} impl {trait['path'].split('::')[-1]}")
                continue
            for m in impl.get("items", []):
                method = index[str(m)]
                if method.get("visibility") != "public" or "function" not in method["inner"]:
                    continue
                sig = method["inner"]["function"]["sig"]
                params = ", ".join(type_text(t) for _, t in sig["inputs"])
                text = f"({params}) -> {type_text(sig.get('output'))}"
                name = f"{path}::{method['name']}()"
                names.add(name)
                signatures[name] = text
    return names, signatures


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--list", action="store_true", help="list the items too")
    args = parser.parse_args()
    ours_names, ours_sigs = surface(rustdoc_json(*OURS))
    official_names, official_sigs = surface(rustdoc_json(*OFFICIAL))
    missing = sorted(official_names - ours_names)
    differing = sorted(n for n in official_sigs
                       if n in ours_sigs and official_sigs[n] != ours_sigs[n])
    print(f"official public items: {len(official_names)}")
    print(f"missing in nova-act-sdk: {len(missing)}")
    print(f"typed differently: {len(differing)}")
    if args.list:
        for name in missing:
            print(f"missing  {name}")
        for name in differing:
            print(f"differs  {name}: official {official_sigs[name]}, ours {ours_sigs[name]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
