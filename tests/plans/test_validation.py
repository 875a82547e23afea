"""The plan document's validation (plans/validation.py): every refusal names the field."""

import copy

import pytest

from plans.document import PlanFormatError
from plans.validation import validate_document
from tests.plan_documents import synthetic_document


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (
            lambda d: d["aims"][0]["targets"][0].update(responsible_unit="Yok Müdürlüğü"),
            "responsible_unit: bilinmeyen birim “Yok Müdürlüğü”",
        ),
        (
            lambda d: d["aims"][0]["targets"][1].update(code="H1.1"),
            "(H1.1).code: yinelenen hedef kodu “H1.1”",
        ),
        (
            lambda d: d["aims"][0]["targets"][0]["indicators"][1].update(order=1),
            "indicators[1].order: H1.1 hedefinde yinelenen gösterge sırası 1",
        ),
        (
            lambda d: d["aims"][0]["targets"][0]["indicators"][0].update(weight="-5.00"),
            "indicators[0].weight: negatif olamaz",
        ),
        (
            lambda d: d["aims"][0]["targets"][0]["indicators"][0]["planned_values"].update(
                {"2031": "1"}
            ),
            "planned_values.2031: bilinmeyen yıl",
        ),
        (
            lambda d: d["aims"][0]["targets"][0]["indicators"][0].update(measure="sum"),
            "measure: şunlardan biri olmalıdır: flow, level, average",
        ),
        (
            lambda d: d["aims"][0]["targets"][0]["indicators"][0].update(activity=9),
            "activity: 9 numaralı faaliyet H1.1 hedefinde yok",
        ),
        (lambda d: d.update(units=[*d["units"], d["units"][0]]), "units[4]: yinelenen birim"),
        (
            lambda d: d["aims"][0]["targets"][0].update(costs_by_year={"2025": "-1"}),
            "costs_by_year.2025: negatif olamaz",
        ),
        (lambda d: d["plan"].pop("name"), "plan.name"),
    ],
)
def test_validation_names_the_field(mutate, expected):
    doc = copy.deepcopy(synthetic_document())
    mutate(doc)
    with pytest.raises(PlanFormatError) as exc:
        validate_document(doc)
    assert expected in str(exc.value)
