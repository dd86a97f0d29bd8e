"""Search that ranks: for 30 queries a resident or a clerk would type, the item meant is in the first 3."""
import pytest

from yiwang.catalog import queries, services
from yiwang.catalog.domain import ranking
from yiwang.catalog.importing.synth import SEARCH_CASES, SEARCH_NAMES
from yiwang.catalog.models import SearchSynonym

from .helpers import TODAY, code_for, item_fields


@pytest.fixture
def catalogue(org):
    for n, (name, type_) in enumerate(SEARCH_NAMES, 1):
        fields = item_fields(name=name, item_type=type_, conditions=f"申请人按规定办理{name}", materials=[])
        item = services.create_item(code=code_for(org.market, n), department=org.market, actor=org.catalog_admin,
                                    **fields)
        services.publish(item, TODAY, org.catalog_admin)


def top3_hit_rate():
    hits = []
    for query, meant in SEARCH_CASES:
        names = [i.name for i in queries.browse(q=query)[:3]]
        hits.append((query, bool(meant & set(names)), names))
    return hits


def test_thirty_queries_find_the_item_meant_in_the_first_three(catalogue):
    hits = top3_hit_rate()
    assert len(hits) == 30
    missed = [(q, names) for q, ok, names in hits if not ok]
    assert not missed, missed  # 30 of 30


def test_identity_card_items_rank_above_a_tax_certificate(catalogue):
    names = [i.name for i in queries.browse(q="身份证")]
    assert names.index("中国税收居民身份证明开具") > 2
    assert names[0].startswith("居民身份证")


def test_exact_name_first_then_prefix_then_words_then_guide_text(catalogue):
    names = [i.name for i in queries.browse(q="结婚登记")]
    assert names[0] == "结婚登记"
    results = queries.browse(q="离婚")
    assert results[0].name == "离婚登记" and "<mark>离婚</mark>" in results[0].highlighted


def test_a_managed_synonym_takes_effect(catalogue):
    assert not queries.browse(q="小孩落户")
    SearchSynonym.objects.create(term="小孩落户", expansions="出生登记")
    assert queries.browse(q="小孩落户")[0].name == "出生登记"


def test_highlight_escapes_the_name():
    assert ranking.highlight("<b>结婚登记", ["结婚"]) == "&lt;b&gt;<mark>结婚</mark>登记"
    assert ranking.initials("居民身份证") == "jmsfz"


def test_initials_read_each_word_as_it_is_said_around_other_characters():
    """A polyphonic character is read as its word says (重庆 cq, 重要 zy, 银行 yh, 行走 xz), whatever stands beside the
    run of Chinese characters; letters, digits and punctuation give no initials."""
    assert ranking.initials("重庆市银行业重要事项（2）") == "cqsyhyzysx"
    assert ranking.initials("ICP经营许可·行走重庆") == "jyxkxzcq"
    assert ranking.initials("2024") == "" and ranking.initials(None) == ""
