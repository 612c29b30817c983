"""The one block alignment (docgen.base.align) that redline, import, check --plan and diff share."""

from __future__ import annotations

from docgen.base.align import SIMILAR, align, similarity


def steps(olds, news, **options) -> list[tuple]:
    found = align(olds, news, lambda t: t, similarity, **options)
    return [(s.old, s.new, s.same) for s in found]


def test_similarity_counts_words_in_common():
    assert similarity("", "") == 1.0
    assert similarity("a b c d", "a b c d") == 1.0
    assert similarity("a b c d", "a b x y") == SIMILAR
    assert similarity("a b", "x y") == 0.0


def test_equal_blocks_anchor_and_a_reworded_one_is_paired_with_it():
    assert steps(["một hai", "ba bốn năm sáu", "bảy"], ["một hai", "ba bốn năm bảy", "bảy"]) == [
        ("một hai", "một hai", True), ("ba bốn năm sáu", "ba bốn năm bảy", False), ("bảy", "bảy", True)]


def test_a_block_inserted_before_a_reworded_one_is_inserted_not_paired():
    olds = ["đầu", "ba bốn năm sáu", "cuối"]
    news = ["đầu", "hoàn toàn mới", "ba bốn năm bảy", "cuối"]
    assert steps(olds, news) == [("đầu", "đầu", True), (None, "hoàn toàn mới", False),
                                 ("ba bốn năm sáu", "ba bốn năm bảy", False), ("cuối", "cuối", True)]


def test_a_block_with_no_partner_alike_enough_is_deleted():
    assert steps(["đầu", "x y z", "a b", "cuối"], ["đầu", "a c", "cuối"]) == [
        ("đầu", "đầu", True), ("x y z", None, False), ("a b", "a c", False), ("cuối", "cuối", True)]


def test_as_many_blocks_as_before_are_edited_in_place_unless_told_otherwise():
    olds, news = ["đầu", "x y", "cuối"], ["đầu", "a b", "cuối"]
    assert steps(olds, news)[1] == ("x y", "a b", False)
    assert steps(olds, news, in_place=False)[1:3] == [("x y", None, False), (None, "a b", False)]


def test_closest_pairs_with_the_most_alike_later_block_not_the_first_alike_enough():
    olds, news = ["đầu", "a b c d", "cuối"], ["đầu", "a b x y", "a b c e", "cuối"]
    first = steps(olds, news, in_place=False)
    closest = steps(olds, news, in_place=False, closest=True)
    assert first[1:3] == [("a b c d", "a b x y", False), (None, "a b c e", False)]
    assert closest[1:3] == [(None, "a b x y", False), ("a b c d", "a b c e", False)]
