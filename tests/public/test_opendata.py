"""The open data's JSON validates against its published JSON Schema (docs/open-data.md)."""

from __future__ import annotations

import json

import jsonschema
import pytest
from django.test import Client
from django.urls import reverse

from public.opendata import SCHEMA_PATH, SCHEMA_VERSION


@pytest.fixture
def schema() -> dict:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return schema


def test_the_json_download_validates_against_the_schema(public, schema):
    url = reverse("public:data_json", kwargs={"pk": public.plan.pk, "year": 2025, "half": 1})
    document = json.loads(Client().get(url).content)
    jsonschema.Draft202012Validator(schema).validate(document)
    assert document["schema_version"] == SCHEMA_VERSION
    assert document["period"] == "2025-H1" and document["approved_only"] is True


def test_the_schema_is_served_at_its_stable_url(public, schema):
    response = Client().get(reverse("public:schema"))
    assert response.status_code == 200
    assert json.loads(response.content) == schema
    assert reverse("public:schema") == "/acik/sema/v1.json"


def test_a_document_with_an_unknown_field_or_a_bad_figure_is_refused(public, schema):
    url = reverse("public:data_json", kwargs={"pk": public.plan.pk, "year": 2025, "half": 1})
    document = json.loads(Client().get(url).content)
    validator = jsonschema.Draft202012Validator(schema)
    bad = {**document, "extra": 1}
    assert not validator.is_valid(bad)
    bad = json.loads(json.dumps(document))
    bad["aims"][0]["realization"] = "50,00"
    assert not validator.is_valid(bad)
