"""Offline validation of ZGW resources against the official OpenAPI specifications.

The fixtures and the fake ZGW API are only worth something if they look like what Open Zaak
really returns, so tests check them against the specs the standard publishes (kept outside
the repository, in ``<repo>/../shared/oas/`` or wherever ``ZGW_OAS_DIR`` points).

OpenAPI 3.0 schemas are not JSON Schema, so each spec is converted once:

* ``nullable: true`` becomes ``anyOf: [{"type": "null"}, <schema>]``;
* ``oneOf`` with a ``discriminator`` becomes a switch on the discriminator value. The ZGW
  specs use it for polymorphic resources (``Rol`` by ``betrokkeneType``, ``ZaakObject`` by
  ``objectType``, GeoJSON by ``type``) whose variants overlap, so a plain ``oneOf`` would
  reject every valid resource;
* internal ``$ref``\\ s stay as they are and resolve inside the converted document; the one
  external ``$ref`` in zaken.yaml (the Catalogi ZaakType under ``_expand``) becomes an open
  schema, because a validator that reaches out to GitHub is neither offline nor reproducible.

``complete=True`` additionally demands the shape of a full API response: every declared,
non-writeOnly property present (Open Zaak's serializers always render every field), and no
undeclared property at the top level or in self-contained nested objects.
"""

from __future__ import annotations

import copy
import functools
import os
import re
from datetime import date, datetime
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit
from uuid import UUID

import jsonschema
import pytest
import yaml

Spec = Literal["zaken", "catalogi", "besluiten", "notificaties", "documenten"]

REPO_ROOT = Path(__file__).resolve().parent.parent

SPEC_FILES: dict[str, str] = {
    "zaken": "zaken.yaml",
    "catalogi": "catalogi.yaml",
    "besluiten": "besluiten.yaml",
    "notificaties": "notificaties.yaml",
    "documenten": "documenten.yaml",
}

# Keys of ``_expand`` are optional by nature: the API only renders what the caller asked for.
OPTIONAL_PROPERTY_CONTAINERS = frozenset({"_expand"})

# Where real Open Zaak 1.30 output contradicts its own published spec: (spec, property) -> the
# extra values the API really renders; "Schema.property" limits an entry to one component.
# Each one was observed in shared/reference/openzaak-1.30/resources.json; the list is short
# and explicit so a fixture cannot hide a mistake behind a general tolerance.
KNOWN_DEVIATIONS: dict[tuple[str, str], tuple] = {
    # Unset optional RSIN: the model field is blank=True, the spec says minLength 9.
    ("zaken", "opdrachtgevendeOrganisatie"): ("",),
    # Rendered as "" unless objectType is "overige"; the spec pattern demands [a-z_]+.
    ("zaken", "objectTypeOverige"): ("",),
    # A ZaakObject without ZAAKOBJECTTYPE renders null; the spec omits nullable.
    ("zaken", "zaakobjecttype"): (None,),
    # ZaakType.broncatalogus of a zaaktype that was not imported: all fields "".
    ("catalogi", "BronCatalogus.rsin"): ("",),
    # Computed version dates are null until a version exists; the spec omits nullable.
    ("catalogi", "beginObject"): (None,),
    ("catalogi", "eindeObject"): (None,),
}

# OpenAPI-only keywords that carry no validation meaning.
_DROPPED_KEYWORDS = frozenset({"discriminator", "example", "externalDocs", "xml", "nullable"})


def oas_dir() -> Path:
    """Folder holding the official spec files."""
    override = os.environ.get("ZGW_OAS_DIR")
    if override:
        return Path(override)
    return REPO_ROOT.parent / "shared" / "oas"


def spec_path(spec: Spec) -> Path:
    return oas_dir() / SPEC_FILES[spec]


def specs_available(spec: Spec | None = None) -> bool:
    specs = [spec] if spec else list(SPEC_FILES)
    return all(spec_path(name).is_file() for name in specs)


def require_spec(spec: Spec) -> None:
    """Skip the calling test when the spec is absent: a check that cannot run must not pass."""
    if not oas_dir().is_dir():
        pytest.skip(f"official OAS specs not found at {oas_dir()}")
    if not spec_path(spec).is_file():
        pytest.skip(f"official OAS specs not found at {spec_path(spec)}")


def validate(resource: dict, schema_name: str, spec: Spec, *, complete: bool = False) -> None:
    """Validate ``resource`` against ``components.schemas.<schema_name>`` of ``spec``.

    Raises :class:`jsonschema.ValidationError` listing every problem found (use :func:`errors`
    for the individual errors). Skips the calling test when the spec file is not available.
    """
    found = errors(resource, schema_name, spec, complete=complete)
    if found:
        best = jsonschema.exceptions.best_match(found)
        summary = "\n".join(f"- {_describe(leaf)}" for error in found for leaf in _leaves(error))
        raise jsonschema.ValidationError(
            f"{schema_name} ({spec}) does not match the spec:\n{summary}",
            validator=best.validator,
            path=best.absolute_path,
            cause=best,
        )


def errors(
    resource: dict, schema_name: str, spec: Spec, *, complete: bool = False
) -> list[jsonschema.ValidationError]:
    """All validation errors of ``resource``, sorted by location."""
    require_spec(spec)
    validator = _validator(spec, schema_name, complete)
    return sorted(validator.iter_errors(resource), key=lambda e: list(map(str, e.absolute_path)))


def _leaves(error: jsonschema.ValidationError) -> list[jsonschema.ValidationError]:
    """The specific failures behind an ``anyOf``/``oneOf`` error. The "is not null" branch of
    a converted ``nullable`` is left out: it only restates that a value was given."""
    if not error.context:
        return [error]
    leaves = [
        leaf
        for sub in error.context
        if not (sub.validator == "type" and sub.validator_value == "null")
        for leaf in _leaves(sub)
    ]
    return leaves or [error]


def _describe(error: jsonschema.ValidationError) -> str:
    location = "/".join(str(part) for part in error.absolute_path) or "<root>"
    return f"{location}: {error.message}"


def _load(spec: Spec) -> dict:
    return _load_file(spec_path(spec))


@functools.cache
def _load_file(path: Path) -> dict:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with path.open(encoding="utf-8") as handle:
        return yaml.load(handle, Loader=loader)


def _validator(spec: Spec, schema_name: str, complete: bool) -> jsonschema.Draft202012Validator:
    # Keyed by file, so pointing ZGW_OAS_DIR elsewhere never reuses another spec's schemas.
    return _validator_for(spec, spec_path(spec), schema_name, complete)


@functools.cache
def _validator_for(
    spec: Spec, path: Path, schema_name: str, complete: bool
) -> jsonschema.Draft202012Validator:
    components = _converted_components(spec, path, complete)
    if schema_name not in components:
        raise KeyError(f"{spec} spec has no schema {schema_name!r}")
    root: dict = {"$ref": f"#/components/schemas/{schema_name}", "components": {}}
    root["components"]["schemas"] = components
    if complete:
        root["unevaluatedProperties"] = False
    return jsonschema.Draft202012Validator(root, format_checker=FORMAT_CHECKER)


@functools.cache
def _converted_components(spec: Spec, path: Path, complete: bool) -> dict:
    schemas = _with_known_deviations(spec, _load_file(path)["components"]["schemas"])
    partial = _partial_schema_names(schemas) if complete else frozenset()
    converted = {}
    for name, schema in schemas.items():
        result = _convert(schema, complete=complete)
        if complete and name not in partial and _is_plain_object(schema):
            # A self-contained object (no composition, never a fragment of an allOf) is the
            # whole truth about its keys, so anything undeclared is a typo or an invention.
            result = {**result, "additionalProperties": False}
        converted[name] = result
    return converted


def _with_known_deviations(spec: Spec, schemas: dict) -> dict:
    entries = {key: values for (name, key), values in KNOWN_DEVIATIONS.items() if name == spec}
    if not entries:
        return schemas
    schemas = copy.deepcopy(schemas)

    def allowed(component: str, prop: str):
        return entries.get(f"{component}.{prop}", entries.get(prop))

    def walk(node, component: str):
        if isinstance(node, dict):
            for prop, sub in node.get("properties", {}).items():
                extra = allowed(component, prop)
                if extra is not None and isinstance(sub, dict):
                    node["properties"][prop] = {
                        "anyOf": [sub, {"enum": list(extra)}],
                        **({"writeOnly": True} if sub.get("writeOnly") else {}),
                    }
            for value in node.values():
                walk(value, component)
        elif isinstance(node, list):
            for value in node:
                walk(value, component)

    for name, schema in schemas.items():
        walk(schema, name)
    return schemas


def _partial_schema_names(schemas: dict) -> frozenset[str]:
    """Components used as one part of an ``allOf``: other parts may add keys to them."""
    names: set[str] = set()

    def walk(node):
        if isinstance(node, dict):
            for member in node.get("allOf", []):
                ref = member.get("$ref", "") if isinstance(member, dict) else ""
                if ref.startswith("#/components/schemas/"):
                    names.add(ref.rsplit("/", 1)[-1])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(schemas)
    return frozenset(names)


def _is_plain_object(schema: dict) -> bool:
    composed = {"allOf", "oneOf", "anyOf", "$ref", "additionalProperties"}
    return "properties" in schema and not composed & schema.keys()


def _convert(node, *, complete: bool):
    if isinstance(node, list):
        return [_convert(item, complete=complete) for item in node]
    if not isinstance(node, dict):
        return node

    if "$ref" in node:
        # OpenAPI 3.0 ignores siblings of $ref; so do we.
        ref = node["$ref"]
        return {"$ref": ref} if ref.startswith("#/") else {}

    result: dict = {}
    for key, value in node.items():
        if key in _DROPPED_KEYWORDS:
            continue
        if key == "properties":
            result[key] = {
                name: _convert(sub, complete=complete and name not in OPTIONAL_PROPERTY_CONTAINERS)
                for name, sub in value.items()
            }
        elif key in ("items", "not", "additionalProperties") and isinstance(value, dict):
            result[key] = _convert(value, complete=complete)
        elif key in ("allOf", "anyOf", "oneOf"):
            result[key] = _convert(value, complete=complete)
        else:
            result[key] = copy.deepcopy(value)

    if "discriminator" in node and "oneOf" in node:
        result.pop("oneOf")
        result.update(_discriminator_switch(node["discriminator"], node["oneOf"]))

    if complete and "properties" in node:
        result["required"] = sorted(
            name
            for name, sub in node["properties"].items()
            if not (isinstance(sub, dict) and sub.get("writeOnly"))
        )

    if node.get("nullable"):
        return {"anyOf": [{"type": "null"}, result]}
    return result


def _discriminator_switch(discriminator: dict, variants: list[dict]) -> dict:
    prop = discriminator["propertyName"]
    mapping = discriminator.get("mapping") or {
        # Without an explicit mapping, OpenAPI maps by the variant's schema name.
        variant["$ref"].rsplit("/", 1)[-1]: variant["$ref"]
        for variant in variants
    }
    return {
        "required": [prop],
        "properties": {prop: {"enum": list(mapping)}},
        "allOf": [
            {
                "if": {"properties": {prop: {"const": value}}, "required": [prop]},
                "then": {"$ref": ref},
            }
            for value, ref in mapping.items()
        ],
    }


# Format checks. jsonschema delegates most formats to optional packages we do not install,
# so the checks are implemented here, narrowly, with the standard library.

FORMAT_CHECKER = jsonschema.FormatChecker(formats=())

_DURATION = re.compile(
    r"^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$"
)


@FORMAT_CHECKER.checks("uri", raises=ValueError)
def _is_uri(value) -> bool:
    if not isinstance(value, str):
        return True
    if value == "":
        # Open Zaak renders optional, unset URL fields (e.g. ZaakObject.object,
        # ZaakType.broncatalogus.url) as "" while the spec still says format: uri.
        return True
    parts = urlsplit(value)
    return bool(parts.scheme and parts.netloc) and " " not in value


@FORMAT_CHECKER.checks("uri-reference", raises=ValueError)
def _is_uri_reference(value) -> bool:
    if not isinstance(value, str):
        return True
    urlsplit(value)
    return " " not in value


@FORMAT_CHECKER.checks("date", raises=ValueError)
def _is_date(value) -> bool:
    if not isinstance(value, str):
        return True
    return bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}", value)) and bool(date.fromisoformat(value))


@FORMAT_CHECKER.checks("date-time", raises=ValueError)
def _is_date_time(value) -> bool:
    if not isinstance(value, str):
        return True
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})", value):
        return False
    return datetime.fromisoformat(value).tzinfo is not None


@FORMAT_CHECKER.checks("duration", raises=ValueError)
def _is_duration(value) -> bool:
    if not isinstance(value, str):
        return True
    return bool(_DURATION.match(value))


@FORMAT_CHECKER.checks("uuid", raises=ValueError)
def _is_uuid(value) -> bool:
    if not isinstance(value, str):
        return True
    return str(UUID(value)) == value.lower()


@FORMAT_CHECKER.checks("email", raises=ValueError)
def _is_email(value) -> bool:
    if not isinstance(value, str) or value == "":
        return True
    return bool(re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", value))
