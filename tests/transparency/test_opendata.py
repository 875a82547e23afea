"""The open data's JSON validates against its published JSON Schema (docs/open-data.md)."""

from __future__ import annotations

import json

import jsonschema
import pytest
from django.test import Client
from django.urls import reverse

from transparency.opendata import SCHEMA_PATH, SCHEMA_VERSION


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


def test_the_kars_plans_published_figures_validate_and_its_pages_stay_bounded(
    kars_plan, strategy_user, schema, settings, tmp_path, django_assert_max_num_queries
):
    from reports.services import report_publish
    from tests.reports.test_results import add_sample_actuals
    from tests.transparency.conftest import finished_report

    settings.MEDIA_ROOT = tmp_path
    add_sample_actuals(kars_plan)
    kars_plan.public_pages = True
    kars_plan.save()
    report_publish(report=finished_report(kars_plan, 2025, 1), user=strategy_user)
    kwargs = {"pk": kars_plan.pk, "year": 2025, "half": 1}
    document = json.loads(Client().get(reverse("public:data_json", kwargs=kwargs)).content)
    jsonschema.Draft202012Validator(schema).validate(document)
    h12 = next(t for a in document["aims"] for t in a["targets"] if t["code"] == "H1.2")
    # H1.2's 2025-H1 is approved: #1 made 1 of a yearly 2 (flow, %50, progress %100)
    first = next(i for i in h12["indicators"] if i["order"] == 1)
    assert (first["value"], first["realization"], first["progress"]) == ("1.00", "50.00", "100.00")
    # H1.1's values are not approved: nothing of it is public
    h11 = next(t for a in document["aims"] for t in a["targets"] if t["code"] == "H1.1")
    assert all(i["value"] is None for i in h11["indicators"])
    for name in ("public:plan", "public:period"):
        url = reverse(name, kwargs={"pk": kars_plan.pk} if name == "public:plan" else kwargs)
        with django_assert_max_num_queries(15):
            assert Client().get(url).status_code == 200
