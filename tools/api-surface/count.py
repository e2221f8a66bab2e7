#!/usr/bin/env python3
"""Counts the public API items of the official aws-sdk-novaact crate that nova-act-sdk lacks
or types differently, from rustdoc's JSON output of both (nightly toolchain).

    python3 tools/api-surface/count.py            # builds both JSON files, prints the figures
    python3 tools/api-surface/count.py --list     # also lists every missing or differing item

An item is named by its public path inside the crate (`operation::create_act::CreateActError`,
`types::SortOrder::Asc`), a struct field or an inherent method by the type's path and its
name (`types::ActSummary::act_id`), a trait implementation by the type and the trait's last
path segment (`types::SortOrder impl FromStr`). A method "differs" when its signature, with
crate and module paths reduced to their last segment, is not the same text (a setter taking
`impl Into<T>` where the official one takes `T` counts as differing, though calls compile).

An alias counts with its target's members and methods (all the target's impls, whatever
their generic parameters), for targets in the crate itself or in `restjson-runtime` (our
`Config` and `config::Builder` alias `restjson_runtime::config` types).
"""

import argparse
import json
import os
import subprocess

import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OURS = ("nova-act-sdk", "nova_act_sdk")
RUNTIME = ("restjson-runtime", "restjson_runtime")
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
    if kind == "dyn_trait":
        return "dyn"
    if kind == "resolved_path":
        name = value.get("path", value.get("name", "?")).split("::")[-1]
        if name == "BoxError":  # the alias of Box<dyn Error + Send + Sync>
            return "Box<dyn>"
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


def surface(doc, externals=()):
    """The set of public item names, found by walking the crate's modules from its root
    through `pub use` re-exports, and a map of inherent method names to signatures.
    `externals` are the rustdoc JSON files of crates whose types the crate aliases."""
    root_index = doc["index"]
    names = set()
    signatures = {}
    seen = set()
    by_path = {}
    for external in externals:
        for item_id, summary in external["paths"].items():
            if summary.get("crate_id") == 0:
                by_path[tuple(summary["path"])] = (external["index"], item_id)

    def add_type(path, item, index=root_index):
        inner = item["inner"]
        alias = inner.get("type_alias")
        if alias:
            # An alias has its target's members and methods, in this crate or another.
            target = (alias.get("type") or {}).get("resolved_path") or {}
            aliased = index.get(str(target.get("id")))
            if aliased is not None and aliased is not item:
                add_type(path, aliased, index)
            elif index is root_index:
                summary = doc["paths"].get(str(target.get("id")))
                found = summary and by_path.get(tuple(summary["path"]))
                if found:
                    add_type(path, found[0][found[1]], found[0])
            return
        body = inner.get("struct") or inner.get("enum") or inner.get("union")
        if not body:
            return
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

    index = root_index

    def walk(module_id, prefix):
        if (module_id, prefix) in seen:
            return
        seen.add((module_id, prefix))
        module = index[str(module_id)]["inner"]["module"]
        for item_id in module["items"]:
            item = index.get(str(item_id))
            if item is None:
                continue
            if "use" in item["inner"]:
                use = item["inner"]["use"]
                if item.get("visibility") != "public":
                    continue
                target = index.get(str(use.get("id"))) if use.get("id") is not None else None
                if use.get("is_glob"):
                    if target and "module" in target["inner"]:
                        walk(use["id"], prefix)
                    continue
                path = prefix + use["name"]
                names.add(path)
                if target is None:
                    # A re-export of a type of `restjson-runtime`: its members count too.
                    summary = doc["paths"].get(str(use.get("id")))
                    found = summary and by_path.get(tuple(summary["path"]))
                    if found:
                        add_type(path, found[0][found[1]], found[0])
                    continue
                if "module" in target["inner"]:
                    walk(use["id"], path + "::")
                else:
                    add_type(path, target)
                continue
            if item.get("visibility") != "public" or item.get("name") is None:
                continue
            path = prefix + item["name"]
            names.add(path)
            if "module" in item["inner"]:
                walk(item_id, path + "::")
            else:
                add_type(path, item)

    walk(doc["root"], "")
    return names, signatures


def lenient(signature):
    """A signature with `impl Into<T>` read as `T` and `<S>` type parameters dropped."""
    import re
    text = re.sub(r"impl Into<([^<>]*(?:<[^<>]*>)?)>", r"\1", signature)
    return text.replace("<S>", "")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--list", action="store_true", help="list the items too")
    args = parser.parse_args()
    ours_names, ours_sigs = surface(rustdoc_json(*OURS), [rustdoc_json(*RUNTIME)])
    official_names, official_sigs = surface(rustdoc_json(*OFFICIAL))
    missing = sorted(official_names - ours_names)
    differing = sorted(n for n in official_sigs
                       if n in ours_sigs and official_sigs[n] != ours_sigs[n])
    # Differences that no call written for the official crate can notice: a parameter taken
    # as `impl Into<T>` where the official one is `T` (or the reverse for `bool`), and the
    # service parameter of our generic configuration types.
    incompatible = [n for n in differing
                    if lenient(official_sigs[n]) != lenient(ours_sigs[n])]
    print(f"official public items: {len(official_names)}")
    print(f"missing in nova-act-sdk: {len(missing)}")
    print(f"typed differently: {len(differing)}, of which calls can tell: {len(incompatible)}")
    if args.list:
        for name in missing:
            print(f"missing  {name}")
        for name in differing:
            mark = "differs " if name in incompatible else "similar "
            print(f"{mark} {name}: official {official_sigs[name]}, ours {ours_sigs[name]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
