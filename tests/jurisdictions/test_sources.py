"""Issue 18 item 4: citations name the document and link to the article's text; the rules
pages name parameters in plain language; the step indicator shows where an item is."""

from __future__ import annotations

import pytest
from django.template import engines
from django.urls import reverse

from greenmfg.core.steps import chain
from greenmfg.jurisdictions import sources
from greenmfg.jurisdictions.parameter_names import parameter_name
from greenmfg.jurisdictions.parameters import PARAMETERS


def _render(text: str, **context) -> str:
    return engines["django"].from_string(text).render(context)


def test_a_guangzhou_citation_shows_the_short_title_and_links_to_article_9_004_9():
    html = _render("{{ ref|cite }}", ref="004 第九条（“每年1月”）")
    assert "《广州市绿色工厂梯度培育及管理暂行办法》第九条（“每年1月”）" in html
    assert (
        'href="/rules/sources/?doc=004#第九条"' in html
        and 'title="004 第九条（“每年1月”）"' in html
    )


def test_a_citation_of_another_document_is_shown_as_it_is():
    html = _render("{{ ref|cite }}", ref="工信部节〔2024〕13号 第五条")
    assert html == '<span class="cite">工信部节〔2024〕13号 第五条</span>'
    assert _render("{{ ref|cite }}", ref="") == ""


def test_the_notice_001_is_cited_by_its_numbered_parts():
    assert sources.link("001 二(二)")[1].endswith("?doc=001#二")


@pytest.mark.django_db
def test_every_article_a_ruleset_cites_is_on_the_public_source_page(client):
    from greenmfg.jurisdictions.rulesets import registry

    missing = set()
    anchors = {c: {a.anchor for a in sources.document(c).articles} for c in sources.TITLES}
    refs = 0
    for rf in registry().files.values():
        for key, values in rf.parameters.items():
            for dated in values:
                parts = sources.split(dated.ref)
                if parts:
                    refs += 1
                    anchor = sources.anchor_of(parts[0], parts[2])
                    if anchor and anchor not in anchors[parts[0]]:
                        missing.add((rf.slug, key, dated.ref))
    assert refs > 50
    assert not missing
    page = client.get(reverse("source_texts"), {"doc": "004"}).content.decode()
    assert "source-title" in page, page[page.find("<main") : page.find("<main") + 400]
    assert 'id="第九条"' in page and "《广州市绿色工厂梯度培育及管理暂行办法》" in page
    assert client.get(reverse("source_texts"), {"doc": "999"}).status_code == 404
    index = client.get(reverse("source_texts")).content.decode()
    assert index.count("?doc=") == 5


def test_every_ruleset_parameter_has_a_plain_language_name():
    unnamed = [key for key in PARAMETERS if parameter_name(key) == key]
    assert unnamed == []
    assert parameter_name("pool.registration_window") == "培育入库登记时间"
    assert parameter_name("selection.provincial.review_steps") == "省级申报的审核环节"


@pytest.mark.django_db
def test_the_rules_page_shows_names_not_keys(client):
    html = client.get(reverse("rules_detail", args=["guangzhou"])).content.decode()
    assert "培育入库登记时间" in html
    assert ">pool.registration_window<" not in html


def test_the_step_indicator_follows_guangzhous_two_review_steps_004_9():
    steps = ["district_preliminary_review", "city_conformity_review"]
    c = chain(
        steps, pending="city_conformity_review", filling=False, finished=False, end_label="入库"
    )
    assert [s["label"] for s in c] == ["填写并提交", "区县初审", "市级符合性审核", "入库"]
    assert [s["status"] for s in c] == ["done", "done", "current", "todo"]
    done = chain(steps, pending=None, filling=False, finished=True, end_label="入库")
    assert {s["status"] for s in done} == {"done"}
    stopped = chain(steps, pending=None, filling=False, finished=False, stopped="不予入库")
    assert stopped[-1] == {"label": "不予入库", "status": "stopped"}
